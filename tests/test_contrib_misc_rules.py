"""Rewrites found on real TF1 projects: calls whose arguments rule out the replacement, aliases of
members of a rewritten module, private RNN module paths. No TensorFlow here."""

from __future__ import annotations

import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.rules.catalog import RuleTableError, build_catalog, load_catalog

HEADER = "import tensorflow as tf\n"
BLOCKED = (
    "# TODO(tf-migrate): S2S250 tf.contrib.layers.xavier_initializer({value}) has no exact TF2 equivalent "
    "(tf.compat.v1.glorot_uniform_initializer covers only the default); port this call by hand\n"
)


def rewrite(body: str) -> tuple[str, list[tuple[int, str, bool]]]:
    result = migrate_source(HEADER + body)
    assert result.error is None
    return result.output.decode()[len(HEADER) :], [(f.line, f.rule_id, f.fixed) for f in result.findings]


@pytest.mark.parametrize(
    "call, converted",
    [
        ("tf.contrib.layers.xavier_initializer()", "tf.compat.v1.glorot_uniform_initializer()"),
        ("tf.contrib.layers.xavier_initializer(True)", "tf.compat.v1.glorot_uniform_initializer()"),
        ("tf.contrib.layers.xavier_initializer(True, 5)", "tf.compat.v1.glorot_uniform_initializer(seed=5)"),
        ("tf.contrib.layers.xavier_initializer(uniform=True, seed=s)", "tf.compat.v1.glorot_uniform_initializer(seed=s)"),
        ("tf.contrib.layers.xavier_initializer(seed=1, dtype=tf.float32)", "tf.compat.v1.glorot_uniform_initializer(seed=1)"),
        ("tf.contrib.layers.xavier_initializer(uniform=True, dtype=tf.float32, **kw)", "tf.compat.v1.glorot_uniform_initializer(**kw)"),
        ("tf.contrib.layers.xavier_initializer_conv2d(seed=2)", "tf.compat.v1.glorot_uniform_initializer(seed=2)"),
    ],
)
def test_xavier_with_default_uniform_and_dtype_becomes_glorot_uniform(call, converted):
    output, findings = rewrite(f"init = {call}\n")
    assert output == f"init = {converted}\n"
    assert findings == [(2, "S2S250", True)]


@pytest.mark.parametrize(
    "arguments, value",
    [
        ("uniform=False", "uniform=False"),
        ("False, 3", "uniform=False"),
        ("uniform=use_uniform", "uniform=use_uniform"),
        ("seed=3, dtype=tf.float64", "dtype=tf.float64"),
        ("True, None, tf.float16", "dtype=tf.float16"),
        ("**options", "**kwargs"),
        ("*positional", "*args"),
    ],
)
def test_xavier_with_another_value_is_left_as_written_with_a_todo(arguments, value):
    source = f"init = tf.contrib.layers.xavier_initializer({arguments})\n"
    output, findings = rewrite(source)
    assert output == BLOCKED.format(value=value) + source
    assert findings == [(2, "S2S250", False)]
    # The TODO is written once: the second run only reports it.
    again = migrate_source(HEADER + output)
    assert again.output.decode() == HEADER + output
    assert [(f.rule_id, f.fixed) for f in again.findings] == [("S2S250", False)]


def test_a_blocked_call_still_converts_tf1_names_inside_its_arguments():
    output, _ = rewrite("init = tf.contrib.layers.xavier_initializer(uniform=False, seed=tf.contrib.framework.nest.flatten(s)[0])\n")
    assert "seed=tf.nest.flatten(s)[0]" in output
    assert "tf.contrib.layers.xavier_initializer(uniform=False" in output


def test_checkpoint_helpers_rename_their_keyword():
    output, findings = rewrite(
        "a = tf.contrib.framework.list_variables(checkpoint_dir=d)\nb = tf.contrib.framework.load_checkpoint(filepattern=p)\n"
    )
    assert output == "a = tf.train.list_variables(ckpt_dir_or_file=d)\nb = tf.train.load_checkpoint(ckpt_dir_or_file=p)\n"
    assert findings == [(2, "S2S251", True), (3, "S2S252", True)]


