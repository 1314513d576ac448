"""legacy_seq2seq models vs the same models assembled from TF1's real pieces in a TF1 process.

tf_keras (``TF_USE_LEGACY_KERAS=1``) has no legacy_seq2seq, but it has TF1's real cells, ``static_rnn``,
``variable_scope`` and layer scoping. The reference process assembles ``basic_rnn_seq2seq`` and
``embedding_rnn_seq2seq`` from those, following TF 1.15's scopes, with two minimal wrapper cells whose
class names give TF1's ``embedding_wrapper`` / ``output_projection_wrapper`` scopes. The variable names
TF1's machinery creates there must equal the runtime's, and the outputs must match with equal weights.
One subprocess serves the whole module.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tests.runtime import legacy_seq2seq_reference as ref
from tests.tf1_reference import WEIGHTS_PREFIX, run_tf1
from tf_seq2seq_migrate.runtime import legacy_seq2seq, rnn

BATCH, STEPS, DEPTH, UNITS, ENC_SYMBOLS, DEC_SYMBOLS, EMBED = 2, 3, 4, 5, 7, 8, 3

_rng = np.random.default_rng(11)
INPUTS = {
    "enc_vectors": _rng.normal(size=(STEPS, BATCH, DEPTH)).astype(np.float32),
    "dec_vectors": _rng.normal(size=(STEPS, BATCH, DEPTH)).astype(np.float32),
    "enc_ids": _rng.integers(0, ENC_SYMBOLS, size=(STEPS, BATCH)).astype(np.int32),
    "dec_ids": _rng.integers(0, DEC_SYMBOLS, size=(STEPS, BATCH)).astype(np.int32),
}

MODELS = {
    "basic": lambda cell: legacy_seq2seq.basic_rnn_seq2seq(list(INPUTS["enc_vectors"]), list(INPUTS["dec_vectors"]),
                                                           cell),
    "embedding": lambda cell: legacy_seq2seq.embedding_rnn_seq2seq(
        list(INPUTS["enc_ids"]), list(INPUTS["dec_ids"]), cell, ENC_SYMBOLS, DEC_SYMBOLS, EMBED),
    "embedding_feed_previous": lambda cell: legacy_seq2seq.embedding_rnn_seq2seq(
        list(INPUTS["enc_ids"]), list(INPUTS["dec_ids"]), cell, ENC_SYMBOLS, DEC_SYMBOLS, EMBED,
        feed_previous=True),
}

TF1_SNIPPET = '''
rnn_cell = tf.compat.v1.nn.rnn_cell
vs = tf.compat.v1.variable_scope
U, ENC, DEC, E = {units}, {enc}, {dec}, {embed}


class EmbeddingWrapper(rnn_cell.RNNCell):
    def __init__(self, cell, classes, size):
        super().__init__()
        self._cell, self._classes, self._size = cell, classes, size
    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._cell.output_size)
    def call(self, inputs, state):
        embedding = tf.compat.v1.get_variable("embedding", [self._classes, self._size], dtype=tf.float32)
        return self._cell(tf.nn.embedding_lookup(embedding, tf.reshape(inputs, [-1])), state)


class OutputProjectionWrapper(rnn_cell.RNNCell):
    def __init__(self, cell, size):
        super().__init__()
        self._cell, self._size = cell, size
    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._size)
    def call(self, inputs, state):
        output, new_state = self._cell(inputs, state)
        kernel = tf.compat.v1.get_variable("kernel", [output.shape[1], self._size])
        bias = tf.compat.v1.get_variable("bias", [self._size])
        return tf.matmul(output, kernel) + bias, new_state


def steps(name):
    return [tf.constant(step) for step in inputs[name]]


def decode(cell, inputs, state, loop_function=None):
    outputs = []
    with vs("rnn_decoder"):
        for i, inp in enumerate(inputs):
            if loop_function is not None and outputs:
                inp = loop_function(outputs[-1])
            if i > 0:
                tf.compat.v1.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
    return outputs, state


def basic():
    with vs("basic_rnn_seq2seq"):
        _, state = tf.compat.v1.nn.static_rnn(rnn_cell.BasicLSTMCell(U), steps("enc_vectors"),
                                              dtype=tf.float32)
        return decode(rnn_cell.BasicLSTMCell(U), steps("dec_vectors"), state)


def embedding(feed_previous):
    with vs("embedding_rnn_seq2seq"):
        encoder = EmbeddingWrapper(rnn_cell.BasicLSTMCell(U), ENC, E)
        _, state = tf.compat.v1.nn.static_rnn(encoder, steps("enc_ids"), dtype=tf.float32)
        cell = OutputProjectionWrapper(rnn_cell.BasicLSTMCell(U), DEC)
        with vs("embedding_rnn_decoder"):
            table = tf.compat.v1.get_variable("embedding", [DEC, E])
            greedy = (lambda prev: tf.nn.embedding_lookup(table, tf.argmax(prev, 1))) if feed_previous else None
            return decode(cell, [tf.nn.embedding_lookup(table, i) for i in steps("dec_ids")], state, greedy)


for key, build in (("basic", basic), ("embedding", lambda: embedding(False)),
                   ("embedding_feed_previous", lambda: embedding(True))):
    with tf.Graph().as_default():
        outputs_list, state = build()
        outputs[key + "/names"] = variable_names()
        mine = {{name[len(key) + 1:]: value for name, value in weights.items() if name.startswith(key + "/")}}
        with tf.compat.v1.Session() as sess:
            assign_by_name(sess, mine)
            got_outputs, got_state = sess.run((outputs_list, state))
        outputs[key + "/outputs"] = np.stack(got_outputs)
        outputs[key + "/c"], outputs[key + "/h"] = got_state
'''.format(units=UNITS, enc=ENC_SYMBOLS, dec=DEC_SYMBOLS, embed=EMBED)


def _runtime_graph(key):
    with tf.Graph().as_default():
        outputs, state = MODELS[key](rnn.BasicLSTMCell(UNITS))
        variables = ref.graph_variables()
        shapes = {name: tuple(v.shape.as_list()) for name, v in variables.items()}
        weights = ref.random_like(shapes, seed=len(key))
        with tf.compat.v1.Session() as session:
            ref.load_graph_weights(session, weights)
            got_outputs, got_state = session.run((outputs, state))
    return weights, np.stack(got_outputs), got_state


@pytest.fixture(scope="module")
def results():
    runtime = {key: _runtime_graph(key) for key in MODELS}
    payload = dict(INPUTS)
    for key, (weights, _, _) in runtime.items():
        payload.update({f"{WEIGHTS_PREFIX}{key}/{name}": value for name, value in weights.items()})
    return runtime, run_tf1(TF1_SNIPPET, payload)


@pytest.mark.parametrize("key", list(MODELS))
def test_variable_names_equal_the_ones_tf1s_machinery_creates(results, key):
    runtime, tf1 = results
    assert sorted(runtime[key][0]) == list(tf1[f"{key}/names"])


@pytest.mark.parametrize("key", list(MODELS))
def test_graph_outputs_match_tf1(results, key):
    runtime, tf1 = results
    _, outputs, state = runtime[key]
    np.testing.assert_allclose(outputs, tf1[f"{key}/outputs"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(state.c, tf1[f"{key}/c"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(state.h, tf1[f"{key}/h"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("key", list(MODELS))
def test_eager_outputs_match_tf1(results, key):
    runtime, tf1 = results
    weights = runtime[key][0]
    store = legacy_seq2seq.LegacyVariableStore()
    cell = rnn.BasicLSTMCell(UNITS)
    with store.as_default():
        MODELS[key](cell)
        ref.assign_eager(ref.eager_variable_map(store.weights, cell.weights), weights)
        outputs, state = MODELS[key](cell)
    np.testing.assert_allclose(np.stack(outputs), tf1[f"{key}/outputs"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(state.h.numpy(), tf1[f"{key}/h"], rtol=1e-5, atol=1e-5)
