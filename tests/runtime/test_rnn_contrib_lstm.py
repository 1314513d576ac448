"""TF 1.15 contrib LSTM variants against numpy re-derivations of TF 1.15's formulas.

Cells: CoupledInputForgetGateLSTMCell, TimeFreqLSTMCell, NASCell, PhasedLSTMCell, GLSTMCell,
LayerNormLSTMCell, IndyLSTMCell. Each numpy step below is written from the equations in TF 1.15's
tensorflow/contrib/rnn/python/ops/rnn_cell.py (r1.15); the variable names, shapes and error messages
are TF 1.15's. A cell step is checked from a random state; dynamic_rnn (with sequence_length) against a
numpy loop that zeroes outputs and carries the state past each length; eager, tf.function and a v1
graph session against each other with the same weights moved by TF1 name. TF 2.21 has no fused kernel
for any of these cells, so there is no raw-op comparison; LayerNormLSTMCell without layer norm is also
checked against TF1's own LSTMCell (tf_keras's legacy code, in a subprocess).
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_eager_weights, assign_graph_weights, random_weights
from tf_seq2seq_migrate.checkpoints.model_loader import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_name

BATCH = 3
TOLERANCE = dict(rtol=1e-6, atol=1e-6)
LENGTHS = np.array([4, 1, 3], dtype=np.int32)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def normal(seed, shape):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


def layer_norm(values, w, part):
    mean = values.mean(axis=1, keepdims=True)
    variance = values.var(axis=1, keepdims=True)
    return (values - mean) / np.sqrt(variance + 1e-12) * w[f"{part}/gamma"] + w[f"{part}/beta"]


def rows(w, name, shards):
    return np.concatenate([w[f"{name}_{k}"] for k in range(shards)], 0)


# -- numpy steps: (weights by name relative to the cell scope, inputs, flat state) -> (output, flat state) --

def np_cifg(w, x, state, *, units, num_proj=None, use_peepholes=False, proj_clip=None, forget_bias=1.0,
            layer_norm_on=False, state_is_tuple=True, num_unit_shards=1, num_proj_shards=1):
    if state_is_tuple:
        c0, m0 = state
    else:
        c0, m0 = state[0][:, :units], state[0][:, units:]
    gates = np.concatenate([x, m0], 1) @ rows(w, "W", num_unit_shards)
    if not layer_norm_on:
        gates = gates + w["B"]
    j, f, o = np.split(gates, 3, axis=1)
    if layer_norm_on:
        j, f, o = layer_norm(j, w, "transform"), layer_norm(f, w, "forget"), layer_norm(o, w, "output")
    forget = sigmoid(f + forget_bias + (w["W_F_diag"] * c0 if use_peepholes else 0))
    c = forget * c0 + (1 - forget) * np.tanh(j)
    if layer_norm_on:
        c = layer_norm(c, w, "state")
    m = sigmoid(o + (w["W_O_diag"] * c if use_peepholes else 0)) * np.tanh(c)
    if num_proj is not None:
        m = m @ rows(w, "W_P", num_proj_shards)
        if proj_clip is not None:
            m = np.clip(m, -proj_clip, proj_clip)
    return m, ([c, m] if state_is_tuple else [np.concatenate([c, m], 1)])


def np_time_freq(w, x, state, *, units, feature_size, frequency_skip=1, use_peepholes=False, cell_clip=None,
                 forget_bias=1.0):
    (state,) = state
    windows = (x.shape[1] - feature_size) // frequency_skip + 1
    m_freq = np.zeros((x.shape[0], units), np.float32)
    new_state, outputs = [], []
    for k in range(windows):
        window = x[:, k * frequency_skip:k * frequency_skip + feature_size]
        c0 = state[:, 2 * k * units:(2 * k + 1) * units]
        m0 = state[:, (2 * k + 1) * units:(2 * k + 2) * units]
        i, j, f, o = np.split(np.concatenate([window, m0, m_freq], 1) @ w["W_0"] + w["B"], 4, axis=1)
        if use_peepholes:
            c = sigmoid(f + forget_bias + w["W_F_diag"] * c0) * c0 + sigmoid(i + w["W_I_diag"] * c0) * np.tanh(j)
        else:
            c = sigmoid(f + forget_bias) * c0 + sigmoid(i) * np.tanh(j)
        if cell_clip is not None:
            c = np.clip(c, -cell_clip, cell_clip)
        m = sigmoid(o + (w["W_O_diag"] * c if use_peepholes else 0)) * np.tanh(c)
        m_freq = m
        new_state += [c, m]
        outputs.append(m)
    return np.concatenate(outputs, 1), [np.concatenate(new_state, 1)]


def np_nas(w, x, state, *, num_proj=None, use_biases=False):
    c0, m0 = state
    mm = m0 @ w["recurrent_kernel"] + (w["bias"] if use_biases else 0)
    xm = x @ w["kernel"]
    ms, xs = np.split(mm, 8, axis=1), np.split(xm, 8, axis=1)
    relu = functools.partial(np.maximum, 0)
    l1 = [sigmoid(xs[0] + ms[0]), relu(xs[1] + ms[1]), sigmoid(xs[2] + ms[2]), relu(xs[3] * ms[3]),
          np.tanh(xs[4] + ms[4]), sigmoid(xs[5] + ms[5]), np.tanh(xs[6] + ms[6]), sigmoid(xs[7] + ms[7])]
    l2_0 = np.tanh(np.tanh(l1[0] * l1[1]) + c0)
    l2_1 = np.tanh(l1[2] + l1[3])
    l2_2 = np.tanh(l1[4] * l1[5])
    l2_3 = sigmoid(l1[6] + l1[7])
    c = l2_0 * l2_1
    m = np.tanh(c * np.tanh(l2_2 + l2_3))
    if num_proj is not None:
        m = m @ w["projection_weights"]
    return m, [c, m]


def np_phased(w, inputs, state, *, use_peepholes=False, leak=0.001):
    t, x = inputs
    c0, h0 = state

    def affine(scope, parts):
        return np.concatenate(parts, 1) @ w[f"{scope}/kernel"] + w[f"{scope}/bias"]

    input_gate, forget_gate = np.split(sigmoid(affine("mask_gates", [x, h0] + ([c0] if use_peepholes else []))),
                                       2, axis=1)
    c = c0 * forget_gate + input_gate * np.tanh(affine("new_input", [x, h0]))
    h = np.tanh(c) * sigmoid(affine("output_gate", [x, h0] + ([c] if use_peepholes else [])))
    period, phase = w["period"].astype(t.dtype), w["phase"].astype(t.dtype)
    cycle = (np.mod(t - phase, period) / period).astype(np.float32)
    ratio_on = w["ratio_on"]
    k_up = 2 * cycle / ratio_on
    k = np.where(cycle < ratio_on, 2 - k_up, leak * cycle)
    k = np.where(cycle < 0.5 * ratio_on, k_up, k)
    c = k * c + (1 - k) * c0
    h = k * h + (1 - k) * h0
    return h, [c, h]


def np_glstm(w, x, state, *, units, number_of_groups, num_proj=None, forget_bias=1.0):
    c0, m0 = state
    x_size, m_size = x.shape[1] // number_of_groups, m0.shape[1] // number_of_groups
    gates = [[], [], [], []]
    for g in range(number_of_groups):
        group_in = np.concatenate([x[:, g * x_size:(g + 1) * x_size], m0[:, g * m_size:(g + 1) * m_size]], 1)
        for parts, gate in zip(gates, np.split(group_in @ w[f"group{g}/kernel"], 4, axis=1)):
            parts.append(gate)
    i, j, f, o = (np.concatenate(parts, 1) + w[f"bias_{name}"] for parts, name in zip(gates, "ijfo"))
    c = sigmoid(f + forget_bias) * c0 + sigmoid(i) * np.tanh(j)
    m = sigmoid(o) * np.tanh(c)
    if num_proj is not None:
        m = m @ w["projection/kernel"]
    return m, [c, m]


def np_layer_norm_lstm(w, x, state, *, num_proj=None, use_peepholes=False, cell_clip=None, proj_clip=None,
                       forget_bias=1.0, layer_norm_on=False):
    c0, m0 = state
    gates = np.concatenate([x, m0], 1) @ w["kernel"]
    if not layer_norm_on:
        gates = gates + w["bias"]
    i, j, f, o = np.split(gates, 4, axis=1)
    if layer_norm_on:
        i, j = layer_norm(i, w, "input"), layer_norm(j, w, "transform")
        f, o = layer_norm(f, w, "forget"), layer_norm(o, w, "output")
    if use_peepholes:
        c = sigmoid(f + forget_bias + w["w_f_diag"] * c0) * c0 + sigmoid(i + w["w_i_diag"] * c0) * np.tanh(j)
    else:
        c = sigmoid(f + forget_bias) * c0 + sigmoid(i) * np.tanh(j)
    if layer_norm_on:
        c = layer_norm(c, w, "state")
    if cell_clip is not None:
        c = np.clip(c, -cell_clip, cell_clip)
    m = sigmoid(o + (w["w_o_diag"] * c if use_peepholes else 0)) * np.tanh(c)
    if num_proj is not None:
        m = m @ w["projection/kernel"]
        if proj_clip is not None:
            m = np.clip(m, -proj_clip, proj_clip)
    return m, [c, m]


def np_indy(w, x, state, *, forget_bias=1.0):
    c0, h0 = state
    gates = x @ w["kernel_w"] + np.tile(h0, [1, 4]) * w["kernel_u"] + w["bias"]
    i, j, f, o = np.split(gates, 4, axis=1)
    c = c0 * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    h = np.tanh(c) * sigmoid(o)
    return h, [c, h]


# -- cases: (cell factory, input depth, numpy step, TF1 scope name, variable names TF 1.15 made) --

CASES = {
    "cifg_peepholes_projection_shards": (
        lambda: rnn.CoupledInputForgetGateLSTMCell(5, use_peepholes=True, num_proj=3, proj_clip=0.3,
                                                   num_unit_shards=3, num_proj_shards=2, forget_bias=0.7),
        4, functools.partial(np_cifg, units=5, num_proj=3, use_peepholes=True, proj_clip=0.3, forget_bias=0.7,
                             num_unit_shards=3, num_proj_shards=2),
        "coupled_input_forget_gate_lstm_cell",
        ["W_0", "W_1", "W_2", "B", "W_F_diag", "W_O_diag", "W_P_0", "W_P_1"]),
    "cifg_layer_norm_concatenated_state": (
        lambda: rnn.CoupledInputForgetGateLSTMCell(4, state_is_tuple=False, layer_norm=True),
        4, functools.partial(np_cifg, units=4, layer_norm_on=True, state_is_tuple=False),
        "coupled_input_forget_gate_lstm_cell",
        ["W_0", "B"] + [f"{p}/{v}" for p in ("transform", "forget", "output", "state") for v in ("gamma", "beta")]),
    "time_freq_peepholes_clip": (
        lambda: rnn.TimeFreqLSTMCell(4, use_peepholes=True, cell_clip=0.5, feature_size=4, forget_bias=0.5),
        4, functools.partial(np_time_freq, units=4, feature_size=4, use_peepholes=True, cell_clip=0.5,
                             forget_bias=0.5),
        "time_freq_lstm_cell", ["W_0", "B", "W_F_diag", "W_I_diag", "W_O_diag"]),
    "nas_projection_biases": (
        lambda: rnn.NASCell(5, num_proj=3, use_biases=True),
        4, functools.partial(np_nas, num_proj=3, use_biases=True),
        "nas_cell", ["recurrent_kernel", "kernel", "bias", "projection_weights"]),
    "nas_plain": (
        lambda: rnn.NASCell(4), 4, np_nas, "nas_cell", ["recurrent_kernel", "kernel"]),
    "phased_peepholes": (
        lambda: rnn.PhasedLSTMCell(5, use_peepholes=True, leak=0.05),
        4, functools.partial(np_phased, use_peepholes=True, leak=0.05),
        "phased_lstm_cell",
        [f"{s}/{v}" for s in ("mask_gates", "new_input", "output_gate") for v in ("kernel", "bias")]
        + ["period", "phase", "ratio_on"]),
    "glstm_groups_projection": (
        lambda: rnn.GLSTMCell(6, num_proj=4, number_of_groups=2, forget_bias=0.3),
        4, functools.partial(np_glstm, units=6, number_of_groups=2, num_proj=4, forget_bias=0.3),
        "glstm_cell", ["group0/kernel", "group1/kernel", "bias_i", "bias_j", "bias_f", "bias_o",
                       "projection/kernel"]),
    "layer_norm_lstm_full": (
        lambda: rnn.LayerNormLSTMCell(5, use_peepholes=True, cell_clip=0.8, num_proj=3, proj_clip=0.4,
                                      forget_bias=0.6, layer_norm=True, norm_gain=0.9, norm_shift=0.1),
        4, functools.partial(np_layer_norm_lstm, num_proj=3, use_peepholes=True, cell_clip=0.8, proj_clip=0.4,
                             forget_bias=0.6, layer_norm_on=True),
        "layer_norm_lstm_cell",
        ["kernel", "bias"] + [f"{p}/{v}" for p in ("input", "transform", "forget", "output") for v in ("gamma", "beta")]
        + ["w_f_diag", "w_i_diag", "w_o_diag", "state/gamma", "state/beta", "projection/kernel"]),
    "layer_norm_lstm_plain": (
        lambda: rnn.LayerNormLSTMCell(4), 4, np_layer_norm_lstm, "layer_norm_lstm_cell", ["kernel", "bias"]),
    "indy_lstm": (
        lambda: rnn.IndyLSTMCell(5, forget_bias=0.4), 4, functools.partial(np_indy, forget_bias=0.4),
        "indy_lstm_cell", ["kernel_w", "kernel_u", "bias"]),
}


def _is_phased(cell) -> bool:
    return isinstance(cell, rnn.PhasedLSTMCell)


def _step_inputs(cell, depth, seed):
    x = normal(seed, (BATCH, depth))
    if _is_phased(cell):
        times = np.array([[0.3], [2.2], [7.9]], dtype=np.float64)
        return times, x
    return x


def _weights_for(cell, seed):
    """Seeded uniform weights; the phased cell's clock gets a usable period, phase and open ratio."""
    weights = random_weights({tf1_name(v): tuple(v.shape) for v in cell.weights}, seed)
    for name in weights:
        if name.endswith("/period"):
            weights[name] = np.linspace(1.5, 4.0, weights[name].size).astype(np.float32)
        elif name.endswith("/phase"):
            weights[name] = np.linspace(0.0, 1.2, weights[name].size).astype(np.float32)
        elif name.endswith("/ratio_on"):
            weights[name] = np.full(weights[name].shape, 0.6, np.float32)
    return weights


