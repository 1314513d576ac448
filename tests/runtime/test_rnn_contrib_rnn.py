"""TF 1.15 contrib.rnn RNN/GRU variants, wrappers and helpers against numpy re-derivations.

TF 2.21 has no TF1 reference for these (contrib is gone and no raw kernel computes them), so every cell
is checked against the TF 1.15 formulas written out in numpy with the same weights, over a few
``dynamic_rnn`` steps with ``sequence_length`` (outputs zeroed and states copied through past a
sequence's end), in a v1 graph session, eagerly and in ``tf.function``. The v1 graph also pins the
variable names TF 1.15 created (from TF 1.15's contrib source), so a TF1 checkpoint restores by name.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_graph_weights, random_weights
from tf_seq2seq_migrate.checkpoints.model_loader import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map

BATCH, TIME, DEPTH = 3, 4, 3
LENGTHS = np.array([4, 1, 3], dtype=np.int32)
TOLERANCE = {"rtol": 1e-6, "atol": 1e-6}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru_step(x, h, w, scope):
    r, u = np.split(sigmoid(np.concatenate([x, h], 1) @ w[scope + "gates/kernel"] + w[scope + "gates/bias"]), 2, 1)
    candidate = np.tanh(np.concatenate([x, r * h], 1) @ w[scope + "candidate/kernel"] + w[scope + "candidate/bias"])
    new_h = u * h + (1 - u) * candidate
    return new_h, new_h


# -- numpy re-derivations of one TF 1.15 step: (x, state, weights by full name, scope) -> (output, state) --
def ugrnn_step(x, h, w, s):
    gate, candidate = np.split(np.concatenate([x, h], 1) @ w[s + "kernel"] + w[s + "bias"], 2, 1)
    g = sigmoid(gate + 0.7)
    new_h = g * h + (1 - g) * np.tanh(candidate)
    return new_h, new_h


def intersection_step(x, h, w, s):
    x = x @ w[s + "in_projection/kernel"] + w[s + "in_projection/bias"]
    gh, hh, gy, yy = np.split(np.concatenate([x, h], 1) @ w[s + "kernel"] + w[s + "bias"], 4, 1)
    state_gate, y_gate = sigmoid(gh + 0.7), sigmoid(gy + 0.7)
    new_state = state_gate * h + (1 - state_gate) * np.tanh(hh)
    new_y = y_gate * x + (1 - y_gate) * np.maximum(yy, 0)
    return new_y, new_state


def sru_step(x, c, w, s):
    x_bar, f, r, x_highway = np.split(x @ w[s + "kernel"], 4, 1)
    f, r = np.split(sigmoid(np.concatenate([f, r], 1) + w[s + "bias"]), 2, 1)
    new_c = f * c + (1 - f) * x_bar
    return r * np.tanh(new_c) + (1 - r) * x_highway, new_c


def indrnn_step(x, h, w, s):
    out = np.tanh(x @ w[s + "kernel_w"] + h * w[s + "kernel_u"] + w[s + "bias"])
    return out, out


def indygru_step(x, h, w, s):
    gates = sigmoid(x @ w[s + "gates/kernel_w"] + np.tile(h, [1, 2]) * w[s + "gates/kernel_u"] + w[s + "gates/bias"])
    r, u = np.split(gates, 2, 1)
    candidate = np.tanh(x @ w[s + "candidate/kernel"] + (r * h) * w[s + "candidate/kernel_u"] + w[s + "candidate/bias"])
    new_h = u * h + (1 - u) * candidate
    return new_h, new_h


def minimal_step(x, h, w, s):
    kernel = w[s + "kernel"]
    z = np.tanh(x @ kernel[:DEPTH])
    u = sigmoid(np.concatenate([z, h], 1) @ kernel[DEPTH:] + w[s + "bias"])
    new_h = u * h + (1 - u) * z
    return new_h, new_h


def cfn_step(x, h, w, s):
    units = h.shape[1]
    v, w_in = w[s + "kernel"][:, :2 * units], w[s + "kernel"][:, 2 * units:]
    theta, eta = np.split(sigmoid(h @ w[s + "recurrent_kernel"] + x @ v + w[s + "bias"]), 2, 1)
    new_h = theta * np.tanh(h) + (1 - eta) * np.tanh(x @ w_in)
    return new_h, new_h


ATTN_LENGTH, ATTN_SIZE, ATTN_VEC = 3, 5, 6


def _attention_step(x, cell_state, attns, attn_states, w, s, inner_step):
    attn_states = attn_states.reshape(-1, ATTN_LENGTH, ATTN_SIZE)
    x = np.concatenate([x, attns], 1) @ w[s + "kernel"] + w[s + "bias"]
    cell_output, new_cell_state = inner_step(x, cell_state)
    query = np.concatenate([np.asarray(leaf) for leaf in tf.nest.flatten(new_cell_state)], 1)
    hidden_features = attn_states @ w[s + "attention/attn_w"][0, 0]  # [batch, length, vec]
    y = query @ w[s + "attention/kernel"] + w[s + "attention/bias"]
    scores = (w[s + "attention/attn_v"] * np.tanh(hidden_features + y[:, None, :])).sum(-1)
    weights = np.exp(scores - scores.max(1, keepdims=True))
    weights /= weights.sum(1, keepdims=True)
    new_attns = (weights[:, :, None] * attn_states).sum(1)
    output = (np.concatenate([cell_output, new_attns], 1) @ w[s + "attn_output_projection/kernel"]
              + w[s + "attn_output_projection/bias"])
    new_attn_states = np.concatenate([attn_states[:, 1:], output[:, None, :]], 1).reshape(-1, ATTN_LENGTH * ATTN_SIZE)
    return output, new_cell_state, new_attns, new_attn_states


def attention_lstm_step(x, state, w, s):
    (c, h), attns, attn_states = state

    def lstm(inputs, cell_state):
        c_prev, h_prev = cell_state
        i, j, f, o = np.split(np.concatenate([inputs, h_prev], 1) @ w[s + "lstm_cell/kernel"]
                              + w[s + "lstm_cell/bias"], 4, 1)
        new_c = sigmoid(f + 1.0) * c_prev + sigmoid(i) * np.tanh(j)
        new_h = sigmoid(o) * np.tanh(new_c)
        return new_h, (new_c, new_h)

    output, cell_state, new_attns, new_attn_states = _attention_step(x, (c, h), attns, attn_states, w, s, lstm)
    return output, (cell_state, new_attns, new_attn_states)


def attention_concat_gru_step(x, state, w, s):
    units = 4
    h, attns, attn_states = state[:, :units], state[:, units:units + ATTN_SIZE], state[:, units + ATTN_SIZE:]
    output, new_h, new_attns, new_attn_states = _attention_step(
        x, h, attns, attn_states, w, s, lambda inputs, h_prev: gru_step(inputs, h_prev, w, s + "gru_cell/"))
    return output, np.concatenate([new_h, new_attns, new_attn_states], 1)


def highway_step(x, h, w, s):
    output, new_h = gru_step(x, h, w, s + "gru_cell/")
    carry = sigmoid(x @ w[s + "carry_w"] + w[s + "carry_b"])
    transform = sigmoid(x @ w[s + "transform_w"] + w[s + "transform_b"])
    return x * carry + output * transform, new_h


def compiled_step(x, h, w, s):
    return gru_step(x, h, w, s + "gru_cell/")


GRU_NAMES = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")
ATTENTION_NAMES = ("kernel", "bias", "attention/attn_w", "attention/attn_v", "attention/kernel", "attention/bias",
                   "attn_output_projection/kernel", "attn_output_projection/bias")

# name -> (cell factory, TF1 variable names, numpy step)
CASES = {
    "UGRNNCell": (lambda: rnn.UGRNNCell(4, forget_bias=0.7), ["ugrnn_cell/kernel", "ugrnn_cell/bias"], ugrnn_step,
                  "ugrnn_cell/"),
    "IntersectionRNNCell": (
        lambda: rnn.IntersectionRNNCell(4, num_in_proj=4, forget_bias=0.7),
        ["intersection_rnn_cell/" + n for n in ("kernel", "bias", "in_projection/kernel", "in_projection/bias")],
        intersection_step, "intersection_rnn_cell/"),
    "SRUCell": (lambda: rnn.SRUCell(4), ["sru_cell/kernel", "sru_cell/bias"], sru_step, "sru_cell/"),
    "IndRNNCell": (lambda: rnn.IndRNNCell(4), ["ind_rnn_cell/kernel_w", "ind_rnn_cell/kernel_u", "ind_rnn_cell/bias"],
                   indrnn_step, "ind_rnn_cell/"),
    "IndyGRUCell": (
        lambda: rnn.IndyGRUCell(4),
        ["indy_gru_cell/" + n for n in ("gates/kernel_w", "gates/kernel_u", "gates/bias", "candidate/kernel",
                                        "candidate/kernel_u", "candidate/bias")],
        indygru_step, "indy_gru_cell/"),
    "MinimalRNNCell": (lambda: rnn.MinimalRNNCell(4), ["minimal_rnn_cell/kernel", "minimal_rnn_cell/bias"],
                       minimal_step, "minimal_rnn_cell/"),
    "CFNCell": (lambda: rnn.CFNCell(4), ["cfn_cell/kernel", "cfn_cell/recurrent_kernel", "cfn_cell/bias"], cfn_step,
                "cfn_cell/"),
    "AttentionCellWrapper": (
        lambda: rnn.AttentionCellWrapper(rnn.LSTMCell(4), ATTN_LENGTH, attn_size=ATTN_SIZE, attn_vec_size=ATTN_VEC),
        ["attention_cell_wrapper/" + n for n in ATTENTION_NAMES + ("lstm_cell/kernel", "lstm_cell/bias")],
        attention_lstm_step, "attention_cell_wrapper/"),
    "AttentionCellWrapper-concat": (
        lambda: rnn.AttentionCellWrapper(rnn.GRUCell(4), ATTN_LENGTH, attn_size=ATTN_SIZE, attn_vec_size=ATTN_VEC,
                                         state_is_tuple=False),
        ["attention_cell_wrapper/" + n for n in ATTENTION_NAMES + tuple("gru_cell/" + g for g in GRU_NAMES)],
        attention_concat_gru_step, "attention_cell_wrapper/"),
    "HighwayWrapper": (
        lambda: rnn.HighwayWrapper(rnn.GRUCell(DEPTH), couple_carry_transform_gates=False),
        ["carry_w", "carry_b", "transform_w", "transform_b"] + ["gru_cell/" + g for g in GRU_NAMES],
        highway_step, ""),
    "CompiledWrapper": (lambda: rnn.CompiledWrapper(rnn.GRUCell(4)), ["gru_cell/" + g for g in GRU_NAMES],
                        compiled_step, ""),
}


def _inputs():
    return np.random.default_rng(21).normal(size=(BATCH, TIME, DEPTH)).astype(np.float32)


def _initial_state(cell):
    """A non-zero initial state (numpy leaves in the cell's state structure)."""
    generator = np.random.default_rng(22)
    zeros = cell.zero_state(BATCH, tf.float32)
    return tf.nest.map_structure(lambda z: generator.normal(size=z.shape).astype(np.float32), zeros)


def numpy_dynamic_rnn(step, x, state, weights, scope):
    outputs = []
    for t in range(TIME):
        output, new_state = step(x[:, t], state, weights, scope)
        alive = (t < LENGTHS)[:, None]
        outputs.append(np.where(alive, output, 0.0))
        state = tf.nest.map_structure(lambda new, old: np.where(alive, new, old), new_state, state,
                                      check_types=False)
    return np.stack(outputs, 1), [np.asarray(leaf) for leaf in tf.nest.flatten(state)]


def _run_dynamic_rnn(cell, x, state):
    state = tf.nest.map_structure(tf.convert_to_tensor, state)
    outputs, final = rnn.dynamic_rnn(cell, x, sequence_length=LENGTHS, initial_state=state)
    return [outputs] + tf.nest.flatten(final)


def graph_run(make_cell):
    """(variable shapes by name, run(weights) -> outputs) for the cell in a fresh v1 graph."""
    graph = tf.Graph()
    with graph.as_default():
        cell = make_cell()
        x = tf.compat.v1.placeholder(tf.float32, [BATCH, TIME, DEPTH])
        state = _initial_state(cell)
        fetches = _run_dynamic_rnn(cell, x, state)
        shapes = {v.name[:-2]: tuple(v.shape.as_list()) for v in tf.compat.v1.global_variables()}

    def run(weights):
        with graph.as_default(), tf.compat.v1.Session(graph=graph) as session:
            assign_graph_weights(session, weights)
            return session.run(fetches, {x: _inputs()})

    return shapes, state, run


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request):
    make_cell, names, step, scope = CASES[request.param]
    shapes, state, run_graph = graph_run(make_cell)
    weights = random_weights(shapes, seed=sorted(CASES).index(request.param))
    expected_outputs, expected_state = numpy_dynamic_rnn(step, _inputs().astype(np.float64), state,
                                                         {k: v.astype(np.float64) for k, v in weights.items()},
                                                         "rnn/" + scope)
    return request.param, make_cell, names, shapes, state, weights, run_graph, [expected_outputs] + expected_state


