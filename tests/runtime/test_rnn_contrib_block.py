"""contrib.rnn's block cells (LSTMBlockCell, LSTMBlockFusedCell, LSTMBlockWrapper, GRUBlockCell,
GRUBlockCellV2) and the fused-RNN adaptors (FusedRNNCell, FusedRNNCellAdaptor, TimeReversedFusedRNN).

References: numpy re-derivations of the formulas in TF 1.15's ``lstm_ops.py`` / ``gru_ops.py`` docstrings
(block LSTM gates i, ci, f, o; peepholes; clipping; BlockLSTM's sequence-length rules), the runtime's
``LSTMCell`` / ``GRUCell`` (separately checked against TF1) with the same weights, and autodiff of plain ops
for the gradients registered for the raw kernels. Variable names come from TF 1.15's contrib source.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_eager_weights, assign_graph_weights, random_weights
from tf_seq2seq_migrate.checkpoints import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_name, tf1_variable_map
from tf_seq2seq_migrate.runtime.rnn.gru_ops import gru_block_step
from tf_seq2seq_migrate.runtime.rnn.lstm_ops import lstm_block_step

BATCH, TIME, DEPTH, UNITS = 3, 5, 4, 6
LENGTHS = np.array([5, 2, 0], dtype=np.int32)
TOL = dict(rtol=1e-6, atol=1e-6)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# -- numpy references (TF 1.15 formulas) --------------------------------------------------------------
def np_lstm_block_step(x, cs_prev, h_prev, w, b, wci=None, wcf=None, wco=None, forget_bias=1.0, cell_clip=None):
    """``xh = [x, h]; [i, ci, f, o] = xh @ w + b; f += forget_bias``; peepholes on i, f (old cs) and o (new
    cs); ``cs = clip(tanh(ci) * sigmoid(i) + cs_prev * sigmoid(f))``; ``h = tanh(cs) * sigmoid(o)``."""
    i, ci, f, o = np.split(np.concatenate([x, h_prev], 1) @ w + b, 4, axis=1)
    f = f + forget_bias
    if wci is not None:
        i, f = i + cs_prev * wci, f + cs_prev * wcf
    cs = np.tanh(ci) * sigmoid(i) + cs_prev * sigmoid(f)
    if cell_clip is not None:
        cs = np.clip(cs, -cell_clip, cell_clip)
    if wco is not None:
        o = o + cs * wco
    return cs, np.tanh(cs) * sigmoid(o)


def np_gru_block_step(x, h_prev, w_ru, b_ru, w_c, b_c):
    r, u = np.split(sigmoid(np.concatenate([x, h_prev], 1) @ w_ru + b_ru), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h_prev], 1) @ w_c + b_c)
    return (1 - u) * c + u * h_prev


def np_block_lstm(x, cs0, h0, w, b, lengths=None, **step_args):
    """TF1's LSTMBlockFusedCell over time-major ``x``: BlockLSTM writes zeros from ``max(lengths)`` on;
    outputs are zero past each row's length; the final state is the one after ``length`` steps."""
    steps = x.shape[0]
    max_len = steps if lengths is None else int(lengths.max())
    cs, h = cs0, h0
    all_cs, all_h = [], []
    for t in range(steps):
        cs, h = np_lstm_block_step(x[t], cs, h, w, b, **step_args)
        all_cs.append(cs if t < max_len else np.zeros_like(cs))
        all_h.append(h if t < max_len else np.zeros_like(h))
    all_cs, all_h = np.stack(all_cs), np.stack(all_h)
    if lengths is None:
        return all_h, (all_cs[-1], all_h[-1])
    mask = (np.arange(steps)[:, None] < lengths[None, :]).astype(x.dtype)[:, :, None]
    outputs = all_h * mask
    with_initial_cs = np.concatenate([cs0[None], all_cs])
    with_initial_h = np.concatenate([h0[None], outputs])
    rows = np.arange(x.shape[1])
    return outputs, (with_initial_cs[lengths, rows], with_initial_h[lengths, rows])


