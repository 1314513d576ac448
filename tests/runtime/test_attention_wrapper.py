"""AttentionWrapper: steps re-derived in numpy, state handling, TF1 names and mode parity.

The numpy reference re-derives TF 1.15's step: cell input ``concat(inputs, previous attention)``, the
cell, the query (cell output) scored against the memory keys, softmax (masked), context
``alignments @ values``, and the attention layer over ``concat(cell output, context)``.
"""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest
import tensorflow as tf

from runtime import attention_reference as ref
from tf_seq2seq_migrate.runtime import seq2seq
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map
from tf_seq2seq_migrate.runtime.layers import Dense
from tf_seq2seq_migrate.runtime.rnn import BasicLSTMCell, LSTMStateTuple

BATCH, TIME, MEMORY_DEPTH, INPUT_DEPTH, CELL_UNITS = 3, 5, 4, 2, 5
LENGTHS = [2, 5, 3]
ATOL = 1e-6


@pytest.fixture()
def rng():
    return np.random.default_rng(99)


def _unsuffixed(name):
    """Eager top-level scopes are made unique per process (``attention_wrapper_3``): drop that counter."""
    return re.sub(r"^([^/]+?)_\d+/", r"\1/", name)


def _randomize(layer, rng):
    """Give every weight a fresh random value (TF1 initial values would hide g, b and bias mistakes).

    Memory layers keep theirs (and are left out): eagerly the keys were computed from them at
    construction, as in TF1; tests read them from ``mechanism.memory_layer.kernel``.
    """
    values = {}
    for name, variable in tf1_variable_map(layer.trainable_variables).items():
        if "memory_layer" not in name:
            variable.assign(rng.normal(scale=0.5, size=variable.shape).astype(np.float32))
            values[_unsuffixed(name)] = variable.numpy().astype(np.float64)
    return values


def _value(values, suffix):
    matches = [value for name, value in values.items() if name.endswith(suffix)]
    assert len(matches) == 1, (suffix, sorted(values))
    return matches[0]


def _bahdanau_context(values, mechanism, query, memory, lengths, normalize):
    """(alignments, context) of the wrapper's (only) Bahdanau mechanism."""
    keys = ref.masked_values(memory, lengths) @ mechanism.memory_layer.kernel.numpy()
    scores = ref.bahdanau_scores(
        query, keys, _value(values, "bahdanau_attention/query_layer/kernel"),
        _value(values, "bahdanau_attention/attention_v"),
        g=_value(values, "bahdanau_attention/attention_g") if normalize else None,
        b=_value(values, "bahdanau_attention/attention_b") if normalize else None)
    alignments = ref.softmax(ref.mask_scores(scores, lengths))
    context = np.einsum("bt,btd->bd", alignments, ref.masked_values(memory, lengths))
    return alignments, context


def _step_inputs(rng, steps):
    memory = rng.normal(size=(BATCH, TIME, MEMORY_DEPTH)).astype(np.float32)
    inputs = rng.normal(size=(BATCH, steps, INPUT_DEPTH)).astype(np.float32)
    return memory, inputs