def test_v1_graph_creates_tf1_variable_names(case):
    _, _, names, shapes, *_ = case
    assert sorted(shapes) == sorted("rnn/" + name for name in names)


def test_v1_graph_matches_numpy(case):
    *_, weights, run_graph, expected = case
    for got, want in zip(run_graph(weights), expected, strict=True):
        np.testing.assert_allclose(got, want, **TOLERANCE)


def test_eager_and_tf_function_match_numpy(case):
    _, make_cell, _, _, state, weights, _, expected = case
    with fresh_tf1_scope_names():
        cell = make_cell()
        x = tf.constant(_inputs())
        _run_dynamic_rnn(cell, x, state)  # builds
        mapping = tf1_variable_map(cell.weights)
        assert sorted(mapping) == sorted(weights)
        for name, variable in mapping.items():
            variable.assign(weights[name])
        eager = _run_dynamic_rnn(cell, x, state)
        compiled = tf.function(lambda inputs: _run_dynamic_rnn(cell, inputs, state))(x)
    for got_eager, got_function, want in zip(eager, compiled, expected, strict=True):
        np.testing.assert_allclose(got_eager.numpy(), want, **TOLERANCE)
        np.testing.assert_allclose(got_function.numpy(), want, **TOLERANCE)


# -- sizes, initial values ------------------------------------------------------------------------
def test_state_and_output_sizes():
    assert rnn.SRUCell(4).state_size == 4 and rnn.CFNCell(3).output_size == 3
    wrapper = rnn.AttentionCellWrapper(rnn.LSTMCell(4), 3)
    assert wrapper.state_size == (rnn.LSTMStateTuple(4, 4), 4, 12) and wrapper.output_size == 4
    concat = rnn.AttentionCellWrapper(rnn.GRUCell(4), 3, attn_size=5, state_is_tuple=False)
    assert concat.state_size == 4 + 5 + 15 and concat.output_size == 5
    assert [z.shape.as_list() for z in tf.nest.flatten(wrapper.zero_state(2, tf.float32))] == [
        [2, 4], [2, 4], [2, 4], [2, 12]]
    assert concat.zero_state(2, tf.float32).shape.as_list() == [2, 24]
    assert rnn.HighwayWrapper(rnn.LSTMCell(3)).state_size == rnn.LSTMStateTuple(3, 3)