def np_dynamic_rnn(step, x, state, lengths):
    """Batch-major dynamic_rnn: zero outputs past a row's length, state copied through."""
    outputs = []
    for t in range(x.shape[1]):
        output, new_state = step(x[:, t], state)
        alive = (t < lengths)[:, None]
        outputs.append(np.where(alive, output, 0.0))
        state = tuple(np.where(alive, new, old) for new, old in zip(new_state, state))
    return np.stack(outputs, 1), state


def _inputs(shape=(BATCH, TIME, DEPTH), seed=1):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


def _build_and_load(cell, call, seed=0):
    """Call once to build, load seeded uniform weights by TF1 name, return ``{name: value}``."""
    call()
    weights = random_weights({tf1_name(v): tuple(v.shape) for v in cell.weights}, seed)
    assign_eager_weights(cell.weights, weights)
    return weights


# -- single steps against numpy -----------------------------------------------------------------------
@pytest.mark.parametrize("peephole,clip,forget_bias", [(False, None, 1.0), (True, 0.3, 0.4)])
def test_lstm_block_cell_step_matches_numpy(peephole, clip, forget_bias):
    x = _inputs((BATCH, DEPTH))
    generator = np.random.default_rng(2)
    c0, h0 = (generator.normal(size=(BATCH, UNITS)).astype(np.float32) for _ in range(2))
    cell = rnn.LSTMBlockCell(UNITS, forget_bias=forget_bias, cell_clip=clip, use_peephole=peephole)
    state = rnn.LSTMStateTuple(tf.constant(c0), tf.constant(h0))
    with fresh_tf1_scope_names(), tf.compat.v1.variable_scope("rnn"):
        w = _build_and_load(cell, lambda: cell(tf.constant(x), state))
    output, (c1, h1) = cell(tf.constant(x), state)
    p = "rnn/lstm_cell/"
    peepholes = dict(wci=w[p + "w_i_diag"], wcf=w[p + "w_f_diag"], wco=w[p + "w_o_diag"]) if peephole else {}
    cs, h = np_lstm_block_step(x, c0, h0, w[p + "kernel"], w[p + "bias"], forget_bias=forget_bias, cell_clip=clip,
                               **peepholes)
    np.testing.assert_allclose(c1.numpy(), cs, **TOL)
    np.testing.assert_allclose(h1.numpy(), h, **TOL)
    np.testing.assert_allclose(output.numpy(), h, **TOL)
    if clip is not None:
        assert np.abs(c1.numpy()).max() <= clip + 1e-7


def test_lstm_block_cell_equals_lstm_cell_with_the_same_weights():
    x = tf.constant(_inputs())
    block, plain = rnn.LSTMBlockCell(UNITS, forget_bias=0.7), rnn.LSTMCell(UNITS, forget_bias=0.7)
    with fresh_tf1_scope_names():
        with tf.compat.v1.variable_scope("block"):
            weights = _build_and_load(block, lambda: rnn.dynamic_rnn(block, x, dtype=tf.float32))
        with tf.compat.v1.variable_scope("block"):
            rnn.dynamic_rnn(plain, x, dtype=tf.float32)
    assign_eager_weights(plain.weights, weights)  # both are block/rnn/lstm_cell/{kernel,bias}
    got = rnn.dynamic_rnn(block, x, sequence_length=LENGTHS, dtype=tf.float32)
    want = rnn.dynamic_rnn(plain, x, sequence_length=LENGTHS, dtype=tf.float32)
    for a, b in zip(tf.nest.flatten(got), tf.nest.flatten(want)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), **TOL)