def _relative(weights, scope):
    return {name[len(scope):]: value for name, value in weights.items() if name.startswith(scope)}


def _as_tensors(inputs):
    return tf.nest.map_structure(tf.constant, inputs)


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_step_matches_numpy(case):
    factory, depth, np_step, cell_name, _ = CASES[case]
    cell = factory()
    inputs = _step_inputs(cell, depth, seed=1)
    state = [normal(10 + k, (BATCH, int(size))) for k, size in enumerate(tf.nest.flatten(cell.state_size))]
    tf_state = tf.nest.pack_sequence_as(cell.state_size, [tf.constant(s) for s in state])
    with fresh_tf1_scope_names(), tf.compat.v1.variable_scope("rnn"):
        cell(_as_tensors(inputs), tf_state)
    weights = _weights_for(cell, seed=2)
    assign_eager_weights(cell.weights, weights)
    output, new_state = cell(_as_tensors(inputs), tf_state)
    expected_output, expected_state = np_step(_relative(weights, f"rnn/{cell_name}/"), inputs, state)
    np.testing.assert_allclose(output.numpy(), expected_output, **TOLERANCE)
    for got, want in zip(tf.nest.flatten(new_state), expected_state):
        np.testing.assert_allclose(got.numpy(), want, **TOLERANCE)
    assert output.shape[1] == cell.output_size


