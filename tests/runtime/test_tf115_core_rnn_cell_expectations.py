"""TF 1.15's contrib/rnn core_rnn_cell_test.py, re-stated against our runtime's core cells and wrappers.

``tensorflow/contrib/rnn/python/kernel_tests/core_rnn_cell_test.py`` exercises ``tf.nn.rnn_cell``'s
cells (BasicRNNCell, GRUCell, BasicLSTMCell, LSTMCell, MultiRNNCell) and wrappers (Residual, Device,
Dropout, contrib's Output/Input/Embedding wrappers) under ``variable_scope("root",
initializer=constant_initializer(0.5))`` and publishes the resulting numbers and variable names. The
scenarios and numbers are TF's; the test bodies are our own. Each test names the TF test it restates.
Already restated in test_tf115_contrib_rnn_expectations.py (the same scenarios appear in rnn_cell_test.py):
the projection/embedding wrappers and MultiRNNCell with a tuple state. Left out: ``_Linear`` and
``_SlimRNNCell`` (TF-private, not part of the runtime) and the GPU placement test.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import rnn as rt_rnn

v1 = tf.compat.v1

TF_TOL = dict(rtol=1e-6, atol=1e-6)  # test.TestCase.assertAllClose's default


def _run(build, scope="root", initializer_value=0.5):
    with tf.Graph().as_default():
        with v1.variable_scope(scope, initializer=v1.constant_initializer(initializer_value)):
            fetches = build()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            return sess.run(fetches)


def test_basic_rnn_cell_variable_names():
    # core_rnn_cell_test.RNNCellTest.testBasicRNNCell.
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            cell = rt_rnn.BasicRNNCell(2)
            g, _ = cell(tf.ones([1, 2]), tf.constant([[0.1, 0.1]]))
        assert [v.name for v in cell.trainable_variables] == ["root/basic_rnn_cell/kernel:0",
                                                              "root/basic_rnn_cell/bias:0"]
        assert not cell.non_trainable_variables
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(g).shape == (1, 2)


def test_basic_rnn_cell_under_a_not_trainable_custom_getter():
    # core_rnn_cell_test.RNNCellTest.testBasicRNNCellNotTrainable: a custom getter forcing
    # trainable=False moves both weights to non_trainable_variables.
    def not_trainable_getter(getter, *args, **kwargs):
        kwargs["trainable"] = False
        return getter(*args, **kwargs)

    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5),
                               custom_getter=not_trainable_getter):
            cell = rt_rnn.BasicRNNCell(2)
            cell(tf.ones([1, 2]), tf.constant([[0.1, 0.1]]))
        assert not cell.trainable_variables
        assert [v.name for v in cell.non_trainable_variables] == ["root/basic_rnn_cell/kernel:0",
                                                                  "root/basic_rnn_cell/bias:0"]


@pytest.mark.parametrize("scope, x, expected", [
    ("root", [[1.0, 1.0]], [[0.175991, 0.175991]]),
    ("other", [[1.0, 1.0, 1.0]], [[0.156736, 0.156736]]),
])
def test_gru_cell(scope, x, expected):
    # core_rnn_cell_test.RNNCellTest.testGRUCell: GRUCell(2), state 0.1s, input size 2 and 3.
    g, _ = _run(lambda: rt_rnn.GRUCell(2)(tf.constant(x), tf.constant([[0.1, 0.1]])), scope=scope)
    np.testing.assert_allclose(g, expected, **TF_TOL)


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32])
def test_basic_lstm_cell_two_layers_concatenated_state(dtype):
    # core_rnn_cell_test.RNNCellTest.testBasicLSTMCell: MultiRNNCell of two BasicLSTMCell(2), both
    # with concatenated states, state 0.1s; dtype inferred from the input; published names and
    # 3-digit values (TF rtol 1e-2); then a cell on input size 3 runs. TF also asserts
    # cell.dtype is None before the call and the input's dtype after it; our cells are Keras 3
    # layers whose ``dtype`` is the Keras dtype policy's, so the outputs' dtype is asserted instead.
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            cell = rt_rnn.MultiRNNCell([rt_rnn.BasicLSTMCell(2, state_is_tuple=False) for _ in range(2)],
                                       state_is_tuple=False)
            g, out_m = cell(tf.ones([1, 2], dtype), tf.constant(0.1 * np.ones([1, 8]), dtype))
            assert g.dtype == dtype and out_m.dtype == dtype
        expected_names = [f"root/multi_rnn_cell/cell_{i}/basic_lstm_cell/{w}:0"
                          for i in range(2) for w in ("kernel", "bias")]
        assert [v.name for v in cell.trainable_variables] == expected_names
        assert not cell.non_trainable_variables
        assert [v.name for v in v1.global_variables()] == expected_names
        with v1.variable_scope("other", initializer=v1.constant_initializer(0.5)):
            other = rt_rnn.BasicLSTMCell(2, state_is_tuple=False)(tf.ones([1, 3], dtype),
                                                                  tf.constant(0.1 * np.ones([1, 4]), dtype))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            g, out_m, other = sess.run([g, out_m, other])
    np.testing.assert_allclose(g, [[0.240, 0.240]], rtol=1e-2, atol=1e-6)
    np.testing.assert_allclose(out_m, [[0.689, 0.689, 0.448, 0.448, 0.398, 0.398, 0.240, 0.240]],
                               rtol=1e-2, atol=1e-6)
    assert other[0].shape == (1, 2) and other[1].shape == (1, 4)


@pytest.mark.parametrize("x_shape, m_shape", [
    ([3, 4], [2, 4]),  # testBasicLSTMCellDimension0Error: batch sizes differ
    ([3, 4], [3, 6]),  # testBasicLSTMCellStateSizeError: state must be 2 * num_units wide
])
def test_basic_lstm_cell_rejects_mismatched_state(x_shape, m_shape):
    # core_rnn_cell_test.RNNCellTest.testBasicLSTMCellDimension0Error / ...StateSizeError: TF
    # asserts a ValueError (at graph construction or when run).
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            x = v1.placeholder(tf.float32, x_shape)
            m = v1.placeholder(tf.float32, m_shape)
            with pytest.raises(ValueError):
                g, out_m = rt_rnn.BasicLSTMCell(2, state_is_tuple=False)(x, m)
                with v1.Session() as sess:
                    sess.run(v1.global_variables_initializer())
                    sess.run([g, out_m], {x: np.ones(x_shape), m: 0.1 * np.ones(m_shape)})


def test_basic_lstm_cell_state_tuple_types():
    # core_rnn_cell_test.RNNCellTest.testBasicLSTMCellStateTupleType: plain tuples in,
    # LSTMStateTuples out; zero_state gives LSTMStateTuples too.
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            x = tf.zeros([1, 2])
            pair = (tf.zeros([1, 2]),) * 2
            cell = rt_rnn.MultiRNNCell([rt_rnn.BasicLSTMCell(2) for _ in range(2)], state_is_tuple=True)
            assert isinstance(cell.state_size, tuple)
            assert all(isinstance(s, rt_rnn.LSTMStateTuple) for s in cell.state_size)
            _, (out_m0, out_m1) = cell(x, (pair, pair))
            assert isinstance(out_m0, rt_rnn.LSTMStateTuple) and isinstance(out_m1, rt_rnn.LSTMStateTuple)
            v1.get_variable_scope().reuse_variables()
            zero_state = cell.zero_state(1, tf.float32)
            assert isinstance(zero_state, tuple)
            assert all(isinstance(s, rt_rnn.LSTMStateTuple) for s in zero_state)
            _, (out_m0, out_m1) = cell(x, zero_state)
            assert isinstance(out_m0, rt_rnn.LSTMStateTuple) and isinstance(out_m1, rt_rnn.LSTMStateTuple)


def test_basic_lstm_cell_concatenated_states_in_a_tuple_multi_cell():
    # core_rnn_cell_test.RNNCellTest.testBasicLSTMCellWithStateTuple: the same numbers as the
    # concatenated version, to full precision.
    def build():
        cell = rt_rnn.MultiRNNCell([rt_rnn.BasicLSTMCell(2, state_is_tuple=False) for _ in range(2)],
                                   state_is_tuple=True)
        tenths = tf.constant(0.1 * np.ones([1, 4]), tf.float32)
        return cell(tf.ones([1, 2]), (tenths, tenths))

    g, (m0, m1) = _run(build)
    np.testing.assert_allclose(g, [[0.24024698, 0.24024698]], **TF_TOL)
    np.testing.assert_allclose(m0, [[0.68967271, 0.68967271, 0.44848421, 0.44848421]], **TF_TOL)
    np.testing.assert_allclose(m1, [[0.39897051, 0.39897051, 0.24024698, 0.24024698]], **TF_TOL)


def test_lstm_cell_with_projection_shapes_distinct_rows_and_variable_names():
    # core_rnn_cell_test.RNNCellTest.testLSTMCell and testLSTMCellVariables: 8 units projected to 6,
    # concatenated state, inputs [[1, 1], [2, 2], [3, 3]].
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            cell = rt_rnn.LSTMCell(num_units=8, num_proj=6, forget_bias=1.0, state_is_tuple=False)
            output, state = cell(tf.constant([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]),
                                 tf.constant(0.1 * np.ones((3, 14)), tf.float32))
        assert [v.op.name for v in v1.global_variables()] == [
            "root/lstm_cell/kernel", "root/lstm_cell/bias", "root/lstm_cell/projection/kernel"]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            output, state = sess.run([output, state])
    assert output.shape == (3, 6) and state.shape == (3, 14)
    for row in (1, 2):
        assert np.linalg.norm(output[0] - output[row]) > 1e-6
        assert np.linalg.norm(state[0] - state[row]) > 1e-6


@pytest.mark.parametrize("input_width", [3, 5])
def test_residual_wrapper(input_width):
    # core_rnn_cell_test.RNNCellTest.testResidualWrapper (input of 3 ones) and
    # testResidualWrapperWithSlice (input of 5 ones, a residual_fn adding the first 3 columns):
    # the wrapper reuses the GRUCell(3)'s weights; output = cell output + ones, state untouched.
    def build():
        x = tf.ones([1, input_width])
        m = tf.constant([[0.1, 0.1, 0.1]])
        base_cell = rt_rnn.GRUCell(3)
        g, m_new = base_cell(x, m)
        v1.get_variable_scope().reuse_variables()
        if input_width == 3:
            wrapper = rt_rnn.ResidualWrapper(base_cell)
        else:
            wrapper = rt_rnn.ResidualWrapper(base_cell, lambda inp, out: tf.slice(inp, [0, 0], [-1, 3]) + out)
        g_res, m_new_res = wrapper(x, m)
        return g, g_res, m_new, m_new_res

    g, g_res, m_new, m_new_res = _run(build)
    np.testing.assert_allclose(g_res, g + 1.0, **TF_TOL)
    np.testing.assert_allclose(m_new_res, m_new, **TF_TOL)


def test_device_wrapper_places_the_cell_ops():
    # core_rnn_cell_test.RNNCellTest.testDeviceWrapper: outputs carry the requested device.
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            cell = rt_rnn.DeviceWrapper(rt_rnn.GRUCell(3), "/cpu:14159")
            outputs, _ = cell(tf.zeros([1, 3]), tf.zeros([1, 3]))
        assert "cpu:14159" in outputs.device.lower()


def test_multi_rnn_cell_of_gru_cells_concatenated_state():
    # core_rnn_cell_test.RNNCellTest.testMultiRNNCell.
    def build():
        cell = rt_rnn.MultiRNNCell([rt_rnn.GRUCell(2) for _ in range(2)], state_is_tuple=False)
        return cell(tf.ones([1, 2]), tf.constant([[0.1, 0.1, 0.1, 0.1]]))[1]

    np.testing.assert_allclose(_run(build), [[0.175991, 0.175991, 0.13248, 0.13248]], **TF_TOL)


# -- DropoutWrapper (core_rnn_cell_test.DropoutWrapperTest) ------------------------------------------

FULL_OUTPUT = np.array([[[0.751109] * 3], [[0.895509] * 3]], dtype=np.float32)
FULL_FINAL_C = np.array([[1.949385] * 3], dtype=np.float32)


def _dropout_run(keep_values, batch_size=None, time_steps=None, **kwargs):
    """DropoutWrapperTest._testDropoutWrapper: LSTMCell(3) in a DropoutWrapper through a time-major
    dynamic_rnn, initial c and h of 0.1s; by default 2 steps of [2, 2, 2] then [1, 1, 1], batch 1.
    ``keep_values`` maps input/output/state to a keep probability: a float, or ("variable", v) for
    a variable initialised to v (as TF's tests do), or ("ones",) for ``tf.ones([])``."""
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            keeps = {}
            for kind, value in keep_values.items():
                if isinstance(value, tuple) and value[0] == "variable":
                    keeps[f"{kind}_keep_prob"] = v1.get_variable(f"{kind}_keep", initializer=value[1])
                elif isinstance(value, tuple) and value[0] == "ones":
                    keeps[f"{kind}_keep_prob"] = tf.ones([])
                else:
                    keeps[f"{kind}_keep_prob"] = value
            if batch_size is None:
                batch_size, time_steps = 1, 2
                x = tf.constant([[[2.0, 2.0, 2.0]], [[1.0, 1.0, 1.0]]])
            else:
                x = tf.constant(np.random.default_rng(23487).standard_normal((time_steps, batch_size, 3)),
                                tf.float32)
            tenths = tf.constant([[0.1, 0.1, 0.1]] * batch_size)
            outputs, final_state = rt_rnn.dynamic_rnn(
                cell=rt_rnn.DropoutWrapper(rt_rnn.LSTMCell(3), dtype=x.dtype, **keeps, **kwargs),
                time_major=True, inputs=x, initial_state=rt_rnn.LSTMStateTuple(tenths, tenths))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            outputs, final_state = sess.run([outputs, final_state])
    assert outputs.shape == (time_steps, batch_size, 3)
    assert final_state.c.shape == (batch_size, 3) and final_state.h.shape == (batch_size, 3)
    return outputs, final_state


@pytest.mark.parametrize("keep", [("ones",), ("variable", 1.0)], ids=["constant_one", "variable_one"])
def test_dropout_wrapper_keeping_everything(keep):
    # DropoutWrapperTest.testDropoutWrapperKeepAllConstantInput / testDropoutWrapperKeepAll.
    outputs, state = _dropout_run({"input": keep, "output": keep, "state": keep})
    np.testing.assert_allclose(outputs, FULL_OUTPUT, **TF_TOL)
    np.testing.assert_allclose(state.h, FULL_OUTPUT[1], **TF_TOL)
    np.testing.assert_allclose(state.c, FULL_FINAL_C, **TF_TOL)


def test_dropout_wrapper_dropping_every_output():
    # DropoutWrapperTest.testDropoutWrapperKeepNoOutput: keep 1e-10 on outputs zeroes them; the
    # state is the undropped one.
    outputs, state = _dropout_run({"input": ("variable", 1.0), "output": ("variable", 1e-10),
                                   "state": ("variable", 1.0)})
    np.testing.assert_allclose(outputs, np.zeros_like(outputs), **TF_TOL)
    np.testing.assert_allclose(state.h, FULL_OUTPUT[1], **TF_TOL)
    np.testing.assert_allclose(state.c, FULL_FINAL_C, **TF_TOL)


def test_dropout_wrapper_dropping_the_state_never_touches_lstm_memory():
    # DropoutWrapperTest.testDropoutWrapperKeepNoStateExceptLSTMCellMemory: with state keep 1e-10
    # the first output is intact, the second differs, the final h is zero and c is published.
    outputs, state = _dropout_run({"input": ("variable", 1.0), "output": ("variable", 1.0),
                                   "state": ("variable", 1e-10)})
    np.testing.assert_allclose(outputs[0], FULL_OUTPUT[0], **TF_TOL)
    assert np.linalg.norm(FULL_OUTPUT[1] - outputs[1]) > 1e-4
    np.testing.assert_allclose(state.h, np.zeros_like(state.h), **TF_TOL)
    np.testing.assert_allclose(state.c, [[1.713925] * 3], **TF_TOL)


def test_dropout_wrapper_dropping_every_input():
    # DropoutWrapperTest.testDropoutWrapperKeepNoInput: every output and the final state differ.
    outputs, state = _dropout_run({"input": ("variable", 1e-10), "output": ("variable", 1.0),
                                   "state": ("variable", 1.0)})
    assert np.linalg.norm(outputs - FULL_OUTPUT) > 1e-4
    assert np.linalg.norm(state.h - FULL_OUTPUT[1]) > 1e-4
    assert np.linalg.norm(state.c - FULL_FINAL_C) > 1e-4


def test_dropout_wrapper_variational_output_mask_is_the_same_every_step():
    # DropoutWrapperTest.testDropoutWrapperRecurrentOutput: keep 0.8 on outputs, variational,
    # batch 5, 7 steps.
    outputs, _ = _dropout_run({"input": ("variable", 1.0), "output": 0.8, "state": ("variable", 1.0)},
                              batch_size=5, time_steps=7, variational_recurrent=True, input_size=3)
    mask = np.abs(outputs) > 1e-6
    for step_mask in mask[1:]:
        np.testing.assert_array_equal(step_mask, mask[0])


@pytest.mark.parametrize("seed", [None, -234987])
def test_dropout_wrapper_variational_masks_shared_over_time_and_batch(seed):
    # DropoutWrapperTest.testDropoutWrapperRecurrentStateInputAndOutput (and ...WithSeed): keep 0.9
    # everywhere, variational; one mask for every step and every batch entry (TF 1.15's variational
    # noise has batch dimension 1), for the outputs and the final c and h; with a seed the two
    # runs agree.
    kwargs = dict(batch_size=5, time_steps=7, variational_recurrent=True, input_size=3)
    if seed is not None:
        kwargs["seed"] = seed
    keeps = {"input": 0.9, "output": 0.9, "state": 0.9}
    if seed is not None:
        tf.random.set_seed(2347)
    outputs, state = _dropout_run(keeps, **kwargs)
    mask = np.abs(outputs) > 1e-6
    for step_mask in mask:
        np.testing.assert_array_equal(step_mask, mask[0])
        for entry in step_mask:
            np.testing.assert_array_equal(entry, step_mask[0])
    for part in (state.c, state.h):
        part_mask = np.abs(part) > 1e-6
        for entry in part_mask:
            np.testing.assert_array_equal(entry, part_mask[0])
    if seed is not None:
        tf.random.set_seed(2347)
        again_outputs, again_state = _dropout_run(keeps, **kwargs)
        np.testing.assert_allclose(again_outputs, outputs, **TF_TOL)
        np.testing.assert_allclose(again_state.c, state.c, **TF_TOL)
        np.testing.assert_allclose(again_state.h, state.h, **TF_TOL)