@pytest.mark.parametrize("cell_class,names", [
    (rnn.GRUBlockCell, ("w_ru", "b_ru", "w_c", "b_c")),
    (rnn.GRUBlockCellV2, ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")),
], ids=["v1", "v2"])
def test_gru_block_cell_step_matches_numpy(cell_class, names):
    x = _inputs((BATCH, DEPTH))
    h0 = np.random.default_rng(3).normal(size=(BATCH, UNITS)).astype(np.float32)
    cell = cell_class(UNITS)
    with fresh_tf1_scope_names(), tf.compat.v1.variable_scope("rnn"):
        w = _build_and_load(cell, lambda: cell(tf.constant(x), tf.constant(h0)))
    output, h1 = cell(tf.constant(x), tf.constant(h0))
    expected = np_gru_block_step(x, h0, *(w["rnn/gru_cell/" + name] for name in names))
    np.testing.assert_allclose(h1.numpy(), expected, **TOL)
    np.testing.assert_allclose(output.numpy(), expected, **TOL)


def test_gru_block_cell_v2_equals_gru_cell_with_the_same_weights():
    x = tf.constant(_inputs())
    block, plain = rnn.GRUBlockCellV2(UNITS), rnn.GRUCell(UNITS)
    with fresh_tf1_scope_names():
        with tf.compat.v1.variable_scope("g"):
            weights = _build_and_load(block, lambda: rnn.dynamic_rnn(block, x, dtype=tf.float32))
        with tf.compat.v1.variable_scope("g"):
            rnn.dynamic_rnn(plain, x, dtype=tf.float32)
    assign_eager_weights(plain.weights, weights)
    got = rnn.dynamic_rnn(block, x, sequence_length=LENGTHS, dtype=tf.float32)
    want = rnn.dynamic_rnn(plain, x, sequence_length=LENGTHS, dtype=tf.float32)
    for a, b in zip(tf.nest.flatten(got), tf.nest.flatten(want)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), **TOL)


def test_default_initial_values_are_tf1s():
    with fresh_tf1_scope_names():
        gru, lstm = rnn.GRUBlockCell(UNITS), rnn.LSTMBlockCell(UNITS)
        gru(tf.zeros([1, DEPTH]), tf.zeros([1, UNITS]))
        lstm(tf.zeros([1, DEPTH]), lstm.zero_state(1, tf.float32))
    values = {tf1_name(v): v.numpy() for v in gru.weights + lstm.weights}
    np.testing.assert_array_equal(values["gru_cell/b_ru"], np.ones(2 * UNITS))
    np.testing.assert_array_equal(values["gru_cell/b_c"], np.zeros(UNITS))
    np.testing.assert_array_equal(values["lstm_cell/bias"], np.zeros(4 * UNITS))


# -- gradients registered for the raw kernels ---------------------------------------------------------
def test_lstm_block_cell_gradient_matches_autodiff_of_the_formula():
    generator = np.random.default_rng(4)
    args = [tf.constant(generator.normal(size=shape).astype(np.float32)) for shape in
            [(BATCH, DEPTH), (BATCH, UNITS), (BATCH, UNITS), (DEPTH + UNITS, 4 * UNITS), (4 * UNITS,),
             (UNITS,), (UNITS,), (UNITS,)]]

    def fused(x, cs, h, w, b, wci, wcf, wco):
        out = tf.raw_ops.LSTMBlockCell(x=x, cs_prev=cs, h_prev=h, w=w, wci=wci, wcf=wcf, wco=wco, b=b,
                                       forget_bias=0.5, cell_clip=-1.0, use_peephole=True)
        return out.cs, out.h

    def plain(x, cs, h, w, b, wci, wcf, wco):
        return lstm_block_step(x, cs, h, w, b, wci, wcf, wco, 0.5, -1.0, True)

    def grads(step):
        with tf.GradientTape() as tape:
            tape.watch(args)
            cs, h = step(*args)
            loss = tf.reduce_sum(tf.sin(cs)) + tf.reduce_sum(h * h)
        return tape.gradient(loss, args)

    for got, want in zip(grads(fused), grads(plain)):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-5)


def test_gru_block_cell_gradient_matches_autodiff_of_the_formula():
    generator = np.random.default_rng(5)
    args = [tf.constant(generator.normal(size=shape).astype(np.float32)) for shape in
            [(BATCH, DEPTH), (BATCH, UNITS), (DEPTH + UNITS, 2 * UNITS), (DEPTH + UNITS, UNITS), (2 * UNITS,),
             (UNITS,)]]

    def fused(x, h, w_ru, w_c, b_ru, b_c):
        return tf.raw_ops.GRUBlockCell(x=x, h_prev=h, w_ru=w_ru, w_c=w_c, b_ru=b_ru, b_c=b_c).h

    def grads(step):
        with tf.GradientTape() as tape:
            tape.watch(args)
            loss = tf.reduce_sum(tf.sin(step(*args)))
        return tape.gradient(loss, args)

    for got, want in zip(grads(fused), grads(gru_block_step)):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-5)