def test_phased_step_covers_all_three_gate_phases():
    # The numpy reference above only means something if the clock was seen rising, falling and closed.
    times = np.array([[0.3], [2.2], [7.9]], dtype=np.float64)
    period, phase = np.linspace(1.5, 4.0, 5), np.linspace(0.0, 1.2, 5)
    cycle = np.mod(times - phase, period) / period
    assert (cycle < 0.3).any() and ((cycle >= 0.3) & (cycle < 0.6)).any() and (cycle >= 0.6).any()


@pytest.mark.parametrize("case", sorted(CASES))
def test_graph_variable_names_under_a_variable_scope(case):
    factory, depth, _, cell_name, names = CASES[case]

    def build():
        cell = factory()
        with tf.compat.v1.variable_scope("encoder"):
            if _is_phased(cell):
                inputs = (tf.compat.v1.placeholder(tf.float64, [None, 1]),
                          tf.compat.v1.placeholder(tf.float32, [None, depth]))
            else:
                inputs = tf.compat.v1.placeholder(tf.float32, [None, depth])
            state = cell.zero_state(tf.shape(tf.nest.flatten(inputs)[-1])[0], tf.float32)
            cell(inputs, state)
            cell(inputs, state)  # the second call reuses the variables
        return cell

    with tf.Graph().as_default():
        cell = build()
        got = [v.name[:-2] for v in tf.compat.v1.global_variables()]
        assert len(cell.weights) == len(names)
    assert got == [f"encoder/{cell_name}/{name}" for name in names]


