"""``run_fixture_original``: outputs, the TF1 checkpoint and the manifest of a fixture's original run."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from legacy.legacy_tools import DATA, basic_lstm_reference
from tf_seq2seq_migrate.legacy.api import DeviceUnavailableError, LegacyRunError, run_fixture_original
from tf_seq2seq_migrate.validate.inputs import generate_inputs
from tf_seq2seq_migrate.validate.spec import load_fixture


def _load(path):
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


@pytest.fixture(scope="module")
def dense_lstm_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("dense_lstm")
    return out, run_fixture_original(DATA / "dense_lstm_fixture", out)


def test_fixture_outputs_match_numpy_with_the_checkpointed_weights(dense_lstm_run):
    out, manifest = dense_lstm_run
    inputs = _load(out / "inputs.npz")
    expected_inputs = generate_inputs(load_fixture(DATA / "dense_lstm_fixture"))
    assert inputs.keys() == expected_inputs.keys()
    for name, value in expected_inputs.items():
        np.testing.assert_array_equal(inputs[name], value)

    reader = tf.train.load_checkpoint(str(out / manifest["checkpoint"]))
    weights = {name: reader.get_tensor(name).astype(np.float64)
               for name in ("hidden/kernel", "hidden/bias", "rnn/basic_lstm_cell/kernel", "rnn/basic_lstm_cell/bias")}
    hidden = np.tanh(inputs["features"].astype(np.float64) @ weights["hidden/kernel"] + weights["hidden/bias"])
    outputs, c, h = basic_lstm_reference(hidden, inputs["lengths"], weights["rnn/basic_lstm_cell/kernel"],
                                         weights["rnn/basic_lstm_cell/bias"])
    infer = _load(out / "original_infer.npz")
    train = _load(out / "original_train.npz")
    assert set(infer) == {"hidden", "state/c", "state/h", "outputs"}
    assert set(train) == {"hidden", "state/c", "state/h"}
    for recorded in (infer, train):  # both modes compute with the same weights
        np.testing.assert_allclose(recorded["hidden"], hidden, atol=1e-6, rtol=1e-5)
        np.testing.assert_allclose(recorded["state/c"], c, atol=1e-6, rtol=1e-5)
        np.testing.assert_allclose(recorded["state/h"], h, atol=1e-6, rtol=1e-5)
    np.testing.assert_allclose(infer["outputs"], outputs, atol=1e-6, rtol=1e-5)


def test_manifest_describes_variables_outputs_and_device(dense_lstm_run):
    out, manifest = dense_lstm_run
    assert manifest["modes"] == ["train", "infer"]
    assert manifest["seed"] == 7
    assert manifest["device"] == "cpu"
    assert manifest["gpus"] == []
    assert manifest["restored_from"] is None
    assert manifest["variables"] == [
        {"name": "hidden/bias", "dtype": "float32", "shape": [3]},
        {"name": "hidden/kernel", "dtype": "float32", "shape": [3, 3]},
        {"name": "rnn/basic_lstm_cell/bias", "dtype": "float32", "shape": [8]},
        {"name": "rnn/basic_lstm_cell/kernel", "dtype": "float32", "shape": [5, 8]},
    ]
    assert manifest["outputs"]["infer"][-1] == {"name": "outputs", "dtype": "float32", "shape": [2, 4, 2]}
    assert sorted(name for name, _ in tf.train.list_variables(str(out / "tf1" / "model.ckpt"))) == \
        [entry["name"] for entry in manifest["variables"]]


def test_attention_fixture_seeded_run_then_restored_run_agree(tmp_path):
    seeded = run_fixture_original(DATA / "attention_fixture", tmp_path / "seeded")
    names = {entry["name"] for entry in seeded["variables"]}
    assert {"encoder/rnn/basic_lstm_cell/kernel", "decoder/memory_layer/kernel",
            "decoder/attention_wrapper/luong_attention/attention_g", "decoder/attention_wrapper/lstm_cell/kernel",
            "decoder/attention_wrapper/attention_layer/kernel", "decoder/output_projection/kernel"} <= names
    dtypes = {entry["name"]: entry["dtype"] for entry in seeded["outputs"]["infer"]}
    assert dtypes == {"logits": "float32", "ids": "int32", "lengths": "int32"}

    # The same seed gives the same weights; restoring the written TF1 checkpoint gives the same outputs.
    checkpoint = tmp_path / "seeded" / "tf1" / "model.ckpt"
    restored = run_fixture_original(DATA / "attention_fixture", tmp_path / "restored", checkpoint=checkpoint)
    assert restored["restored_from"] == str(checkpoint)
    for mode in ("train", "infer"):
        first, second = _load(tmp_path / "seeded" / f"original_{mode}.npz"), \
            _load(tmp_path / "restored" / f"original_{mode}.npz")
        assert first.keys() == second.keys()
        for name in first:
            np.testing.assert_array_equal(first[name], second[name], err_msg=f"{mode}/{name}")


def test_checkpoint_lacking_a_model_variable_is_an_error(dense_lstm_run, tmp_path):
    out, _ = dense_lstm_run
    with pytest.raises(LegacyRunError) as caught:
        run_fixture_original(DATA / "attention_fixture", tmp_path, checkpoint=out / "tf1" / "model.ckpt")
    assert "lacks 10 variable(s) of the model: " in str(caught.value)
    assert "decoder/memory_layer/kernel" in str(caught.value)


def test_gpu_run_without_a_gpu_is_reported_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    with pytest.raises(DeviceUnavailableError, match="no GPU visible to TensorFlow"):
        run_fixture_original(DATA / "dense_lstm_fixture", tmp_path, device="gpu")