# -- LSTMBlockFusedCell -------------------------------------------------------------------------------
@pytest.mark.parametrize("lengths", [None, LENGTHS, np.array([3, 1, 2], np.int32)], ids=["none", "with0", "short"])
def test_lstm_block_fused_cell_matches_numpy(lengths):
    x = _inputs((TIME, BATCH, DEPTH))
    generator = np.random.default_rng(6)
    c0, h0 = (generator.normal(size=(BATCH, UNITS)).astype(np.float32) for _ in range(2))
    cell = rnn.LSTMBlockFusedCell(UNITS, forget_bias=0.8, cell_clip=0.9, use_peephole=True)
    initial = (tf.constant(c0), tf.constant(h0))
    with fresh_tf1_scope_names(), tf.compat.v1.variable_scope("encoder"):
        w = _build_and_load(cell, lambda: cell(tf.constant(x), initial_state=initial))
    outputs, state = cell(tf.constant(x), initial_state=initial, sequence_length=lengths)
    p = "encoder/lstm_fused_cell/"
    want_outputs, (want_c, want_h) = np_block_lstm(
        x, c0, h0, w[p + "kernel"], w[p + "bias"], lengths, wci=w[p + "w_i_diag"], wcf=w[p + "w_f_diag"],
        wco=w[p + "w_o_diag"], forget_bias=0.8, cell_clip=0.9)
    assert isinstance(state, rnn.LSTMStateTuple)
    np.testing.assert_allclose(outputs.numpy(), want_outputs, **TOL)
    np.testing.assert_allclose(state.c.numpy(), want_c, **TOL)
    np.testing.assert_allclose(state.h.numpy(), want_h, **TOL)


def test_lstm_block_fused_cell_equals_block_cell_under_time_major_dynamic_rnn_and_takes_lists():
    x = tf.constant(_inputs((TIME, BATCH, DEPTH)))
    fused, step_cell = rnn.LSTMBlockFusedCell(UNITS), rnn.LSTMBlockCell(UNITS)
    with fresh_tf1_scope_names():
        weights = _build_and_load(fused, lambda: fused(x, dtype=tf.float32))
        rnn.dynamic_rnn(step_cell, x, dtype=tf.float32, time_major=True)
    mapping = tf1_variable_map(step_cell.weights)
    for name, variable in mapping.items():
        variable.assign(weights[name.replace("rnn/lstm_cell", "lstm_fused_cell")])
    got = fused(x, dtype=tf.float32, sequence_length=LENGTHS)
    want = rnn.dynamic_rnn(step_cell, x, sequence_length=LENGTHS, dtype=tf.float32, time_major=True)
    for a, b in zip(tf.nest.flatten(got), tf.nest.flatten(want)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), **TOL)
    list_outputs, list_state = fused(tf.unstack(x), dtype=tf.float32, sequence_length=LENGTHS)
    assert isinstance(list_outputs, list) and len(list_outputs) == TIME
    np.testing.assert_allclose(np.stack(list_outputs), got[0].numpy(), **TOL)


def test_lstm_block_wrapper_subclass_gets_tf1_housekeeping():
    class StepByStepLSTM(rnn.LSTMBlockWrapper):
        """A user fused LSTM: LSTMBlockCell steps over time; the wrapper masks and picks final states."""

        def __init__(self, units):
            super().__init__(name="my_lstm")
            self._units = units
            self._cell = rnn.LSTMBlockCell(units)

        @property
        def num_units(self):
            return self._units

        def _call_cell(self, inputs, initial_cell_state, initial_output, dtype, sequence_length):
            state = rnn.LSTMStateTuple(initial_cell_state, initial_output)
            cell_states, outputs = [], []
            for step_input in tf.unstack(inputs):
                output, state = self._cell(step_input, state)
                cell_states.append(state.c)
                outputs.append(output)
            return tf.stack(cell_states), tf.stack(outputs)

    x = _inputs((TIME, BATCH, DEPTH))
    with fresh_tf1_scope_names():
        wrapper = StepByStepLSTM(UNITS)
        weights = _build_and_load(wrapper._cell, lambda: wrapper(tf.constant(x), dtype=tf.float32))
    assert sorted(weights) == ["my_lstm/lstm_cell/bias", "my_lstm/lstm_cell/kernel"]
    outputs, state = wrapper(tf.constant(x), dtype=tf.float32, sequence_length=LENGTHS)
    zeros = np.zeros((BATCH, UNITS), np.float32)
    want_outputs, (want_c, want_h) = np_block_lstm(x, zeros, zeros, weights["my_lstm/lstm_cell/kernel"],
                                                   weights["my_lstm/lstm_cell/bias"], None)
    mask = (np.arange(TIME)[:, None] < LENGTHS[None, :])[:, :, None]
    np.testing.assert_allclose(outputs.numpy(), want_outputs * mask, **TOL)
    np.testing.assert_allclose(state.h.numpy()[0], want_outputs[-1, 0], **TOL)
    np.testing.assert_allclose(state.h.numpy()[1], want_outputs[1, 1], **TOL)
    np.testing.assert_array_equal(state.h.numpy()[2], 0.0)  # length 0: the initial state