def test_initial_values_follow_tf1_initializers():
    x, h = tf.ones([2, 3]), tf.zeros([2, 3])
    with fresh_tf1_scope_names():
        cells = [rnn.IndyGRUCell(3), rnn.IndRNNCell(3), rnn.MinimalRNNCell(3), rnn.CFNCell(3),
                 rnn.HighwayWrapper(rnn.GRUCell(3), couple_carry_transform_gates=False, carry_bias_init=0.5),
                 rnn.SRUCell(3), rnn.UGRNNCell(3)]
        for cell in cells:
            cell(x, h)
        values = {name: v.numpy() for name, v in tf1_variable_map([w for c in cells for w in c.weights]).items()}
    np.testing.assert_array_equal(values["indy_gru_cell/gates/bias"], np.ones(6))
    np.testing.assert_array_equal(values["indy_gru_cell/candidate/bias"], np.zeros(3))
    assert np.all(np.abs(values["indy_gru_cell/gates/kernel_u"]) <= 1) and np.ptp(values["ind_rnn_cell/kernel_u"]) > 0
    np.testing.assert_array_equal(values["minimal_rnn_cell/bias"], np.ones(3))
    np.testing.assert_array_equal(values["cfn_cell/bias"], np.ones(6))
    np.testing.assert_array_equal(values["carry_b"], np.full(3, 0.5))
    np.testing.assert_array_equal(values["transform_b"], np.full(3, -0.5))
    np.testing.assert_array_equal(values["sru_cell/bias"], np.zeros(6))
    np.testing.assert_array_equal(values["ugrnn_cell/bias"], np.zeros(6))


