"""legacy_seq2seq.attention_decoder / embedding_attention_decoder against a numpy re-derivation.

Both heads, both ``initial_state_attention`` settings, ``output_size``, ``loop_function``, greedy
feed-back through an output projection; eagerly, in ``tf.function`` (also XLA) and in a v1 graph, where
the variable names must be TF 1.15's.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
import tensorflow as tf

from tests.runtime import legacy_seq2seq_reference as ref
from tf_seq2seq_migrate.runtime import legacy_seq2seq, rnn

BATCH, STEPS, INPUT, UNITS, LENGTH, ATTN, HEADS, OUT = 2, 3, 3, 5, 4, 6, 2, 7


def _inputs(seed=0):
    generator = np.random.default_rng(seed)
    inputs = [generator.normal(size=(BATCH, INPUT)).astype(np.float32) for _ in range(STEPS)]
    attention_states = generator.normal(size=(BATCH, LENGTH, ATTN)).astype(np.float32)
    c, h = (generator.normal(size=(BATCH, UNITS)).astype(np.float32) for _ in range(2))
    return inputs, attention_states, (c, h)


def _shrink(prev, _):
    """A loop_function: feed back the first INPUT output units, halved."""
    return prev[:, :INPUT] * 0.5


def _expected(weights, cell_prefix, scope, inputs, attention_states, state, initial_state_attention,
              loop_function):
    step = functools.partial(ref.lstm_step, weights, cell_prefix)
    return ref.attention_decoder(weights, scope, step, inputs, state, attention_states, HEADS,
                                 initial_state_attention=initial_state_attention, loop_function=loop_function)


def _build(inputs, attention_states, state, initial_state_attention, loop_function):
    cell = rnn.BasicLSTMCell(UNITS)
    outputs, final = legacy_seq2seq.attention_decoder(
        inputs, rnn.LSTMStateTuple(*state), attention_states, cell, output_size=OUT, num_heads=HEADS,
        loop_function=loop_function, initial_state_attention=initial_state_attention)
    return cell, outputs, final


EXPECTED_GRAPH_NAMES = sorted([
    "attention_decoder/AttnW_0", "attention_decoder/AttnV_0", "attention_decoder/AttnW_1",
    "attention_decoder/AttnV_1", "attention_decoder/kernel", "attention_decoder/bias",
    "attention_decoder/basic_lstm_cell/kernel", "attention_decoder/basic_lstm_cell/bias",
    "attention_decoder/Attention_0/kernel", "attention_decoder/Attention_0/bias",
    "attention_decoder/Attention_1/kernel", "attention_decoder/Attention_1/bias",
    "attention_decoder/AttnOutputProjection/kernel", "attention_decoder/AttnOutputProjection/bias",
])


@pytest.mark.parametrize("initial_state_attention", [False, True])
@pytest.mark.parametrize("loop_function", [None, _shrink], ids=["inputs", "loop_function"])
def test_attention_decoder_graph_matches_numpy_and_tf1_names(initial_state_attention, loop_function):
    inputs, attention_states, state = _inputs()
    with tf.Graph().as_default():
        _, outputs, final = _build([tf.constant(x) for x in inputs], tf.constant(attention_states), state,
                                   initial_state_attention, loop_function)
        names = sorted(ref.graph_variables())
        assert names == EXPECTED_GRAPH_NAMES
        shapes = {name: tuple(v.shape.as_list()) for name, v in ref.graph_variables().items()}
        assert shapes["attention_decoder/AttnW_0"] == (1, 1, ATTN, ATTN)
        assert shapes["attention_decoder/kernel"] == (INPUT + HEADS * ATTN, INPUT)
        assert shapes["attention_decoder/Attention_1/kernel"] == (2 * UNITS, ATTN)
        assert shapes["attention_decoder/AttnOutputProjection/kernel"] == (UNITS + HEADS * ATTN, OUT)
        weights = ref.random_like(shapes, seed=1)
        with tf.compat.v1.Session() as session:
            ref.load_graph_weights(session, weights)
            got_outputs, got_final = session.run((outputs, final))
    expected_outputs, expected_final = _expected(weights, "attention_decoder/basic_lstm_cell", "attention_decoder",
                                                 inputs, attention_states, state, initial_state_attention,
                                                 loop_function)
    assert len(got_outputs) == STEPS
    for got, expected in zip(got_outputs, expected_outputs):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_final.c, expected_final[0], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_final.h, expected_final[1], rtol=1e-5, atol=1e-5)


def _eager_setup(initial_state_attention=False, loop_function=None):
    """Build eagerly in a fresh store and give every weight random values; returns what numpy needs."""
    inputs, attention_states, state = _inputs(2)
    store = legacy_seq2seq.LegacyVariableStore()
    with store.as_default():
        cell, _, _ = _build(inputs, attention_states, state, initial_state_attention, loop_function)
    mapping = ref.eager_variable_map(store.weights, cell.weights)
    assert len(mapping) == len(EXPECTED_GRAPH_NAMES)
    weights = ref.random_like({name: tuple(v.shape) for name, v in mapping.items()}, seed=3)
    ref.assign_eager(mapping, weights)
    return store, cell, weights, inputs, attention_states, state


@pytest.mark.parametrize("initial_state_attention", [False, True])
def test_attention_decoder_eager_matches_numpy_and_reuses_weights(initial_state_attention):
    store, cell, weights, inputs, attention_states, state = _eager_setup(initial_state_attention, _shrink)
    assert sorted(store.tf1_variables) == [n for n in EXPECTED_GRAPH_NAMES if "basic_lstm_cell" not in n]
    with store.as_default():
        outputs, final = legacy_seq2seq.attention_decoder(
            inputs, rnn.LSTMStateTuple(*state), attention_states, cell, output_size=OUT, num_heads=HEADS,
            loop_function=_shrink, initial_state_attention=initial_state_attention)
    # A second call shares every weight instead of creating new ones.
    assert len(store.weights) == len(EXPECTED_GRAPH_NAMES) - 2
    expected_outputs, expected_final = _expected(weights, cell.tf1_scope_name, "attention_decoder", inputs,
                                                 attention_states, state, initial_state_attention, _shrink)
    for got, expected in zip(outputs, expected_outputs):
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(final.h.numpy(), expected_final[1], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("jit_compile", [False, True])
def test_attention_decoder_in_tf_function_matches_eager(jit_compile):
    store, cell, weights, inputs, attention_states, state = _eager_setup()

    def decode(xs, memory):
        with store.as_default():
            outputs, _ = legacy_seq2seq.attention_decoder(xs, rnn.LSTMStateTuple(*state), memory, cell,
                                                          output_size=OUT, num_heads=HEADS)
        return tf.stack(outputs)

    eager = decode(inputs, attention_states).numpy()
    traced = tf.function(decode, jit_compile=jit_compile)(inputs, tf.constant(attention_states)).numpy()
    np.testing.assert_allclose(traced, eager, rtol=1e-5, atol=1e-5)
    expected, _ = _expected(weights, cell.tf1_scope_name, "attention_decoder", inputs, attention_states, state,
                            False, None)
    np.testing.assert_allclose(eager, np.stack(expected), rtol=1e-5, atol=1e-5)


SYMBOLS, EMBED = 9, 3


@pytest.mark.parametrize("feed_previous", [False, True])
def test_embedding_attention_decoder_greedy_feedback_through_projection(feed_previous):
    """feed_previous: input i > 0 is embedding[argmax(output[i-1] @ W + B)] (numpy re-derivation)."""
    generator = np.random.default_rng(5)
    ids = [generator.integers(0, SYMBOLS, size=BATCH).astype(np.int32) for _ in range(STEPS)]
    _, attention_states, state = _inputs(4)
    proj_w = generator.normal(size=(OUT, SYMBOLS)).astype(np.float32)
    proj_b = generator.normal(size=(SYMBOLS,)).astype(np.float32)
    with tf.Graph().as_default():
        cell = rnn.BasicLSTMCell(UNITS)
        outputs, _ = legacy_seq2seq.embedding_attention_decoder(
            [tf.constant(i) for i in ids], rnn.LSTMStateTuple(*state), tf.constant(attention_states), cell,
            SYMBOLS, EMBED, num_heads=HEADS, output_size=OUT, output_projection=(proj_w, proj_b),
            feed_previous=feed_previous)
        names = sorted(ref.graph_variables())
        assert names == sorted(["embedding_attention_decoder/embedding"] + [
            "embedding_attention_decoder/" + name for name in EXPECTED_GRAPH_NAMES])
        shapes = {name: tuple(v.shape.as_list()) for name, v in ref.graph_variables().items()}
        weights = ref.random_like(shapes, seed=6)
        with tf.compat.v1.Session() as session:
            ref.load_graph_weights(session, weights)
            got = session.run(outputs)

    embedding = weights["embedding_attention_decoder/embedding"]

    def greedy(prev, _):
        return embedding[np.argmax(prev @ proj_w + proj_b, axis=1)]

    scope = "embedding_attention_decoder/attention_decoder"
    expected, _ = _expected(weights, f"{scope}/basic_lstm_cell", scope, [embedding[i] for i in ids],
                            attention_states, state, False, greedy if feed_previous else None)
    for got_step, expected_step in zip(got, expected):
        np.testing.assert_allclose(got_step, expected_step, rtol=1e-5, atol=1e-5)


def test_attention_decoder_errors_are_tf1s():
    inputs, attention_states, state = _inputs()
    cell = rnn.BasicLSTMCell(UNITS)
    with pytest.raises(ValueError, match=r"^Must provide at least 1 input to attention decoder\.$"):
        legacy_seq2seq.attention_decoder([], state, attention_states, cell)
    with pytest.raises(ValueError, match=r"^With less than 1 heads, use a non-attention decoder\.$"):
        legacy_seq2seq.attention_decoder(inputs, state, attention_states, cell, num_heads=0)
    with tf.Graph().as_default():
        unknown = tf.compat.v1.placeholder(tf.float32, [None, LENGTH, None])
        with pytest.raises(ValueError, match=r"^Shape\[2\] of attention_states must be known: "):
            legacy_seq2seq.attention_decoder(inputs, state, unknown, cell)
