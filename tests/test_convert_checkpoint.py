"""convert-checkpoint: TF1 name-based checkpoints into the eager runtime and TF2 object-based checkpoints.

References: a checkpoint written by TF1's real cells (tf_keras legacy code, in a subprocess) and one
written by a TF1-style program on the runtime in a v1 graph with ``tf.compat.v1.train.Saver``; the
outputs those programs computed are what every restored or converted model must reproduce.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from click.testing import CliRunner

import checkpoint_models as models
from tf1_reference import run_tf1
from tf_seq2seq_migrate.checkpoints.command import convert_checkpoint_command
from tf_seq2seq_migrate.checkpoints.legacy_names import merge_shards, modern_name
from tf_seq2seq_migrate.checkpoints.model_loader import fresh_tf1_scope_names
from tf_seq2seq_migrate.checkpoints.reader import CheckpointEntry, inspect
from tf_seq2seq_migrate.checkpoints.restore import restore_tf1_checkpoint

MODELS = str(Path(__file__).with_name("checkpoint_models.py"))

_TF1_PROGRAM = """
prefix = str(inputs["prefix"])
cells = tf.compat.v1.nn.rnn_cell
with tf.Graph().as_default():
    x = tf.constant(inputs["x"])
    with tf.compat.v1.variable_scope("enc"):
        encoded, _ = tf.compat.v1.nn.dynamic_rnn(cells.BasicLSTMCell(4), x, dtype=tf.float32)
    with tf.compat.v1.variable_scope("dec"):
        decoded, _ = tf.compat.v1.nn.dynamic_rnn(cells.GRUCell(4), encoded, dtype=tf.float32)
    y = tf.compat.v1.layers.dense(decoded, 3, name="proj")
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        assign_by_name(sess, weights)
        outputs["y"] = sess.run(y)
        tf.compat.v1.train.Saver().save(sess, prefix)
"""


# -- reference checkpoints -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs():
    return models.random_inputs()


@pytest.fixture(scope="module")
def tf1_checkpoint(tmp_path_factory, inputs):
    """Written by TF1's own BasicLSTMCell / GRUCell / dynamic_rnn / layers.dense; returns (prefix, outputs)."""
    prefix = str(tmp_path_factory.mktemp("tf1_real") / "model.ckpt")
    feed = {"x": inputs, "prefix": np.array(prefix)}
    feed.update({f"weights/{name}": value for name, value in models.random_weights().items()})
    return prefix, run_tf1(_TF1_PROGRAM, feed)["y"]


def _runtime_graph_program(inputs, weights=None, forget_bias=1.0, save_to=None, restore_from=None, saver_names=None):
    """The TF1-style program on the runtime: a v1 graph, a session and tf.compat.v1.train.Saver."""
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        placeholder = tf.compat.v1.placeholder(tf.float32, inputs.shape)
        outputs = models.runtime_forward(*models.runtime_parts(forget_bias), placeholder)
        variables = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
        saver = tf.compat.v1.train.Saver({saver_names.get(k, k): v for k, v in variables.items()}
                                         if saver_names else None)
        if restore_from:
            saver.restore(session, restore_from)
        else:
            session.run(tf.compat.v1.global_variables_initializer())
            for name, value in weights.items():
                variables[name].load(value, session)
        result = session.run(outputs, {placeholder: inputs})
        if save_to:
            saver.save(session, save_to)
        return result


@pytest.fixture(scope="module")
def runtime_checkpoint(tmp_path_factory, inputs):
    prefix = str(tmp_path_factory.mktemp("runtime_graph") / "model.ckpt")
    outputs = _runtime_graph_program(inputs, models.random_weights(seed=3), save_to=prefix)
    return prefix, outputs


def _invoke(*args):
    result = CliRunner().invoke(convert_checkpoint_command, [str(a) for a in args], catch_exceptions=False)
    return result


def _restored(builder, output_dir):
    """A fresh model restored from the converted checkpoint the way a user restores it."""
    objects = builder()
    tf.train.Checkpoint(**objects).restore(tf.train.latest_checkpoint(str(output_dir))).assert_consumed()
    return objects