# -- one wrapper step re-derived in numpy ---------------------------------------------------------
def test_two_steps_with_basic_lstm_match_numpy(rng):
    memory, inputs = _step_inputs(rng, 2)
    mechanism = seq2seq.BahdanauAttention(6, memory, memory_sequence_length=LENGTHS, normalize=True)
    wrapper = seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS), mechanism, attention_layer_size=3)
    wrapper(inputs[:, 0], wrapper.zero_state(BATCH, tf.float32))  # creates the weights
    values = _randomize(wrapper, rng)

    state = wrapper.zero_state(BATCH, tf.float32)
    c = h = np.zeros((BATCH, CELL_UNITS))
    attention = np.zeros((BATCH, 3))
    for step in range(2):
        output, state = wrapper(inputs[:, step], state)
        cell_input = np.concatenate([inputs[:, step], attention], axis=1)
        h, c = ref.lstm_step(cell_input, c, h, _value(values, "attention_wrapper/basic_lstm_cell/kernel"),
                             _value(values, "attention_wrapper/basic_lstm_cell/bias"))
        alignments, context = _bahdanau_context(values, mechanism, h, memory, LENGTHS, normalize=True)
        attention = np.concatenate([h, context], axis=1) @ _value(values, "attention_wrapper/attention_layer/kernel")
        np.testing.assert_allclose(output.numpy(), attention, atol=ATOL)
        np.testing.assert_allclose(state.attention.numpy(), attention, atol=ATOL)
        np.testing.assert_allclose(state.alignments.numpy(), alignments, atol=ATOL)
        np.testing.assert_allclose(state.attention_state.numpy(), alignments, atol=ATOL)
        assert isinstance(state.cell_state, LSTMStateTuple)
        np.testing.assert_allclose(state.cell_state.c.numpy(), c, atol=ATOL)
        np.testing.assert_allclose(state.cell_state.h.numpy(), h, atol=ATOL)
        assert int(state.time) == step + 1
        assert state.alignment_history == ()
    assert wrapper.output_size == 3


def test_multiple_mechanisms_output_attention_false_and_alignment_history(rng):
    steps = 3
    memory, inputs = _step_inputs(rng, steps)
    bahdanau = seq2seq.BahdanauAttention(6, memory, memory_sequence_length=LENGTHS)
    luong = seq2seq.LuongAttention(CELL_UNITS, memory, scale=True)
    wrapper = seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS), [bahdanau, luong], attention_layer_size=[3, 2],
                                       alignment_history=True, output_attention=False)
    wrapper(inputs[:, 0], wrapper.zero_state(BATCH, tf.float32))
    values = _randomize(wrapper, rng)

    state = wrapper.zero_state(BATCH, tf.float32)
    assert wrapper.state_size.alignments == (TIME, TIME)
    assert wrapper.state_size.attention == 5 and wrapper.output_size == CELL_UNITS
    c = h = np.zeros((BATCH, CELL_UNITS))
    attention = np.zeros((BATCH, 5))
    history = ([], [])
    bahdanau_keys = ref.masked_values(memory, LENGTHS) @ bahdanau.memory_layer.kernel.numpy()
    luong_keys = memory @ luong.memory_layer.kernel.numpy()
    for step in range(steps):
        output, state = wrapper(inputs[:, step], state)
        h, c = ref.lstm_step(np.concatenate([inputs[:, step], attention], axis=1), c, h,
                             _value(values, "basic_lstm_cell/kernel"), _value(values, "basic_lstm_cell/bias"))
        bahdanau_alignments = ref.softmax(ref.mask_scores(ref.bahdanau_scores(
            h, bahdanau_keys, _value(values, "bahdanau_attention/query_layer/kernel"),
            _value(values, "bahdanau_attention/attention_v")), LENGTHS))
        luong_alignments = ref.softmax(ref.luong_scores(h, luong_keys, g=_value(values, "attention_g")))
        bahdanau_context = np.einsum("bt,btd->bd", bahdanau_alignments, ref.masked_values(memory, LENGTHS))
        luong_context = np.einsum("bt,btd->bd", luong_alignments, memory)
        attention = np.concatenate([
            np.concatenate([h, bahdanau_context], 1) @ _value(values, "attention_wrapper/attention_layer/kernel"),
            np.concatenate([h, luong_context], 1) @ _value(values, "attention_wrapper/attention_layer_1/kernel"),
        ], axis=1)
        history[0].append(bahdanau_alignments)
        history[1].append(luong_alignments)
        np.testing.assert_allclose(output.numpy(), h, atol=ATOL)  # output_attention=False: the cell output
        np.testing.assert_allclose(state.attention.numpy(), attention, atol=ATOL)
        np.testing.assert_allclose(state.alignments[0].numpy(), bahdanau_alignments, atol=ATOL)
        np.testing.assert_allclose(state.alignments[1].numpy(), luong_alignments, atol=ATOL)
    for stored, expected in zip(state.alignment_history, history):
        np.testing.assert_allclose(stored.stack().numpy(), np.stack(expected), atol=ATOL)  # time-major