def test_finding_messages_spell_tensorflow_targets_as_users_do():
    result = migrate_source(HEADER + "v = tf.contrib.framework.list_variables(d)\n")
    assert result.findings[0].message == "tf.contrib.framework.list_variables -> tf.train.list_variables (arguments adapted)"


@pytest.mark.parametrize(
    "private, public",
    [
        ("tensorflow.contrib.rnn.python.ops.core_rnn.static_rnn", "tensorflow.contrib.rnn.static_rnn"),
        ("tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl.BasicLSTMCell", "tensorflow.contrib.rnn.BasicLSTMCell"),
        # TF 1.0/1.1's _linear named its variables weights/biases: it reaches the S2S188 TODO row, not the
        # runtime's _linear (kernel/bias), which contrib.rnn's TF 1.2+ spelling gets.
        ("tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl._linear", "tensorflow.nn.rnn_cell._linear"),
        ("tensorflow.contrib.rnn.python.ops.core_rnn_cell._linear", "tensorflow.contrib.rnn._linear"),
        ("tensorflow.python.ops.rnn_cell_impl._zero_state_tensors", "tensorflow.nn.rnn_cell._zero_state_tensors"),
    ],
)
def test_tf_1_0_private_rnn_modules_reach_the_public_rows(private, public):
    catalog = load_catalog()
    assert catalog.canonicalize(private) == public
    assert catalog.match(public)[1] == public


def test_an_alias_of_a_member_through_a_rewritten_module_import_stays_as_written():
    source = "from tensorflow.contrib import rnn\ncell_fn = rnn.GRUCell\nwrap = rnn.DropoutWrapper\n"
    result = migrate_source(source)
    assert result.output.decode() == (
        "from tf_seq2seq_migrate.runtime import rnn\ncell_fn = rnn.GRUCell\nwrap = rnn.DropoutWrapper\n"
    )
    assert [(f.line, f.rule_id) for f in result.findings] == [(1, "S2S100")]


def test_an_alias_spelled_from_tf_still_becomes_an_import():
    result = migrate_source(HEADER + "cell_fn = tf.contrib.rnn.GRUCell\n")
    assert result.output.decode() == HEADER + "from tf_seq2seq_migrate.runtime.rnn import GRUCell as cell_fn\n"


def test_tf0_names_are_renamed_or_get_a_todo_and_tf1_look_alikes_are_not_confused():
    # tf.nn.rnn kept its signature as static_rnn (rules/tf0_seq2seq.toml); one2many_rnn_seq2seq did not (S2S183).
    source = "a = tf.nn.rnn(cell, xs, dtype=tf.float32)\nb = tf.nn.rnn_cell.GRUCell(4)\nc = tf.nn.seq2seq.one2many_rnn_seq2seq(e, d, cell, 3, {}, 2)\n"
    output, findings = rewrite(source)
    lines = output.splitlines()
    assert lines[0] == "from tf_seq2seq_migrate.runtime import rnn"
    assert lines[1:3] == ["a = rnn.static_rnn(cell, xs, dtype=tf.float32)", "b = rnn.GRUCell(4)"]
    assert lines[3].startswith("# TODO(tf-migrate): S2S183 tf.nn.seq2seq.one2many_rnn_seq2seq is TensorFlow 0.x API")
    assert lines[4] == "c = tf.nn.seq2seq.one2many_rnn_seq2seq(e, d, cell, 3, {}, 2)"
    assert findings == [(2, "S2S784", True), (3, "S2S106", True), (4, "S2S183", False)]  # positions in the source


@pytest.mark.parametrize("value", [["uniform"], {"uniform": True}])
def test_malformed_dropped_defaults_are_rejected(value):
    row = {
        "id": "S2S250", "kind": "transform", "canonical_names": ["tensorflow.contrib.x.f"],
        "replacement": "tensorflow.g", "fix_safety": "safe", "summary": "s", "why": "w", "before": "b",
        "after": "a", "args": {"dropped_defaults": value},
    }  # fmt: skip
    with pytest.raises(RuleTableError) as error:
        build_catalog([("t.toml", {"rule": [row]})])
    assert str(error.value) == "t.toml: S2S250: 'args.dropped_defaults' must map parameter names to their default as code"
