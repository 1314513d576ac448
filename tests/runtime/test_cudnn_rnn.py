"""tf.contrib.cudnn_rnn on the runtime: the cuDNN-compatible cells and the cuDNN layers as cell stacks.

The reference is cuDNN's own formulation, re-derived in numpy: per-gate weights ``W_*`` (on the layer
input) and ``R_*`` (on the hidden state), each with its own bias ``b_W*`` / ``b_R*``, as the cuDNN user
guide writes LSTM, GRU and plain RNNs. TF 1.15's canonical checkpoint layout (``CudnnParamsFormatConverter``
facts: transposed ``[W | R]`` per gate, LSTM gates reordered from i, f, c, o to i, c, f, o, bias pairs
summed except the GRU candidate's) maps those parameters onto the runtime's variables by name; multi-layer
and bidirectional stacks follow cuDNN's state order (layer-major, forward before backward).
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.checkpoints import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import cudnn_rnn, rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map

TIME, BATCH, DEPTH, UNITS = 5, 3, 4, 6
LENGTHS = np.array([5, 2, 3], dtype=np.int32)
TOL = dict(rtol=1e-5, atol=1e-6)
GATES = {"lstm": ("i", "f", "c", "o"), "gru": ("r", "u", "h"), "rnn_tanh": ("h",), "rnn_relu": ("h",)}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# -- cuDNN parameters and their TF canonical form --------------------------------------------------------
def cudnn_params(mode, input_size, seed):
    """One cell's cuDNN canonical parameters: ``W[g]`` [units, input], ``R[g]`` [units, units], biases."""
    rng = np.random.default_rng(seed)
    draw = lambda *shape: rng.uniform(-0.5, 0.5, size=shape).astype(np.float32)  # noqa: E731
    gates = GATES[mode]
    return {"W": {g: draw(UNITS, input_size) for g in gates}, "R": {g: draw(UNITS, UNITS) for g in gates},
            "bW": {g: draw(UNITS) for g in gates}, "bR": {g: draw(UNITS) for g in gates}}


def tf_canonical(mode, p):
    """TF 1.15's canonical tensors (relative names) for one cell's cuDNN parameters."""
    stitched = lambda g: np.concatenate([p["W"][g], p["R"][g]], axis=1)  # noqa: E731
    summed = lambda g: p["bW"][g] + p["bR"][g]  # noqa: E731
    if mode == "lstm":
        order = ("i", "c", "f", "o")
        return {"kernel": np.concatenate([stitched(g) for g in order]).T,
                "bias": np.concatenate([summed(g) for g in order])}
    if mode == "gru":
        return {"gates/kernel": np.concatenate([stitched("r"), stitched("u")]).T,
                "gates/bias": np.concatenate([summed("r"), summed("u")]),
                "candidate/input_projection/kernel": p["W"]["h"].T,
                "candidate/hidden_projection/kernel": p["R"]["h"].T,
                "candidate/input_projection/bias": p["bW"]["h"],
                "candidate/hidden_projection/bias": p["bR"]["h"]}
    return {"kernel": stitched("h").T, "bias": summed("h")}


CELL_NAMES = {"lstm": "cudnn_compatible_lstm_cell", "gru": "cudnn_compatible_gru_cell",
              "rnn_tanh": "basic_rnn_cell", "rnn_relu": "basic_rnn_cell"}


# -- cuDNN formulas ------------------------------------------------------------------------------------
def cudnn_step(mode, p, x, h, c=None):
    pre = lambda g: x @ p["W"][g].T + p["bW"][g] + h @ p["R"][g].T + p["bR"][g]  # noqa: E731
    if mode == "lstm":
        i, f, o = sigmoid(pre("i")), sigmoid(pre("f")), sigmoid(pre("o"))
        new_c = f * c + i * np.tanh(pre("c"))
        return o * np.tanh(new_c), new_c
    if mode == "gru":
        r, u = sigmoid(pre("r")), sigmoid(pre("u"))
        candidate = np.tanh(x @ p["W"]["h"].T + p["bW"]["h"] + r * (h @ p["R"]["h"].T + p["bR"]["h"]))
        return (1 - u) * candidate + u * h, None
    activation = np.tanh if mode == "rnn_tanh" else (lambda v: np.maximum(v, 0))
    return activation(pre("h")), None