def test_keras_cell_without_attention_layer_and_luong_monotonic(rng):
    memory, inputs = _step_inputs(rng, 2)
    keras_cell = keras.layers.LSTMCell(MEMORY_DEPTH)
    mechanism = seq2seq.LuongMonotonicAttention(MEMORY_DEPTH, memory, mode="recursive", score_bias_init=0.2)
    wrapper = seq2seq.AttentionWrapper(keras_cell, mechanism)
    assert wrapper.output_size == MEMORY_DEPTH  # no attention layer: the context is the attention
    state = wrapper.zero_state(BATCH, tf.float32)
    np.testing.assert_array_equal(state.alignments.numpy(), np.eye(TIME)[[0, 0, 0]])
    memory_kernel = mechanism.memory_layer.kernel.numpy()
    h = c = np.zeros((BATCH, MEMORY_DEPTH))
    attention = np.zeros((BATCH, MEMORY_DEPTH))
    previous = np.eye(TIME)[[0, 0, 0]]
    for step in range(2):
        output, state = wrapper(inputs[:, step], state)
        if step == 0:
            kernel, recurrent, bias = (w.numpy().astype(np.float64) for w in keras_cell.weights)
        # Keras 3 LSTMCell: gates i, f, c, o from x @ kernel + h @ recurrent_kernel + bias.
        z = np.concatenate([inputs[:, step], attention], 1) @ kernel + h @ recurrent + bias
        i, f, g, o = np.split(z, 4, axis=1)
        c = ref.sigmoid(f) * c + ref.sigmoid(i) * np.tanh(g)
        h = ref.sigmoid(o) * np.tanh(c)
        scores = ref.luong_scores(h, memory @ memory_kernel) + 0.2
        previous = ref.monotonic_recurrence(ref.sigmoid(scores), previous)
        attention = np.einsum("bt,btd->bd", previous, memory)
        np.testing.assert_allclose(output.numpy(), attention, atol=ATOL)
        np.testing.assert_allclose(state.alignments.numpy(), previous, atol=ATOL)


def test_attention_layer_instances_cell_input_fn_and_attention_fn(rng):
    memory, inputs = _step_inputs(rng, 1)
    mechanism = seq2seq.LuongAttention(CELL_UNITS, memory)
    layer = Dense(3, activation=tf.tanh, name="my_attention")
    seen = {}

    def attention_fn(attention_mechanism, cell_output, attention_state, attention_layer):
        seen["args"] = (attention_mechanism, attention_layer)
        alignments, next_state = attention_mechanism(cell_output, state=attention_state)
        context = tf.einsum("bt,btd->bd", alignments, attention_mechanism.values)
        return attention_layer(tf.concat([context, cell_output], 1)) * 2.0, alignments, next_state

    wrapper = seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS), mechanism, attention_layer=layer,
                                       cell_input_fn=lambda inputs, attention: inputs, attention_fn=attention_fn)
    assert wrapper.output_size == 3
    output, state = wrapper(inputs[:, 0], wrapper.zero_state(BATCH, tf.float32))
    assert seen["args"] == (mechanism, layer)
    values = {_unsuffixed(n): v.numpy().astype(np.float64) for n, v in
              tf1_variable_map(wrapper.trainable_variables).items()}
    # cell_input_fn ignored the attention: the LSTM kernel sees only the inputs and h.
    assert _value(values, "basic_lstm_cell/kernel").shape == (INPUT_DEPTH + CELL_UNITS, 4 * CELL_UNITS)
    h, _ = ref.lstm_step(inputs[:, 0], 0.0, np.zeros((BATCH, CELL_UNITS)), _value(values, "basic_lstm_cell/kernel"),
                         _value(values, "basic_lstm_cell/bias"))
    alignments = ref.softmax(ref.luong_scores(h, memory @ mechanism.memory_layer.kernel.numpy()))
    context = np.einsum("bt,btd->bd", alignments, memory)
    expected = 2.0 * np.tanh(np.concatenate([context, h], 1) @ _value(values, "attention_wrapper/my_attention/kernel")
                             + _value(values, "attention_wrapper/my_attention/bias"))
    np.testing.assert_allclose(output.numpy(), expected, atol=ATOL)