# -- dynamic_rnn, and the same model eagerly, in tf.function and in a v1 graph session ----------------

def _sequence_inputs(cell, depth):
    x = normal(20, (BATCH, 4, depth))
    if _is_phased(cell):
        times = np.cumsum(np.random.default_rng(21).uniform(0.2, 1.4, size=(BATCH, 4, 1)), axis=1)
        return times.astype(np.float64), x
    return x


def _model(cell, inputs):
    outputs, state = rnn.dynamic_rnn(cell, inputs, sequence_length=LENGTHS, dtype=tf.float32)
    return [outputs] + tf.nest.flatten(state)


def _numpy_dynamic_rnn(np_step, weights, cell, inputs):
    """TF1 dynamic_rnn semantics: zero outputs and a carried-through state past each sequence's length."""
    state = [np.zeros((BATCH, int(s)), np.float32) for s in tf.nest.flatten(cell.state_size)]
    outputs = []
    for step in range(4):
        step_inputs = tf.nest.map_structure(lambda a: a[:, step], inputs)
        output, new_state = np_step(weights, step_inputs, state)
        alive = (step < LENGTHS)[:, None]
        outputs.append(np.where(alive, output, 0.0))
        state = [np.where(alive, new, old) for new, old in zip(new_state, state)]
    return [np.stack(outputs, 1)] + state