def _runtime_outputs(objects, inputs):
    return models.runtime_forward(objects["encoder"], objects["decoder"], objects["projection"], inputs).numpy()


def _keras_outputs(objects, inputs):
    return models.keras_forward(objects["encoder"], objects["decoder"], objects["projection"], inputs).numpy()


def _snapshot(prefix):
    directory = Path(prefix).parent
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in directory.iterdir()}


# -- acceptance ------------------------------------------------------------------------------------
def test_runtime_names_are_tf1_names(tf1_checkpoint):
    expected = [CheckpointEntry(name, shape, "float32") for name, shape in sorted(models.TF1_SHAPES.items())]
    assert inspect(tf1_checkpoint[0]) == expected


def test_graph_checkpoint_restores_into_same_graph_program(runtime_checkpoint, inputs):
    prefix, outputs = runtime_checkpoint
    np.testing.assert_array_equal(_runtime_graph_program(inputs, restore_from=prefix), outputs)


def test_tf1_checkpoint_restores_into_runtime_graph_program(tf1_checkpoint, inputs):
    prefix, tf1_outputs = tf1_checkpoint
    np.testing.assert_allclose(_runtime_graph_program(inputs, restore_from=prefix), tf1_outputs, rtol=0, atol=1e-6)


@pytest.mark.parametrize("source", ["runtime_checkpoint", "tf1_checkpoint"])
def test_convert_into_eager_runtime_model(request, tmp_path, inputs, source):
    prefix, reference = request.getfixturevalue(source)
    before = _snapshot(prefix)
    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"converted 8 variables from {prefix} into {tmp_path / 'out' / 'ckpt-1'} "
                                    "(verified 8 by reading back)")
    np.testing.assert_allclose(_runtime_outputs(_restored(models.build_runtime, tmp_path / "out"), inputs),
                               reference, rtol=0, atol=1e-6)
    assert _snapshot(prefix) == before  # the input is never written to
    assert sorted(os.listdir(tmp_path)) == ["out"]  # no staging directory left behind


def test_keras_cells_match_tf1_outputs(tf1_checkpoint, tmp_path, inputs):
    prefix, tf1_outputs = tf1_checkpoint
    result = _invoke(prefix, tmp_path / "keras", "--model", f"{MODELS}:build_keras", "--keras-cells")
    assert result.exit_code == 0, result.output
    assert "keras lstm cell encoder_lstm <- enc/rnn/basic_lstm_cell\n" in result.stdout
    assert "keras gru cell decoder_gru <- dec/rnn/gru_cell\n" in result.stdout
    outputs = _keras_outputs(_restored(models.build_keras, tmp_path / "keras"), inputs)
    np.testing.assert_allclose(outputs, tf1_outputs, rtol=0, atol=1e-5)


def test_forget_bias_is_folded_into_keras_bias(tmp_path, inputs):
    prefix = str(tmp_path / "fb" / "model.ckpt")
    reference = _runtime_graph_program(inputs, models.random_weights(seed=5), forget_bias=0.5, save_to=prefix)
    assert _invoke(prefix, tmp_path / "half", "--model", f"{MODELS}:build_keras", "--keras-cells",
                   "--forget-bias", "0.5").exit_code == 0
    np.testing.assert_allclose(_keras_outputs(_restored(models.build_keras, tmp_path / "half"), inputs), reference,
                               rtol=0, atol=1e-5)
    # The default forget_bias (1.0) is a different model: the flag is what makes them agree.
    assert _invoke(prefix, tmp_path / "one", "--model", f"{MODELS}:build_keras", "--keras-cells").exit_code == 0
    wrong = _keras_outputs(_restored(models.build_keras, tmp_path / "one"), inputs)
    assert np.abs(wrong - reference).max() > 1e-3


