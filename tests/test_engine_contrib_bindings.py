"""Lines binding a tf.contrib module (``tfe = tf.contrib.eager``) go once every use of the name is rewritten.

Such a line fails on TF 2 (``tf.contrib`` does not exist), so it can only stay when something still
needs the name: then it keeps its TODO and an unfixed finding.
"""

from __future__ import annotations

import ast
import io
import tokenize

import libcst as cst
import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.engine.references import referenced_names

HEAD = "import tensorflow as tf\n"
USE = "ckpt = tfe.Checkpoint(step=tf.train.get_or_create_global_step())\n"
MIGRATED = (
    "import tensorflow as tf\n"
    "from tf_seq2seq_migrate.runtime import checkpoint\n"
    "ckpt = checkpoint.Checkpoint(step=tf.compat.v1.train.get_or_create_global_step())\n"
)
REMOVED = "tf.contrib.eager is gone in TF2 and nothing uses tfe after the rewrite: the line binding it is removed"
KEPT_TODO = (
    "# TODO(tf-migrate): S2S220 tf.contrib.eager has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in "
    "TF2): use the tf.* name instead, and delete the tfe import once nothing uses it"
)
SPELLINGS = ["tfe = tf.contrib.eager", "import tensorflow.contrib.eager as tfe", "from tensorflow.contrib import eager as tfe"]


def migrate(text: str, **options):
    result = migrate_source(text.encode(), path="m.py", **options)
    assert result.error is None
    return result.output.decode(), [(f.line, f.column, f.rule_id, f.fixed) for f in result.findings], result


def code_names(text: str) -> list[str]:
    """Every NAME token of the code (comments and strings excluded)."""
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [t.string for t in tokens if t.type == tokenize.NAME]


@pytest.mark.parametrize("binding", SPELLINGS)
def test_the_binding_line_goes_when_every_use_is_rewritten(binding):
    output, findings, result = migrate(HEAD + binding + "\n" + USE)
    assert output == MIGRATED
    assert "contrib" not in code_names(output)
    assert findings == [(2, 1, "S2S220", True), (3, 8, "S2S221", True), (3, 28, "S2S800", True)]
    assert result.findings[0].message == REMOVED
    assert migrate(output)[0] == output  # idempotent


@pytest.mark.parametrize(
    "use",
    [
        "register(tfe)\n",  # passed around as a value
        "n = tfe.num_gpus()\n",  # a member without a rewrite
        "del tfe\n",  # deleting needs the binding
        "def f(tfe):\n    return tfe\n",  # the same name elsewhere: the check is by name, so it errs on keeping
    ],
)
@pytest.mark.parametrize("binding", SPELLINGS)
def test_the_binding_line_stays_with_its_todo_when_the_name_is_still_read(binding, use):
    output, findings, _ = migrate(HEAD + binding + "\n" + USE + use)
    lines = output.splitlines()
    assert lines[lines.index(binding) - 1] == KEPT_TODO
    assert any(f[0] == 2 and f[2] == "S2S220" and not f[3] for f in findings)
    assert not any(f[2] == "S2S220" and f[3] for f in findings)


def test_a_block_s_last_line_and_a_class_attribute_stay():
    source = (
        HEAD
        + "try:\n    import tensorflow.contrib.eager as tfe\nexcept ImportError:\n    tfe = None\n"
        + "class Trainer:\n    eager = tf.contrib.eager\n    step = 0\n"
        + USE
    )
    output, findings, _ = migrate(source)
    assert "    import tensorflow.contrib.eager as tfe\n" in output  # the try body would be empty
    assert "    eager = tf.contrib.eager\n" in output  # `self.eager.X` is not a name the check can see
    assert not any(f[2] == "S2S220" and f[3] for f in findings)


def test_skipping_the_rule_keeps_the_line_untouched():
    output, findings, _ = migrate(HEAD + "tfe = tf.contrib.eager\n" + USE, skip_rules=["S2S220"])
    assert "tfe = tf.contrib.eager\n" in output and "TODO" not in output
    assert [f[2] for f in findings] == ["S2S221", "S2S800"]


def test_positions_after_removed_lines_are_the_original_ones():
    source = (
        HEAD
        + "# eager helpers\n"  # 2: stays, handed to the next statement
        + "from tensorflow.contrib import (\n    eager as tfe,\n)\n"  # 3-5: removed
        + "contrib = tf.contrib\n"  # 6: removed
        + "\n\n"
        + "def untouched(a, b):\n    return a + b\n"  # 9-10: nothing to rewrite (may be left out of the parse)
        + "\n\n"
        + "def train(model, cell, helper, state):\n"  # 13
        + "    import tensorflow.contrib.eager as eager\n"  # 14: removed
        + "    with eager.GradientTape() as tape:\n"  # 15
        + "        decoder = contrib.seq2seq.BasicDecoder(cell, helper, state)\n"  # 16
        + "    return tfe.Checkpoint(model=model), tape, decoder\n"  # 17
    )
    output, findings, _ = migrate(source)
    assert findings == [
        (3, 1, "S2S220", True),
        (6, 1, "S2S900", True),
        (14, 5, "S2S220", True),
        (15, 10, "S2S224", True),
        (16, 19, "S2S005", True),
        (17, 12, "S2S221", True),
    ]
    assert output.startswith(HEAD + "from tf_seq2seq_migrate.runtime import checkpoint\n")
    assert "# eager helpers\n" in output
    assert "contrib" not in code_names(output) and "eager" not in code_names(output)
    ast.parse(output)


def test_crlf_file_keeps_its_line_endings_and_positions():
    source = (HEAD + "tfe = tf.contrib.eager\n\n" + USE).replace("\n", "\r\n")
    output, findings, _ = migrate(source)
    assert output == MIGRATED.replace("\n", "\r\n").replace("checkpoint\r\n", "checkpoint\r\n\r\n", 1)
    assert findings == [(2, 1, "S2S220", True), (4, 8, "S2S221", True), (4, 28, "S2S800", True)]


def test_the_todo_an_earlier_run_wrote_goes_with_the_line():
    earlier = HEAD + KEPT_TODO + "\nimport tensorflow.contrib.eager as tfe\n" + USE
    output, findings, _ = migrate(earlier)
    assert output == MIGRATED
    # the deleted TODO is not reported as unresolved; the removal is reported where the line was
    assert findings == [(3, 1, "S2S220", True), (4, 8, "S2S221", True), (4, 28, "S2S800", True)]


def test_referenced_names_counts_reads_and_deletes_not_bindings_or_attribute_names():
    def reads(code: str) -> set[str]:
        return referenced_names(cst.parse_module(code), frozenset({"tfe"}))

    assert reads("tfe = 1\nimport tfe\nfrom x import tfe\nx.tfe\nf(tfe=1)\ndef tfe(tfe): pass\nclass tfe: pass\n") == set()
    assert reads("global tfe\n") == set()
    assert reads("f(tfe)\n") == {"tfe"}
    assert reads("del tfe\n") == {"tfe"}
    assert reads("tfe.x = 1\n") == {"tfe"}
    assert reads("tfe += 1\n") == {"tfe"}
    assert reads("y = [tfe for _ in z]\n") == {"tfe"}
    assert reads("f'{tfe}'\n") == {"tfe"}