@pytest.mark.parametrize("case", sorted(CASES))
def test_dynamic_rnn_eager_tf_function_and_graph_session_agree_with_numpy(case):
    factory, depth, np_step, cell_name, names = CASES[case]
    cell = factory()
    inputs = _sequence_inputs(cell, depth)
    with fresh_tf1_scope_names():
        _model(cell, _as_tensors(inputs))
    weights = _weights_for(cell, seed=5)
    assign_eager_weights(cell.weights, weights)
    assert sorted(weights) == sorted(f"rnn/{cell_name}/{name}" for name in names)

    expected = _numpy_dynamic_rnn(np_step, _relative(weights, f"rnn/{cell_name}/"), cell, inputs)
    eager = [t.numpy() for t in _model(cell, _as_tensors(inputs))]
    compiled = [t.numpy() for t in tf.function(lambda *flat: _model(cell, tf.nest.pack_sequence_as(inputs, flat)))(
        *[tf.constant(a) for a in tf.nest.flatten(inputs)])]
    with tf.Graph().as_default():
        graph_cell = factory()
        placeholders = tf.nest.map_structure(
            lambda a: tf.compat.v1.placeholder(tf.as_dtype(a.dtype), [None, None, a.shape[-1]]), inputs)
        graph_outputs = _model(graph_cell, placeholders)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            assign_graph_weights(session, weights)
            feed = dict(zip(tf.nest.flatten(placeholders), tf.nest.flatten(inputs)))
            graph = session.run(graph_outputs, feed)
    for got_eager, got_compiled, got_graph, want in zip(eager, compiled, graph, expected):
        np.testing.assert_allclose(got_eager, want, **TOLERANCE)
        np.testing.assert_allclose(got_compiled, got_eager, **TOLERANCE)
        np.testing.assert_allclose(got_graph, got_eager, **TOLERANCE)