def test_ugrnn_initializer_applies_to_the_kernel_only():
    cell = rnn.UGRNNCell(2, initializer=tf.compat.v1.constant_initializer(0.25))
    with fresh_tf1_scope_names():
        cell(tf.ones([1, 2]), tf.zeros([1, 2]))
    values = {name: v.numpy() for name, v in tf1_variable_map(cell.weights).items()}
    np.testing.assert_array_equal(values["ugrnn_cell/kernel"], np.full((4, 4), 0.25))
    np.testing.assert_array_equal(values["ugrnn_cell/bias"], np.zeros(4))


def test_compiled_wrapper_runs_under_xla():
    cell = rnn.CompiledWrapper(rnn.IndRNNCell(3))
    x = tf.constant(_inputs())
    eager, _ = rnn.dynamic_rnn(cell, x, dtype=tf.float32)
    compiled, _ = tf.function(lambda inputs: rnn.dynamic_rnn(cell, inputs, dtype=tf.float32), jit_compile=True)(x)
    np.testing.assert_allclose(compiled.numpy(), eager.numpy(), rtol=1e-5, atol=1e-6)


# -- misuse, with TF 1.15's messages --------------------------------------------------------------
def test_attention_cell_wrapper_errors():
    with pytest.raises(TypeError, match=r"^The argument 'cell' \(.*\) is not an RNNCell: 'output_size' property is "
                                        r"missing, 'state_size' property is missing, either 'zero_state' or "
                                        r"'get_initial_state' method is required, is not callable\.$"):
        rnn.AttentionCellWrapper(object(), 3)
    with pytest.raises(ValueError, match=r"^Cell returns tuple of states, but the flag state_is_tuple is not set\. "
                                         r"State size is: LSTMStateTuple\(c=4, h=4\)$"):
        rnn.AttentionCellWrapper(rnn.LSTMCell(4), 3, state_is_tuple=False)
    with pytest.raises(ValueError, match=r"^attn_length should be greater than zero, got 0$"):
        rnn.AttentionCellWrapper(rnn.GRUCell(4), 0)