# -- state handling and errors --------------------------------------------------------------------
def test_initial_cell_state_and_clone(rng):
    memory, inputs = _step_inputs(rng, 1)
    mechanism = seq2seq.BahdanauAttention(6, memory)
    encoder_state = LSTMStateTuple(tf.constant(rng.normal(size=(BATCH, CELL_UNITS)), tf.float32),
                                   tf.constant(rng.normal(size=(BATCH, CELL_UNITS)), tf.float32))
    wrapper = seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS), mechanism, initial_cell_state=encoder_state)
    state = wrapper.zero_state(BATCH, tf.float32)
    np.testing.assert_array_equal(state.cell_state.h.numpy(), encoder_state.h.numpy())
    assert state.attention.shape == (BATCH, MEMORY_DEPTH) and int(state.time) == 0

    other = LSTMStateTuple(encoder_state.h, encoder_state.c)
    cloned = state.clone(cell_state=other)
    assert isinstance(cloned, seq2seq.AttentionWrapperState)
    np.testing.assert_array_equal(cloned.cell_state.c.numpy(), encoder_state.h.numpy())
    assert cloned.alignments is state.alignments
    with pytest.raises(ValueError, match=r"The shape of the AttentionWrapperState is expected to be same as the "
                                         r"one to clone\. self\.shape: \(3, 4\), input\.shape: \(3, 2\)"):
        state.clone(attention=tf.zeros([BATCH, 2]))

    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="When constructing AttentionWrapper attention_wrapper: Non-matching batch sizes "
                             "between the memory"):
        seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS), mechanism,
                                 initial_cell_state=tf.zeros([BATCH + 1, CELL_UNITS]))


ZERO_STATE_MESSAGE = (
    "When calling zero_state of AttentionWrapper attention_wrapper: Non-matching batch sizes between the memory "
    "(encoder output) and the requested batch size.  Are you using the BeamSearchDecoder?  If so, make sure your "
    "encoder output has been tiled to beam_width via tf.contrib.seq2seq.tile_batch, and the batch_size= argument "
    "passed to zero_state is batch_size * beam_width.")


def test_zero_state_batch_size_check_eager_and_graph(rng):
    memory, inputs = _step_inputs(rng, 1)
    wrapper = seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS), seq2seq.LuongAttention(CELL_UNITS, memory))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(ZERO_STATE_MESSAGE)):
        wrapper.zero_state(BATCH * 2, tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="When applying AttentionWrapper attention_wrapper: "
                                                             "Non-matching batch sizes .*tile_batch"):
        wrapper(tf.zeros([BATCH * 2, INPUT_DEPTH]), wrapper.zero_state(BATCH, tf.float32)._replace(
            cell_state=BasicLSTMCell(CELL_UNITS).zero_state(BATCH * 2, tf.float32),
            attention=tf.zeros([BATCH * 2, CELL_UNITS])))
    with tf.Graph().as_default():
        memory_in = tf.compat.v1.placeholder(tf.float32, [None, TIME, MEMORY_DEPTH])
        graph_wrapper = seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS),
                                                 seq2seq.LuongAttention(CELL_UNITS, memory_in))
        state = graph_wrapper.zero_state(BATCH * 2, tf.float32)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())  # the keys' batch size reads the kernel
            with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(ZERO_STATE_MESSAGE)):
                session.run(state.cell_state, {memory_in: memory})
            # The right batch size passes the check.
            good = graph_wrapper.zero_state(BATCH, tf.float32)
            assert session.run(good.cell_state.c, {memory_in: memory}).shape == (BATCH, CELL_UNITS)


