"""S2S907: an implementation module path below a converted module that no alias maps is left alone with a
TODO instead of being rewritten to a runtime module that does not exist."""

from __future__ import annotations

import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.rules.catalog import load_catalog


def test_documented_example_is_what_the_rewrite_writes():
    rule = load_catalog().rule("S2S907")
    result = migrate_source(rule.before + "\n")
    assert result.output.decode() == rule.after + "\n"
    assert [(f.rule_id, f.fixed) for f in result.findings] == [("S2S907", False)]


@pytest.mark.parametrize(
    "source",
    [
        "import tensorflow.contrib.rnn.python.ops.unknown_ops as ops\nx = ops.f()\n",
        "from tensorflow.contrib.legacy_seq2seq.python import something\nx = something\n",
        "import tensorflow as tf\nx = tf.contrib.rnn.python.ops.unknown_ops.f()\n",
    ],
)
def test_unmapped_private_paths_are_never_rewritten_into_the_runtime(source):
    result = migrate_source(source)
    assert "tf_seq2seq_migrate" not in result.output.decode()
    assert result.findings and {(f.rule_id, f.fixed) for f in result.findings} == {("S2S907", False)}
    assert migrate_source(result.output).output == result.output


def test_mapped_private_paths_still_reach_the_public_rows():
    result = migrate_source("from tensorflow.contrib.rnn.python.ops import core_rnn_cell\ncell = core_rnn_cell.GRUCell(4)\n")
    assert result.output.decode() == "from tf_seq2seq_migrate.runtime import rnn as core_rnn_cell\ncell = core_rnn_cell.GRUCell(4)\n"


def test_skipping_the_rule_leaves_the_line_without_a_finding():
    result = migrate_source("from tensorflow.contrib.rnn.python.ops import rnn_cell_impl\n", skip_rules=("S2S907",))
    assert result.findings == () and b"tf_seq2seq_migrate" not in result.output