def test_time_freq_cell_runs_one_lstm_per_frequency_window():
    # 8 inputs, windows of 4 every 2: three windows, each with its own (c, m) in the state (TF 1.15 layout).
    cell = rnn.TimeFreqLSTMCell(3, feature_size=4, frequency_skip=2)
    x, state = normal(30, (BATCH, 8)), normal(31, (BATCH, 3 * 2 * 3))
    with fresh_tf1_scope_names(), tf.compat.v1.variable_scope("rnn"):
        cell(tf.constant(x), tf.constant(state))
    weights = _weights_for(cell, seed=6)
    assign_eager_weights(cell.weights, weights)
    output, new_state = cell(tf.constant(x), tf.constant(state))
    want_output, (want_state,) = np_time_freq(_relative(weights, "rnn/time_freq_lstm_cell/"), x, [state], units=3,
                                              feature_size=4, frequency_skip=2)
    assert output.shape == (BATCH, 9) and new_state.shape == (BATCH, 18)
    assert sorted(weights) == ["rnn/time_freq_lstm_cell/B", "rnn/time_freq_lstm_cell/W_0"]
    assert weights["rnn/time_freq_lstm_cell/W_0"].shape == (4 + 2 * 3, 4 * 3)
    np.testing.assert_allclose(output.numpy(), want_output, **TOLERANCE)
    np.testing.assert_allclose(new_state.numpy(), want_state, **TOLERANCE)


def test_glstm_group_one_is_an_lstm_with_split_biases():
    # number_of_groups=1: one kernel over concat([x, m]) with gates i, j, f, o, as LSTMCell.
    x, c0, m0 = normal(40, (BATCH, 4)), normal(41, (BATCH, 3)), normal(42, (BATCH, 3))
    glstm, lstm = rnn.GLSTMCell(3), rnn.LSTMCell(3)
    state = rnn.LSTMStateTuple(tf.constant(c0), tf.constant(m0))
    with fresh_tf1_scope_names():
        glstm(tf.constant(x), state)
        lstm(tf.constant(x), state)
    kernel = normal(43, (7, 12))
    biases = [normal(44 + k, (3,)) for k in range(4)]
    for variable in glstm.weights:
        name = tf1_name(variable).split("/", 1)[1]
        variable.assign(kernel if name == "group0/kernel" else biases["ijfo".index(name[-1])])
    lstm_weights = {tf1_name(v).split("/", 1)[1]: v for v in lstm.weights}
    lstm_weights["kernel"].assign(kernel)
    lstm_weights["bias"].assign(np.concatenate(biases))
    for got, want in zip(tf.nest.flatten(glstm(tf.constant(x), state)), tf.nest.flatten(lstm(tf.constant(x), state))):
        np.testing.assert_allclose(got.numpy(), want.numpy(), **TOLERANCE)


# -- initial values -------------------------------------------------------------------------------

def test_phased_clock_initial_values_follow_tf1_initializers():
    tf.random.set_seed(0)
    cell = rnn.PhasedLSTMCell(200, ratio_on=0.25, trainable_ratio_on=False, period_init_min=2.0,
                              period_init_max=50.0)
    cell((tf.zeros([1, 1]), tf.zeros([1, 3])), cell.zero_state(1, tf.float32))
    values = {tf1_name(v).rsplit("/", 1)[1]: v for v in cell.weights}
    period, phase = values["period"].numpy(), values["phase"].numpy()
    assert 2.0 <= period.min() and period.max() <= 50.0
    assert period.min() < 4.0 and period.max() > 25.0  # exp of a uniform over [log 2, log 50]
    assert (phase >= 0).all() and (phase <= period).all()
    np.testing.assert_array_equal(values["ratio_on"].numpy(), np.full(200, 0.25, np.float32))
    assert not values["ratio_on"].trainable and values["period"].trainable
    assert len(cell.trainable_weights) == 8


def test_indy_lstm_initializers():
    cell = rnn.IndyLSTMCell(50, kernel_initializer=tf.compat.v1.constant_initializer(0.5),
                            bias_initializer=tf.compat.v1.constant_initializer(0.25))
    cell(tf.zeros([1, 3]), cell.zero_state(1, tf.float32))
    values = {tf1_name(v).rsplit("/", 1)[1]: v.numpy() for v in cell.weights}
    np.testing.assert_array_equal(values["kernel_w"], np.full((3, 200), 0.5, np.float32))
    np.testing.assert_array_equal(values["bias"], np.full(200, 0.25, np.float32))
    assert np.abs(values["kernel_u"]).max() <= 1.0 and values["kernel_u"].std() > 0.3  # uniform(-1, 1)