def cudnn_direction(mode, p, x, h0, c0, lengths, reverse):
    """One direction over time-major ``x``: zero outputs past a row's length, state frozen there; the
    backward direction reads each row reversed within its length."""
    steps, batch = x.shape[:2]
    outputs = np.zeros((steps, batch, h0.shape[1]), np.float32)
    h, c = h0.copy(), None if c0 is None else c0.copy()
    for t in range(steps):
        rows = lengths > t
        source = np.array([lengths[b] - 1 - t if reverse and rows[b] else t for b in range(batch)])
        x_t = x[source, np.arange(batch)]
        new_h, new_c = cudnn_step(mode, p, x_t, h, c)
        h = np.where(rows[:, None], new_h, h)
        if c is not None:
            c = np.where(rows[:, None], new_c, c)
        for b in np.nonzero(rows)[0]:
            outputs[source[b], b] = new_h[b]
    return outputs, h, c


def cudnn_layer(mode, params, x, h0, c0, lengths, bidirectional):
    """The cuDNN layer: ``params`` / state rows per cell, layer-major, forward before backward."""
    dirs = 2 if bidirectional else 1
    layer_inputs, final_h, final_c = x, [], []
    for layer in range(len(params) // dirs):
        outs = []
        for d in range(dirs):
            index = layer * dirs + d
            out, h, c = cudnn_direction(mode, params[index], layer_inputs, h0[index],
                                        None if c0 is None else c0[index], lengths, reverse=d == 1)
            outs.append(out)
            final_h.append(h)
            final_c.append(c)
        layer_inputs = np.concatenate(outs, axis=2)
    states = (np.stack(final_h), np.stack(final_c)) if mode == "lstm" else (np.stack(final_h),)
    return layer_inputs, states


LAYERS = {"lstm": cudnn_rnn.CudnnLSTM, "gru": cudnn_rnn.CudnnGRU, "rnn_tanh": cudnn_rnn.CudnnRNNTanh,
          "rnn_relu": cudnn_rnn.CudnnRNNRelu}


def layer_case(mode, num_layers, bidirectional, seed=0):
    """cuDNN parameters per cell, their canonical names under the layer's scope, inputs and a state."""
    dirs = 2 if bidirectional else 1
    scope = {"lstm": "cudnn_lstm", "gru": "cudnn_gru", "rnn_tanh": "cudnn_rnn_tanh", "rnn_relu": "cudnn_rnn_relu"}
    params, weights = [], {}
    for layer in range(num_layers):
        for d in range(dirs):
            p = cudnn_params(mode, DEPTH if layer == 0 else dirs * UNITS, seed + 10 * layer + d)
            params.append(p)
            if bidirectional:
                prefix = f"stack_bidirectional_rnn/cell_{layer}/bidirectional_rnn/{'fw' if d == 0 else 'bw'}"
            else:
                prefix = f"rnn/multi_rnn_cell/cell_{layer}"
            for name, value in tf_canonical(mode, p).items():
                weights[f"{scope[mode]}/{prefix}/{CELL_NAMES[mode]}/{name}"] = value.astype(np.float32)
    rng = np.random.default_rng(seed + 99)
    x = rng.uniform(-1, 1, size=(TIME, BATCH, DEPTH)).astype(np.float32)
    state_shape = (num_layers * dirs, BATCH, UNITS)
    h0 = rng.uniform(-1, 1, size=state_shape).astype(np.float32)
    c0 = rng.uniform(-1, 1, size=state_shape).astype(np.float32) if mode == "lstm" else None
    return params, weights, x, h0, c0


def initial_state(h0, c0):
    return (h0, c0) if c0 is not None else (h0,)


# -- the cells -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["lstm", "gru"])
def test_compatible_cell_step_matches_cudnn_formula(mode):
    p = cudnn_params(mode, DEPTH, seed=3)
    rng = np.random.default_rng(4)
    x, h, c = (rng.uniform(-1, 1, size=(BATCH, n)).astype(np.float32) for n in (DEPTH, UNITS, UNITS))
    with fresh_tf1_scope_names():
        if mode == "lstm":
            cell = cudnn_rnn.CudnnCompatibleLSTMCell(UNITS)
            state = rnn.LSTMStateTuple(c, h)
        else:
            cell = cudnn_rnn.CudnnCompatibleGRUCell(UNITS)
            state = h
        cell(x, state)
        mapping = tf1_variable_map(cell.weights)
    canonical = tf_canonical(mode, p)
    assert sorted(mapping) == sorted(f"{CELL_NAMES[mode]}/{n}" for n in canonical)
    for name, value in canonical.items():
        mapping[f"{CELL_NAMES[mode]}/{name}"].assign(value)
    output, new_state = cell(x, state)
    want_h, want_c = cudnn_step(mode, p, x, h, c if mode == "lstm" else None)
    np.testing.assert_allclose(output.numpy(), want_h, **TOL)
    if mode == "lstm":
        np.testing.assert_allclose(new_state.c.numpy(), want_c, **TOL)
        np.testing.assert_allclose(new_state.h.numpy(), want_h, **TOL)


def test_compatible_cells_variable_names_in_graph_mode():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, DEPTH])
        with tf.compat.v1.variable_scope("enc"):
            cudnn_rnn.CudnnCompatibleLSTMCell(UNITS)(x, (tf.zeros([BATCH, UNITS]),) * 2)
            cudnn_rnn.CudnnCompatibleGRUCell(UNITS)(x, tf.zeros([BATCH, UNITS]))
        shapes = {v.name: v.shape.as_list() for v in tf.compat.v1.global_variables()}
    assert shapes == {
        "enc/cudnn_compatible_lstm_cell/kernel:0": [DEPTH + UNITS, 4 * UNITS],
        "enc/cudnn_compatible_lstm_cell/bias:0": [4 * UNITS],
        "enc/cudnn_compatible_gru_cell/gates/kernel:0": [DEPTH + UNITS, 2 * UNITS],
        "enc/cudnn_compatible_gru_cell/gates/bias:0": [2 * UNITS],
        "enc/cudnn_compatible_gru_cell/candidate/input_projection/kernel:0": [DEPTH, UNITS],
        "enc/cudnn_compatible_gru_cell/candidate/hidden_projection/kernel:0": [UNITS, UNITS],
        "enc/cudnn_compatible_gru_cell/candidate/input_projection/bias:0": [UNITS],
        "enc/cudnn_compatible_gru_cell/candidate/hidden_projection/bias:0": [UNITS],
    }


