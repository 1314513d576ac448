"""TF 1.15 contrib conv LSTMs and grid LSTMs against numpy re-derivations of TF 1.15's formulas.

References: a direct stride-1 "SAME" correlation loop in numpy for the conv cells; the grid LSTM's
frequency/time LSTM equations written out per window. Variable names, shapes and creation order, and the
error messages, are TF 1.15's (tensorflow/contrib/rnn/python/ops/rnn_cell.py at r1.15).
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_eager_weights, assign_graph_weights, random_weights
from tf_seq2seq_migrate.checkpoints.model_loader import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_name

BATCH = 2
TOLERANCE = dict(rtol=1e-6, atol=1e-6)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def normal(seed, shape):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


def build_and_load(cell, inputs, state, seed=0):
    """Build ``cell`` eagerly under ``rnn`` (fresh scope counts), load seeded weights by TF1 name."""
    with fresh_tf1_scope_names(), tf.compat.v1.variable_scope("rnn"):
        cell(tf.constant(inputs), state)
    weights = random_weights({tf1_name(v): tuple(v.shape) for v in cell.weights}, seed)
    assign_eager_weights(cell.weights, weights)
    return weights


def graph_names(build) -> list[str]:
    with tf.Graph().as_default():
        build()
        return [v.name[:-2] for v in tf.compat.v1.global_variables()]


# -- convolutional LSTMs ----------------------------------------------------------------------------

def np_conv_same(values, kernel):
    """Stride-1 cross-correlation with TF's "SAME" padding (extra pad after), one kernel tap at a time."""
    taps = kernel.shape[:-2]
    spatial = values.shape[1:-1]
    pads = [(0, 0)] + [((k - 1) // 2, k - 1 - (k - 1) // 2) for k in taps] + [(0, 0)]
    padded = np.pad(values.astype(np.float64), pads)
    result = np.zeros(values.shape[:-1] + (kernel.shape[-1],))
    for tap in np.ndindex(*taps):
        window = padded[(slice(None),) + tuple(slice(t, t + n) for t, n in zip(tap, spatial))]
        result += window @ kernel[tap].astype(np.float64)
    return result


def np_conv_lstm_step(x, c, h, w, forget_bias=1.0, use_bias=True, skip_connection=False):
    gates = np_conv_same(np.concatenate([x, h], -1), w["rnn/conv_lstm_cell/kernel"])
    if use_bias:
        gates = gates + w["rnn/conv_lstm_cell/biases"]
    i, j, f, o = np.split(gates, 4, axis=-1)
    new_c = sigmoid(f + forget_bias) * c + sigmoid(i) * np.tanh(j)
    output = np.tanh(new_c) * sigmoid(o)
    if skip_connection:
        output = np.concatenate([output, x], -1)
    return output, (new_c, output)


CONV_CASES = {
    "conv1d": (lambda **kw: rnn.Conv1DLSTMCell(input_shape=[7, 3], kernel_shape=[3], **kw), [7, 3]),
    "conv2d_even_kernel": (lambda **kw: rnn.Conv2DLSTMCell(input_shape=[5, 4, 3], kernel_shape=[2, 3], **kw),
                           [5, 4, 3]),
    "conv3d": (lambda **kw: rnn.Conv3DLSTMCell(input_shape=[4, 3, 5, 2], kernel_shape=[3, 2, 3], **kw),
               [4, 3, 5, 2]),
    "generic_2d": (lambda **kw: rnn.ConvLSTMCell(2, [6, 5, 2], kernel_shape=[3, 3], **kw), [6, 5, 2]),
}


@pytest.mark.parametrize("case", sorted(CONV_CASES))
@pytest.mark.parametrize("options", [dict(), dict(use_bias=False, forget_bias=0.3), dict(skip_connection=True)],
                         ids=["default", "no_bias", "skip"])
def test_conv_lstm_step_matches_numpy(case, options):
    make, input_shape = CONV_CASES[case]
    channels = 4
    cell = make(output_channels=channels, **options)
    x = normal(1, [BATCH] + input_shape)
    state_shape = [BATCH] + input_shape[:-1] + [channels]
    c0, h0 = normal(2, state_shape), normal(3, state_shape)
    state = rnn.LSTMStateTuple(tf.constant(c0), tf.constant(h0))
    weights = build_and_load(cell, x, state)
    output, (c1, h1) = cell(tf.constant(x), state)
    want_output, (want_c, want_h) = np_conv_lstm_step(
        x, c0, h0, weights, options.get("forget_bias", 1.0), options.get("use_bias", True),
        options.get("skip_connection", False))
    np.testing.assert_allclose(output, want_output, **TOLERANCE)
    np.testing.assert_allclose(c1, want_c, **TOLERANCE)
    np.testing.assert_allclose(h1, want_h, **TOLERANCE)
    extra = input_shape[-1] if options.get("skip_connection") else 0
    assert cell.output_size == tf.TensorShape(input_shape[:-1] + [channels + extra])
    assert cell.state_size == rnn.LSTMStateTuple(tf.TensorShape(input_shape[:-1] + [channels]),
                                                 tf.TensorShape(input_shape[:-1] + [channels]))


def test_conv_lstm_variable_names_and_shapes_in_a_graph():
    def build():
        with tf.compat.v1.variable_scope("encoder"):
            cell = rnn.Conv2DLSTMCell(input_shape=[5, 4, 3], output_channels=6, kernel_shape=[3, 2],
                                      name="ignored_as_in_tf1")
            rnn.dynamic_rnn(cell, tf.zeros([BATCH, 2, 5, 4, 3]), dtype=tf.float32)
            no_bias = rnn.Conv1DLSTMCell(input_shape=[7, 3], output_channels=2, kernel_shape=[3], use_bias=False)
            no_bias(tf.zeros([BATCH, 7, 3]), no_bias.zero_state(BATCH, tf.float32))
        shapes = {v.name[:-2]: v.shape.as_list() for v in tf.compat.v1.global_variables()}
        assert shapes["encoder/rnn/conv_lstm_cell/kernel"] == [3, 2, 3 + 6, 24]
        assert shapes["encoder/rnn/conv_lstm_cell/biases"] == [24]
        assert shapes["encoder/conv_lstm_cell/kernel"] == [3, 3 + 2, 8]

    assert graph_names(build) == ["encoder/rnn/conv_lstm_cell/kernel", "encoder/rnn/conv_lstm_cell/biases",
                                  "encoder/conv_lstm_cell/kernel"]


def test_conv_lstm_dynamic_rnn_with_sequence_length_in_a_session():
    input_shape, channels, steps, lengths = [4, 3, 2], 3, 3, [1, 3]
    x = normal(4, [BATCH, steps] + input_shape)
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        cell = rnn.Conv2DLSTMCell(input_shape=input_shape, output_channels=channels, kernel_shape=[3, 3],
                                  forget_bias=0.5)
        outputs, (c, h) = rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=tf.constant(lengths),
                                          dtype=tf.float32)
        session.run(tf.compat.v1.global_variables_initializer())
        weights = random_weights({"rnn/conv_lstm_cell/kernel": (3, 3, 2 + channels, 4 * channels),
                                  "rnn/conv_lstm_cell/biases": (4 * channels,)}, seed=5)
        assign_graph_weights(session, weights)
        outputs, c, h = session.run([outputs, c, h])
    for b, length in enumerate(lengths):
        state_c = state_h = np.zeros(input_shape[:-1] + [channels])
        for t in range(steps):
            if t < length:
                out, (state_c, state_h) = np_conv_lstm_step(x[b:b + 1, t], state_c[None], state_h[None], weights,
                                                            forget_bias=0.5)
                state_c, state_h = state_c[0], state_h[0]
                np.testing.assert_allclose(outputs[b, t], out[0], **TOLERANCE)
            else:
                np.testing.assert_array_equal(outputs[b, t], 0.0)
        np.testing.assert_allclose(c[b], state_c, **TOLERANCE)
        np.testing.assert_allclose(h[b], state_h, **TOLERANCE)


def test_conv_lstm_eager_tf_function_and_graph_agree():
    x = normal(6, [BATCH, 5, 4, 3])
    cell = rnn.Conv2DLSTMCell(input_shape=[5, 4, 3], output_channels=2, kernel_shape=[3, 3])
    zero = cell.zero_state(BATCH, tf.float32)
    weights = build_and_load(cell, x, zero, seed=7)
    eager_out, _ = cell(tf.constant(x), zero)
    function_out, _ = tf.function(lambda inputs: cell(inputs, cell.zero_state(BATCH, tf.float32)))(tf.constant(x))
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        graph_cell = rnn.Conv2DLSTMCell(input_shape=[5, 4, 3], output_channels=2, kernel_shape=[3, 3])
        with tf.compat.v1.variable_scope("rnn"):
            graph_out, _ = graph_cell(tf.constant(x), graph_cell.zero_state(BATCH, tf.float32))
        session.run(tf.compat.v1.global_variables_initializer())
        assign_graph_weights(session, weights)
        graph_out = session.run(graph_out)
    np.testing.assert_allclose(function_out, eager_out, **TOLERANCE)
    np.testing.assert_allclose(graph_out, eager_out, **TOLERANCE)


def test_conv_lstm_misuse_errors():
    with pytest.raises(ValueError, match=r"^Invalid input_shape \[5, 4, 3\] for conv_ndims=1\.$"):
        rnn.ConvLSTMCell(1, [5, 4, 3], 2, [3])
    with pytest.raises(ValueError, match=r"^Invalid input_shape \[5, 3\] for conv_ndims=2\.$"):
        rnn.Conv2DLSTMCell(input_shape=[5, 3], output_channels=2, kernel_shape=[3, 3])
    cell = rnn.Conv1DLSTMCell(input_shape=[5, 3], output_channels=2, kernel_shape=[3])
    state = cell.zero_state(BATCH, tf.float32)
    with pytest.raises(ValueError, match=r"^Conv Linear expects 3D, 4D or 5D arguments: \[\[2, 3\], \[2, 5, 2\]\]$"):
        cell(tf.zeros([BATCH, 3]), state)
    with pytest.raises(ValueError, match=r"^Conv Linear expects all args to be of same Dimension: "
                                         r"\[\[2, 5, 1, 3\], \[2, 5, 2\]\]$"):
        cell(tf.zeros([BATCH, 5, 1, 3]), state)


# -- grid LSTMs -------------------------------------------------------------------------------------

def np_grid_block(windows, previous, w, gate_count, options):
    """One frequency block of TF 1.15's GridLSTMCell. ``previous``: the time LSTM's (c, m) per window;
    ``w``: this block's matrices/biases/peepholes by TF1 short name. Returns (outputs, new (c, m)s)."""
    units = options["units"]
    shared, coupled = options.get("share", False), options.get("coupled", False)
    clip, forget_bias = options.get("clip"), options.get("forget_bias", 1.0)

    def peep(name):  # no peepholes: the term is absent
        return w[name] if options.get("peepholes") else 0.0

    def split(z):
        parts = np.split(z, gate_count, axis=1)
        return (parts[0], parts[1], None, parts[2]) if coupled else tuple(parts)

    def clipped(c):
        return c if clip is None else np.clip(c, -clip, clip)

    time_kind = "freq" if shared else "time"
    c_freq = m_freq = np.zeros((windows[0].shape[0], units))
    outputs, states = [], []
    for window, (c_time_prev, m_time_prev) in zip(windows, previous):
        joined = np.concatenate([window, m_time_prev, m_freq], 1)
        fi, fj, ff, fo = split(joined @ w["W_f"] + w["B_f"])
        ti, tj, tf_, to = (fi, fj, ff, fo) if shared else split(joined @ w["W_t"] + w["B_t"])
        c_freq_prev = c_freq
        i_gate = sigmoid(fi + peep("W_I_diag_freqf") * c_freq_prev + peep("W_I_diag_freqt") * c_time_prev)
        f_gate = 1.0 - i_gate if coupled else sigmoid(
            ff + forget_bias + peep("W_F_diag_freqf") * c_freq_prev + peep("W_F_diag_freqt") * c_time_prev)
        c_freq = clipped(f_gate * c_freq_prev + i_gate * np.tanh(fj))
        i_gate = sigmoid(ti + peep(f"W_I_diag_{time_kind}f") * c_freq_prev
                         + peep(f"W_I_diag_{time_kind}t") * c_time_prev)
        f_gate = 1.0 - i_gate if coupled else sigmoid(
            tf_ + forget_bias + peep(f"W_F_diag_{time_kind}f") * c_freq_prev
            + peep(f"W_F_diag_{time_kind}t") * c_time_prev)
        c_time = clipped(f_gate * c_time_prev + i_gate * np.tanh(tj))
        m_freq = sigmoid(fo + peep("W_O_diag_freqf") * c_freq + peep("W_O_diag_freqt") * c_time) * np.tanh(c_freq)
        m_time = sigmoid(to + peep(f"W_O_diag_{time_kind}f") * c_freq
                         + peep(f"W_O_diag_{time_kind}t") * c_time) * np.tanh(c_time)
        outputs += [m_time, m_freq]
        states.append((c_time, m_time))
    return outputs, states


def block_weights(weights, scope, block, shards):
    """The TF1 variables of one block by short name, row shards joined (``W_f_<b>_0``, ``W_f_<b>_1``...)."""
    short = {}
    for name, value in weights.items():
        if not name.startswith(scope):
            continue
        leaf = name[len(scope):]
        for matrix in ("W_f", "W_t"):
            if leaf.startswith(f"{matrix}_{block}_"):
                short.setdefault(matrix, [None] * shards)[int(leaf.rsplit("_", 1)[1])] = value
        if leaf.endswith(f"_{block}") and not leaf.startswith(("W_f_", "W_t_")):
            short[leaf[:-len(f"_{block}")]] = value
    for matrix in ("W_f", "W_t"):
        if matrix in short:
            short[matrix] = np.concatenate(short[matrix], 0)
    return short


def windows_of(x, starts, size, pad=(0, 0)):
    padded = np.pad(x, [(0, 0), pad])
    return [padded[:, s:s + size] for s in starts]


GRID_CASES = {
    "peepholes_one_block": dict(
        units=3, peepholes=True, forget_bias=0.7, depth=8,
        kwargs=dict(feature_size=4, frequency_skip=2, num_frequency_blocks=[3]), starts=[[0, 2, 4]]),
    "shared_coupled_clipped_two_blocks_sharded": dict(
        units=2, peepholes=True, share=True, coupled=True, clip=0.3, shards=2, depth=8,
        kwargs=dict(feature_size=4, frequency_skip=2, num_frequency_blocks=[2, 1], start_freqindex_list=[0, 4],
                    end_freqindex_list=[6, 8]), starts=[[0, 2], [4]]),
    "plain_three_shards": dict(
        units=3, shards=3, depth=7,
        kwargs=dict(feature_size=3, frequency_skip=1, num_frequency_blocks=[5]), starts=[[0, 1, 2, 3, 4]]),
}


def make_grid(options, cls=None, **extra):
    cls = cls or rnn.GridLSTMCell
    return cls(options["units"], use_peepholes=options.get("peepholes", False),
               share_time_frequency_weights=options.get("share", False), cell_clip=options.get("clip"),
               num_unit_shards=options.get("shards", 1), forget_bias=options.get("forget_bias", 1.0),
               couple_input_forget_gates=options.get("coupled", False), **options["kwargs"], **extra)


def grid_state(cell, seed):
    flat = [normal(seed + k, [BATCH, size]) for k, size in enumerate(tf.nest.flatten(cell.state_size))]
    return flat, tf.nest.pack_sequence_as(cell.state_size, [tf.constant(v) for v in flat])


@pytest.mark.parametrize("case", sorted(GRID_CASES))
def test_grid_lstm_step_matches_numpy(case):
    options = GRID_CASES[case]
    cell = make_grid(options)
    x = normal(11, [BATCH, options["depth"]])
    flat, state = grid_state(cell, 20)
    weights = build_and_load(cell, x, state)
    output, new_state = cell(tf.constant(x), state)
    assert type(new_state).__name__ == "GridLSTMStateTuple"
    gate_count = 3 if options.get("coupled") else 4
    want_outputs, want_states, k = [], [], 0
    for block, starts in enumerate(options["starts"]):
        previous = [(flat[k + 2 * n], flat[k + 2 * n + 1]) for n in range(len(starts))]
        k += 2 * len(starts)
        outs, states = np_grid_block(windows_of(x, starts, options["kwargs"]["feature_size"]), previous,
                                     block_weights(weights, "rnn/grid_lstm_cell/", block, options.get("shards", 1)),
                                     gate_count, options)
        want_outputs += outs
        want_states += [part for pair in states for part in pair]
    np.testing.assert_allclose(output, np.concatenate(want_outputs, 1), **TOLERANCE)
    for got, want in zip(tf.nest.flatten(new_state), want_states, strict=True):
        np.testing.assert_allclose(got, want, **TOLERANCE)
    assert cell.output_size == 2 * options["units"] * sum(options["kwargs"]["num_frequency_blocks"])


def test_grid_lstm_concatenated_state_reads_columns_by_window_as_tf1():
    options = GRID_CASES["peepholes_one_block"]
    cell = make_grid(options, state_is_tuple=False)
    assert cell.state_size == 18 and cell.state_tuple_type is None
    x = normal(12, [BATCH, 8])
    flat_state = normal(13, [BATCH, 18])
    weights = build_and_load(cell, x, tf.constant(flat_state))
    output, new_state = cell(tf.constant(x), tf.constant(flat_state))
    previous = [(flat_state[:, 6 * n:6 * n + 3], flat_state[:, 6 * n + 3:6 * n + 6]) for n in range(3)]
    outs, states = np_grid_block(windows_of(x, [0, 2, 4], 4), previous,
                                 block_weights(weights, "rnn/grid_lstm_cell/", 0, 1), 4, options)
    np.testing.assert_allclose(output, np.concatenate(outs, 1), **TOLERANCE)
    np.testing.assert_allclose(new_state, np.concatenate([p for pair in states for p in pair], 1), **TOLERANCE)


@pytest.mark.parametrize("offset, bwd_starts, pad", [(0, [0, 2, 4], (0, 0)), (1, [1, 3, 5], (0, 1)),
                                                     (-1, [0, 2, 4], (1, 0))])
def test_bidirectional_grid_lstm_step_matches_numpy(offset, bwd_starts, pad):
    options = dict(GRID_CASES["peepholes_one_block"])
    cell = make_grid(options, rnn.BidirectionalGridLSTMCell, backward_slice_offset=offset)
    assert type(cell.state_size).__name__ == "BidirectionalGridLSTMStateTuple"
    assert cell.state_size._fields[:2] == ("fwd_state_f00_b00_c", "fwd_state_f00_b00_m")
    assert cell.state_size._fields[6:8] == ("bwd_state_f00_b00_c", "bwd_state_f00_b00_m")
    x = normal(14, [BATCH, 8])
    flat, state = grid_state(cell, 30)
    weights = build_and_load(cell, x, state)
    output, new_state = cell(tf.constant(x), state)
    scope = "rnn/bidirectional_grid_lstm_cell/"
    fwd_out, fwd_states = np_grid_block(windows_of(x, [0, 2, 4], 4), [(flat[0], flat[1]), (flat[2], flat[3]),
                                                                      (flat[4], flat[5])],
                                        block_weights(weights, scope + "fwd/", 0, 1), 4, options)
    bwd_out, bwd_states = np_grid_block(windows_of(x, bwd_starts, 4, pad)[::-1],
                                        [(flat[6], flat[7]), (flat[8], flat[9]), (flat[10], flat[11])],
                                        block_weights(weights, scope + "bwd/", 0, 1), 4, options)
    np.testing.assert_allclose(output, np.concatenate(fwd_out + bwd_out, 1), **TOLERANCE)
    want_states = [p for pair in fwd_states + bwd_states for p in pair]
    for got, want in zip(tf.nest.flatten(new_state), want_states, strict=True):
        np.testing.assert_allclose(got, want, **TOLERANCE)
    assert cell.output_size == 2 * 3 * 3 * 2


def test_grid_lstm_variable_names_in_a_graph():
    def build():
        with tf.compat.v1.variable_scope("speech"):
            cell = make_grid(GRID_CASES["shared_coupled_clipped_two_blocks_sharded"])
            cell(tf.zeros([BATCH, 8]), cell.zero_state(BATCH, tf.float32))
            full = make_grid(GRID_CASES["peepholes_one_block"])
            full(tf.zeros([BATCH, 8]), full.zero_state(BATCH, tf.float32))
            bidirectional = rnn.BidirectionalGridLSTMCell(2, feature_size=4, frequency_skip=4,
                                                          num_frequency_blocks=[2])
            rnn.dynamic_rnn(bidirectional, tf.zeros([BATCH, 3, 8]), dtype=tf.float32)

    shared = "speech/grid_lstm_cell/"
    full = "speech/grid_lstm_cell_1/"
    bidirectional = "speech/rnn/bidirectional_grid_lstm_cell/"
    assert graph_names(build) == [
        shared + name for name in ("W_f_0_0", "W_f_0_1", "B_f_0", "W_I_diag_freqf_0", "W_I_diag_freqt_0",
                                   "W_O_diag_freqf_0", "W_O_diag_freqt_0", "W_f_1_0", "W_f_1_1", "B_f_1",
                                   "W_I_diag_freqf_1", "W_I_diag_freqt_1", "W_O_diag_freqf_1", "W_O_diag_freqt_1")
    ] + [
        full + name for name in ("W_f_0_0", "B_f_0", "W_t_0_0", "B_t_0", "W_F_diag_freqf_0", "W_F_diag_freqt_0",
                                 "W_I_diag_freqf_0", "W_I_diag_freqt_0", "W_O_diag_freqf_0", "W_O_diag_freqt_0",
                                 "W_F_diag_timef_0", "W_F_diag_timet_0", "W_I_diag_timef_0", "W_I_diag_timet_0",
                                 "W_O_diag_timef_0", "W_O_diag_timet_0")
    ] + [
        bidirectional + direction + name for direction in ("fwd/", "bwd/")
        for name in ("W_f_0_0", "B_f_0", "W_t_0_0", "B_t_0")
    ]


def test_grid_lstm_shard_shapes_follow_tf1():
    shapes = {}

    def build():
        cell = rnn.GridLSTMCell(2, num_unit_shards=3, feature_size=3, frequency_skip=1, num_frequency_blocks=[1])
        cell(tf.zeros([BATCH, 3]), cell.zero_state(BATCH, tf.float32))
        shapes.update({v.name[:-2]: v.shape.as_list() for v in tf.compat.v1.global_variables()})

    graph_names(build)
    # 3 + 2 * 2 = 7 rows over 3 shards: the first 7 % 3 shards get one row more.
    assert [shapes[f"grid_lstm_cell/W_f_0_{k}"] for k in range(3)] == [[3, 8], [2, 8], [2, 8]]
    assert shapes["grid_lstm_cell/B_f_0"] == [8]


def test_grid_lstm_dynamic_rnn_with_sequence_length_matches_numpy_steps():
    options = GRID_CASES["plain_three_shards"]
    cell = make_grid(options)
    steps, lengths = 3, [2, 3]
    x = normal(15, [BATCH, steps, 7])
    with fresh_tf1_scope_names():
        outputs, final = rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=tf.constant(lengths),
                                         dtype=tf.float32)
    weights = random_weights({tf1_name(v): tuple(v.shape) for v in cell.weights}, 16)
    assign_eager_weights(cell.weights, weights)
    outputs, final = rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=tf.constant(lengths), dtype=tf.float32)
    w = block_weights(weights, "rnn/grid_lstm_cell/", 0, 3)
    for b, length in enumerate(lengths):
        previous = [(np.zeros((1, 3)), np.zeros((1, 3)))] * 5
        for t in range(steps):
            if t < length:
                outs, previous = np_grid_block(windows_of(x[b:b + 1, t], [0, 1, 2, 3, 4], 3), previous, w, 4,
                                               options)
                np.testing.assert_allclose(outputs[b, t], np.concatenate(outs, 1)[0], **TOLERANCE)
            else:
                np.testing.assert_array_equal(outputs[b, t], 0.0)
        want = [part[0] for pair in previous for part in pair]
        for got, expected in zip(tf.nest.flatten(final), want, strict=True):
            np.testing.assert_allclose(got[b], expected, **TOLERANCE)