def test_constructor_and_call_errors(rng):
    memory, _ = _step_inputs(rng, 1)
    mechanism = seq2seq.LuongAttention(CELL_UNITS, memory)
    cell = BasicLSTMCell(CELL_UNITS)
    with pytest.raises(ValueError, match="Only one of attention_layer_size and attention_layer should be set"):
        seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=3, attention_layer=Dense(3))
    with pytest.raises(ValueError, match=r"attention_layer_size must contain exactly one integer per "
                                         r"attention_mechanism, saw: 2 vs 1"):
        seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=[3, 4])
    with pytest.raises(ValueError, match=r"attention_layer must contain exactly one layer per "
                                         r"attention_mechanism, saw: 1 vs 2"):
        seq2seq.AttentionWrapper(cell, [mechanism, mechanism], attention_layer=[Dense(3)])
    with pytest.raises(TypeError, match="attention_mechanism must be an AttentionMechanism or list of multiple "
                                        "AttentionMechanism instances, saw type: str"):
        seq2seq.AttentionWrapper(cell, "luong")
    with pytest.raises(TypeError, match="attention_mechanism must contain only instances of AttentionMechanism, "
                                        "saw type: int"):
        seq2seq.AttentionWrapper(cell, [mechanism, 3])
    with pytest.raises(TypeError, match="cell_input_fn must be callable, saw type: int"):
        seq2seq.AttentionWrapper(cell, mechanism, cell_input_fn=1)
    wrapper = seq2seq.AttentionWrapper(cell, mechanism)
    with pytest.raises(TypeError, match="Expected state to be instance of AttentionWrapperState. Received type "):
        wrapper(tf.zeros([BATCH, INPUT_DEPTH]), cell.zero_state(BATCH, tf.float32))


# -- TF1 names and parity across execution modes -------------------------------------------------
def _build_model(memory, lengths, alignment_history):
    bahdanau = seq2seq.BahdanauAttention(6, memory, memory_sequence_length=lengths, normalize=True)
    monotonic = seq2seq.LuongMonotonicAttention(CELL_UNITS, memory, scale=True, mode="recursive")
    return seq2seq.AttentionWrapper(BasicLSTMCell(CELL_UNITS), [bahdanau, monotonic], attention_layer_size=[3, 2],
                                    alignment_history=alignment_history)


def _run_steps(wrapper, inputs, steps):
    """A ``tf.while_loop`` over time, as dynamic_rnn/dynamic_decode drive the cell."""
    batch = tf.shape(inputs)[0]
    state = wrapper.zero_state(batch, tf.float32)
    outputs = tf.TensorArray(tf.float32, size=steps)

    def body(t, state, outputs):
        output, state = wrapper(inputs[:, t], state)
        return t + 1, state, outputs.write(t, output)

    _, state, outputs = tf.while_loop(lambda t, *_: t < steps, body, (tf.constant(0), state, outputs))
    results = {"outputs": outputs.stack(), "c": state.cell_state.c, "h": state.cell_state.h,
               "attention": state.attention, "bahdanau": state.alignments[0], "monotonic": state.alignments[1],
               "time": state.time}
    if state.alignment_history[0] != ():
        results["history"] = state.alignment_history[1].stack()
    return results


EXPECTED_GRAPH_VARIABLES = {
    "decoder/memory_layer/kernel": (MEMORY_DEPTH, 6),
    "decoder/memory_layer_1/kernel": (MEMORY_DEPTH, CELL_UNITS),
    "decoder/attention_wrapper/basic_lstm_cell/kernel": (INPUT_DEPTH + 5 + CELL_UNITS, 4 * CELL_UNITS),
    "decoder/attention_wrapper/basic_lstm_cell/bias": (4 * CELL_UNITS,),
    "decoder/attention_wrapper/bahdanau_attention/query_layer/kernel": (CELL_UNITS, 6),
    "decoder/attention_wrapper/bahdanau_attention/attention_v": (6,),
    "decoder/attention_wrapper/bahdanau_attention/attention_g": (),
    "decoder/attention_wrapper/bahdanau_attention/attention_b": (6,),
    "decoder/attention_wrapper/attention_layer/kernel": (CELL_UNITS + MEMORY_DEPTH, 3),
    "decoder/attention_wrapper/luong_monotonic_attention/attention_g": (),
    "decoder/attention_wrapper/luong_monotonic_attention/attention_score_bias": (),
    "decoder/attention_wrapper/attention_layer_1/kernel": (CELL_UNITS + MEMORY_DEPTH, 2),
}