def test_compatible_gru_cell_initial_biases_as_tf1():
    # TF1's GRU starts the gate bias at 1 and the candidate biases at 0.
    with fresh_tf1_scope_names():
        cell = cudnn_rnn.CudnnCompatibleGRUCell(UNITS)
        cell(np.zeros([1, DEPTH], np.float32), np.zeros([1, UNITS], np.float32))
        mapping = tf1_variable_map(cell.weights)
    np.testing.assert_array_equal(mapping["cudnn_compatible_gru_cell/gates/bias"].numpy(), np.ones(2 * UNITS))
    np.testing.assert_array_equal(mapping["cudnn_compatible_gru_cell/candidate/hidden_projection/bias"].numpy(),
                                  np.zeros(UNITS))


# -- the layers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bidi"])
@pytest.mark.parametrize("mode", ["lstm", "gru", "rnn_tanh", "rnn_relu"])
def test_layer_eager_matches_cudnn_formula(mode, bidirectional):
    params, weights, x, h0, c0 = layer_case(mode, num_layers=2, bidirectional=bidirectional)
    direction = "bidirectional" if bidirectional else "unidirectional"
    with fresh_tf1_scope_names():
        layer = LAYERS[mode](2, UNITS, direction=direction)
        layer(x, initial_state(h0, c0), sequence_lengths=LENGTHS, training=False)
        mapping = tf1_variable_map(layer.weights)
    assert sorted(mapping) == sorted(weights)
    for name, value in weights.items():
        mapping[name].assign(value)
    outputs, states = layer(x, initial_state(h0, c0), sequence_lengths=LENGTHS, training=False)
    want_outputs, want_states = cudnn_layer(mode, params, x, h0, c0, LENGTHS, bidirectional)
    dirs = 2 if bidirectional else 1
    assert outputs.shape == (TIME, BATCH, dirs * UNITS)
    assert [s.shape for s in states] == [(2 * dirs, BATCH, UNITS)] * len(want_states)
    np.testing.assert_allclose(outputs.numpy(), want_outputs, **TOL)
    for got, want in zip(states, want_states):
        np.testing.assert_allclose(got.numpy(), want, **TOL)


