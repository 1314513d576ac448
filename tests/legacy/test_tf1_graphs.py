"""TF1 graphs built under the emulation: TF1 variable names from tf_keras's real cells and from the
runtime, mixed cell stacks, legacy_seq2seq, and TF1 cell numerics against numpy."""

from __future__ import annotations

import numpy as np
import pytest

from legacy.legacy_tools import SCRIPTS, basic_lstm_reference, run_ok


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("graph_probe") / "probe.npz"
    run_ok(SCRIPTS / "tf1_graph_probe.py", out)
    with np.load(out) as data:
        return {key: data[key] for key in data.files}


def test_dynamic_rnn_uses_tf_keras_real_tf1_cell_with_tf1_names(graph):
    assert str(graph["cell_class"]) == "tf_keras.src.layers.rnn.legacy_cells.BasicLSTMCell"
    assert {"rnn/basic_lstm_cell/kernel", "rnn/basic_lstm_cell/bias"} <= set(graph["names"])


def test_contrib_attention_decoder_creates_tf1_names(graph):
    expected = {
        "decoder/memory_layer/kernel",
        "decoder/decoder/attention_wrapper/lstm_cell/kernel",
        "decoder/decoder/attention_wrapper/lstm_cell/bias",
        "decoder/decoder/attention_wrapper/bahdanau_attention/query_layer/kernel",
        "decoder/decoder/attention_wrapper/bahdanau_attention/attention_v",
        "decoder/decoder/attention_wrapper/bahdanau_attention/attention_g",
        "decoder/decoder/attention_wrapper/bahdanau_attention/attention_b",
        "decoder/decoder/attention_wrapper/attention_layer/kernel",
        "decoder/decoder/dense/kernel",  # a tf.layers.Dense (tf_keras) as output_layer
        "decoder/decoder/dense/bias",
    }
    assert expected == {name for name in graph["names"] if name.startswith("decoder/")}
    assert graph["decoded"].shape == (3, 5, 6)
    np.testing.assert_array_equal(graph["decoded_lengths"], graph["lengths"])


def test_runtime_wrapper_around_tf1_multi_rnn_cell(graph):
    prefix = "stacked/rnn/output_projection_wrapper/"
    expected = {prefix + "kernel", prefix + "bias"} | {
        prefix + "multi_rnn_cell/cell_0/lstm_cell/" + leaf
        for leaf in ("kernel", "bias", "projection/kernel", "w_f_diag", "w_i_diag", "w_o_diag")} | {
        prefix + "multi_rnn_cell/cell_1/gru_cell/" + leaf
        for leaf in ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")}
    assert expected == {name for name in graph["names"] if name.startswith("stacked/")}
    assert graph["stacked"].shape == (3, 5, 5)


def test_legacy_embedding_attention_seq2seq_copies_the_tf1_cell_for_the_encoder(graph):
    names = set(graph["names"])
    encoder = "embedding_attention_seq2seq/rnn/embedding_wrapper/"
    decoder = "embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder/"
    assert {encoder + "embedding", encoder + "gru_cell/gates/kernel", encoder + "gru_cell/candidate/kernel",
            "embedding_attention_seq2seq/embedding_attention_decoder/embedding",
            decoder + "AttnW_0", decoder + "AttnV_0", decoder + "Attention_0/kernel",
            decoder + "AttnOutputProjection/kernel", decoder + "kernel",
            decoder + "output_projection_wrapper/kernel",
            decoder + "output_projection_wrapper/gru_cell/gates/kernel"} <= names
    assert graph["legacy_first"].shape == (3, 4)


def test_tf1_lstm_under_dynamic_rnn_matches_numpy(graph):
    outputs, c, h = basic_lstm_reference(graph["x"].astype(np.float64), graph["lengths"],
                                         graph["kernel"].astype(np.float64), graph["bias"].astype(np.float64))
    np.testing.assert_allclose(graph["encoder_outputs"], outputs, atol=1e-6, rtol=1e-5)
    np.testing.assert_allclose(graph["c"], c, atol=1e-6, rtol=1e-5)
    np.testing.assert_allclose(graph["h"], h, atol=1e-6, rtol=1e-5)
    assert np.all(graph["encoder_outputs"][1, 2:] == 0.0)  # past row 1's length of 2