def test_attention_cell_wrapper_accepts_a_keras_3_cell():
    keras_cell = keras.layers.GRUCell(4)
    wrapper = rnn.AttentionCellWrapper(keras_cell, 3)
    outputs, (cell_state, attns, attn_states) = rnn.dynamic_rnn(wrapper, tf.constant(_inputs()), dtype=tf.float32)
    assert outputs.shape == (BATCH, TIME, 4) and attn_states.shape == (BATCH, 12)
    assert len(wrapper.trainable_weights) == 8 + len(keras_cell.trainable_weights)


def test_intersection_rnn_needs_num_in_proj_for_other_input_sizes():
    message = (r"^Must have input size == output size for Intersection RNN\. To fix, num_in_proj should be set to "
               r"num_units at cell init\.$")
    with pytest.raises(ValueError, match=message):
        rnn.IntersectionRNNCell(4)(tf.ones([2, 3]), tf.zeros([2, 4]))


def test_unknown_input_depth_errors():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, None])
        with pytest.raises(ValueError, match=r"^Could not infer input size from inputs\.get_shape\(\)\[-1\]$"):
            rnn.UGRNNCell(4)(x, tf.zeros([2, 4]))
        with pytest.raises(ValueError, match=r"^Expected inputs\.shape\[-1\] to be known, saw shape: \(2, None\)$"):
            rnn.SRUCell(4)(x, tf.zeros([2, 4]))


def test_highway_wrapper_needs_matching_input_and_output_shapes():
    with pytest.raises(ValueError, match=r"^Shapes \(2, 3\) and \(2, 4\) are incompatible$"):
        rnn.HighwayWrapper(rnn.GRUCell(4))(tf.ones([2, 3]), tf.zeros([2, 4]))