def test_glstm_initializer_reaches_group_kernels_but_not_the_projection():
    with tf.Graph().as_default():
        cell = rnn.GLSTMCell(4, initializer=tf.compat.v1.constant_initializer(0.5), num_proj=2, number_of_groups=2)
        x = tf.compat.v1.placeholder(tf.float32, [None, 4])
        cell(x, cell.zero_state(2, tf.float32))
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            values = {v.name.split("glstm_cell/")[1][:-2]: session.run(v) for v in tf.compat.v1.global_variables()}
    np.testing.assert_array_equal(values["group1/kernel"], np.full((3, 8), 0.5, np.float32))
    np.testing.assert_array_equal(values["bias_f"], np.zeros(4, np.float32))
    assert not np.all(values["projection/kernel"] == 0.5)


def test_layer_norm_lstm_norm_gain_and_shift():
    cell = rnn.LayerNormLSTMCell(3, layer_norm=True, norm_gain=0.5, norm_shift=0.25,
                                 initializer=tf.compat.v1.constant_initializer(0.1))
    cell(tf.ones([2, 2]), cell.zero_state(2, tf.float32))
    values = {tf1_name(v).split("layer_norm_lstm_cell/")[1]: v.numpy() for v in cell.weights}
    np.testing.assert_array_equal(values["forget/gamma"], np.full(3, 0.5, np.float32))
    np.testing.assert_array_equal(values["state/beta"], np.full(3, 0.25, np.float32))
    np.testing.assert_array_equal(values["kernel"], np.full((5, 12), 0.1, np.float32))
    np.testing.assert_array_equal(values["bias"], np.zeros(12, np.float32))


def test_sharded_weights_split_rows_as_tf1():
    # 4 inputs + 3 recurrent = 7 rows over 2 shards: TF1 gave the first shard the extra row.
    cell = rnn.CoupledInputForgetGateLSTMCell(3, num_unit_shards=2)
    cell(tf.zeros([1, 4]), cell.zero_state(1, tf.float32))
    assert {tf1_name(v).rsplit("/", 1)[1]: tuple(v.shape) for v in cell.weights} == {
        "W_0": (4, 9), "W_1": (3, 9), "B": (9,)}


def test_state_and_output_sizes():
    assert rnn.CoupledInputForgetGateLSTMCell(4, num_proj=2).state_size == (4, 2)
    assert rnn.CoupledInputForgetGateLSTMCell(4, num_proj=2, state_is_tuple=False).state_size == 6
    assert rnn.TimeFreqLSTMCell(4, feature_size=2).state_size == 8
    assert rnn.NASCell(4, num_proj=3).output_size == 3
    assert isinstance(rnn.PhasedLSTMCell(4).state_size, rnn.LSTMStateTuple)
    assert rnn.GLSTMCell(4, num_proj=2, number_of_groups=2).state_size == (4, 2)
    assert rnn.LayerNormLSTMCell(4, num_proj=2).output_size == 2
    assert rnn.IndyLSTMCell(4).state_size == (4, 4)


# -- misuse: TF 1.15's errors ------------------------------------------------------------------------

def _call_in_graph(cell, shape, dtype=tf.float32):
    with tf.Graph().as_default():
        inputs = tf.compat.v1.placeholder(dtype, shape)
        cell(inputs, cell.zero_state(2, tf.float32))


@pytest.mark.parametrize("factory", [lambda: rnn.CoupledInputForgetGateLSTMCell(3), lambda: rnn.NASCell(3),
                                     lambda: rnn.LayerNormLSTMCell(3)])
def test_unknown_input_depth(factory):
    with pytest.raises(ValueError, match=r"^Could not infer input size from inputs\.get_shape\(\)\[-1\]$"):
        _call_in_graph(factory(), [2, None])


def test_rank_three_inputs():
    with pytest.raises(ValueError, match=r"^Shape \(2, 5, 4\) must have rank 2$"):
        _call_in_graph(rnn.NASCell(3), [2, 5, 4])


def test_time_freq_errors():
    with pytest.raises(ValueError, match=r"^Cannot infer input_size from static shape inference\.$"):
        _call_in_graph(rnn.TimeFreqLSTMCell(3, feature_size=2), [2, None])
    with pytest.raises(ValueError, match=r"^TimeFreqLSTMCell needs feature_size \(the width of each frequency "
                                         r"window\); TF 1\.15 failed without it too\.$"):
        _call_in_graph(rnn.TimeFreqLSTMCell(3), [2, 4])