def test_restore_tf1_checkpoint_into_eager_model_in_place(tf1_checkpoint, inputs):
    prefix, tf1_outputs = tf1_checkpoint
    with fresh_tf1_scope_names():
        objects = models.build_runtime()
    result = restore_tf1_checkpoint(prefix, list(objects.values()))
    assert result.assigned == 8 and result.renamed == () and result.ignored_checkpoint_names == ()
    np.testing.assert_allclose(_runtime_outputs(objects, inputs), tf1_outputs, rtol=0, atol=1e-6)


# -- pre-TF1.2 names -------------------------------------------------------------------------------
def test_pre_1_2_names_are_renamed(tmp_path, inputs):
    old_names = {name: name.replace("/kernel", "/weights").replace("/bias", "/biases")
                 for name in models.TF1_SHAPES if "rnn/" in name}
    prefix = str(tmp_path / "old" / "model.ckpt")
    reference = _runtime_graph_program(inputs, models.random_weights(seed=9), save_to=prefix, saver_names=old_names)
    assert "enc/rnn/basic_lstm_cell/weights" in {entry.name for entry in inspect(prefix)}
    result = _invoke(prefix, tmp_path / "new", "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 0, result.output
    assert "renamed dec/rnn/gru_cell/gates/weights -> dec/rnn/gru_cell/gates/kernel\n" in result.stdout
    assert result.stdout.count("renamed ") == 6  # proj/* kept its names
    np.testing.assert_allclose(_runtime_outputs(_restored(models.build_runtime, tmp_path / "new"), inputs), reference,
                               rtol=0, atol=1e-6)


@pytest.mark.parametrize("old, new", [
    ("rnn/basic_lstm_cell/weights", "rnn/basic_lstm_cell/kernel"),
    ("rnn/lstm_cell/projection/biases", "rnn/lstm_cell/projection/bias"),
    ("rnn/layer_norm_basic_lstm_cell/weights", "rnn/layer_norm_basic_lstm_cell/kernel"),
    ("a/nas_rnn/recurrent_weights", "a/nas_rnn/recurrent_kernel"),
    ("MultiRNNCell/Cell1/LSTMCell/W_0", "multi_rnn_cell/cell_1/lstm_cell/kernel/part_0"),
    ("RNN/BasicLSTMCell/Linear/Matrix_2", "RNN/basic_lstm_cell/kernel/part_2"),
    ("rnn/my_gru_cell/weights", "rnn/my_gru_cell/weights"),  # not a cell scope: whole segments only
    ("rnn/gru_cell/weights_extra", "rnn/gru_cell/weights_extra"),
    ("rnn/basic_lstm_cell/kernel", "rnn/basic_lstm_cell/kernel"),
])
def test_modern_name(old, new):
    assert modern_name(old) == new


def test_merge_shards_concatenates_along_axis_0_in_shard_order():
    values = {"c/kernel/part_1": np.full([1, 2], 2.0), "c/kernel/part_0": np.full([2, 2], 1.0), "other": np.zeros(1)}
    merged, sources = merge_shards(values, wanted={"c/kernel"})
    np.testing.assert_array_equal(merged["c/kernel"], [[1, 1], [1, 1], [2, 2]])
    assert sorted(merged) == ["c/kernel", "other"]
    assert sources == {"c/kernel": ["c/kernel/part_0", "c/kernel/part_1"]}
    gap = {"c/kernel/part_0": np.zeros([1]), "c/kernel/part_2": np.zeros([1])}
    assert merge_shards(gap, wanted={"c/kernel"})[0] == gap


# -- inspect ---------------------------------------------------------------------------------------
def test_inspect_mode_lists_variables(tf1_checkpoint):
    result = _invoke("--inspect", tf1_checkpoint[0])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "8 variables"
    assert lines[0].split() == ["dec/rnn/gru_cell/candidate/bias", "[4]", "float32"]
    assert lines[5].split() == ["enc/rnn/basic_lstm_cell/kernel", "[7,", "16]", "float32"]


def test_inspect_accepts_directory_and_index_file(tf1_checkpoint):
    prefix = tf1_checkpoint[0]
    assert inspect(os.path.dirname(prefix)) == inspect(prefix) == inspect(prefix + ".index")


def test_v1_format_checkpoint_is_read(tmp_path):
    from tensorflow.core.protobuf import saver_pb2

    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        tf.compat.v1.get_variable("a/kernel", [2, 3])
        session.run(tf.compat.v1.global_variables_initializer())
        path = tf.compat.v1.train.Saver(write_version=saver_pb2.SaverDef.V1).save(session, str(tmp_path / "v1.ckpt"))
    assert not os.path.exists(path + ".index")
    assert inspect(path) == [CheckpointEntry("a/kernel", (2, 3), "float32")]


# -- errors ----------------------------------------------------------------------------------------
def test_missing_checkpoint_exits_2(tmp_path):
    missing = tmp_path / "nothing.ckpt"
    result = _invoke(missing, tmp_path / "out", "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert result.stderr == (f"error: checkpoint not found: {missing} (expected {missing}.index and {missing}.data-*, "
                             "a V1 checkpoint file, or a directory with a 'checkpoint' state file)\n")
    assert not (tmp_path / "out").exists()


def test_directory_without_state_file_exits_2(tmp_path):
    result = _invoke("--inspect", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"error: checkpoint not found: {tmp_path} is a directory without a 'checkpoint' state file\n"


def test_non_checkpoint_file_exits_2(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello, not a checkpoint\n")
    result = _invoke("--inspect", junk)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: not a TensorFlow checkpoint: {junk} (")


def _truncated_copy(prefix, directory: Path, which: str) -> str:
    directory.mkdir()
    for source in Path(prefix).parent.glob(Path(prefix).name + ".*"):
        data = source.read_bytes()
        if which in source.name:
            data = data[: len(data) // 2]
        (directory / source.name).write_bytes(data)
    return str(directory / Path(prefix).name)


def test_truncated_data_file_exits_2(runtime_checkpoint, tmp_path):
    copy = _truncated_copy(runtime_checkpoint[0], tmp_path / "cut", ".data-")
    result = _invoke(copy, tmp_path / "out", "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: checkpoint is truncated or corrupted: {copy} (variable ")
    assert not (tmp_path / "out").exists()


def test_truncated_index_exits_2(runtime_checkpoint, tmp_path):
    copy = _truncated_copy(runtime_checkpoint[0], tmp_path / "cut", ".index")
    result = _invoke("--inspect", copy)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: not a TensorFlow checkpoint: {copy} (")


def test_unmatched_names_are_listed_and_allow_missing_accepts_them(runtime_checkpoint, tmp_path):
    prefix = runtime_checkpoint[0]
    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_runtime_without_projection")
    assert result.exit_code == 2
    assert result.stderr == ("error: checkpoint and model do not match:\n"
                             "  in the checkpoint but not in the model (2): proj/bias, proj/kernel\n"
                             "pass --allow-missing NAME for each name that may stay unmatched\n")
    assert sorted(os.listdir(tmp_path)) == []

    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_runtime_without_projection",
                     "--allow-missing", "proj/kernel", "--allow-missing", "proj/b*")
    assert result.exit_code == 0, result.output
    assert "skipped checkpoint variable proj/bias (--allow-missing)\n" in result.stdout
    assert "converted 6 variables" in result.stdout


def test_model_variables_missing_from_checkpoint_are_listed(tmp_path, inputs):
    prefix = str(tmp_path / "partial" / "model.ckpt")
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        models.runtime_forward(*models.runtime_parts(), tf.constant(inputs))
        kept = [v for v in tf.compat.v1.global_variables() if not v.name.startswith("proj/")]
        session.run(tf.compat.v1.global_variables_initializer())
        tf.compat.v1.train.Saver(kept).save(session, prefix)
    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert result.stderr == ("error: checkpoint and model do not match:\n"
                             "  in the model but not in the checkpoint (2): proj/bias, proj/kernel\n"
                             "pass --allow-missing NAME for each name that may stay unmatched\n")
    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_runtime", "--allow-missing", "proj/*")
    assert result.exit_code == 0, result.output
    assert "left model variable proj/kernel at its initial value (--allow-missing)\n" in result.stdout


def test_keras_model_without_flag_suggests_keras_cells(tf1_checkpoint, tmp_path):
    result = _invoke(tf1_checkpoint[0], tmp_path / "out", "--model", f"{MODELS}:build_keras")
    assert result.exit_code == 2
    assert result.stderr.endswith("pass --allow-missing NAME for each name that may stay unmatched; the model has "
                                  "Keras LSTM/GRU cells: pass --keras-cells to convert TF1 cell weights for them\n")
    assert "  in the model but not in the checkpoint (6): decoder_gru/bias, decoder_gru/kernel, " in result.stderr


def test_keras_gru_reset_after_is_refused(tf1_checkpoint, tmp_path):
    result = _invoke(tf1_checkpoint[0], tmp_path / "out", "--model", f"{MODELS}:build_keras_reset_after",
                     "--keras-cells")
    assert result.exit_code == 2
    assert result.stderr == ("error: Keras cell 'decoder_gru' cannot hold TF1 weights: it has reset_after=True "
                             "(TF1's GRUCell applies the reset gate before the matmul: use "
                             "keras.layers.GRUCell(..., reset_after=False))\n")


def _two_lstm_checkpoint(prefix, first, second):
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        variables = {}
        for scope, (kernel, bias) in {"a": first, "b": second}.items():
            variables[f"{scope}/lstm_cell/kernel"] = tf.compat.v1.get_variable(f"{scope}/lstm_cell/kernel",
                                                                               initializer=kernel)
            variables[f"{scope}/lstm_cell/bias"] = tf.compat.v1.get_variable(f"{scope}/lstm_cell/bias",
                                                                             initializer=bias)
        session.run(tf.compat.v1.global_variables_initializer())
        tf.compat.v1.train.Saver(variables).save(session, prefix)


def test_ambiguous_keras_cells_need_explicit_pairing(tmp_path):
    generator = np.random.default_rng(0)
    shape_k, shape_b = (models.FEATURES + models.UNITS, 4 * models.UNITS), (4 * models.UNITS,)
    first = (generator.normal(size=shape_k).astype(np.float32), generator.normal(size=shape_b).astype(np.float32))
    second = (generator.normal(size=shape_k).astype(np.float32), generator.normal(size=shape_b).astype(np.float32))
    prefix = str(tmp_path / "two" / "model.ckpt")
    _two_lstm_checkpoint(prefix, first, second)

    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_two_keras_lstms", "--keras-cells")
    assert result.exit_code == 2
    assert ("error: cannot tell which TF1 cell scope the Keras cell 'first' takes (candidates: a/lstm_cell, "
            "b/lstm_cell); pass --keras-cell SCOPE=first\n") == result.stderr.splitlines(keepends=True)[0]

    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_two_keras_lstms",
                     "--keras-cell", "b/lstm_cell=first", "--keras-cell", "a/lstm_cell=second")
    assert result.exit_code == 0, result.output
    restored = _restored(models.build_two_keras_lstms, tmp_path / "out")
    # TF1 kernel rows [inputs; h], blocks i, j, f, o -> Keras kernel rows of the inputs, blocks i, f, c, o.
    kernel_b = second[0]
    units = models.UNITS
    expected_input_kernel = np.concatenate([kernel_b[:models.FEATURES, :units],
                                            kernel_b[:models.FEATURES, 2 * units:3 * units],
                                            kernel_b[:models.FEATURES, units:2 * units],
                                            kernel_b[:models.FEATURES, 3 * units:]], axis=1)
    np.testing.assert_array_equal(restored["first"].kernel.numpy(), expected_input_kernel)
    np.testing.assert_array_equal(restored["second"].recurrent_kernel.numpy()[:, :units],
                                  first[0][models.FEATURES:, :units])


def test_output_directory_must_be_new(runtime_checkpoint, tmp_path):
    prefix = runtime_checkpoint[0]
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("mine")
    result = _invoke(prefix, occupied, "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert result.stderr == f"error: the output directory {occupied} is not empty; choose a new directory\n"
    assert os.listdir(occupied) == ["keep.txt"]

    input_dir = os.path.dirname(prefix)
    result = _invoke(prefix, input_dir, "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert result.stderr == (f"error: the output directory {input_dir} holds the input checkpoint; choose a new "
                             "directory\n")

    empty = tmp_path / "empty"
    empty.mkdir()
    assert _invoke(prefix, empty, "--model", f"{MODELS}:build_runtime").exit_code == 0
    assert sorted(os.listdir(empty)) == ["checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index"]


def test_object_based_input_is_refused(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).save(str(tmp_path / "tf2" / "ckpt"))
    result = _invoke(path, tmp_path / "out", "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {path} is already an object-based (TF2) checkpoint; restore it with "
                             "tf.train.Checkpoint instead of converting it\n")


@pytest.mark.parametrize("spec, message", [
    ("no_colon", "error: --model must be MODULE:FUNCTION or path/to/file.py:FUNCTION (got 'no_colon')\n"),
    (f"{MODELS}:missing", f"error: model module {MODELS!r} has no function 'missing'\n"),
    (f"{MODELS}:build_not_trackable", f"error: model function {MODELS}:build_not_trackable returned int for 'model'; "
     "expected a trackable model object (Keras layer, runtime cell, tf.Module) or a dict, list or tuple of them\n"),
    (f"{MODELS}:build_failing", f"error: model function {MODELS}:build_failing failed: RuntimeError: no GPU here\n"),
    ("no_such_module_xyz:build", "error: cannot import model module 'no_such_module_xyz': ModuleNotFoundError: No "
     "module named 'no_such_module_xyz'\n"),
])
def test_bad_model_spec_exits_2(runtime_checkpoint, tmp_path, spec, message):
    result = _invoke(runtime_checkpoint[0], tmp_path / "out", "--model", spec)
    assert result.exit_code == 2
    assert result.stderr == message


def test_usage_errors_exit_2(runtime_checkpoint, tmp_path):
    result = _invoke(runtime_checkpoint[0], tmp_path / "out")
    assert result.exit_code == 2
    assert "missing --model MODULE:FUNCTION" in result.stderr
    result = _invoke(runtime_checkpoint[0], "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert "missing OUTPUT_DIR (or pass --inspect to list the checkpoint)" in result.stderr
    result = _invoke(runtime_checkpoint[0], tmp_path / "o", "--model", "m:f", "--keras-cell", "nonsense")
    assert result.exit_code == 2
    assert "expected TF1_SCOPE=KERAS_CELL, got 'nonsense'" in result.stderr


def test_command_module_does_not_import_tensorflow():
    """The CLI registers the command at start-up; the rewriter must stay free of TensorFlow."""
    import subprocess
    import sys

    code = ("import sys, tf_seq2seq_migrate.checkpoints.command as c, tf_seq2seq_migrate.checkpoints as p; "
            "assert c.convert_checkpoint_command.name == 'convert-checkpoint'; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'numpy')))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_shape_mismatch_is_reported(tmp_path):
    prefix = str(tmp_path / "wide" / "model.ckpt")
    shapes = dict(models.TF1_SHAPES, **{"proj/kernel": (models.UNITS, 5), "proj/bias": (5,)})
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        for name, shape in shapes.items():
            tf.compat.v1.get_variable(name, shape)
        session.run(tf.compat.v1.global_variables_initializer())
        tf.compat.v1.train.Saver().save(session, prefix)
    result = _invoke(prefix, tmp_path / "out", "--model", f"{MODELS}:build_runtime")
    assert result.exit_code == 2
    assert result.stderr == ("error: shape mismatch: proj/kernel is [4, 5] in the checkpoint and [4, 3] in the model\n"
                             "shape mismatch: proj/bias is [5] in the checkpoint and [3] in the model\n")