# -- dynamic_rnn over the step cells against numpy ----------------------------------------------------
@pytest.mark.parametrize("make_cell", ["lstm", "gru"])
def test_dynamic_rnn_with_sequence_length_matches_numpy(make_cell):
    x = _inputs()
    if make_cell == "lstm":
        cell = rnn.LSTMBlockCell(UNITS, use_peephole=True, cell_clip=0.6)
    else:
        cell = rnn.GRUBlockCell(UNITS)
    with fresh_tf1_scope_names():
        w = _build_and_load(cell, lambda: rnn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32))
    outputs, state = rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=LENGTHS, dtype=tf.float32)
    zeros = np.zeros((BATCH, UNITS), np.float32)
    if make_cell == "lstm":
        p = "rnn/lstm_cell/"

        def step(x_t, s):
            return (lambda cs, h: (h, (cs, h)))(*np_lstm_block_step(
                x_t, s[0], s[1], w[p + "kernel"], w[p + "bias"], wci=w[p + "w_i_diag"], wcf=w[p + "w_f_diag"],
                wco=w[p + "w_o_diag"], cell_clip=0.6))
        want_outputs, want_state = np_dynamic_rnn(step, x, (zeros, zeros), LENGTHS)
    else:
        p = "rnn/gru_cell/"

        def step(x_t, s):
            h = np_gru_block_step(x_t, s[0], w[p + "w_ru"], w[p + "b_ru"], w[p + "w_c"], w[p + "b_c"])
            return h, (h,)
        want_outputs, want_state = np_dynamic_rnn(step, x, (zeros,), LENGTHS)
    np.testing.assert_allclose(outputs.numpy(), want_outputs, **TOL)
    for got, want in zip(tf.nest.flatten(state), want_state):
        np.testing.assert_allclose(got.numpy(), want, **TOL)


# -- one model in every execution mode, TF1 variable names --------------------------------------------
def _model_cells():
    return dict(lstm=rnn.LSTMBlockCell(UNITS, use_peephole=True, cell_clip=0.5, forget_bias=0.6),
                gru=rnn.GRUBlockCell(UNITS), gru2=rnn.GRUBlockCellV2(UNITS),
                fused=rnn.LSTMBlockFusedCell(UNITS, use_peephole=True))


def _model(cells, x):
    """Batch-major x through the step cells (dynamic_rnn / FusedRNNCellAdaptor) and the fused cells."""
    results = []
    with tf.compat.v1.variable_scope("model"):
        outputs, state = rnn.dynamic_rnn(cells["lstm"], x, sequence_length=LENGTHS, dtype=tf.float32, scope="lstm")
        results += [outputs, *state]
        time_major = tf.transpose(x, [1, 0, 2])
        adaptor = rnn.FusedRNNCellAdaptor(cells["gru"], use_dynamic_rnn=True)
        outputs, state = adaptor(time_major, sequence_length=LENGTHS, dtype=tf.float32, scope="gru")
        results += [outputs, state]
        static = rnn.FusedRNNCellAdaptor(cells["gru2"])
        outputs, state = static(time_major, sequence_length=LENGTHS, dtype=tf.float32, scope="gru2")
        results += [outputs, state]
        reversed_fused = rnn.TimeReversedFusedRNN(cells["fused"])
        outputs, state = reversed_fused(time_major, sequence_length=LENGTHS, dtype=tf.float32, scope="bw")
        results += [outputs, *state]
    return results