def test_bidirectional_grid_lstm_eager_tf_function_and_graph_agree():
    def make():
        return rnn.BidirectionalGridLSTMCell(2, use_peepholes=True, feature_size=4, frequency_skip=2,
                                             num_frequency_blocks=[3], backward_slice_offset=1)

    x = normal(17, [BATCH, 8])
    cell = make()
    zero = cell.zero_state(BATCH, tf.float32)
    weights = build_and_load(cell, x, zero, seed=18)
    eager_out, eager_state = cell(tf.constant(x), zero)
    function_out, _ = tf.function(lambda inputs: cell(inputs, cell.zero_state(BATCH, tf.float32)))(tf.constant(x))
    with tf.Graph().as_default(), tf.compat.v1.Session() as session:
        graph_cell = make()
        with tf.compat.v1.variable_scope("rnn"):
            graph_out, graph_state = graph_cell(tf.constant(x), graph_cell.zero_state(BATCH, tf.float32))
        session.run(tf.compat.v1.global_variables_initializer())
        assign_graph_weights(session, weights)
        graph_out, graph_state = session.run([graph_out, graph_state])
    np.testing.assert_allclose(function_out, eager_out, **TOLERANCE)
    np.testing.assert_allclose(graph_out, eager_out, **TOLERANCE)
    np.testing.assert_allclose(graph_state.bwd_state_f02_b00_m, eager_state.bwd_state_f02_b00_m, **TOLERANCE)


