"""Leaving inert top-level statements out of the libcst parse changes nothing a user can see.

Each case is rewritten twice: through ``rewrite_source`` (which leaves inert statements out) and by
parsing the whole file with libcst (``rewrite_module`` without a reduction). Output bytes, findings
(with their lines and columns) and errors must be identical, and where the case is meant to exercise
the reduction, the reduction must really have happened (so the comparison is not vacuous).
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

from tf_seq2seq_migrate.api import Result
from tf_seq2seq_migrate.engine.inert import MARKER_PREFIX, leave_out_inert
from tf_seq2seq_migrate.engine.rewrite import rewrite_module, rewrite_source
from tf_seq2seq_migrate.engine.source import ParseFailure, parse
from tf_seq2seq_migrate.rules import tf_upgrade
from tf_seq2seq_migrate.rules.catalog import load_catalog

REPO = Path(__file__).resolve().parents[1]


def whole_file(source: bytes) -> Result:
    parsed = parse(source)
    if isinstance(parsed, ParseFailure):
        return Result(source=source, output=source, error=str(parsed))
    return rewrite_module(parsed, source, "m.py", frozenset(), load_catalog())


def reduction_of(source: bytes):
    return leave_out_inert(source, tf_upgrade.method_transforms())


def assert_same(source: bytes) -> Result:
    reduced = rewrite_source(source, path="m.py")
    assert reduced == whole_file(source)
    return reduced


def src(text: str) -> bytes:
    return textwrap.dedent(text).lstrip("\n").encode()


FILLER = '''
def helper_{n}(items, scale=2):
    """Sum things ({n})."""
    totals = {{}}
    for index, item in enumerate(items):
        totals[item] = totals.get(item, 0) + index * scale
    return totals
'''


def filler(*numbers: int) -> str:
    return "".join("\n" + FILLER.format(n=n) for n in numbers)


# -- the reduction itself ----------------------------------------------------------------------------


def test_inert_functions_become_markers_and_come_back():
    source = src(
        "import tensorflow as tf\n" + filler(1, 2) + "\n\ndef build(cell):\n    return tf.contrib.rnn.LSTMCell(cell)\n"
        + filler(3)
    )
    reduction = reduction_of(source)
    assert reduction is not None
    # adjacent inert statements go as one piece, the lines between them included
    assert [span.text.split(b"(")[0] for span in reduction.spans] == [b"def helper_1", b"def helper_3"]
    assert reduction.spans[0].text.count(b"def helper_") == 2
    assert reduction.source.count(MARKER_PREFIX) == 2 and b"helper_" not in reduction.source
    assert b"def build(cell):" in reduction.source
    assert reduction.restore(reduction.source) == source
    build_line = source.splitlines().index(b"def build(cell):") + 1
    reduced_line = reduction.source.splitlines().index(b"def build(cell):") + 1
    assert reduced_line == build_line - 13  # two functions of six lines and the three lines between them
    assert reduction.original_line(reduced_line) == build_line
    assert reduction.original_line(1) == 1
    result = assert_same(source)
    assert result.changed and [f.line for f in result.findings] == [build_line + 1]


def test_statements_using_an_imported_or_aliased_name_are_kept():
    source = src(
        """
        import tensorflow as tf
        import numpy as np

        s2s = tf.contrib.seq2seq
        decoder_class = s2s.BasicDecoder


        def uses_alias_of_alias(cell, helper, state):
            return decoder_class(cell, helper, state)


        def uses_numpy(x):
            return np.zeros(x)


        def mentions_tf_in_a_string():
            return "tf"


        def plain(x):
            return x + 1
        """
    )
    reduction = reduction_of(source)
    assert reduction is not None
    assert [span.text.splitlines()[0] for span in reduction.spans] == [b"def plain(x):"]
    assert_same(source)


def test_imports_inside_functions_and_star_imports():
    local_import = src(
        """
        def build(units):
            from tensorflow.contrib import rnn
            return rnn.LSTMCell(units)


        def also_rnn(units):
            return rnn(units)  # a global `rnn` elsewhere: kept, the name is imported somewhere
        """
    ) + filler(1).encode()
    reduction = reduction_of(local_import)
    assert reduction is not None and len(reduction.spans) == 1
    assert_same(local_import)
    star = src("from tensorflow.contrib.seq2seq import *\n" + filler(1))
    assert reduction_of(star) is None
    assert_same(star)


def test_method_tf_upgrade_converts_on_any_object_keeps_the_statement():
    source = src(
        """
        import tensorflow as tf


        def batches(dataset):
            return dataset.make_one_shot_iterator()
        """
    ) + filler(1).encode()
    reduction = reduction_of(source)
    assert reduction is not None and b"make_one_shot_iterator" in reduction.source
    result = assert_same(source)
    assert b"tf.compat.v1.data.make_one_shot_iterator(dataset)" in result.output


# -- names the left-out statements bind ---------------------------------------------------------------


@pytest.mark.parametrize(
    "binding",
    [
        "def seq2seq():\n    return 1\n",
        "class seq2seq:\n    pass\n",
        "def other(seq2seq=None):\n    return 1\n",
        "def other():\n    seq2seq = 3\n    return seq2seq\n",
        "def other():\n    seq2seq = None\n    return seq2seq\n",
        "def other():\n    for seq2seq in range(3):\n        pass\n",
        "def other():\n    with open('x') as (seq2seq, y):\n        pass\n",
        "def other():\n    try:\n        pass\n    except ValueError as seq2seq:\n        pass\n",
        "def other():\n    def seq2seq():\n        pass\n",
        "def other(*seq2seq, **kw):\n    pass\n",
        "def other():\n    [seq2seq for seq2seq in range(3)]\n",  # comprehension: not a binding for the pre-scan
        "def other():\n    (seq2seq := 3)\n",  # neither is a walrus
        "def other():\n    seq2seq.x = 3\n",
    ],
)
def test_names_bound_by_left_out_statements_decide_the_added_imports_name(binding):
    source = (
        "import tensorflow as tf\n\n\n"
        + binding
        + "\n\ndef build(cell, helper, state):\n    return tf.contrib.seq2seq.BasicDecoder(cell, helper, state)\n"
    ).encode()
    reduction = reduction_of(source)
    assert reduction is not None and len(reduction.spans) == 1
    assert_same(source)


def test_seq2seq_module_alias_is_reused_only_when_nothing_else_binds_it():
    source = src(
        """
        import tensorflow as tf
        from tf_seq2seq_migrate.runtime import seq2seq


        def other():
            seq2seq = None
            return seq2seq


        def build(cell, helper, state):
            return tf.contrib.seq2seq.BasicDecoder(cell, helper, state)
        """
    )
    assert_same(source)


# -- bytes and positions ------------------------------------------------------------------------------


def test_comments_trailing_an_indented_block_stay_with_it():
    source = src(
        """
        import tensorflow as tf


        def helper(x):
            y = x
            # trailing, at the block's indentation

          # shallower
        # at column 0
            # deeper again: still the block's footer
        # TODO(tf-migrate): S2S900 an old note

        def build(units):
            return tf.contrib.rnn.LSTMCell(units)
        """
    )
    reduction = reduction_of(source)
    assert reduction is not None
    (span,) = reduction.spans
    assert span.text.endswith(b"# deeper again: still the block's footer")
    result = assert_same(source)
    assert any(f.message.startswith("unresolved TODO") for f in result.findings)


def test_crlf_bom_and_no_final_newline():
    body = "import tensorflow as tf\n" + filler(1) + "\n\ndef build(u):\n    return tf.contrib.rnn.GRUCell(u)\n" + filler(2)
    for source in (
        body.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + body.encode(),
        body.rstrip("\n").encode(),
        ("# -*- coding: utf-8 -*-\n" + body).encode(),
    ):
        reduction = reduction_of(source)
        assert reduction is not None and len(reduction.spans) == 2
        result = assert_same(source)
        assert result.changed


@pytest.mark.parametrize(
    "source",
    [
        b"import tensorflow as tf\r\ndef f():\n    return 1\n",  # mixed newlines
        b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\n\ndef f():\n    return '\xe9'\n",
        b"import tensorflow as tf\n\n\x0c\ndef f():\n    return 1\n",  # form feed
        b"import tensorflow as tf\n\ndef f():\n    return __tf_migrate_inert_0__\n",
    ],
)
def test_unusual_files_are_parsed_whole(source):
    assert reduction_of(source) is None
    assert_same(source)


def test_non_ascii_statements_are_kept_and_others_left_out():
    source = ("import tensorflow as tf\n" + filler(1) + "\n\ndef caf\u00e9():\n    return '\u00e9'\n" + filler(2)).encode()
    reduction = reduction_of(source)
    assert reduction is not None and len(reduction.spans) == 2
    assert "caf\u00e9".encode() in reduction.source
    assert_same(source)


def test_graph_mode_switch_and_added_import_go_where_the_whole_parse_puts_them():
    source = src(
        '''
        """Docstring."""
        from __future__ import annotations


        def helper(x):
            return x


        def graph(batch):
            x = tf.placeholder(tf.float32, [batch])
            with tf.Session() as session:
                return session.run(tf.contrib.layers.flatten(x))


        import tensorflow as tf
        '''
    )
    reduction = reduction_of(source)
    assert reduction is not None and len(reduction.spans) == 1
    result = assert_same(source)
    assert b"disable_eager_execution()" in result.output


def test_syntax_errors_read_the_same():
    for source in (
        b"import tensorflow as tf\n\ndef f(:\n    pass\n",
        b"import tensorflow as tf\nprint tf.contrib.seq2seq\n",
        b"import tensorflow as tf\n\ndef ok():\n    return 1\n\ntry:\n    tf.contrib.rnn.LSTMCell(1)\nexcept Exception, e:\n    pass\n",
    ):
        result = assert_same(source)
        assert result.error is not None


def test_decorated_and_async_definitions():
    source = src(
        """
        import tensorflow as tf
        import functools


        @functools.lru_cache()
        def cached(x):
            return x


        @staticmethod
        async def fetch(x):
            async for item in x:
                yield item


        class Plain(
            object,
        ):
            value: int = 3

            def method(self):
                return self.value


        def build(units):
            return tf.contrib.rnn.LSTMCell(units)
        """
    )
    reduction = reduction_of(source)
    assert reduction is not None
    (span,) = reduction.spans
    assert span.text.startswith(b"@staticmethod") and span.text.endswith(b"return self.value")
    assert_same(source)


# -- everything the project has ------------------------------------------------------------------------


def corpus() -> list[Path]:
    roots = [REPO / "tests" / "golden", REPO / "tests" / "projects", REPO / "fixtures", REPO / "examples"]
    return sorted(path for root in roots if root.exists() for path in root.rglob("*.py"))


def test_every_project_source_rewrites_the_same_either_way():
    paths = corpus()
    assert len(paths) > 100
    reduced = 0
    for path in paths:
        source = path.read_bytes()
        reduced += reduction_of(source) is not None
        assert rewrite_source(source, path="m.py") == whole_file(source), path
    assert reduced >= 5


def test_the_benchmark_tree_rewrites_the_same_either_way(tmp_path, monkeypatch):
    """bench/rewrite_speed.py's files: every contrib spelling it has, among plain functions."""
    spec = importlib.util.spec_from_file_location("rewrite_speed", REPO / "bench" / "rewrite_speed.py")
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, bench)  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    stats = bench.build_tree(tmp_path, files=45, target_lines=4000, seed=3)
    changed = 0
    for path in sorted(tmp_path.rglob("*.py")):
        source = path.read_bytes()
        reduction = reduction_of(source)
        assert reduction is not None and sum(span.extra_lines for span in reduction.spans) >= 40, path
        result = rewrite_source(source, path="m.py")
        assert result == whole_file(source), path
        changed += result.changed
    assert changed == 30 == 2 * len(stats.contrib_files)  # contrib and plain TF1 files; plain Python untouched
