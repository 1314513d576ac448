"""TF 0.x seq2seq / static RNN names (rules/tf0_seq2seq.toml): a module row's known `members`, and
transform rows refusing calls whose `incompatible` argument the replacement would use differently."""

from __future__ import annotations

from pathlib import Path

import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.engine.rewrite import rewrite_module
from tf_seq2seq_migrate.engine.source import parse
from tf_seq2seq_migrate.rules.catalog import RuleTableError, build_catalog, tomllib

WHY = "TF 0.x called softmax_loss_function(logit, target) positionally"


def _row(**changes):
    row = {
        "id": "S2S100", "kind": "rename", "module": True, "canonical_names": ["tensorflow.nn.old"],
        "replacement": "tf_seq2seq_migrate.runtime.new", "members": ["same"], "fix_safety": "safe",
        "summary": "s", "why": "w", "before": "b", "after": "a",
    }  # fmt: skip
    row.update(changes)
    return {k: v for k, v in row.items() if v is not None}


MANUAL_ROWS = tomllib.loads((Path(__file__).resolve().parents[1] / "rules" / "manual.toml").read_text())


def _rewrite(rows, source: str):
    catalog = build_catalog([("t.toml", {"rule": rows}), ("manual.toml", MANUAL_ROWS)])  # S2S904's row
    data = source.encode()
    return rewrite_module(parse(data), data, "t.py", frozenset(), catalog)


def test_listed_members_of_a_module_row_are_renamed_without_an_unknown_member_todo():
    result = _rewrite([_row()], "import tensorflow as tf\na = tf.nn.old.same(1)\nb = tf.nn.old.other(2)\n")
    assert result.output.decode() == (
        "import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import new\na = new.same(1)\n"
        "# TODO(tf-migrate): S2S904 tf.nn.old.other has no tf-migrate rule yet; rewritten to "
        "tf_seq2seq_migrate.runtime.new.other by module, check that it exists there and behaves the same\n"
        "b = new.other(2)\n"
    )
    assert [(f.rule_id, f.fixed) for f in result.findings] == [("S2S100", True), ("S2S904", False)]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"module": None}, "t.toml: S2S100: only a rewriting 'module' rule lists 'members'"),
        ({"kind": "todo", "replacement": None}, "t.toml: S2S100: only a rewriting 'module' rule lists 'members'"),
        ({"members": ["a.b"]}, "t.toml: S2S100: 'members' must be plain names"),
        (
            {"kind": "transform", "module": None, "members": None, "args": {"incompatible": {"f": " "}}},
            "t.toml: S2S100: 'args.incompatible' must map parameter names to why their values differ",
        ),
        (
            {"kind": "transform", "module": None, "members": None, "args": {"positional_flags": {"f": 1}}},
            "t.toml: S2S100: 'args.positional_flags' must map parameter names to why a non-flag is suspect",
        ),
    ],
)
def test_malformed_members_and_incompatible_are_rejected(changes, message):
    with pytest.raises(RuleTableError) as error:
        build_catalog([("t.toml", {"rule": [_row(**changes)]})])
    assert str(error.value) == message


LOSS = "import tensorflow as tf\nloss = tf.nn.seq2seq.sequence_loss({args})\n"
TODO = (
    "# TODO(tf-migrate): S2S782 tf.nn.seq2seq.sequence_loss({value}) cannot be rewritten as it is: TF 0.x "
    "called softmax_loss_function(logit, target) positionally, TF 1.x (tf.contrib.legacy_seq2seq, and the "
    "runtime) calls softmax_loss_function(labels=target, logits=logit); make the function take those "
    "keywords and call tf.contrib.legacy_seq2seq's function of the same name, then run tf-migrate again\n"
)


@pytest.mark.parametrize(
    "args, value",
    [
        ("l, t, w, softmax_loss_function=fn", "softmax_loss_function=fn"),
        ("l, t, w, True, False, fn", "softmax_loss_function=fn"),  # the sixth positional parameter
        ("l, t, w, *rest", "*args"),  # may carry a callback
        ("l, t, w, **options", "**kwargs"),
    ],
)
def test_a_loss_call_passing_a_callback_keeps_its_tf0_name_with_a_todo(args, value):
    source = LOSS.format(args=args)
    result = migrate_source(source)
    assert result.output.decode() == "import tensorflow as tf\n" + TODO.format(value=value) + source.split("\n")[1] + "\n"
    assert [(f.rule_id, f.fixed, f.line) for f in result.findings] == [("S2S782", False, 2)]
    assert migrate_source(result.output).output == result.output  # the TODO is written once