def test_grid_lstm_misuse_errors():
    with pytest.raises(ValueError, match=r"^Must specify num_frequency_blocks$"):
        rnn.GridLSTMCell(4, feature_size=4, frequency_skip=2)

    def step(**kwargs):
        cell = rnn.GridLSTMCell(2, feature_size=4, frequency_skip=2, **kwargs)
        return cell(tf.zeros([BATCH, 8]), cell.zero_state(BATCH, tf.float32))

    with pytest.raises(ValueError, match=r"^Invalid num_frequency_blocks, requires 4 but gets 3, please check the "
                                         r"input size and filter config are correct\.$"):
        step(num_frequency_blocks=[4])
    with pytest.raises(ValueError, match=r"^Length of num_frequency_blocks is not 1, but instead is 2$"):
        step(num_frequency_blocks=[2, 1])
    with pytest.raises(ValueError, match=r"^Length of start and end freqindex_list does not match 2 1$"):
        step(num_frequency_blocks=[2, 1], start_freqindex_list=[0, 4], end_freqindex_list=[6])
    with pytest.raises(ValueError, match=r"^Length of num_frequency_blocks is not equal to start_freqindex_list "
                                         r"1 2$"):
        step(num_frequency_blocks=[2], start_freqindex_list=[0, 4], end_freqindex_list=[6, 8])
    with pytest.raises(ValueError, match=r"^Too many shards: shape=\[8, 8\], num_shards=9$"):
        step(num_frequency_blocks=[3], num_unit_shards=9)
    cell = rnn.GridLSTMCell(2, feature_size=4, frequency_skip=2, num_frequency_blocks=[3])
    with pytest.raises(ValueError, match=r"^Shapes? \(2, 1, 8\) must have rank 2$"):
        cell(tf.zeros([BATCH, 1, 8]), cell.zero_state(BATCH, tf.float32))
    with tf.Graph().as_default():
        unknown = tf.compat.v1.placeholder(tf.float32, [None, None])
        with pytest.raises(ValueError, match=r"^Cannot infer input_size from static shape inference\.$"):
            cell = rnn.GridLSTMCell(2, feature_size=4, frequency_skip=2, num_frequency_blocks=[3])
            cell(unknown, cell.zero_state(BATCH, tf.float32))