def test_eager_function_xla_and_v1_graph_agree_with_tf1_names(rng):
    steps = 4
    memory, inputs = _step_inputs(rng, steps)

    with tf.compat.v1.variable_scope("parity_eager"):
        wrapper = _build_model(memory, LENGTHS, alignment_history=False)
        _run_steps(wrapper, inputs, 1)
    eager_variables = {name.replace("parity_eager/", "decoder/", 1): variable
                       for name, variable in tf1_variable_map(wrapper.trainable_variables).items()}
    assert {n: tuple(v.shape) for n, v in eager_variables.items()} == EXPECTED_GRAPH_VARIABLES
    weights = {}
    for name, variable in eager_variables.items():
        if "memory_layer" not in name:  # the eager keys were computed from the initial memory kernels
            variable.assign(rng.normal(scale=0.5, size=variable.shape).astype(np.float32))
        weights[name] = variable.numpy()

    eager = _run_steps(wrapper, inputs, steps)
    function = tf.function(lambda x: _run_steps(wrapper, x, steps))(inputs)
    xla = tf.function(lambda x: _run_steps(wrapper, x, steps), jit_compile=True)(inputs)

    graph = tf.Graph()
    with graph.as_default():
        memory_in = tf.compat.v1.placeholder(tf.float32, [None, TIME, MEMORY_DEPTH])
        inputs_in = tf.compat.v1.placeholder(tf.float32, [None, steps, INPUT_DEPTH])
        lengths_in = tf.compat.v1.placeholder(tf.int32, [None])
        with tf.compat.v1.variable_scope("decoder"):
            graph_results = _run_steps(_build_model(memory_in, lengths_in, alignment_history=False),
                                       inputs_in, steps)
        graph_variables = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
        assert {n: tuple(v.shape) for n, v in graph_variables.items()} == EXPECTED_GRAPH_VARIABLES
        with tf.compat.v1.Session() as session:
            for name, variable in graph_variables.items():
                session.run(variable.assign(weights[name]))
            graph_values = session.run(graph_results, {memory_in: memory, inputs_in: inputs, lengths_in: LENGTHS})

    assert int(eager["time"]) == steps
    for key, value in eager.items():
        for mode, other in (("tf.function", function[key]), ("jit_compile", xla[key]),
                            ("v1 graph", graph_values[key])):
            np.testing.assert_allclose(np.asarray(other), value.numpy(), atol=ATOL, err_msg=f"{key} ({mode})")


def test_alignment_history_in_tf_function_and_refused_under_xla(rng):
    steps = 3
    memory, inputs = _step_inputs(rng, steps)
    wrapper = _build_model(memory, LENGTHS, alignment_history=True)
    eager = _run_steps(wrapper, inputs, steps)
    function = tf.function(lambda x: _run_steps(wrapper, x, steps))(inputs)
    assert eager["history"].shape == (steps, BATCH, TIME)
    np.testing.assert_allclose(eager["history"].numpy()[-1], eager["monotonic"].numpy(), atol=0)
    np.testing.assert_allclose(function["history"].numpy(), eager["history"].numpy(), atol=ATOL)
    with pytest.raises(ValueError, match=r"alignment_history=True\) records .* cannot compile"):
        tf.function(lambda x: _run_steps(wrapper, x, steps), jit_compile=True)(inputs)