def test_lstm_layer_eager_equals_tf_function_and_batch_major():
    params, weights, x, h0, c0 = layer_case("lstm", num_layers=2, bidirectional=True, seed=7)
    with fresh_tf1_scope_names():
        layer = cudnn_rnn.CudnnLSTM(2, UNITS, direction="bidirectional")
        layer(x, (h0, c0), training=False)
    for name, variable in tf1_variable_map(layer.weights).items():
        variable.assign(weights[name])
    eager_outputs, eager_states = layer(x, (h0, c0), sequence_lengths=LENGTHS, training=False)
    run = tf.function(lambda inputs: layer(inputs, (h0, c0), sequence_lengths=LENGTHS, training=False))
    traced_outputs, traced_states = run(tf.constant(x))
    np.testing.assert_allclose(traced_outputs.numpy(), eager_outputs.numpy(), **TOL)
    for got, want in zip(traced_states, eager_states):
        np.testing.assert_allclose(got.numpy(), want.numpy(), **TOL)
    # time_major=False: inputs, states and outputs batch-major, same numbers.
    batch_outputs, batch_states = layer(np.transpose(x, [1, 0, 2]), tuple(np.transpose(s, [1, 0, 2]) for s in (h0, c0)),
                                        sequence_lengths=LENGTHS, time_major=False, training=False)
    np.testing.assert_allclose(np.transpose(batch_outputs.numpy(), [1, 0, 2]), eager_outputs.numpy(), **TOL)
    np.testing.assert_allclose(np.transpose(batch_states[1].numpy(), [1, 0, 2]), eager_states[1].numpy(), **TOL)


@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bidi"])
def test_layer_graph_mode_names_and_values(bidirectional):
    params, weights, x, h0, c0 = layer_case("gru", num_layers=2, bidirectional=bidirectional, seed=11)
    with tf.Graph().as_default():
        inputs = tf.compat.v1.placeholder(tf.float32, [None, None, DEPTH])
        layer = cudnn_rnn.CudnnGRU(2, UNITS, direction="bidirectional" if bidirectional else "unidirectional")
        outputs, (h,) = layer(inputs, (h0,), sequence_lengths=LENGTHS, training=False)
        names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
        assert names == sorted(weights)
        assert sorted(v.name[:-2] for v in layer.trainable_weights) == sorted(weights)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            for variable in tf.compat.v1.global_variables():
                variable.load(weights[variable.name[:-2]], session)
            got_outputs, got_h = session.run([outputs, h], {inputs: x})
    want_outputs, (want_h,) = cudnn_layer("gru", params, x, h0, None, LENGTHS, bidirectional)
    np.testing.assert_allclose(got_outputs, want_outputs, **TOL)
    np.testing.assert_allclose(got_h, want_h, **TOL)


