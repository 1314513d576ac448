"""One model, four execution modes; Keras 3 cells accepted; user subclasses of RNNCell.

The same bidirectional model gives identical numbers eagerly, in ``tf.function``, with
``jit_compile=True`` and in a v1 graph session (weights moved by TF1 name). Keras cells are checked against
Keras's own ``keras.layers.RNN``; a TF1-style user cell is checked against TF1 itself (subprocess).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_graph_weights, random_weights
from tf1_reference import run_tf1
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map

LENGTHS = np.array([4, 1, 3], dtype=np.int32)


def _inputs():
    return np.random.default_rng(11).normal(size=(3, 4, 5)).astype(np.float32)


def _build_cells():
    cell_fw = rnn.MultiRNNCell([rnn.LSTMCell(4, use_peepholes=True, num_proj=3), rnn.GRUCell(3)])
    cell_bw = rnn.LayerNormBasicLSTMCell(3)
    return cell_fw, cell_bw


def _model(cell_fw, cell_bw, x):
    (out_fw, out_bw), (state_fw, state_bw) = rnn.bidirectional_dynamic_rnn(
        cell_fw, cell_bw, x, sequence_length=LENGTHS, dtype=tf.float32)
    return [out_fw, out_bw] + tf.nest.flatten(state_fw) + tf.nest.flatten(state_bw)


@pytest.fixture(scope="module")
def eager_run():
    cell_fw, cell_bw = _build_cells()
    x = tf.constant(_inputs())
    _model(cell_fw, cell_bw, x)  # build
    mapping = tf1_variable_map(cell_fw.weights + cell_bw.weights)
    weights = random_weights({name: tuple(v.shape) for name, v in mapping.items()}, seed=3)
    for name, variable in mapping.items():
        variable.assign(weights[name])
    return cell_fw, cell_bw, weights, [t.numpy() for t in _model(cell_fw, cell_bw, x)]


def test_variable_names_are_tf1_names(eager_run):
    _, _, weights, _ = eager_run
    assert "bidirectional_rnn/fw/multi_rnn_cell/cell_0/lstm_cell/w_f_diag" in weights
    assert "bidirectional_rnn/bw/layer_norm_basic_lstm_cell/state/gamma" in weights


@pytest.mark.parametrize("jit_compile", [False, True])
def test_tf_function_matches_eager(eager_run, jit_compile):
    cell_fw, cell_bw, _, expected = eager_run
    compiled = tf.function(lambda x: _model(cell_fw, cell_bw, x), jit_compile=jit_compile)
    for got, want in zip(compiled(tf.constant(_inputs())), expected):
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-6, atol=1e-6)


def test_tf_function_builds_fresh_cells_inside_the_function():
    cell_fw, cell_bw = _build_cells()
    outputs = tf.function(lambda x: _model(cell_fw, cell_bw, x))(tf.constant(_inputs()))
    assert outputs[0].shape == (3, 4, 3)
    assert len(cell_fw.weights) == 10 and len(cell_bw.weights) == 11


def test_v1_graph_session_matches_eager(eager_run):
    _, _, weights, expected = eager_run
    with tf.Graph().as_default():
        cell_fw, cell_bw = _build_cells()
        placeholder = tf.compat.v1.placeholder(tf.float32, [None, None, 5])
        outputs = _model(cell_fw, cell_bw, placeholder)
        names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assign_graph_weights(sess, weights)
            values = sess.run(outputs, {placeholder: _inputs()})
    assert names == sorted(weights)
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


# -- Keras 3 cells ----------------------------------------------------------------------------------
@pytest.mark.parametrize("make_cell", [
    lambda: keras.layers.LSTMCell(3),
    lambda: keras.layers.GRUCell(3),
    lambda: keras.layers.SimpleRNNCell(3),
    lambda: keras.layers.StackedRNNCells([keras.layers.LSTMCell(3), keras.layers.GRUCell(2)]),
], ids=["lstm", "gru", "simple", "stacked"])
def test_keras_cell_in_dynamic_rnn_matches_keras_rnn_layer(make_cell):
    x = tf.constant(_inputs())
    cell = make_cell()
    outputs, state = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    expected = keras.layers.RNN(cell, return_sequences=True, return_state=True)(x)
    np.testing.assert_allclose(outputs.numpy(), expected[0].numpy(), rtol=1e-6, atol=1e-6)
    for got, want in zip(tf.nest.flatten(state), tf.nest.flatten(expected[1:])):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6, atol=1e-6)


def test_keras_cells_inside_multi_rnn_cell_and_wrappers_all_modes():
    x = _inputs()
    keras_lstm = keras.layers.LSTMCell(4)
    cell = rnn.MultiRNNCell([rnn.DropoutWrapper(keras_lstm), rnn.ResidualWrapper(keras.layers.GRUCell(4))])
    outputs, state = rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=LENGTHS, dtype=tf.float32)
    assert isinstance(state[0], tuple) and len(state[0]) == 2
    np.testing.assert_array_equal(outputs.numpy()[1, 1:], 0.0)
    compiled = tf.function(lambda t: rnn.dynamic_rnn(cell, t, sequence_length=LENGTHS, dtype=tf.float32)[0],
                           jit_compile=True)
    np.testing.assert_allclose(compiled(tf.constant(x)).numpy(), outputs.numpy(), rtol=1e-6, atol=1e-6)
    # Layer 0 alone, by hand: the keras cell driven step by step equals the runtime's first layer.
    h = [tf.zeros([3, 4]), tf.zeros([3, 4])]
    for t in range(LENGTHS[0]):
        first_layer_out, h = keras_lstm(tf.constant(x[:, t]), h)
    residual_in = first_layer_out
    assert residual_in.shape == (3, 4)
    with tf.Graph().as_default():
        graph_cell = rnn.MultiRNNCell([keras.layers.LSTMCell(4), rnn.GRUCell(2)])
        graph_out, _ = rnn.dynamic_rnn(graph_cell, tf.constant(x), sequence_length=LENGTHS, dtype=tf.float32)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assert sess.run(graph_out).shape == (3, 4, 2)


# -- user subclasses --------------------------------------------------------------------------------
USER_CELL_SOURCE = """
class ScaledGRU(rnn_cell.RNNCell):
    '''A user cell in TF1 style: a weight from add_variable in build, a sub-cell used in call.'''

    def __init__(self, units, scale, name=None):
        super().__init__(name=name)
        self._units = units
        self._scale = scale
        self._inner = rnn_cell.GRUCell(units)

    @property
    def state_size(self):
        return self._units

    @property
    def output_size(self):
        return self._units

    def build(self, inputs_shape):
        self._gain = self.add_variable("gain", shape=[self._units],
                                       initializer=tf.compat.v1.constant_initializer(1.0))
        self.built = True

    def call(self, inputs, state):
        output, new_state = self._inner(inputs, state)
        return output * self._gain * self._scale, new_state


