"""Bytes in, bytes out: encodings, line endings, and the reasons a file cannot be rewritten."""

from __future__ import annotations

import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.engine.rewrite import rewrite_module
from tf_seq2seq_migrate.engine.source import parse
from tf_seq2seq_migrate.rules.catalog import build_catalog

USE = b"import tensorflow as tf\n\nd = tf.contrib.seq2seq.BasicDecoder(c, h, s)\n"
REWRITTEN = (
    b"import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import seq2seq\n\nd = seq2seq.BasicDecoder(c, h, s)\n"
)


def test_plain_utf8():
    result = migrate_source(USE)
    assert result.output == REWRITTEN
    assert result.changed


def test_str_input_gives_utf8_bytes():
    assert migrate_source(USE.decode()).output == REWRITTEN


def test_crlf_line_endings_are_kept_everywhere_including_added_lines():
    result = migrate_source(USE.replace(b"\n", b"\r\n"))
    assert result.output == REWRITTEN.replace(b"\n", b"\r\n")


def test_mixed_line_endings_outside_the_edit_are_kept():
    source = b"import tensorflow as tf\r\nx = 1\n\r\nd = tf.contrib.seq2seq.BasicDecoder()\r\n"
    result = migrate_source(source)
    assert result.output == (
        b"import tensorflow as tf\r\nfrom tf_seq2seq_migrate.runtime import seq2seq\r\nx = 1\n\r\nd = seq2seq.BasicDecoder()\r\n"
    )


def test_bom_is_kept():
    result = migrate_source(b"\xef\xbb\xbf" + USE)
    assert result.output == b"\xef\xbb\xbf" + REWRITTEN


def test_latin1_coding_cookie_round_trips_non_ascii_bytes():
    source = b"# -*- coding: latin-1 -*-\n" + USE + b"name = '\xe9t\xe9'  # caf\xe9\n"
    result = migrate_source(source)
    assert result.error is None
    assert result.output == b"# -*- coding: latin-1 -*-\n" + REWRITTEN + b"name = '\xe9t\xe9'  # caf\xe9\n"


def test_str_with_latin1_cookie_is_encoded_with_the_cookie():
    text = "# coding: latin-1\n" + USE.decode() + "s = 'é'\n"
    result = migrate_source(text)
    assert result.output.endswith(b"s = '\xe9'\n")


def test_tabs_and_no_trailing_newline_are_kept():
    source = b"import tensorflow as tf\nif True:\n\td = tf.contrib.seq2seq.TrainingHelper()"
    result = migrate_source(source)
    assert result.output == (
        b"import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import seq2seq\nif True:\n\td = seq2seq.TrainingHelper()"
    )


def test_empty_file():
    result = migrate_source(b"")
    assert result == type(result)(source=b"", output=b"", findings=(), error=None)


@pytest.mark.parametrize(
    "source, error",
    [
        (b"import tensorflow as tf\nprint 'hello'\n", "line 2: Missing parentheses in call to 'print'. Did you mean print(...)?; this is Python 2 syntax: tf-migrate reads Python 3 code, so convert the file first (for example with 2to3 or futurize) and run tf-migrate again"),
        (b"import tensorflow as tf\n\ndef f(:\n    pass\n", "line 3: invalid syntax"),
        (b"import tensorflow as tf\nx = (1,\n", "line 2: '(' was never closed"),
        (b"import tensorflow as tf\ns = '\xff\xfe'\n", "line 2: cannot decode as utf-8: invalid byte 0xff"),
        (b"# coding: klingon\nimport tensorflow as tf\n", "line 1: unknown encoding: klingon"),
    ],
    ids=["python2-print", "syntax-error", "unclosed-paren", "undecodable", "unknown-encoding"],
)
def test_unparsable_sources_report_line_and_reason_and_keep_bytes(source, error):
    result = migrate_source(source)
    assert result.error == error
    assert result.output == source
    assert not result.changed


def test_output_that_does_not_parse_is_an_internal_error_and_source_is_returned():
    # A (broken) table whose replacement spells a keyword: the rewrite would not parse.
    tables = [
        (
            "broken.toml",
            {
                "rule": [
                    {
                        "id": "S2S001", "kind": "rename", "canonical_names": ["tensorflow.contrib.seq2seq.BasicDecoder"],
                        "replacement": "tf_seq2seq_migrate.runtime.class.BasicDecoder", "fix_safety": "safe",
                        "summary": "s", "why": "w", "before": "b", "after": "a",
                    }
                ]
            },
        )
    ]  # fmt: skip
    catalog = build_catalog(tables)
    module = parse(USE)
    result = rewrite_module(module, USE, "x.py", frozenset(), catalog)
    assert result.output == USE
    assert result.error is not None
    assert result.error.startswith("internal error: the rewritten code does not parse (line ")
    assert result.error.endswith("); file left unchanged")


def test_finding_positions_are_one_based_line_and_column():
    result = migrate_source(b"import tensorflow as tf\nx = [1,\n     tf.contrib.seq2seq.dynamic_decode]\n")
    (finding,) = result.findings
    assert (finding.rule_id, finding.line, finding.column, finding.fixed) == ("S2S006", 3, 6, True)
    assert finding.message == "tf.contrib.seq2seq.dynamic_decode -> tf_seq2seq_migrate.runtime.seq2seq.dynamic_decode"


def test_columns_count_characters_not_bytes():
    result = migrate_source("import tensorflow as tf\nx = ('é', tf.contrib.seq2seq.BasicDecoder)\n")
    assert [(f.line, f.column) for f in result.findings] == [(2, 11)]


def test_skip_rules_leaves_that_rule_alone():
    source = b"import tensorflow as tf\na = tf.contrib.seq2seq.BasicDecoder()\nb = tf.contrib.seq2seq.dynamic_decode()\n"
    result = migrate_source(source, skip_rules=["S2S005"])
    assert result.output == (
        b"import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import seq2seq\n"
        b"a = tf.contrib.seq2seq.BasicDecoder()\nb = seq2seq.dynamic_decode()\n"
    )
    assert [f.rule_id for f in result.findings] == ["S2S006"]


def test_skipped_todo_rule_writes_no_comment():
    source = b"import tensorflow as tf\nx = tf.contrib.metrics.streaming_mean(y)\n"
    assert migrate_source(source, skip_rules=["S2S900"]).output == source
    assert migrate_source(source, skip_rules=["S2S900"]).findings == ()


def test_todo_comment_is_written_once_and_reported_again_until_deleted():
    source = b"import tensorflow as tf\n\n\ndef f():\n    return tf.contrib.metrics.streaming_mean\n"
    first = migrate_source(source)
    comment = (
        b"    # TODO(tf-migrate): S2S900 tf.contrib.metrics.streaming_mean has no TF2 rewrite in tf-migrate "
        b"(tf.contrib is gone in TF2); port it by hand\n"
    )
    assert first.output == source.replace(b"    return", comment + b"    return")
    second = migrate_source(first.output)
    assert second.output == first.output
    assert [(f.rule_id, f.line, f.column, f.fixed) for f in second.findings] == [("S2S900", 5, 5, False)]
    assert second.findings[0].message.startswith("unresolved TODO: tf.contrib.metrics.streaming_mean has no TF2 rewrite")