def test_tf1_canonical_checkpoint_restores_by_name(tmp_path):
    """A checkpoint as TF1's CudnnLSTM wrote it (canonical tensors plus the opaque buffer, which a CPU
    program ignores) restores into the layer with ``tf.compat.v1.train.Saver``."""
    params, weights, x, h0, c0 = layer_case("lstm", num_layers=2, bidirectional=False, seed=21)
    path = str(tmp_path / "model.ckpt")
    with tf.Graph().as_default():
        saved = [tf.Variable(value, name=name) for name, value in weights.items()]
        saved.append(tf.Variable(np.zeros([7], np.float32), name="cudnn_lstm/opaque_kernel"))
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            tf.compat.v1.train.Saver(saved).save(session, path)
    with tf.Graph().as_default():
        layer = cudnn_rnn.CudnnLSTM(2, UNITS)
        outputs, (h, c) = layer(tf.constant(x), (h0, c0), training=False)
        with tf.compat.v1.Session() as session:
            tf.compat.v1.train.Saver().restore(session, path)
            got_outputs, got_c = session.run([outputs, c])
    want_outputs, (_, want_c) = cudnn_layer("lstm", params, x, h0, c0, np.full([BATCH], TIME), False)
    np.testing.assert_allclose(got_outputs, want_outputs, **TOL)
    np.testing.assert_allclose(got_c, want_c, **TOL)


def test_tf1_canonical_checkpoint_restores_eagerly_when_the_opaque_buffer_is_allowed_missing(tmp_path):
    """Eagerly, restore_tf1_checkpoint insists that every entry is matched: TF1's opaque buffer (and its
    optimizer slots) must be named as allowed to stay unmatched, e.g. with a glob pattern."""
    from tf_seq2seq_migrate.checkpoints import restore_tf1_checkpoint

    params, weights, x, h0, c0 = layer_case("gru", num_layers=1, bidirectional=True, seed=31)
    path = str(tmp_path / "model.ckpt")
    with tf.Graph().as_default():
        saved = [tf.Variable(value, name=name) for name, value in weights.items()]
        saved += [tf.Variable(np.zeros([7], np.float32), name=n)
                  for n in ("cudnn_gru/opaque_kernel", "cudnn_gru/opaque_kernel/Adam")]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            tf.compat.v1.train.Saver(saved).save(session, path)
    with fresh_tf1_scope_names():
        layer = cudnn_rnn.CudnnGRU(1, UNITS, direction="bidirectional")
        layer(x, (h0,), training=False)
    result = restore_tf1_checkpoint(path, layer, allow_missing=["*/opaque_kernel*"])
    assert sorted(result.ignored_checkpoint_names) == ["cudnn_gru/opaque_kernel", "cudnn_gru/opaque_kernel/Adam"]
    assert result.assigned == len(weights)
    outputs, (h,) = layer(x, (h0,), sequence_lengths=LENGTHS, training=False)
    want_outputs, (want_h,) = cudnn_layer("gru", params, x, h0, None, LENGTHS, True)
    np.testing.assert_allclose(outputs.numpy(), want_outputs, **TOL)
    np.testing.assert_allclose(h.numpy(), want_h, **TOL)


def test_dropout_only_between_layers_and_only_in_training():
    _, weights, x, h0, c0 = layer_case("rnn_tanh", num_layers=1, bidirectional=False)
    with fresh_tf1_scope_names():
        single = cudnn_rnn.CudnnRNNTanh(1, UNITS, dropout=0.9, seed=1)
        a, _ = single(x, (h0,), training=True)
        b, _ = single(x, (h0,), training=False)
        np.testing.assert_allclose(a.numpy(), b.numpy(), **TOL)  # one layer: nothing between layers
        stacked = cudnn_rnn.CudnnRNNTanh(2, UNITS, dropout=0.9, seed=1)
        inference_1, _ = stacked(x, training=False)
        inference_2, _ = stacked(x, training=False)
        trained, _ = stacked(x, training=True)
    np.testing.assert_array_equal(inference_1.numpy(), inference_2.numpy())
    assert not np.allclose(trained.numpy(), inference_1.numpy())


def test_layer_properties_and_zero_state():
    with fresh_tf1_scope_names():
        layer = cudnn_rnn.CudnnLSTM(3, UNITS, direction="bidirectional")
        with pytest.raises(ValueError, match="'input_size' is unknown since layer has not been built."):
            _ = layer.input_size
        outputs, (h, c) = layer(np.ones([TIME, BATCH, DEPTH], np.float32))
    assert (layer.num_layers, layer.num_units, layer.num_dirs, layer.rnn_mode, layer.input_size) == (
        3, UNITS, 2, "lstm", DEPTH)
    assert layer.state_shape(BATCH) == ([6, BATCH, UNITS], [6, BATCH, UNITS])
    assert h.shape == c.shape == (6, BATCH, UNITS) and outputs.shape == (TIME, BATCH, 2 * UNITS)
    assert cudnn_rnn.CudnnGRU(1, UNITS).state_shape(2) == ([1, 2, UNITS],)