MODEL_NAMES = sorted([
    "model/lstm/lstm_cell/kernel", "model/lstm/lstm_cell/bias", "model/lstm/lstm_cell/w_i_diag",
    "model/lstm/lstm_cell/w_f_diag", "model/lstm/lstm_cell/w_o_diag",
    "model/gru/gru_cell/w_ru", "model/gru/gru_cell/b_ru", "model/gru/gru_cell/w_c", "model/gru/gru_cell/b_c",
    "model/gru2/gru_cell/gates/kernel", "model/gru2/gru_cell/gates/bias", "model/gru2/gru_cell/candidate/kernel",
    "model/gru2/gru_cell/candidate/bias",
    "model/bw/kernel", "model/bw/bias", "model/bw/w_i_diag", "model/bw/w_f_diag", "model/bw/w_o_diag",
])


@pytest.fixture(scope="module")
def eager_model():
    with fresh_tf1_scope_names():
        cells = _model_cells()
        _model(cells, tf.constant(_inputs()))
    variables = [v for cell in cells.values() for v in cell.weights]
    weights = random_weights({tf1_name(v): tuple(v.shape) for v in variables}, seed=9)
    assign_eager_weights(variables, weights)
    return cells, weights, [t.numpy() for t in _model(cells, tf.constant(_inputs()))]


def test_eager_variable_names_are_tf1_names(eager_model):
    _, weights, _ = eager_model
    assert sorted(weights) == MODEL_NAMES


def test_time_reversed_fused_rnn_matches_numpy(eager_model):
    _, w, results = eager_model
    x = np.transpose(_inputs(), [1, 0, 2])
    reversed_x = np.stack([np.concatenate([x[:n, b][::-1], x[n:, b]]) for b, n in enumerate(LENGTHS)], 1)
    zeros = np.zeros((BATCH, UNITS), np.float32)
    outputs, (c, h) = np_block_lstm(reversed_x, zeros, zeros, w["model/bw/kernel"], w["model/bw/bias"], LENGTHS,
                                    wci=w["model/bw/w_i_diag"], wcf=w["model/bw/w_f_diag"],
                                    wco=w["model/bw/w_o_diag"])
    outputs = np.stack([np.concatenate([outputs[:n, b][::-1], outputs[n:, b]]) for b, n in enumerate(LENGTHS)], 1)
    np.testing.assert_allclose(results[-3], outputs, **TOL)
    np.testing.assert_allclose(results[-2], c, **TOL)
    np.testing.assert_allclose(results[-1], h, **TOL)


def test_fused_adaptors_match_the_cells_under_dynamic_rnn(eager_model):
    cells, _, results = eager_model
    x = tf.constant(_inputs())
    for index, key in [(3, "gru"), (5, "gru2")]:
        outputs, state = rnn.dynamic_rnn(cells[key], x, sequence_length=LENGTHS, dtype=tf.float32, scope="again")
        np.testing.assert_allclose(results[index], np.transpose(outputs.numpy(), [1, 0, 2]), **TOL)
        np.testing.assert_allclose(results[index + 1], state.numpy(), **TOL)


@pytest.mark.parametrize("jit_compile", [False, True], ids=["function", "xla"])
def test_tf_function_matches_eager(eager_model, jit_compile):
    cells, _, expected = eager_model
    compiled = tf.function(lambda x: _model(cells, x), jit_compile=jit_compile)
    for got, want in zip(compiled(tf.constant(_inputs())), expected):
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-5)


def test_v1_graph_session_matches_eager_with_tf1_variable_names(eager_model):
    _, weights, expected = eager_model
    with tf.Graph().as_default():
        placeholder = tf.compat.v1.placeholder(tf.float32, [None, TIME, DEPTH])
        outputs = _model(_model_cells(), placeholder)
        names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            assign_graph_weights(session, weights)
            values = session.run(outputs, {placeholder: _inputs()})
    assert names == MODEL_NAMES
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, **TOL)