# -- helpers --------------------------------------------------------------------------------------
def test_transpose_batch_time():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    np.testing.assert_array_equal(rnn.transpose_batch_time(x).numpy(), x.transpose(1, 0, 2))
    vector = tf.constant([1.0, 2.0])
    assert rnn.transpose_batch_time(vector) is vector
    with tf.Graph().as_default():
        placeholder = tf.compat.v1.placeholder(tf.float32, [None, 5, 2, 7])
        assert rnn.transpose_batch_time(placeholder).shape.as_list() == [5, None, 2, 7]


def test_best_effort_input_batch_size():
    assert rnn.best_effort_input_batch_size([tf.zeros([7, 3, 2]), tf.zeros([7, 9])]) == 3
    with tf.Graph().as_default():
        unknown = tf.compat.v1.placeholder(tf.float32, [5, None, 2])
        batch_size = rnn.best_effort_input_batch_size([unknown])
        with tf.compat.v1.Session() as session:
            assert session.run(batch_size, {unknown: np.zeros((5, 6, 2))}) == 6
    with pytest.raises(ValueError, match=r"^Expected input tensor .* to have rank at least 2$"):
        rnn.best_effort_input_batch_size([tf.zeros([4])])


def test_linear_in_a_v1_graph_uses_kernel_and_bias_of_the_current_scope():
    generator = np.random.default_rng(5)
    a, b = generator.normal(size=(2, 3)).astype(np.float32), generator.normal(size=(2, 2)).astype(np.float32)
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("proj"):
            result = rnn._linear([tf.constant(a), tf.constant(b)], 4, True,
                                 bias_initializer=tf.compat.v1.constant_initializer(0.5))
        with tf.compat.v1.variable_scope("plain"):
            no_bias = rnn._linear(tf.constant(a), 2, False)
        names = sorted(v.name for v in tf.compat.v1.global_variables())
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            kernel = session.run(tf.compat.v1.global_variables("proj/kernel")[0])
            got = session.run(result)
    assert names == ["plain/kernel:0", "proj/bias:0", "proj/kernel:0"]
    np.testing.assert_allclose(got, np.concatenate([a, b], 1) @ kernel + 0.5, **TOLERANCE)
    assert no_bias.shape.as_list() == [2, 2]


def test_linear_eagerly_reuses_its_weights_by_name():
    x = tf.constant(np.random.default_rng(6).normal(size=(2, 3)).astype(np.float32))
    with tf.compat.v1.variable_scope("h3_linear_reuse"):
        first = rnn._linear(x, 4, True)
        second = rnn._linear(x, 4, True)
    np.testing.assert_array_equal(first.numpy(), second.numpy())


def test_linear_errors():
    with pytest.raises(ValueError, match=r"^`args` must be specified$"):
        rnn._linear([], 3, True)
    with pytest.raises(ValueError, match=r"^linear is expecting 2D arguments: "):
        rnn._linear(tf.zeros([2, 3, 4]), 3, True)


def test_zero_state_tensors_for_nested_state_sizes():
    sizes = (rnn.LSTMStateTuple(3, 2), 4, tf.TensorShape([2, 5]))
    eager = rnn._zero_state_tensors(sizes, 6, tf.float64)
    assert isinstance(eager[0], rnn.LSTMStateTuple)
    assert [(z.shape.as_list(), z.dtype) for z in tf.nest.flatten(eager)] == [
        ([6, 3], tf.float64), ([6, 2], tf.float64), ([6, 4], tf.float64), ([6, 2, 5], tf.float64)]
    assert not any(np.any(z.numpy()) for z in tf.nest.flatten(eager))
    with tf.Graph().as_default():
        batch = tf.compat.v1.placeholder_with_default(7, [])
        dynamic = rnn._zero_state_tensors(4, batch, tf.float32)
        static = rnn._zero_state_tensors(4, tf.constant(7), tf.float32)
        assert dynamic.shape.as_list() == [None, 4] and static.shape.as_list() == [7, 4]
        with tf.compat.v1.Session() as session:
            assert session.run(dynamic).shape == (7, 4)