class Accumulator(rnn_cell.RNNCell):
    '''No weights at all: state accumulates the inputs.'''

    @property
    def state_size(self):
        return 5

    @property
    def output_size(self):
        return 5

    def call(self, inputs, state):
        return inputs + state, inputs + state


def build(x, lengths):
    with tf.compat.v1.variable_scope("encoder"):
        out1, state1 = rnn_fn(ScaledGRU(3, 0.5), x, sequence_length=lengths, dtype=tf.float32)
    out2, state2 = rnn_fn(Accumulator(), x, sequence_length=lengths, dtype=tf.float32)
    return [out1, state1, out2, state2]
"""

_TF1_USER_SNIPPET = """
namespace = dict(tf=tf, rnn_cell=tf.compat.v1.nn.rnn_cell, rnn_fn=tf.compat.v1.nn.dynamic_rnn)
exec(inputs["source"].item(), namespace)
with tf.Graph().as_default():
    results = namespace["build"](tf.constant(inputs["x"]), tf.constant(inputs["lengths"]))
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        assign_by_name(sess, weights)
        for i, value in enumerate(sess.run(results)):
            outputs[f"out{i}"] = value
    outputs["names"] = variable_names()
"""


def test_user_subclass_of_rnn_cell_matches_tf1():
    namespace = dict(tf=tf, rnn_cell=rnn, rnn_fn=rnn.dynamic_rnn)
    exec(USER_CELL_SOURCE, namespace)
    x = _inputs()
    with tf.Graph().as_default():
        results = namespace["build"](tf.constant(x), tf.constant(LENGTHS))
        shapes = {v.name[:-2]: tuple(v.shape.as_list()) for v in tf.compat.v1.global_variables()}
        weights = random_weights(shapes, seed=21)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assign_graph_weights(sess, weights)
            values = sess.run(results)
    payload = {"x": x, "lengths": LENGTHS, "source": np.array(USER_CELL_SOURCE)}
    payload.update({f"weights/{name}": value for name, value in weights.items()})
    reference = run_tf1(_TF1_USER_SNIPPET, payload)
    assert sorted(shapes) == list(reference["names"])
    assert "encoder/rnn/scaled_gru/gain" in shapes and "encoder/rnn/scaled_gru/gru_cell/gates/kernel" in shapes
    for index, value in enumerate(values):
        np.testing.assert_allclose(value, reference[f"out{index}"], rtol=1e-6, atol=1e-6)

    # Eagerly the same user cell runs and names its weights the TF1 way.
    namespace_eager = dict(tf=tf, rnn_cell=rnn, rnn_fn=rnn.dynamic_rnn)
    exec(USER_CELL_SOURCE, namespace_eager)
    cell = namespace_eager["ScaledGRU"](3, 0.5)
    with tf.compat.v1.variable_scope("encoder"):
        rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=LENGTHS, dtype=tf.float32)
    mapping = tf1_variable_map(cell.weights)
    assert sorted(mapping) == sorted(name for name in shapes)
    for name, variable in mapping.items():
        variable.assign(weights[name])
    with tf.compat.v1.variable_scope("encoder"):
        eager_out, _ = rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=LENGTHS, dtype=tf.float32)
    np.testing.assert_allclose(eager_out.numpy(), reference["out0"], rtol=1e-6, atol=1e-6)