def test_v1_graph_default_scopes_and_reuse():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, DEPTH])
        h = tf.compat.v1.placeholder(tf.float32, [None, UNITS])
        with tf.compat.v1.variable_scope("dec"):
            rnn.LSTMBlockCell(UNITS)(x, (h, h))
            rnn.LSTMBlockCell(UNITS)(x, (h, h))
            rnn.GRUBlockCell(cell_size=UNITS)(x, h)
            rnn.LSTMBlockFusedCell(UNITS)(tf.stack([x, x]), dtype=tf.float32)
        with tf.compat.v1.variable_scope("dec", reuse=True):
            rnn.LSTMBlockCell(UNITS)(x, (h, h))  # shares dec/lstm_cell
        names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
    assert names == sorted(["dec/lstm_cell/kernel", "dec/lstm_cell/bias", "dec/lstm_cell_1/kernel",
                            "dec/lstm_cell_1/bias", "dec/gru_cell/w_ru", "dec/gru_cell/b_ru", "dec/gru_cell/w_c",
                            "dec/gru_cell/b_c", "dec/lstm_fused_cell/kernel", "dec/lstm_fused_cell/bias"])


def test_graph_mode_training_step_uses_the_registered_gradients():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, TIME, DEPTH])
        cell = rnn.MultiRNNCell([rnn.LSTMBlockCell(UNITS, use_peephole=True), rnn.GRUBlockCell(UNITS)])
        outputs, _ = rnn.dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
        fused_out, _ = rnn.LSTMBlockFusedCell(UNITS)(tf.transpose(outputs, [1, 0, 2]), dtype=tf.float32)
        loss = tf.reduce_sum(tf.square(fused_out))
        train = tf.compat.v1.train.GradientDescentOptimizer(0.05).minimize(loss)
        grads = tf.gradients(loss, tf.compat.v1.trainable_variables())
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            before = session.run(loss, {x: _inputs()})
            assert all(np.abs(g).sum() > 0 for g in session.run(grads, {x: _inputs()}))
            for _ in range(5):
                session.run(train, {x: _inputs()})
            assert session.run(loss, {x: _inputs()}) < before


# -- misuse: TF1's errors -----------------------------------------------------------------------------
def test_gru_block_cell_needs_exactly_one_size():
    message = "Exactly one of num_units or cell_size must be provided."
    with pytest.raises(ValueError, match=message):
        rnn.GRUBlockCell()
    with pytest.raises(ValueError, match=message):
        rnn.GRUBlockCellV2(num_units=3, cell_size=3)
    assert rnn.GRUBlockCell(cell_size=5).state_size == 5


def test_gru_block_cell_checks_the_state_width():
    cell = rnn.GRUBlockCell(3)
    with pytest.raises(ValueError, match=r"^Shape of h_prev\[1\] incorrect: cell_size 3 vs 4$"):
        cell(tf.zeros([2, 5]), tf.zeros([2, 4]))


def test_block_cells_need_a_known_input_depth():
    with tf.Graph().as_default():
        unknown = tf.compat.v1.placeholder(tf.float32, [None, None])
        h = tf.zeros([2, UNITS])
        with pytest.raises(ValueError, match=r"^Expecting inputs_shape\[1\] to be set: \(None, None\)$"):
            rnn.LSTMBlockCell(UNITS)(unknown, (h, h))
        with pytest.raises(ValueError, match="^Expecting input_size to be set.$"):
            rnn.GRUBlockCell(UNITS)(unknown, h)
        unknown_3d = tf.compat.v1.placeholder(tf.float32, [None, None, None])
        with pytest.raises(ValueError, match=r"^Expecting inputs_shape\[2\] to be set: \(None, None, None\)$"):
            rnn.LSTMBlockFusedCell(UNITS)(unknown_3d, dtype=tf.float32)


def test_lstm_block_cell_needs_a_two_part_state():
    cell = rnn.LSTMBlockCell(UNITS)
    with pytest.raises(ValueError, match=r"^Expecting state to be a tuple with length 2.$"):
        cell(tf.zeros([2, DEPTH]), (tf.zeros([2, UNITS]),) * 3)


def test_step_cells_need_rank_2_inputs():
    state = (tf.zeros([2, UNITS]),) * 2
    message = (r"^Input 0 of layer lstm_cell is incompatible with the layer: expected ndim=2, found ndim=3. Full shape "
               r"received: \(2, 3, 4\)$")
    with pytest.raises(ValueError, match=message):
        rnn.LSTMBlockCell(UNITS)(tf.zeros([2, 3, DEPTH]), state)
    with pytest.raises(ValueError, match="^Input 0 of layer gru_cell is incompatible with the layer: expected ndim=2"):
        rnn.GRUBlockCellV2(UNITS)(tf.zeros([2, 3, DEPTH]), state[0])


