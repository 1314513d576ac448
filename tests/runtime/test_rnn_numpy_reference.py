"""Numpy re-derivations of single cell steps, from the TF1 formulas.

Covers the cells with no TF1 reference in TF 2.21 (contrib's LayerNormBasicLSTMCell and the core_rnn_cell
wrappers) plus one LSTMCell (peepholes, clipping, projection) and one GRUCell step written out by hand.
TF1 variable names for the contrib cells come from TF 1.15's contrib source.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_eager_weights, random_weights
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_name

BATCH, DEPTH = 3, 4


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def run_step(cell, x, state, seed=0):
    """Build ``cell`` eagerly under ``rnn``, load seeded weights by TF1 name, run one step."""
    with tf.compat.v1.variable_scope("rnn"):
        cell(tf.constant(x), state)
        shapes = {tf1_name(v): tuple(v.shape) for v in cell.weights}
        weights = random_weights(shapes, seed)
        assign_eager_weights(cell.weights, weights)
        output, new_state = cell(tf.constant(x), state)
    return output.numpy(), tf.nest.map_structure(np.asarray, new_state), weights


@pytest.fixture
def x():
    return np.random.default_rng(1).normal(size=(BATCH, DEPTH)).astype(np.float32)


def test_lstm_cell_step_with_peepholes_clip_and_projection(x):
    units, proj = 5, 3
    cell = rnn.LSTMCell(units, use_peepholes=True, cell_clip=0.4, num_proj=proj, proj_clip=0.25, forget_bias=0.8)
    generator = np.random.default_rng(2)
    c0 = generator.normal(size=(BATCH, units)).astype(np.float32)
    h0 = generator.normal(size=(BATCH, proj)).astype(np.float32)
    output, (c1, h1), w = run_step(cell, x, rnn.LSTMStateTuple(tf.constant(c0), tf.constant(h0)))
    scope = "rnn/lstm_cell/"
    gates = np.concatenate([x, h0], 1) @ w[scope + "kernel"] + w[scope + "bias"]
    i, j, f, o = np.split(gates, 4, axis=1)
    c = sigmoid(f + 0.8 + w[scope + "w_f_diag"] * c0) * c0 + sigmoid(i + w[scope + "w_i_diag"] * c0) * np.tanh(j)
    c = np.clip(c, -0.4, 0.4)
    m = sigmoid(o + w[scope + "w_o_diag"] * c) * np.tanh(c)
    m = np.clip(m @ w[scope + "projection/kernel"], -0.25, 0.25)
    np.testing.assert_allclose(c1, c, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(h1, m, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(output, m, rtol=1e-6, atol=1e-6)


def test_gru_cell_step(x):
    units = 5
    cell = rnn.GRUCell(units)
    h0 = np.random.default_rng(3).normal(size=(BATCH, units)).astype(np.float32)
    output, h1, w = run_step(cell, x, tf.constant(h0))
    scope = "rnn/gru_cell/"
    r, u = np.split(sigmoid(np.concatenate([x, h0], 1) @ w[scope + "gates/kernel"] + w[scope + "gates/bias"]), 2, 1)
    candidate = np.tanh(np.concatenate([x, r * h0], 1) @ w[scope + "candidate/kernel"] + w[scope + "candidate/bias"])
    expected = u * h0 + (1 - u) * candidate
    np.testing.assert_allclose(h1, expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(output, expected, rtol=1e-6, atol=1e-6)


def _layer_norm(values, gamma, beta):
    mean = values.mean(axis=1, keepdims=True)
    variance = values.var(axis=1, keepdims=True)
    return (values - mean) / np.sqrt(variance + 1e-12) * gamma + beta


@pytest.mark.parametrize("layer_norm", [True, False])
def test_layer_norm_basic_lstm_cell_step(x, layer_norm):
    units = 4
    cell = rnn.LayerNormBasicLSTMCell(units, forget_bias=0.6, layer_norm=layer_norm)
    generator = np.random.default_rng(4)
    c0, h0 = (generator.normal(size=(BATCH, units)).astype(np.float32) for _ in range(2))
    output, (c1, h1), w = run_step(cell, x, rnn.LSTMStateTuple(tf.constant(c0), tf.constant(h0)))
    scope = "rnn/layer_norm_basic_lstm_cell/"
    parts = ("input", "transform", "forget", "output", "state")
    expected_names = {scope + "kernel"} | (
        {f"{scope}{p}/{v}" for p in parts for v in ("gamma", "beta")} if layer_norm else {scope + "bias"})
    assert set(w) == expected_names
    gates = np.concatenate([x, h0], 1) @ w[scope + "kernel"]
    if not layer_norm:
        gates = gates + w[scope + "bias"]
    i, j, f, o = np.split(gates, 4, axis=1)

    def norm(values, part):
        return _layer_norm(values, w[f"{scope}{part}/gamma"], w[f"{scope}{part}/beta"]) if layer_norm else values

    i, j, f, o = norm(i, "input"), norm(j, "transform"), norm(f, "forget"), norm(o, "output")
    c = norm(c0 * sigmoid(f + 0.6) + sigmoid(i) * np.tanh(j), "state")
    h = np.tanh(c) * sigmoid(o)
    np.testing.assert_allclose(c1, c, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(h1, h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(output, h, rtol=1e-5, atol=1e-5)


def test_layer_norm_initial_gain_and_shift():
    cell = rnn.LayerNormBasicLSTMCell(3, norm_gain=0.5, norm_shift=0.25)
    cell(tf.ones([2, 2]), cell.zero_state(2, tf.float32))
    values = {tf1_name(v).split("layer_norm_basic_lstm_cell/")[1]: v.numpy() for v in cell.weights}
    np.testing.assert_array_equal(values["forget/gamma"], np.full(3, 0.5, np.float32))
    np.testing.assert_array_equal(values["state/beta"], np.full(3, 0.25, np.float32))


def test_output_projection_wrapper_step(x):
    cell = rnn.OutputProjectionWrapper(rnn.BasicRNNCell(3), 6, activation=tf.nn.relu)
    h0 = np.random.default_rng(5).normal(size=(BATCH, 3)).astype(np.float32)
    output, h1, w = run_step(cell, x, tf.constant(h0))
    scope = "rnn/output_projection_wrapper/"
    assert set(w) == {scope + "kernel", scope + "bias", scope + "basic_rnn_cell/kernel", scope + "basic_rnn_cell/bias"}
    inner = np.tanh(np.concatenate([x, h0], 1) @ w[scope + "basic_rnn_cell/kernel"] + w[scope + "basic_rnn_cell/bias"])
    np.testing.assert_allclose(h1, inner, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(output, np.maximum(inner @ w[scope + "kernel"] + w[scope + "bias"], 0), rtol=1e-6,
                               atol=1e-6)
    assert cell.output_size == 6 and cell.state_size == 3


def test_input_projection_wrapper_step(x):
    cell = rnn.InputProjectionWrapper(rnn.BasicRNNCell(3), num_proj=2, activation=tf.tanh)
    h0 = np.random.default_rng(6).normal(size=(BATCH, 3)).astype(np.float32)
    output, _, w = run_step(cell, x, tf.constant(h0))
    scope = "rnn/input_projection_wrapper/"
    projected = np.tanh(x @ w[scope + "kernel"] + w[scope + "bias"])
    inner = np.tanh(np.concatenate([projected, h0], 1) @ w[scope + "basic_rnn_cell/kernel"]
                    + w[scope + "basic_rnn_cell/bias"])
    np.testing.assert_allclose(output, inner, rtol=1e-6, atol=1e-6)


def test_embedding_wrapper_step():
    cell = rnn.EmbeddingWrapper(rnn.GRUCell(3), embedding_classes=7, embedding_size=2)
    ids = np.array([[4], [0], [6]], dtype=np.int32)
    h0 = np.zeros((3, 3), np.float32)
    output, _, w = run_step(cell, ids, tf.constant(h0))
    scope = "rnn/embedding_wrapper/"
    embedded = w[scope + "embedding"][ids[:, 0]]
    gate_scope = scope + "gru_cell/"
    r, u = np.split(sigmoid(np.concatenate([embedded, h0], 1) @ w[gate_scope + "gates/kernel"]
                            + w[gate_scope + "gates/bias"]), 2, 1)
    candidate = np.tanh(np.concatenate([embedded, r * h0], 1) @ w[gate_scope + "candidate/kernel"]
                        + w[gate_scope + "candidate/bias"])
    np.testing.assert_allclose(output, (1 - u) * candidate, rtol=1e-6, atol=1e-6)


def test_embedding_default_initializer_has_unit_variance_range():
    cell = rnn.EmbeddingWrapper(rnn.GRUCell(2), embedding_classes=400, embedding_size=5)
    cell(tf.zeros([1, 1], tf.int32), cell.zero_state(1, tf.float32))
    embedding = [v for v in cell.weights if tf1_name(v).endswith("embedding")][0].numpy()
    assert np.abs(embedding).max() <= np.sqrt(3) and np.abs(embedding).max() > 1.5