def test_glstm_errors():
    with pytest.raises(ValueError, match="^num_units must be divisible by number_of_groups$"):
        rnn.GLSTMCell(5, number_of_groups=2)
    with pytest.raises(ValueError, match="^num_proj must be divisible by number_of_groups$"):
        rnn.GLSTMCell(4, num_proj=3, number_of_groups=2)
    with pytest.raises(ValueError, match="^input size must be statically known$"):
        _call_in_graph(rnn.GLSTMCell(4, number_of_groups=2), [2, None])
    with pytest.raises(ValueError, match=r"^input size \(5\) must be divisible by number_of_groups \(2\)$"):
        _call_in_graph(rnn.GLSTMCell(4, number_of_groups=2), [2, 5])


def test_indy_lstm_errors():
    with pytest.raises(ValueError, match=r"^Expected inputs\.shape\[-1\] to be known, saw shape: \(2, None\)$"):
        _call_in_graph(rnn.IndyLSTMCell(3), [2, None])
    with pytest.raises(ValueError, match=r"^Input 0 of layer indy_lstm_cell is incompatible with the layer: "
                                         r"expected ndim=2, found ndim=3\. Full shape received: \[2, 5, 4\]$"):
        _call_in_graph(rnn.IndyLSTMCell(3), [2, 5, 4])


def test_phased_unknown_feature_depth():
    cell = rnn.PhasedLSTMCell(3)
    with tf.Graph().as_default():
        inputs = (tf.compat.v1.placeholder(tf.float32, [2, 1]), tf.compat.v1.placeholder(tf.float32, [2, None]))
        with pytest.raises(ValueError, match=r"^linear expects shape\[1\] to be provided for shape \(2, None\), "
                                             r"but saw None$"):
            cell(inputs, cell.zero_state(2, tf.float32))


def test_too_many_shards():
    with pytest.raises(ValueError, match=r"^Too many shards: shape=\[2, 6\], num_shards=4$"):
        _call_in_graph(rnn.CoupledInputForgetGateLSTMCell(2, num_proj=6, num_proj_shards=4), [2, 3])


def test_integer_inputs_are_refused():
    with pytest.raises(ValueError, match="RNN cell only supports floating point inputs, but received dtype: int32"):
        cell = rnn.NASCell(3)
        cell(tf.zeros([2, 3], tf.int32), cell.zero_state(2, tf.float32))


# -- against TF1's own code -------------------------------------------------------------------------

_TF1_LSTM_SNIPPET = """
with tf.Graph().as_default():
    x = tf.compat.v1.placeholder(tf.float32, [None, None, 4])
    cell = tf.compat.v1.nn.rnn_cell.LSTMCell(5, use_peepholes=True, cell_clip=0.8, num_proj=3, proj_clip=0.4,
                                             forget_bias=0.6)
    out, state = tf.compat.v1.nn.dynamic_rnn(cell, x, sequence_length=inputs["lengths"], dtype=tf.float32)
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        assign_by_name(sess, weights)
        outputs["out"], outputs["c"], outputs["h"] = sess.run([out, state.c, state.h], {x: inputs["x"]})
        outputs["names"] = variable_names()
"""


def test_layer_norm_lstm_without_layer_norm_is_tf1s_lstm_cell():
    # Without layer_norm, TF 1.15's LayerNormLSTMCell is LSTMCell with the same variable names (its bias
    # aside, which LSTMCell also has): TF1's LSTMCell (tf_keras's legacy code, subprocess) is the reference.
    from tf1_reference import WEIGHTS_PREFIX, run_tf1

    cell = rnn.LayerNormLSTMCell(5, use_peepholes=True, cell_clip=0.8, num_proj=3, proj_clip=0.4, forget_bias=0.6)
    x = normal(50, (BATCH, 4, 4))
    with fresh_tf1_scope_names():
        _model(cell, tf.constant(x))
    weights = _weights_for(cell, seed=7)
    assign_eager_weights(cell.weights, weights)
    got = [t.numpy() for t in _model(cell, tf.constant(x))]
    payload = {"x": x, "lengths": LENGTHS}
    payload.update({WEIGHTS_PREFIX + name.replace("layer_norm_lstm_cell", "lstm_cell"): value
                    for name, value in weights.items()})
    reference = run_tf1(_TF1_LSTM_SNIPPET, payload)
    assert sorted(reference["names"]) == sorted(name.replace("layer_norm_lstm_cell", "lstm_cell") for name in weights)
    for value, key in zip(got, ("out", "c", "h")):
        np.testing.assert_allclose(value, reference[key], **TOLERANCE)