@pytest.mark.parametrize(
    "args",
    ["l, t, w", "l, t, w, True, True, None", "l, t, w, softmax_loss_function=None", "l, t, w, name='loss'"],
)
def test_a_loss_call_without_a_callback_is_renamed(args):
    result = migrate_source(LOSS.format(args=args))
    assert result.output.decode() == (
        "import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import legacy_seq2seq\n"
        f"loss = legacy_seq2seq.sequence_loss({args})\n"
    )
    assert [(f.rule_id, f.fixed) for f in result.findings] == [("S2S782", True)]


@pytest.mark.parametrize(
    "spelling, use",
    [
        ("from tensorflow.python.ops import seq2seq", "seq2seq.embedding_attention_seq2seq"),
        ("from tensorflow.models.rnn import seq2seq", "seq2seq.embedding_attention_seq2seq"),
        ("from tensorflow.python.ops.seq2seq import embedding_attention_seq2seq", "embedding_attention_seq2seq"),
    ],
)
def test_tf0_private_module_paths_reach_the_tf0_rows(spelling, use):
    result = migrate_source(f"{spelling}\nout = {use}(e, d, cell, 10, 10, 8)\n")
    assert "tensorflow" not in result.output.decode()
    assert {f.rule_id for f in result.findings} == {"S2S780"}
    assert all(f.fixed for f in result.findings)


def test_tf0_static_rnn_through_the_tf0_models_module():
    result = migrate_source("from tensorflow.models.rnn import rnn\noutputs, state = rnn.rnn(cell, xs, dtype=dt)\n")
    assert result.output.decode() == (
        "from tensorflow.models.rnn import rnn\nfrom tf_seq2seq_migrate.runtime import rnn as tfm_rnn\n"
        "outputs, state = tfm_rnn.static_rnn(cell, xs, dtype=dt)\n"
    )


def test_dynamic_access_to_a_tf_module_is_flagged_only_where_tf_upgrade_renames_members():
    source = (
        "import tensorflow as tf\n"
        "a = getattr(tf.train, n)\nb = getattr(tf.train, 'Saver')\nc = getattr(tf.nn, 'relu')\n"
        "d = getattr(tf, n)\ne = getattr(tf.compat.v1.train, n)\nf = getattr(tf.contrib.seq2seq, n)\n"
    )
    result = migrate_source(source)
    assert [(f.rule_id, f.line) for f in result.findings] == [("S2S902", 2), ("S2S902", 3), ("S2S902", 7)]
    assert result.findings[1].message == (
        "dynamic access to tf.train.Saver cannot be converted: tf_upgrade_v2 renames it to "
        "tf.compat.v1.train.Saver; write tf.compat.v1.train.Saver instead"
    )
    assert migrate_source(result.output).output == result.output


@pytest.mark.parametrize(
    "body, renamed",
    [
        ("ta = tf.TensorArray(tf.float32, 2)\ny = ta.pack()", True),
        ("ta = tf.TensorArray(tf.float32, 2)\nta = ta.write(0, x)\ny = ta.unpack(x)", True),
        ("from tensorflow import TensorArray\nta = TensorArray(tf.float32, 2)\ny = ta.pack()", True),
        ("ta = tf.TensorArray(tf.float32, 2)\nta = other\ny = ta.pack()", False),
        ("ta = tf.TensorArray(tf.float32, 2)\ndef f():\n    return ta.pack()", False),  # not the same scope
        ("ta, tb = tf.TensorArray(tf.float32, 2), None\ny = ta.pack()", False),
        ("ta = tf.TensorArray(tf.float32, 2)\ny = ta.pack", False),  # not a call
    ],
)
def test_tensor_array_pack_is_renamed_only_on_a_name_that_clearly_holds_one(body, renamed):
    source = f"import tensorflow as tf\n{body}\n"
    result = migrate_source(source)
    expected = source.replace(".pack()", ".stack()").replace(".unpack(", ".unstack(") if renamed else source
    assert result.output.decode() == expected
    assert [f.rule_id for f in result.findings] == (["S2S906"] if renamed else [])