def test_lstm_block_fused_cell_argument_errors():
    cell = rnn.LSTMBlockFusedCell(UNITS)
    x = tf.zeros([TIME, 2, DEPTH])
    with pytest.raises(ValueError, match="^Either initial_state or dtype needs to be specified$"):
        cell(x)
    with pytest.raises(ValueError, match="^Expecting initial_state to be a tuple with length 2 or None$"):
        cell(x, initial_state=(tf.zeros([2, UNITS]),) * 3)
    with pytest.raises(ValueError, match=r"Shape \(2, 4\) must have rank 3"):
        rnn.LSTMBlockFusedCell(UNITS)(tf.zeros([2, DEPTH]), dtype=tf.float32)


def test_abstract_fused_classes_cannot_be_instantiated():
    with pytest.raises(TypeError, match="Can't instantiate abstract class FusedRNNCell"):
        rnn.FusedRNNCell()
    with pytest.raises(TypeError, match="Can't instantiate abstract class LSTMBlockWrapper"):
        rnn.LSTMBlockWrapper()


# -- a TF1 checkpoint of LSTMCell / GRUCell restores into the block cells ------------------------------
_TF1_CHECKPOINT_SNIPPET = """
rnn_cell = tf.compat.v1.nn.rnn_cell
with tf.Graph().as_default():
    x = tf.constant(inputs["x"])
    initializer = tf.compat.v1.random_uniform_initializer(-0.5, 0.5, seed=3)
    with tf.compat.v1.variable_scope("model", initializer=initializer):
        lstm = rnn_cell.LSTMCell(6, use_peepholes=True, cell_clip=0.5, forget_bias=0.6)
        lstm_out, lstm_state = tf.compat.v1.nn.dynamic_rnn(lstm, x, sequence_length=inputs["lengths"],
                                                           dtype=tf.float32, scope="lstm")
        gru_out, gru_state = tf.compat.v1.nn.dynamic_rnn(rnn_cell.GRUCell(6), x, sequence_length=inputs["lengths"],
                                                         dtype=tf.float32, scope="gru")
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        values = sess.run([lstm_out, lstm_state.c, lstm_state.h, gru_out, gru_state])
        tf.compat.v1.train.Saver().save(sess, str(inputs["path"]))
    outputs["names"] = variable_names()
for i, value in enumerate(values):
    outputs[f"out{i}"] = value
"""


def test_tf1_lstm_cell_and_gru_cell_checkpoint_restores_into_block_cells(tmp_path):
    """TF1's LSTMCell (peepholes, clip) and GRUCell compute what LSTMBlockCell and GRUBlockCellV2 compute,
    under the same variable names: a TF1 checkpoint of the former restores into the latter by name."""
    from tf1_reference import run_tf1

    path = str(tmp_path / "tf1.ckpt")
    reference = run_tf1(_TF1_CHECKPOINT_SNIPPET, {"x": _inputs(), "lengths": LENGTHS, "path": np.array(path)})
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("model"):
            lstm = rnn.LSTMBlockCell(UNITS, use_peephole=True, cell_clip=0.5, forget_bias=0.6)
            lstm_out, lstm_state = rnn.dynamic_rnn(lstm, tf.constant(_inputs()), sequence_length=LENGTHS,
                                                   dtype=tf.float32, scope="lstm")
            gru_out, gru_state = rnn.dynamic_rnn(rnn.GRUBlockCellV2(UNITS), tf.constant(_inputs()),
                                                 sequence_length=LENGTHS, dtype=tf.float32, scope="gru")
        names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
        with tf.compat.v1.Session() as session:
            tf.compat.v1.train.Saver().restore(session, path)
            values = session.run([lstm_out, lstm_state.c, lstm_state.h, gru_out, gru_state])
    assert names == list(reference["names"])
    for index, value in enumerate(values):
        np.testing.assert_allclose(value, reference[f"out{index}"], **TOL)