def test_misuse_errors():
    with pytest.raises(ValueError, match="^Invalid direction: sideways, expecting unidirectional or bidirectional$"):
        cudnn_rnn.CudnnLSTM(1, UNITS, direction="sideways")
    with pytest.raises(ValueError, match=r"^Invalid input_mode: x, expect one of \(linear_input, skip_input, "
                                         r"auto_select\)$"):
        cudnn_rnn.CudnnGRU(1, UNITS, input_mode="x")
    with pytest.raises(ValueError, match="^Only support float16, float32, float64, provided <dtype: 'int32'>$"):
        cudnn_rnn.CudnnGRU(1, UNITS, dtype=tf.int32)
    with fresh_tf1_scope_names():
        layer = cudnn_rnn.CudnnGRU(1, UNITS)
        with pytest.raises(TypeError, match=r"^Invalid initial_state type: \[0.0\], expecting tuple.$"):
            layer(np.ones([TIME, BATCH, DEPTH], np.float32), [0.0])
        with pytest.raises(ValueError, match="^Expecting input_shape with 3 dims, got 2$"):
            cudnn_rnn.CudnnGRU(1, UNITS)(np.ones([BATCH, DEPTH], np.float32))
        with pytest.raises(NotImplementedError, match="input_mode 'skip_input'"):
            cudnn_rnn.CudnnLSTM(1, DEPTH, input_mode="auto_select")(np.ones([TIME, BATCH, DEPTH], np.float32))


def test_layer_initializers_apply_per_cudnn_parameter_as_tf1():
    """TF1's layers called the initializers once per cuDNN matrix ([units, input width] or [units,
    units]) and once per cuDNN bias; the canonical bias is the sum of the input and recurrent ones."""
    def by_width(shape, dtype=None, partition_info=None):
        return tf.fill(shape, tf.cast(shape[1], dtype))  # marks which cuDNN matrix a value came from

    with fresh_tf1_scope_names():
        gru = cudnn_rnn.CudnnGRU(2, UNITS, kernel_initializer=by_width,
                                 bias_initializer=tf.compat.v1.constant_initializer(0.5))
        gru(np.zeros([TIME, BATCH, DEPTH], np.float32))
        lstm = cudnn_rnn.CudnnLSTM(1, UNITS)
        lstm(np.zeros([TIME, BATCH, DEPTH], np.float32))
        values = {name: v.numpy() for name, v in tf1_variable_map(gru.weights + lstm.weights).items()}
    cell_0 = "cudnn_gru/rnn/multi_rnn_cell/cell_0/cudnn_compatible_gru_cell"
    cell_1 = "cudnn_gru/rnn/multi_rnn_cell/cell_1/cudnn_compatible_gru_cell"
    gates_0 = values[f"{cell_0}/gates/kernel"]
    np.testing.assert_array_equal(gates_0[:DEPTH], np.full([DEPTH, 2 * UNITS], DEPTH))
    np.testing.assert_array_equal(gates_0[DEPTH:], np.full([UNITS, 2 * UNITS], UNITS))
    np.testing.assert_array_equal(values[f"{cell_0}/candidate/input_projection/kernel"], np.full([DEPTH, UNITS], DEPTH))
    np.testing.assert_array_equal(values[f"{cell_1}/candidate/input_projection/kernel"], np.full([UNITS, UNITS], UNITS))
    np.testing.assert_array_equal(values[f"{cell_1}/gates/bias"], np.full([2 * UNITS], 1.0))
    np.testing.assert_array_equal(values[f"{cell_1}/candidate/hidden_projection/bias"], np.full([UNITS], 0.5))
    np.testing.assert_array_equal(values["cudnn_lstm/rnn/multi_rnn_cell/cell_0/cudnn_compatible_lstm_cell/bias"],
                                  np.zeros([4 * UNITS]))
