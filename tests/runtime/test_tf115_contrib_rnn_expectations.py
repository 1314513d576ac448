"""TF 1.15's own tf.contrib.rnn unit tests, re-stated against our runtime.

The scenarios and expected numbers are those published in TensorFlow 1.15's
``tensorflow/contrib/rnn/python/kernel_tests`` (rnn_cell_test.py, lstm_ops_test.py, gru_ops_test.py,
fused_rnn_cell_test.py, rnn_test.py; core_rnn_cell_test.py is in test_tf115_core_rnn_cell_expectations.py). They
were computed by TF's authors on TF's own kernels, so they are a reference independent of our ports
and of our numpy re-derivations. Each test names the TF test its scenario and numbers come from; the
test bodies are our own. Like TF's tests, each scenario runs in a v1 graph with a Session under a
variable scope carrying a constant initializer, and asserts with TF's ``assertAllClose`` default
tolerance (rtol = atol = 1e-6) unless TF used another; the scenarios with published numbers also run
eagerly, and a selection inside a tf.function.

Where TF's numbers carry a random draw the scenario cannot reproduce (PhasedLSTMCell's period and
phase, IndyGRUCell's diagonal recurrent weights: initializers of their own that the scope's constant
does not reach), a draw-independent consequence of the published numbers is asserted instead.
Left out: WeightNormLSTMCell, NTMCell and LayerNormBasicGRUCell (not in the runtime), the disabled
``_testAttentionCellWrapperCorrectResult``, Keras-RNN-layer and benchmark scenarios, and the
``block_lstm`` raw-op leg of lstm_ops_test's blocks_match (the fused cell runs that kernel).
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import rnn as rt_rnn

v1 = tf.compat.v1

# TF's test.TestCase.assertAllClose default.
TF_TOL = dict(rtol=1e-6, atol=1e-6)

# The inputs most of rnn_cell_test.py feeds: batch 3, input size 4, rows of ones, twos and threes.
ONES_TWOS_THREES = np.array([[1.0] * 4, [2.0] * 4, [3.0] * 4], dtype=np.float32)


def _run_in_graph(build, scope="root", initializer_value=0.5, mode="graph"):
    """Builds and runs ``build()`` under a TF1 scope with a constant initializer; returns numpy values.

    ``mode`` "graph" is TF's own setup (a fresh v1 graph and a Session); "eager" runs the same scenario
    eagerly, where the runtime must give the same numbers (tf.function: see the last test).
    """
    initializer = v1.constant_initializer(initializer_value)
    if mode == "graph":
        with tf.Graph().as_default():
            with v1.variable_scope(scope, initializer=initializer):
                fetches = build()
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                return sess.run(fetches)
    with v1.variable_scope(scope, initializer=initializer):
        return tf.nest.map_structure(lambda t: t.numpy(), build())


# The scenarios with published numbers also run eagerly.
MODES = ["graph", "eager"]


def _ones(shape, value=0.1):
    return tf.constant(value * np.ones(shape, dtype=np.float32))


# -- CoupledInputForgetGateLSTMCell -----------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_coupled_input_forget_gate_lstm_cell(mode):
    # rnn_cell_test.RNNCellTest.testCoupledInputForgetGateLSTMCell: 2 units, concatenated state of
    # 0.1s, forget_bias 1.0, state_is_tuple False.
    def build():
        cell = rt_rnn.CoupledInputForgetGateLSTMCell(num_units=2, forget_bias=1.0, state_is_tuple=False)
        return cell(tf.constant(ONES_TWOS_THREES), _ones((3, 4)))

    output, state = _run_in_graph(build, mode=mode)
    np.testing.assert_allclose(output, [[0.121753] * 2, [0.103349] * 2, [0.100178] * 2], **TF_TOL)
    np.testing.assert_allclose(state, [[0.137523, 0.137523, 0.121753, 0.121753],
                                       [0.105450, 0.105450, 0.103349, 0.103349],
                                       [0.100742, 0.100742, 0.100178, 0.100178]], **TF_TOL)


# -- TimeFreqLSTMCell --------------------------------------------------------------------------------

def test_time_freq_lstm_cell_shapes_and_distinct_rows():
    # rnn_cell_test.RNNCellTest.testTimeFreqLSTMCell publishes no numbers, only shapes (8 units,
    # feature_size 2, frequency_skip 1 -> 3 shifts) and that different rows give different results.
    num_units, num_shifts = 8, 3

    def build():
        cell = rt_rnn.TimeFreqLSTMCell(num_units=num_units, feature_size=2, frequency_skip=1, forget_bias=1.0)
        return cell(tf.constant(ONES_TWOS_THREES), _ones((3, 2 * num_units * num_shifts)))

    output, state = _run_in_graph(build)
    assert output.shape == (3, num_units * num_shifts)
    assert state.shape == (3, 2 * num_units * num_shifts)
    for row in (1, 2):
        assert np.linalg.norm(output[0] - output[row]) > 1e-6
        assert np.linalg.norm(state[0] - state[row]) > 1e-6


# -- GridLSTMCell ------------------------------------------------------------------------------------

def test_grid_lstm_cell_shapes_and_distinct_rows():
    # rnn_cell_test.RNNCellTest.testGridLSTMCell: 8 units, 3 frequency blocks, coupled gates,
    # tuple state of 0.1s; shapes and distinct rows only.
    num_units, num_shifts = 8, 3

    def build():
        cell = rt_rnn.GridLSTMCell(num_units=num_units, feature_size=2, frequency_skip=1, forget_bias=1.0,
                                   num_frequency_blocks=[num_shifts], couple_input_forget_gates=True,
                                   state_is_tuple=True)
        value = _ones((3, num_units))
        return cell(tf.constant(ONES_TWOS_THREES), cell.state_tuple_type(*([value, value] * num_shifts)))

    output, state = _run_in_graph(build)
    assert output.shape == (3, num_units * num_shifts * 2)
    assert all(s.shape == (3, num_units) for s in state)
    for row in (1, 2):
        assert np.linalg.norm(output[0] - output[row]) > 1e-6
        assert np.linalg.norm(state.state_f00_b00_c[0] - state.state_f00_b00_c[row]) > 1e-6


def test_grid_lstm_cell_with_frequency_blocks_shapes_and_distinct_rows():
    # rnn_cell_test.RNNCellTest.testGridLSTMCellWithFrequencyBlocks: blocks [1, 1] over frequency
    # ranges [0, 2) and [2, 4); shapes and distinct rows only.
    num_units, total_blocks = 8, 2

    def build():
        cell = rt_rnn.GridLSTMCell(num_units=num_units, feature_size=2, frequency_skip=1, forget_bias=1.0,
                                   num_frequency_blocks=[1, 1], start_freqindex_list=[0, 2],
                                   end_freqindex_list=[2, 4], couple_input_forget_gates=True,
                                   state_is_tuple=True)
        value = _ones((3, num_units))
        return cell(tf.constant(ONES_TWOS_THREES), cell.state_tuple_type(*([value, value] * total_blocks)))

    output, state = _run_in_graph(build)
    assert output.shape == (3, num_units * total_blocks * 2)
    assert all(s.shape == (3, num_units) for s in state)
    for row in (1, 2):
        assert np.linalg.norm(output[0] - output[row]) > 1e-6
        assert np.linalg.norm(state.state_f00_b00_c[0] - state.state_f00_b00_c[row]) > 1e-6


GRID_COUPLED_OUTPUT = np.array([
    [0.416383, 0.416383, 0.403238, 0.403238, 0.524020, 0.524020,
     0.565425, 0.565425, 0.557865, 0.557865, 0.609699, 0.609699],
    [0.627331, 0.627331, 0.622393, 0.622393, 0.688342, 0.688342,
     0.708078, 0.708078, 0.694245, 0.694245, 0.715171, 0.715171],
    [0.711050, 0.711050, 0.709197, 0.709197, 0.736533, 0.736533,
     0.744264, 0.744264, 0.737390, 0.737390, 0.745250, 0.745250]], dtype=np.float32)
GRID_COUPLED_STATE = np.array([
    [0.625556, 0.625556, 0.416383, 0.416383, 0.759134, 0.759134,
     0.524020, 0.524020, 0.798795, 0.798795, 0.557865, 0.557865],
    [0.875488, 0.875488, 0.627331, 0.627331, 0.936432, 0.936432,
     0.688342, 0.688342, 0.941961, 0.941961, 0.694245, 0.694245],
    [0.957327, 0.957327, 0.711050, 0.711050, 0.979522, 0.979522,
     0.736533, 0.736533, 0.980245, 0.980245, 0.737390, 0.737390]], dtype=np.float32)


@pytest.mark.parametrize("state_is_tuple", [False, True])
@pytest.mark.parametrize("mode", MODES)
def test_grid_lstm_cell_with_coupled_input_forget_gates(mode, state_is_tuple):
    # rnn_cell_test.RNNCellTest.testGridLstmCellWithCoupledInputForgetGates: 2 units, 3 shifts,
    # state of 0.1s either as a tuple of 6 or concatenated.
    num_units, num_shifts = 2, 3

    def build():
        cell = rt_rnn.GridLSTMCell(num_units=num_units, feature_size=2, frequency_skip=1, forget_bias=1.0,
                                   num_frequency_blocks=[num_shifts], couple_input_forget_gates=True,
                                   state_is_tuple=state_is_tuple)
        if state_is_tuple:
            value = _ones((3, num_units))
            state = cell.state_tuple_type(*([value, value] * num_shifts))
        else:
            state = _ones((3, num_units * num_shifts * 2))
        return cell(tf.constant(ONES_TWOS_THREES), state)

    output, state = _run_in_graph(build, mode=mode, scope="state_is_tuple" + str(state_is_tuple))
    np.testing.assert_allclose(output, GRID_COUPLED_OUTPUT, **TF_TOL)
    if state_is_tuple:
        assert len(state) == num_shifts * 2
        assert all(s.shape == (3, num_units) for s in state)
        state = np.concatenate(state, axis=1)
    np.testing.assert_allclose(state, GRID_COUPLED_STATE, **TF_TOL)


# -- BidirectionalGridLSTMCell -----------------------------------------------------------------------

BIDI_INPUTS = np.array([[1.0, 1.1, 1.2, 1.3], [2.0, 2.1, 2.2, 2.3], [3.0, 3.1, 3.2, 3.3]], dtype=np.float32)
# The forward half (first 12 columns) is the same with and without a backward slice offset.
BIDI_FORWARD_OUTPUT = [
    [0.464130, 0.464130, 0.419165, 0.419165, 0.593283, 0.593283,
     0.738350, 0.738350, 0.661638, 0.661638, 0.866774, 0.866774],
    [0.669636, 0.669636, 0.628966, 0.628966, 0.736057, 0.736057,
     0.895927, 0.895927, 0.755559, 0.755559, 0.954359, 0.954359],
    [0.751109, 0.751109, 0.711716, 0.711716, 0.778357, 0.778357,
     0.940779, 0.940779, 0.784530, 0.784530, 0.980604, 0.980604]]
BIDI_FORWARD_STATE = [
    [0.710660, 0.710660, 0.464130, 0.464130, 0.877293, 0.877293,
     0.593283, 0.593283, 0.958505, 0.958505, 0.661638, 0.661638],
    [0.967579, 0.967579, 0.669636, 0.669636, 1.038811, 1.038811,
     0.736057, 0.736057, 1.058201, 1.058201, 0.755559, 0.755559],
    [1.053842, 1.053842, 0.751109, 0.751109, 1.079919, 1.079919,
     0.778357, 0.778357, 1.085620, 1.085620, 0.784530, 0.784530]]
BIDI_BACKWARD = {
    # backward_slice_offset: (output columns 12.., state columns 12..)
    0: ([[0.520789, 0.520789, 0.476968, 0.476968, 0.604341, 0.604341,
          0.760207, 0.760207, 0.635773, 0.635773, 0.850218, 0.850218],
         [0.692621, 0.692621, 0.652363, 0.652363, 0.737517, 0.737517,
          0.899558, 0.899558, 0.745984, 0.745984, 0.946840, 0.946840],
         [0.759940, 0.759940, 0.720652, 0.720652, 0.778552, 0.778552,
          0.941606, 0.941606, 0.781035, 0.781035, 0.977731, 0.977731]],
        [[0.785405, 0.785405, 0.520789, 0.520789, 0.890836, 0.890836,
          0.604341, 0.604341, 0.928512, 0.928512, 0.635773, 0.635773],
         [0.993088, 0.993088, 0.692621, 0.692621, 1.040288, 1.040288,
          0.737517, 0.737517, 1.048773, 1.048773, 0.745984, 0.745984],
         [1.062455, 1.062455, 0.759940, 0.759940, 1.080101, 1.080101,
          0.778552, 0.778552, 1.082402, 1.082402, 0.781035, 0.781035]]),
    1: ([[0.322645, 0.322645, 0.276068, 0.276068, 0.584654, 0.584654,
          0.690292, 0.690292, 0.640446, 0.640446, 0.840071, 0.840071],
         [0.493625, 0.493625, 0.449236, 0.449236, 0.730828, 0.730828,
          0.865996, 0.865996, 0.749429, 0.749429, 0.944958, 0.944958],
         [0.608587, 0.608587, 0.566683, 0.566683, 0.777345, 0.777345,
          0.925820, 0.925820, 0.782597, 0.782597, 0.976858, 0.976858]],
        [[0.516575, 0.516575, 0.322645, 0.322645, 0.866628, 0.866628,
          0.584654, 0.584654, 0.934002, 0.934002, 0.640446, 0.640446],
         [0.749836, 0.749836, 0.493625, 0.493625, 1.033488, 1.033488,
          0.730828, 0.730828, 1.052186, 1.052186, 0.749429, 0.749429],
         [0.895999, 0.895999, 0.608587, 0.608587, 1.078978, 1.078978,
          0.777345, 0.777345, 1.083843, 1.083843, 0.782597, 0.782597]]),
}


@pytest.mark.parametrize("backward_slice_offset", [0, 1])
@pytest.mark.parametrize("mode", MODES)
def test_bidirectional_grid_lstm_cell(mode, backward_slice_offset):
    # rnn_cell_test.RNNCellTest.testBidirectionGridLSTMCell (offset 0, the default) and
    # testBidirectionGridLSTMCellWithSliceOffset (offset 1): 2 units, shared time/frequency weights,
    # 3 shifts each way, tuple state of 0.1s.
    num_units, num_shifts = 2, 3

    def build():
        kwargs = {"backward_slice_offset": 1} if backward_slice_offset else {}
        cell = rt_rnn.BidirectionalGridLSTMCell(num_units=num_units, feature_size=2,
                                                share_time_frequency_weights=True, frequency_skip=1,
                                                forget_bias=1.0, num_frequency_blocks=[num_shifts], **kwargs)
        value = _ones((3, num_units))
        return cell(tf.constant(BIDI_INPUTS), cell.state_tuple_type(*([value, value] * num_shifts * 2)))

    output, state = _run_in_graph(build, mode=mode)
    backward_output, backward_state = BIDI_BACKWARD[backward_slice_offset]
    assert output.shape == (3, num_units * num_shifts * 4)
    np.testing.assert_allclose(output, np.concatenate([BIDI_FORWARD_OUTPUT, backward_output], 1), **TF_TOL)
    assert len(state) == num_shifts * 4
    assert all(s.shape == (3, num_units) for s in state)
    np.testing.assert_allclose(np.concatenate(state, axis=1),
                               np.concatenate([BIDI_FORWARD_STATE, backward_state], 1), **TF_TOL)


# -- NASCell -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("num_proj", [None, 5])
@pytest.mark.parametrize("mode", MODES)
def test_nas_cell(mode, num_proj):
    # rnn_cell_test.RNNCellTest.testNASCell (no projection) and testNASCellProj (num_proj 5):
    # 6 units, LSTMStateTuple of 0.1s.
    num_units = 6
    if num_proj is None:
        expected_h = [0.576751, 0.618936, 0.627393]
        expected_c = [0.71579772, 0.78041625, 0.79457647]
    else:
        expected_h = [1.697418, 1.840037, 1.873985]
        expected_c = [0.69855207, 0.77073824, 0.78973997]
    h_size = num_proj or num_units

    def build():
        cell = rt_rnn.NASCell(num_units=num_units, num_proj=num_proj)
        state = rt_rnn.LSTMStateTuple(_ones((3, num_units)), _ones((3, h_size)))
        return cell(tf.constant(ONES_TWOS_THREES), state)

    output, (new_c, new_h) = _run_in_graph(build, mode=mode, scope="nas_proj_test" if num_proj else "nas_test")
    np.testing.assert_allclose(output, np.repeat(np.array(expected_h)[:, None], h_size, 1), **TF_TOL)
    assert new_c.shape == (3, num_units) and new_h.shape == (3, h_size)
    np.testing.assert_allclose(new_c, np.repeat(np.array(expected_c)[:, None], num_units, 1), **TF_TOL)
    np.testing.assert_allclose(new_h, output, **TF_TOL)


# -- UGRNNCell and IntersectionRNNCell ---------------------------------------------------------------

UGRNN_STATE = np.array([[0.13752282] * 2, [0.10545051] * 2, [0.10074195] * 2], dtype=np.float32)


@pytest.mark.parametrize("mode", MODES)
def test_ugrnn_cell(mode):
    # rnn_cell_test.RNNCellTest.testUGRNNCell: 2 units, state of 0.1s; output == state.
    def build():
        return rt_rnn.UGRNNCell(num_units=2)(tf.constant(ONES_TWOS_THREES), _ones((3, 2)))

    output, state = _run_in_graph(build, mode=mode, scope="ugrnn_cell_test")
    np.testing.assert_allclose(output, UGRNN_STATE, **TF_TOL)
    np.testing.assert_allclose(state, UGRNN_STATE, **TF_TOL)


@pytest.mark.parametrize("mode", MODES)
def test_intersection_rnn_cell(mode):
    # rnn_cell_test.RNNCellTest.testIntersectionRNNCell: 2 units, num_in_proj 2; its state equals
    # UGRNN's in the same scenario.
    def build():
        cell = rt_rnn.IntersectionRNNCell(num_units=2, num_in_proj=2)
        return cell(tf.constant(ONES_TWOS_THREES), _ones((3, 2)))

    output, state = _run_in_graph(build, mode=mode, scope="intersection_rnn_cell_test")
    np.testing.assert_allclose(output, [[2.00431061] * 2, [4.00060606] * 2, [6.00008249] * 2], **TF_TOL)
    np.testing.assert_allclose(state, UGRNN_STATE, **TF_TOL)


def test_intersection_rnn_cell_rejects_input_size_other_than_num_units():
    # rnn_cell_test.RNNCellTest.testIntersectionRNNCellFailure: input size 4, 2 units, no projection.
    with tf.Graph().as_default():
        cell = rt_rnn.IntersectionRNNCell(num_units=2)
        with pytest.raises(ValueError, match="Must have input size == output size for Intersection RNN. "
                                             "To fix, num_in_proj should be set to num_units at cell init."):
            cell(tf.constant(ONES_TWOS_THREES), _ones((3, 2)))


# -- PhasedLSTMCell ----------------------------------------------------------------------------------

def test_phased_lstm_cell():
    # rnn_cell_test.RNNCellTest.testPhasedLSTMCell: 2 units, float64 times [1, 2, 3], zero state,
    # constant initializer 0.5. The cell draws its period and phase with its own random
    # initializers (the scope's constant does not reach them), so the published c and h carry TF's
    # draw. From a zero state both are the same time-gate k times the LSTM candidate, so h / c
    # does not depend on the draw: that ratio, the published 1e-4 scale and output == h are asserted.
    published_c = np.array([[6.450831e-04, 4.697885e-04], [9.862894e-05, 7.212213e-04],
                            [4.401947e-04, 9.143004e-04]])
    published_h = np.array([[4.621217e-04, 3.365449e-04], [7.438179e-05, 5.439147e-04],
                            [3.347936e-04, 6.953785e-04]])

    def build():
        times = tf.constant([[1.0], [2.0], [3.0]], dtype=tf.float64)
        state = rt_rnn.LSTMStateTuple(tf.zeros([3, 2]), tf.zeros([3, 2]))
        return rt_rnn.PhasedLSTMCell(num_units=2)((times, tf.constant(ONES_TWOS_THREES)), state)

    output, state = _run_in_graph(build)
    np.testing.assert_allclose(output, state.h, **TF_TOL)
    np.testing.assert_allclose(state.h / state.c, published_h / published_c, rtol=1e-5)
    assert (state.c > 0).all() and (state.h > 0).all()


# -- Conv1D/2D/3DLSTMCell ----------------------------------------------------------------------------

@pytest.mark.parametrize("conv_ndims", [1, 2, 3])
@pytest.mark.parametrize("mode", MODES)
def test_conv_lstm_cell(mode, conv_ndims):
    # rnn_cell_test.RNNCellTest.testConv{1,2,3}DLSTMCell: spatial shape 2 per dimension, 1 channel,
    # kernel 3 per dimension, constant initializer 1 / 2**ndims; batch 2 whose inputs and c-state are
    # all ones (first entry) and all twos (second entry); h-state zero. Every position of an entry
    # gets the same published value.
    cell_class = {1: rt_rnn.Conv1DLSTMCell, 2: rt_rnn.Conv2DLSTMCell, 3: rt_rnn.Conv3DLSTMCell}[conv_ndims]
    spatial = [2] * conv_ndims
    values = np.stack([np.full(spatial + [1], 1.0), np.full(spatial + [1], 2.0)]).astype(np.float32)

    def build():
        cell = cell_class(input_shape=spatial + [1], kernel_shape=[3] * conv_ndims, output_channels=1)
        zero = cell.zero_state(2, tf.float32)
        return cell(tf.constant(values), rt_rnn.LSTMStateTuple(tf.constant(values), zero.h))

    output, state = _run_in_graph(build, mode=mode, initializer_value=1.0 / 2 ** conv_ndims)
    per_entry = lambda a, b: np.stack([np.full(spatial + [1], a), np.full(spatial + [1], b)])
    np.testing.assert_allclose(output, state.h, **TF_TOL)
    np.testing.assert_allclose(state.c, per_entry(1.4375670191, 2.7542609292), **TF_TOL)
    np.testing.assert_allclose(state.h, per_entry(0.6529865603, 0.8736877431), **TF_TOL)


# -- HighwayWrapper ----------------------------------------------------------------------------------

def test_highway_wrapper_with_closed_transform_gate_passes_input_through():
    # rnn_cell_test.RNNCellTest.testHighwayWrapper: a GRUCell(3) and a HighwayWrapper(GRUCell(3),
    # carry_bias_init=-100) in sibling scopes, input of ones, state of 0.1s. TF asserts the
    # wrapper's output equals the plain cell's output and the states agree.
    x = np.ones([1, 3], np.float32)
    m = 0.1 * np.ones([1, 3], np.float32)
    with tf.Graph().as_default():
        with v1.variable_scope("base_cell", initializer=v1.constant_initializer(0.5)):
            g, m_new = rt_rnn.GRUCell(3)(tf.constant(x), tf.constant(m))
        with v1.variable_scope("hw_cell", initializer=v1.constant_initializer(0.5)):
            g_res, m_new_res = rt_rnn.HighwayWrapper(rt_rnn.GRUCell(3), carry_bias_init=-100.0)(
                tf.constant(x), tf.constant(m))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            g, g_res, m_new, m_new_res = sess.run([g, g_res, m_new, m_new_res])
    np.testing.assert_allclose(g_res, g, **TF_TOL)
    np.testing.assert_allclose(m_new_res, m_new, **TF_TOL)


# -- AttentionCellWrapper ----------------------------------------------------------------------------

def test_attention_cell_wrapper_argument_errors():
    # rnn_cell_test.RNNCellTest.testAttentionCellWrapperFailures (TF 1.15 matches a non-cell against
    # rnn_cell_impl.ASSERT_LIKE_RNNCELL_ERROR_REGEXP, "is not an RNNCell").
    with pytest.raises(TypeError, match="is not an RNNCell"):
        rt_rnn.AttentionCellWrapper(None, 0)
    for state_is_tuple in (False, True):
        with tf.Graph().as_default():
            lstm = rt_rnn.BasicLSTMCell(8, state_is_tuple=state_is_tuple)
            for length in (0, -1):
                with pytest.raises(ValueError, match="attn_length should be greater than zero, got %d" % length):
                    rt_rnn.AttentionCellWrapper(lstm, length, state_is_tuple=state_is_tuple)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Cell returns tuple of states, but the flag state_is_tuple is "
                                             "not set. State size is: "):
            rt_rnn.AttentionCellWrapper(rt_rnn.BasicLSTMCell(8, state_is_tuple=True), 4, state_is_tuple=False)


@pytest.mark.parametrize("state_is_tuple", [False, True])
def test_attention_cell_wrapper_zero_state_and_input_give_zeros(state_is_tuple):
    # rnn_cell_test.RNNCellTest.testAttentionCellWrapperZeros: BasicLSTMCell(8), attn_length 16,
    # batch 3, input size 4, default initializers; zero input and state give an all-zero result.
    num_units, attn_length, batch = 8, 16, 3
    with tf.Graph().as_default():
        with v1.variable_scope("state_is_tuple_" + str(state_is_tuple)):
            cell = rt_rnn.AttentionCellWrapper(rt_rnn.BasicLSTMCell(num_units, state_is_tuple=state_is_tuple),
                                               attn_length, state_is_tuple=state_is_tuple)
            if state_is_tuple:
                zeros = tf.zeros([batch, num_units])
                zero_state = ((zeros, zeros), zeros, tf.zeros([batch, attn_length * num_units]))
            else:
                zero_state = tf.zeros([batch, num_units * 3 + attn_length * num_units])
            output, state = cell(tf.zeros([batch, 4]), zero_state)
        assert output.shape.as_list() == [batch, num_units]
        if state_is_tuple:
            assert len(state) == 3 and len(state[0]) == 2
            assert [s.shape.as_list() for s in (state[0][0], state[0][1], state[1], state[2])] == [
                [batch, num_units], [batch, num_units], [batch, num_units], [batch, attn_length * num_units]]
            tensors = [output] + tf.nest.flatten(state)
        else:
            assert state.shape.as_list() == [batch, num_units * 3 + attn_length * num_units]
            tensors = [output, state]
        total = tf.add_n([tf.reduce_sum(tf.abs(t)) for t in tensors])
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(total) < 1e-6


@pytest.mark.parametrize("state_is_tuple", [False, True])
def test_attention_cell_wrapper_distinct_rows(state_is_tuple):
    # rnn_cell_test.RNNCellTest.testAttentionCellWrapperValues: as above but state of 0.1s and the
    # ones/twos/threes input; different rows give different outputs and states.
    num_units, attn_length, batch = 8, 16, 3
    with tf.Graph().as_default():
        with v1.variable_scope("state_is_tuple_" + str(state_is_tuple)):
            cell = rt_rnn.AttentionCellWrapper(rt_rnn.BasicLSTMCell(num_units, state_is_tuple=state_is_tuple),
                                               attn_length, state_is_tuple=state_is_tuple)
            if state_is_tuple:
                tenths = _ones((batch, num_units))
                state = ((tenths, tenths), tenths, _ones((batch, attn_length * num_units)))
            else:
                state = _ones((batch, num_units * 3 + attn_length * num_units))
            output, state = cell(tf.constant(ONES_TWOS_THREES), state)
            if state_is_tuple:
                state = tf.concat([state[0][0], state[0][1], state[1], state[2]], 1)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            output, state = sess.run([output, state])
    for row in (1, 2):
        assert np.linalg.norm(output[0] - output[row]) > 1e-6
        assert np.linalg.norm(state[0] - state[row]) > 1e-6


# -- GLSTMCell ---------------------------------------------------------------------------------------

def test_glstm_cell_with_one_group_matches_lstm_cell():
    # rnn_cell_test.RNNCellTest.testGLSTMCell, first half: batch 2, 4 units, one group, input of
    # ones, zero state; G-LSTM equals LSTMCell under the same scope and initializer (TF rtol 1e-5).
    with tf.Graph().as_default():
        with v1.variable_scope("root1", initializer=v1.constant_initializer(0.5)):
            x = tf.ones([2, 4])
            gcell = rt_rnn.GLSTMCell(num_units=4, number_of_groups=1)
            assert isinstance(gcell.state_size, tuple)
            zero_state = gcell.zero_state(batch_size=2, dtype=tf.float32)
            g_out = gcell(x, zero_state)
            out = rt_rnn.LSTMCell(num_units=4)(x, zero_state)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            (gh, gs), (h, s) = sess.run([g_out, out])
    np.testing.assert_allclose(gh, h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.concatenate(gs, 1), np.concatenate(s, 1), rtol=1e-5, atol=1e-6)


def test_glstm_cell_groups_act_like_sub_lstms():
    # rnn_cell_test.RNNCellTest.testGLSTMCell, second half: 4 units in 2 groups; each half of the
    # output equals an LSTMCell(2) fed half the input.
    with tf.Graph().as_default():
        with v1.variable_scope("root2", initializer=v1.constant_initializer(0.5)):
            gcell = rt_rnn.GLSTMCell(num_units=4, number_of_groups=2)
            gh, _ = gcell(tf.ones([2, 4]), gcell.zero_state(batch_size=2, dtype=tf.float32))
            cell = rt_rnn.LSTMCell(num_units=2)
            h, _ = cell(tf.ones([2, 2]), cell.zero_state(batch_size=2, dtype=tf.float32))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            gh, h = sess.run([gh, h])
    np.testing.assert_allclose(gh[:, :2], h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gh[:, 2:], h, rtol=1e-5, atol=1e-6)


# -- LayerNormBasicLSTMCell and LayerNormLSTMCell ----------------------------------------------------

def _two_layer_state():
    # The two-layer state LayerNormBasicLSTMCellTest feeds: c0 [0, .1], h0 [.2, .3], c1 [.4, .5], h1 [.6, .7].
    pair = lambda a, b: rt_rnn.LSTMStateTuple(tf.constant([a], tf.float32), tf.constant([b], tf.float32))
    return (pair([0.0, 0.1], [0.2, 0.3]), pair([0.4, 0.5], [0.6, 0.7]))


NORMED_H = [[-0.38079708, 0.38079708]]
NORMED_C = [[-1.0, 1.0]]


@pytest.mark.parametrize("make_cell", [
    lambda: rt_rnn.LayerNormBasicLSTMCell(2),
    lambda: rt_rnn.LayerNormLSTMCell(2, layer_norm=True, norm_gain=1.0, norm_shift=0.0),
], ids=["LayerNormBasicLSTMCell", "LayerNormLSTMCell"])
@pytest.mark.parametrize("mode", MODES)
def test_layer_norm_lstm_cells_two_layers(mode, make_cell):
    # rnn_cell_test.LayerNormBasicLSTMCellTest.testBasicLSTMCell / testBasicLSTMCellWithStateTuple
    # (LayerNormBasicLSTMCell) and testBasicLSTMCellWithStateTupleLayerNorm (LayerNormLSTMCell):
    # two layers of 2 units, input of ones; normalisation drives every c to [-1, 1] (TF rtol 1e-5).
    def build():
        cell = rt_rnn.MultiRNNCell([make_cell() for _ in range(2)])
        return cell(tf.ones([1, 2]), _two_layer_state())

    h, (s0, s1) = _run_in_graph(build, mode=mode)
    np.testing.assert_allclose(h, NORMED_H, rtol=1e-5, atol=1e-6)
    for s in (s0, s1):
        np.testing.assert_allclose(s.c, NORMED_C, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(s.h, NORMED_H, rtol=1e-5, atol=1e-6)


def test_layer_norm_basic_lstm_cell_without_norm_two_layers():
    # rnn_cell_test.LayerNormBasicLSTMCellTest.testBasicLSTMCellWithoutNorm, first part.
    def build():
        cell = rt_rnn.MultiRNNCell([rt_rnn.LayerNormBasicLSTMCell(2, layer_norm=False) for _ in range(2)])
        return cell(tf.ones([1, 2]), _two_layer_state())

    h, (s0, s1) = _run_in_graph(build)
    np.testing.assert_allclose(h, [[0.70230919, 0.72581059]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s0.c, [[0.8020075, 0.89599884]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s0.h, [[0.56668288, 0.60858738]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s1.c, [[1.17500675, 1.26892781]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s1.h, [[0.70230919, 0.72581059]], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("layer_norm, expected_c, expected_h", [
    (True, NORMED_C, NORMED_H),
    (False, [[0.88477188, 0.98103917]], [[0.64121795, 0.68166804]]),
])
def test_layer_norm_basic_lstm_cell_input_size_other_than_num_units(layer_norm, expected_c, expected_h):
    # rnn_cell_test.LayerNormBasicLSTMCellTest.testBasicLSTMCell / ...WithoutNorm, second parts
    # (scope "other"): input of 3 ones, 2 units, c [0, .1], h [.2, .3].
    def build():
        state = rt_rnn.LSTMStateTuple(tf.constant([[0.0, 0.1]]), tf.constant([[0.2, 0.3]]))
        return rt_rnn.LayerNormBasicLSTMCell(2, layer_norm=layer_norm)(tf.ones([1, 3]), state)

    h, state = _run_in_graph(build, scope="other")
    np.testing.assert_allclose(h, expected_h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state.c, expected_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state.h, expected_h, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_layer_norm_basic_lstm_cell_dropout_values(seed):
    # rnn_cell_test.LayerNormBasicLSTMCellTest.testBasicLSTMCellWithDropout: 5 units, no norm,
    # keep_prob 0.5, constant initializer 1, everything ones. Each c is c_high (kept) or c_low
    # (dropped) with the matching h (4 decimal places), and TF allows 1 to 3 drops of 5. The count
    # depends on the draw, so it is asserted for fixed seeds (one in eight draws of 5 lies outside).
    c_high, c_low, h_low, h_high = 2.9998924946, 0.999983298578, 0.761552567265, 0.995008519604

    def build():
        v1.set_random_seed(seed)
        state = rt_rnn.LSTMStateTuple(tf.ones([1, 5]), tf.ones([1, 5]))
        cell = rt_rnn.LayerNormBasicLSTMCell(5, layer_norm=False, dropout_keep_prob=0.5)
        return cell(tf.ones([1, 5]), state)

    h, state = _run_in_graph(build, scope="other", initializer_value=1.0)
    np.testing.assert_array_equal(h, state.h)
    dropped = 0
    for c, hh in zip(state.c[0], state.h[0]):
        if abs(c - c_low) < 1e-4:
            dropped += 1
            assert abs(hh - h_low) < 1e-4
        else:
            assert abs(c - c_high) < 1e-4 and abs(hh - h_high) < 1e-4
    assert dropped in (1, 2, 3)


# -- MultiRNNCell of GRUCells (CompiledWrapperTest) --------------------------------------------------

def test_multi_rnn_cell_of_gru_cells_with_tuple_state():
    # rnn_cell_test.CompiledWrapperTest.testMultiRNNCellWithStateTuple: two GRUCell(2), input of
    # ones, states of 0.1s; a non-tuple state is rejected.
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            x = tf.ones([1, 2])
            with pytest.raises(ValueError, match="Expected state .* a tuple"):
                rt_rnn.MultiRNNCell([rt_rnn.GRUCell(2) for _ in range(2)], state_is_tuple=True)(x, tf.zeros([1, 4]))
            _, states = rt_rnn.MultiRNNCell([rt_rnn.GRUCell(2) for _ in range(2)], state_is_tuple=True)(
                x, (_ones((1, 2)), _ones((1, 2))))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            first, second = sess.run(states)
    np.testing.assert_allclose(first, [[0.175991, 0.175991]], **TF_TOL)
    np.testing.assert_allclose(second, [[0.13248, 0.13248]], **TF_TOL)


# -- Scenarios only TF 1.15's version of rnn_cell_test.py has (Keras-era cells) ----------------------

def _run_single(cell_factory, x, m, scope="root", initializer_value=0.5, mode="graph"):
    """One step of a fresh cell on constant ``x`` and ``m`` under ``scope``; returns (output, state)."""
    def build():
        return cell_factory()(tf.constant(x, tf.float32), tf.constant(m, tf.float32))
    return _run_in_graph(build, scope=scope, initializer_value=initializer_value, mode=mode)


@pytest.mark.parametrize("x, expected", [
    ([[1.0, 1.0]], [[0.509682, 0.509682]]),
    ([[1.0, 1.0, 1.0]], [[0.55255556, 0.55255556]]),
])
@pytest.mark.parametrize("mode", MODES)
def test_sru_cell(mode, x, expected):
    # rnn_cell_test.RNNCellTest.testSRUCell and testSRUCellWithDiffSize: SRUCell(2), state 0.1s.
    output, _ = _run_single(lambda: rt_rnn.SRUCell(2), x, [[0.1, 0.1]], mode=mode)
    np.testing.assert_allclose(output, expected, **TF_TOL)


@pytest.mark.parametrize("scope, x, published", [
    ("root", [[1.0, 1.0]], [0.185265, 0.17704]),
    ("other", [[1.0, 1.0, 1.0]], [0.155127, 0.157328]),
])
def test_indy_gru_cell_published_values_are_reachable(scope, x, published):
    # rnn_cell_test.RNNCellTest.testIndyGRUCell: IndyGRUCell(2), state 0.1s, input size 2 and 3,
    # constant initializer 0.5. The diagonal recurrent weights (gates/kernel_u, candidate/kernel_u)
    # have their own uniform(-1, 1) initializer in TF 1.15, which the scope's constant does not
    # reach, so the published numbers carry TF's draw (hence two different units). Asserted: for
    # each unit, the published value lies between the lowest and highest output our cell gives
    # over a grid of recurrent weights in [-1, 1] (all other weights are the published constants).
    grid = np.linspace(-1.0, 1.0, 5, dtype=np.float32)
    with tf.Graph().as_default():
        with v1.variable_scope(scope, initializer=v1.constant_initializer(0.5)):
            output, _ = rt_rnn.IndyGRUCell(2)(tf.constant(x), _ones((1, 2)))
        gate_u, candidate_u = (v for v in v1.global_variables() if "kernel_u" in v.name)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            reachable = []
            for reset_u in grid:
                for update_u in grid:
                    for cand_u in grid:
                        gate_u.load(np.array([[reset_u, reset_u, update_u, update_u]]), sess)
                        candidate_u.load(np.array([[cand_u, cand_u]]), sess)
                        reachable.append(sess.run(output)[0])
    reachable = np.array(reachable)
    for unit in range(2):
        assert reachable[:, unit].min() - 1e-6 <= published[unit] <= reachable[:, unit].max() + 1e-6


def test_ind_rnn_cell_variable_names_and_shape():
    # rnn_cell_test.RNNCellTest.testIndRNNCell: IndRNNCell(2) under "root"; TF publishes the
    # variable names (kernel_w, kernel_u, bias) and the output shape.
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            cell = rt_rnn.IndRNNCell(2)
            g, _ = cell(tf.ones([1, 2]), _ones((1, 2)))
        assert [v.name for v in cell.trainable_variables] == [
            "root/ind_rnn_cell/kernel_w:0", "root/ind_rnn_cell/kernel_u:0", "root/ind_rnn_cell/bias:0"]
        assert not cell.non_trainable_variables
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(g).shape == (1, 2)


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32])
def test_indy_lstm_cell_two_layers(dtype):
    # rnn_cell_test.RNNCellTest.testIndyLSTMCell: two IndyLSTMCell(2) in a MultiRNNCell, variable
    # names as published, outputs and states within [-1, 1]; then a single cell on input size 3.
    with tf.Graph().as_default():
        with v1.variable_scope("root", initializer=v1.constant_initializer(0.5)):
            cell = rt_rnn.MultiRNNCell([rt_rnn.IndyLSTMCell(2) for _ in range(2)])
            tenths = tf.constant(0.1 * np.ones([1, 2]), dtype)
            g, (s0, s1) = cell(tf.ones([1, 2], dtype), ((tenths, tenths), (tenths, tenths)))
        expected_names = [f"root/multi_rnn_cell/cell_{i}/indy_lstm_cell/{name}:0"
                          for i in range(2) for name in ("kernel_w", "kernel_u", "bias")]
        assert [v.name for v in cell.trainable_variables] == expected_names
        assert [v.name for v in v1.global_variables()] == expected_names
        assert not cell.non_trainable_variables
        with v1.variable_scope("other", initializer=v1.constant_initializer(0.5)):
            other_out, _ = rt_rnn.IndyLSTMCell(2)(tf.ones([1, 3], dtype), (tenths, tenths))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            results = sess.run([g, s0, s1, other_out])
    for value in tf.nest.flatten(results[:3]):
        assert value.dtype == dtype.as_numpy_dtype
        assert (value >= -1.0).all() and (value <= 1.0).all()
    assert results[3].shape == (1, 2)


def test_layer_norm_lstm_cell_with_projection_shapes():
    # rnn_cell_test.RNNCellTest.testLSTMCellLayerNorm: LayerNormLSTMCell(2, num_proj=3), input of 4
    # ones, states of 0.1s; shapes only.
    def build():
        cell = rt_rnn.LayerNormLSTMCell(num_units=2, num_proj=3, forget_bias=1.0, layer_norm=True,
                                        norm_gain=1.0, norm_shift=0.0)
        return cell(tf.ones([1, 4]), rt_rnn.LSTMStateTuple(_ones((1, 2)), _ones((1, 3))))

    output, (c, h) = _run_in_graph(build)
    assert output.shape == (1, 3) and c.shape == (1, 2) and h.shape == (1, 3)


@pytest.mark.parametrize("mode", MODES)
def test_output_projection_wrapper(mode):
    # rnn_cell_test.RNNCellTest.testOutputProjectionWrapper: GRUCell(3) projected to 2.
    output, state = _run_single(lambda: rt_rnn.OutputProjectionWrapper(rt_rnn.GRUCell(3), 2),
                                [[1.0, 1.0, 1.0]], [[0.1, 0.1, 0.1]], mode=mode)
    assert state.shape == (1, 3)
    np.testing.assert_allclose(output, [[0.231907, 0.231907]], **TF_TOL)


@pytest.mark.parametrize("mode", MODES)
def test_input_projection_wrapper(mode):
    # rnn_cell_test.RNNCellTest.testInputProjectionWrapper: input of 2 ones projected to 3 for a GRUCell(3).
    output, state = _run_single(lambda: rt_rnn.InputProjectionWrapper(rt_rnn.GRUCell(3), num_proj=3),
                                [[1.0, 1.0]], [[0.1, 0.1, 0.1]], mode=mode)
    assert state.shape == (1, 3)
    np.testing.assert_allclose(output, [[0.154605, 0.154605, 0.154605]], **TF_TOL)


@pytest.mark.parametrize("mode", MODES)
def test_embedding_wrapper(mode):
    # rnn_cell_test.RNNCellTest.testEmbeddingWrapper: id 1 of 3 classes embedded in 2 for a GRUCell(2).
    def build():
        cell = rt_rnn.EmbeddingWrapper(rt_rnn.GRUCell(2), embedding_classes=3, embedding_size=2)
        assert cell.output_size == 2
        return cell(tf.constant([[1]], tf.int32), _ones((1, 2)))

    output, state = _run_in_graph(build, mode=mode)
    assert state.shape == (1, 2)
    np.testing.assert_allclose(output, [[0.17139, 0.17139]], **TF_TOL)


def test_embedding_wrapper_in_dynamic_rnn_takes_float_outputs():
    # rnn_cell_test.RNNCellTest.testEmbeddingWrapperWithDynamicRnn: int64 ids through dynamic_rnn
    # with dtype float32 must run (the outputs' dtype is not the inputs').
    with tf.Graph().as_default():
        with v1.variable_scope("root"):
            cell = rt_rnn.EmbeddingWrapper(rt_rnn.BasicLSTMCell(1, state_is_tuple=True),
                                           embedding_classes=1, embedding_size=2)
            outputs, _ = rt_rnn.dynamic_rnn(cell=cell, inputs=tf.constant([[[0], [0]]], tf.int64),
                                            sequence_length=tf.constant([2], tf.int64), dtype=tf.float32)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(outputs).shape == (1, 2, 1)


@pytest.mark.parametrize("num_inputs", [4, 5])
def test_glstm_cell_one_group_any_input_size_matches_lstm_cell(num_inputs):
    # rnn_cell_test.RNNCellTest.testGLSTMCell (TF 1.15 adds input sizes other than num_units):
    # one group, 4 units, scope "root1_<num_inputs>".
    with tf.Graph().as_default():
        with v1.variable_scope("root1_%d" % num_inputs, initializer=v1.constant_initializer(0.5)):
            x = tf.ones([2, num_inputs])
            gcell = rt_rnn.GLSTMCell(num_units=4, number_of_groups=1)
            zero_state = gcell.zero_state(batch_size=2, dtype=tf.float32)
            g_out = gcell(x, zero_state)
            out = rt_rnn.LSTMCell(num_units=4)(x, zero_state)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            (gh, gs), (h, s) = sess.run([g_out, out])
    np.testing.assert_allclose(gh, h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.concatenate(gs, 1), np.concatenate(s, 1), rtol=1e-5, atol=1e-6)


def test_glstm_cell_two_groups_six_inputs_act_like_sub_lstms():
    # rnn_cell_test.RNNCellTest.testGLSTMCell, second half with 6 inputs: each group sees 3.
    with tf.Graph().as_default():
        with v1.variable_scope("root2_6", initializer=v1.constant_initializer(0.5)):
            gcell = rt_rnn.GLSTMCell(num_units=4, number_of_groups=2)
            gh, _ = gcell(tf.ones([2, 6]), gcell.zero_state(batch_size=2, dtype=tf.float32))
            cell = rt_rnn.LSTMCell(num_units=2)
            h, _ = cell(tf.ones([2, 3]), cell.zero_state(batch_size=2, dtype=tf.float32))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            gh, h = sess.run([gh, h])
    np.testing.assert_allclose(gh[:, :2], h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gh[:, 2:], h, rtol=1e-5, atol=1e-6)


def test_glstm_cell_input_size_errors():
    # rnn_cell_test.RNNCellTest.testGLSTMCellFailure.
    with tf.Graph().as_default():
        with v1.variable_scope("glstm_failure", initializer=v1.constant_initializer(0.5)):
            gcell = rt_rnn.GLSTMCell(num_units=4, number_of_groups=2)
            zero_state = gcell.zero_state(batch_size=2, dtype=tf.float32)
            with pytest.raises(ValueError, match="input size must be statically known"):
                gcell(v1.placeholder(tf.float32, shape=[2, None]), zero_state)
            with pytest.raises(ValueError, match=r"input size \(3\) must be divisible by number_of_groups \(2\)"):
                gcell(v1.placeholder(tf.float32, shape=[2, 3]), zero_state)


@pytest.mark.parametrize("cell_class, scope, x, expected", [
    (rt_rnn.CFNCell, "root", [[1.0, 1.0]], [[0.17188203, 0.17188203]]),
    (rt_rnn.CFNCell, "other", [[1.0, 1.0, 1.0]], [[0.15535763, 0.15535763]]),
    (rt_rnn.MinimalRNNCell, "root", [[1.0, 1.0]], [[0.18899589, 0.18899589]]),
    (rt_rnn.MinimalRNNCell, "other", [[1.0, 1.0, 1.0]], [[0.19554167, 0.19554167]]),
])
def test_keras_style_cells(cell_class, scope, x, expected):
    # rnn_cell_test.RNNCellTest.testCFNCell / testMinimalRNNCell: units 2, kernel_initializer
    # Constant(0.5) (no scope initializer), state 0.1s, input size 2 and 3.
    def build():
        cell = cell_class(units=2, kernel_initializer=tf.keras.initializers.Constant(0.5))
        return cell(tf.constant(x), _ones((1, 2)))

    with tf.Graph().as_default():
        with v1.variable_scope(scope):
            output, _ = build()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            output = sess.run(output)
    np.testing.assert_allclose(output, expected, **TF_TOL)


# -- GRUBlockCell (gru_ops_test.py) ------------------------------------------------------------------

def _seeded_uniform():
    # gru_ops_test's initializer for both cells: uniform(-0.01, 0.01) with op seed 1994.
    return v1.random_uniform_initializer(-0.01, 0.01, seed=1994)


def test_gru_block_cell_runs_in_dynamic_rnn_with_unknown_dims():
    # gru_ops_test.GRUBlockCellTest.testNoneDimsWithDynamicRNN: time and batch unknown statically.
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, shape=(None, None, 6))
        _, state = rt_rnn.dynamic_rnn(rt_rnn.GRUBlockCell(5), x, time_major=True, dtype=tf.float32)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            value = sess.run(state, {x: np.random.default_rng(0).standard_normal((7, 4, 6))})
    assert value.shape == (4, 5)


def test_gru_block_cell_single_step_and_gradients_match_gru_cell():
    # gru_ops_test.GRUBlockCellTest.testBlockGRUToGRUCellSingleStep and
    # testDerivativeOfBlockGRUToGRUCellSingleStep: batch 2, 3 units, input 4; outputs and the
    # gradients with respect to x, h and the four weights (in creation order: GRUBlockCell's w_ru,
    # b_ru, w_c, b_c; GRUCell's gates and candidate kernels and biases) agree with GRUCell's under
    # the same seeded initializer.
    rng = np.random.default_rng(1994)
    x_value, h_value = rng.random((2, 4)), rng.random((2, 3))
    results = {}
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 4])
        h = v1.placeholder(tf.float32, [2, 3])
        for scope, cell_class in (("block", rt_rnn.GRUBlockCell), ("basic", rt_rnn.GRUCell)):
            with v1.variable_scope(scope, initializer=_seeded_uniform()):
                output, _ = cell_class(3)(x, h)
            weights = [v for v in v1.global_variables() if v.name.startswith(scope + "/")]
            assert [v.name.split("/", 1)[1] for v in weights] == {
                "block": ["gru_cell/w_ru:0", "gru_cell/b_ru:0", "gru_cell/w_c:0", "gru_cell/b_c:0"],
                "basic": ["gru_cell/gates/kernel:0", "gru_cell/gates/bias:0",
                          "gru_cell/candidate/kernel:0", "gru_cell/candidate/bias:0"]}[scope]
            results[scope] = [output] + tf.gradients([output], [x, h] + weights)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            block, basic = sess.run([results["block"], results["basic"]], {x: x_value, h: h_value})
    for got, want in zip(block, basic):
        np.testing.assert_allclose(got, want, **TF_TOL)


def test_gru_block_cell_multi_step_and_gradients_match_gru_cell():
    # gru_ops_test.GRUBlockCellTest.testBlockGRUToGRUCellMultiStep (4 steps, batch 2, 3 units,
    # input 3) and testDerivativeOfBlockGRUToGRUCellMultiSteps (gradients of the first step's
    # output with respect to the inputs and the initial state, 2 steps, input 4).
    rng = np.random.default_rng(1994)
    for time_steps, input_size in ((4, 3), (2, 4)):
        x_values, h_value = rng.random((time_steps, 2, input_size)), rng.random((2, 3))
        fetched = {}
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, (time_steps, 2, input_size))
            h = v1.placeholder(tf.float32, (2, 3))
            for scope, cell_class in (("block", rt_rnn.GRUBlockCell), ("basic", rt_rnn.GRUCell)):
                with v1.variable_scope(scope, initializer=_seeded_uniform()):
                    outputs, state = rt_rnn.dynamic_rnn(cell_class(3), inputs=x, initial_state=h,
                                                        time_major=True, dtype=tf.float32)
                fetched[scope] = [outputs, state] + tf.gradients([outputs[0]], [x, h])
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                block, basic = sess.run([fetched["block"], fetched["basic"]], {x: x_values, h: h_value})
        for got, want in zip(block, basic):
            np.testing.assert_allclose(got, want, **TF_TOL)


def test_gru_block_cell_gradient_check():
    # gru_ops_test.GRUBlockCellTest.testGradient: batch 1, 3 units, input 2, default initializers;
    # numeric vs symbolic gradient error below 1e-4 for x, h and the four weights.
    with tf.Graph().as_default():
        # TF's TestCase fixed the graph seed (87654321) for every test; the default initializers draw from it,
        # and the float32 numeric gradient's error depends on the weights drawn.
        v1.set_random_seed(87654321)
        x = tf.zeros([1, 2])
        h = tf.zeros([1, 3])
        # TF 1.15's variables were reference variables, which the v1 gradient checker perturbs by
        # feeding; a resource variable's reads would ignore that feed.
        with v1.variable_scope("", use_resource=False):
            output, _ = rt_rnn.GRUBlockCell(3)(x, h)
        w_ru, b_ru, w_c, b_c = v1.global_variables()[:4]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for tensor, shape in ((x, (1, 2)), (h, (1, 3)), (w_ru, (5, 6)), (w_c, (5, 3)), (b_ru, (6,)),
                                  (b_c, (3,))):
                error = v1.test.compute_gradient_error(tensor, shape, output, (1, 3))
                assert error < 1e-4, (tensor.name, error)


# -- LSTMBlockCell and LSTMBlockFusedCell (lstm_ops_test.py) -----------------------------------------

def _lstm_seeded_uniform(seed=19890212):
    # lstm_ops_test's initializer: uniform(-0.01, 0.01) with a fixed op seed.
    return v1.random_uniform_initializer(-0.01, 0.01, seed=seed)


def test_lstm_block_cell_runs_in_dynamic_rnn_with_unknown_dims():
    # lstm_ops_test.LSTMBlockCellTest.testNoneDimsWithDynamicRNN: 7 units, input 6, 5 steps, batch 4.
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, shape=(None, None, 6))
        output, _ = rt_rnn.dynamic_rnn(rt_rnn.LSTMBlockCell(7), x, time_major=True, dtype=tf.float32)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            value = sess.run(output, {x: np.random.default_rng(0).standard_normal((5, 4, 6))})
    assert value.shape == (5, 4, 7)


@pytest.mark.parametrize("mode", MODES)
def test_lstm_block_cell_two_layers(mode):
    # lstm_ops_test.LSTMBlockCellTest.testLSTMBlockCell: two LSTMBlockCell(2), input of ones, every
    # state 0.1s, constant initializer 0.5 (the numbers are testBasicLSTMCell's).
    def build():
        tenths = _ones((1, 2))
        cell = rt_rnn.MultiRNNCell([rt_rnn.LSTMBlockCell(2) for _ in range(2)], state_is_tuple=True)
        return cell(tf.ones([1, 2]), ((tenths, tenths), (tenths, tenths)))

    g, ((c0, h0), (c1, h1)) = _run_in_graph(build, mode=mode)
    np.testing.assert_allclose(g, [[0.24024698, 0.24024698]], **TF_TOL)
    np.testing.assert_allclose(c0, [[0.68967271, 0.68967271]], **TF_TOL)
    np.testing.assert_allclose(h0, [[0.44848421, 0.44848421]], **TF_TOL)
    np.testing.assert_allclose(c1, [[0.39897051, 0.39897051]], **TF_TOL)
    np.testing.assert_allclose(h1, [[0.24024698, 0.24024698]], **TF_TOL)


def test_lstm_cell_block_cell_and_fused_cell_create_the_same_variables():
    # lstm_ops_test.LSTMBlockCellTest.testCompatibleNames: LSTMCell(10) (plain and with peepholes)
    # through static_rnn under scopes "basic" and "peephole", LSTMBlockCell the same way, and
    # LSTMBlockFusedCell called with scope "basic/lstm_cell" / "peephole/lstm_cell" all create the
    # same variable names and shapes.
    def names(build):
        with tf.Graph().as_default():
            build()
            return {v.name: tuple(v.shape.as_list()) for v in v1.trainable_variables()}

    def static(cell_class, peephole_kwarg):
        def build():
            inputs = [tf.zeros([4, 5])] * 6
            rt_rnn.static_rnn(cell_class(10), inputs, dtype=tf.float32, scope="basic")
            rt_rnn.static_rnn(cell_class(10, **{peephole_kwarg: True}), inputs, dtype=tf.float32, scope="peephole")
        return build

    def fused():
        inputs = tf.stack([tf.zeros([4, 5])] * 6)
        rt_rnn.LSTMBlockFusedCell(10)(inputs, dtype=tf.float32, scope="basic/lstm_cell")
        rt_rnn.LSTMBlockFusedCell(10, use_peephole=True)(inputs, dtype=tf.float32, scope="peephole/lstm_cell")

    basic_names = names(static(rt_rnn.LSTMCell, "use_peepholes"))
    assert basic_names == {
        "basic/lstm_cell/kernel:0": (15, 40), "basic/lstm_cell/bias:0": (40,),
        "peephole/lstm_cell/kernel:0": (15, 40), "peephole/lstm_cell/bias:0": (40,),
        "peephole/lstm_cell/w_f_diag:0": (10,), "peephole/lstm_cell/w_i_diag:0": (10,),
        "peephole/lstm_cell/w_o_diag:0": (10,)}
    assert names(static(rt_rnn.LSTMBlockCell, "use_peephole")) == basic_names
    assert names(fused) == basic_names


@pytest.mark.parametrize("use_peephole", [False, True])
def test_lstm_block_cell_matches_basic_cells(use_peephole):
    # lstm_ops_test.LSTMBlockCellTest.testLSTMBasicToBlockCell (BasicLSTMCell) and
    # testLSTMBasicToBlockCellPeeping (LSTMCell with peepholes): two layers of 2 units, states
    # 0.1, -0.1, -0.2, 0.2, the seeded initializer; LSTMBlockCell agrees on every output.
    x_value = np.random.default_rng(1).standard_normal((1, 2))
    state_values = [v * np.ones([1, 2]) for v in (0.1, -0.1, -0.2, 0.2)]
    if use_peephole:
        basic_cell = lambda: rt_rnn.LSTMCell(2, use_peepholes=True, state_is_tuple=True)
    else:
        basic_cell = lambda: rt_rnn.BasicLSTMCell(2, state_is_tuple=True)
    fetched = {}
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [1, 2])
        states = [v1.placeholder(tf.float32, [1, 2]) for _ in range(4)]
        block_cell = lambda: rt_rnn.LSTMBlockCell(2, use_peephole=use_peephole)
        for scope, make in (("basic", basic_cell), ("block", block_cell)):
            with v1.variable_scope(scope, initializer=_lstm_seeded_uniform()):
                g, ((c0, h0), (c1, h1)) = rt_rnn.MultiRNNCell([make() for _ in range(2)], state_is_tuple=True)(
                    x, ((states[0], states[1]), (states[2], states[3])))
            fetched[scope] = [g, c0, h0, c1, h1]
        feed = {x: x_value, **dict(zip(states, state_values))}
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            basic, block = sess.run([fetched["basic"], fetched["block"]], feed)
    for want, got in zip(basic, block):
        np.testing.assert_allclose(got, want, **TF_TOL)


class _MaskedUniform:
    """lstm_ops_test's float16 initializer restated: uniform(-bound, bound) in float16 with all but the
    top 4 of the 10 mantissa bits zeroed, so float16 sums stay exact enough to compare."""

    def __init__(self, bound, seed):
        self._bound = bound
        self._rng = np.random.default_rng(seed)

    def __call__(self, shape, dtype=None, partition_info=None):
        values = self._rng.uniform(-self._bound, self._bound, size=shape).astype(np.float16)
        masked = values.view(np.uint16) & np.uint16((0xFFFF >> 6) << 6)
        return tf.constant(masked.view(np.float16))


@pytest.mark.parametrize("dtype, tolerance", [
    (tf.float32, dict(rtol=1e-6, atol=1e-6)),
    (tf.float16, dict(rtol=8e-3, atol=8e-4)),
], ids=["Fp32", "Fp16"])
@pytest.mark.parametrize("use_peephole, cell_clip", [(False, None), (True, None), (True, 0.5)])
def test_lstm_cell_and_fused_cell_blocks_match(use_peephole, cell_clip, dtype, tolerance):
    # lstm_ops_test.blocks_match via testLSTMBasicToBlock / ...Peeping / ...CellClip, in TF's Fp32
    # and Fp16 cases with their tolerances: batch 2, input 3, 4 units, 4 steps. Variables created
    # first under "test/rnn/lstm_cell" with the seeded initializer (uniform +-0.01; in float16
    # +-0.1 with masked mantissas), bias zeros; LSTMCell (static_rnn, reuse) and
    # LSTMBlockFusedCell (reuse, name "rnn/lstm_cell") pick them up and agree on outputs, final
    # state and the gradients with respect to the inputs and the weights. TF's raw _block_lstm leg
    # is covered by the fused cell, which runs the same kernel.
    rng = np.random.default_rng(19890212)
    batch, input_size, units, steps = 2, 3, 4, 4
    if dtype == tf.float16:
        initializer = _MaskedUniform(1e-1, seed=19890212)
    else:
        initializer = _lstm_seeded_uniform()
    with tf.Graph().as_default():
        inputs = [tf.constant(rng.standard_normal((batch, input_size)), dtype) for _ in range(steps)]
        with v1.variable_scope("test", initializer=initializer):
            peepholes = []
            if use_peephole:
                peepholes = [v1.get_variable("rnn/lstm_cell/" + name, shape=[units], dtype=dtype)
                             for name in ("w_i_diag", "w_f_diag", "w_o_diag")]
            w = v1.get_variable("rnn/lstm_cell/kernel", shape=[input_size + units, 4 * units], dtype=dtype)
            b = v1.get_variable("rnn/lstm_cell/bias", shape=[4 * units], dtype=dtype,
                                initializer=v1.zeros_initializer())
            basic_cell = rt_rnn.LSTMCell(units, use_peepholes=use_peephole, cell_clip=cell_clip, dtype=dtype,
                                         state_is_tuple=True, reuse=True)
            basic_outputs, basic_state = rt_rnn.static_rnn(basic_cell, inputs, dtype=dtype)
            fused_cell = rt_rnn.LSTMBlockFusedCell(units, cell_clip=cell_clip, use_peephole=use_peephole,
                                                   reuse=True, name="rnn/lstm_cell")
            fused_outputs, fused_state = fused_cell(tf.stack(inputs), dtype=dtype)
        assert len(v1.global_variables()) == 2 + len(peepholes)  # both cells reused the variables
        weights = [w, b] + peepholes
        basic = [tf.stack(basic_outputs), basic_state[0]] + tf.gradients(basic_outputs, inputs + weights)
        fused = [fused_outputs, fused_state[0]] + tf.gradients(fused_outputs, inputs + weights)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            basic, fused = sess.run([basic, fused])
    for want, got in zip(basic, fused):
        assert got.dtype == dtype.as_numpy_dtype
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), **tolerance)


def test_lstm_fused_cell_sequence_lengths_match_step_by_step():
    # lstm_ops_test.LSTMBlockCellTest.testLSTMFusedSequenceLengths: batch 3, input 4, 5 units,
    # 6 steps, lengths [3, 4, 5], cell_clip 0, variables made first under "lstm_cell" (seed
    # 19890213). The fused run over the sequence equals running the same cell one step at a
    # time (lengths 0/1 per step, carrying the state): outputs, final c, and the gradients with
    # respect to the inputs and the kernel and bias.
    rng = np.random.default_rng(19890213)
    batch, input_size, units, max_time = 3, 4, 5, 6
    lengths = [3, 4, 5]
    with tf.Graph().as_default():
        inputs = [tf.constant(rng.standard_normal((batch, input_size)), tf.float32) for _ in range(max_time)]
        with v1.variable_scope("lstm_cell", initializer=_lstm_seeded_uniform(19890213)):
            kernel = v1.get_variable("kernel", shape=[input_size + units, 4 * units])
            bias = v1.get_variable("bias", shape=[4 * units], initializer=v1.zeros_initializer())
        cell = rt_rnn.LSTMBlockFusedCell(units, cell_clip=0, use_peephole=False, reuse=True, name="lstm_cell")
        fused_outputs, fused_state = cell(tf.stack(inputs), dtype=tf.float32, sequence_length=tf.constant(lengths))
        unfused, state = [], None
        with v1.variable_scope(v1.get_variable_scope(), reuse=True):
            for step, x in enumerate(inputs):
                output, state = cell(tf.expand_dims(x, 0), initial_state=state, dtype=tf.float32,
                                     sequence_length=[int(step < n) for n in lengths])
                unfused.append(output[0])
        unfused_outputs = tf.stack(unfused)
        assert len(v1.global_variables()) == 2
        fused = [fused_outputs, fused_state[0]] + tf.gradients(fused_outputs, inputs + [kernel, bias])
        stepped = [unfused_outputs, state[0]] + tf.gradients(unfused_outputs, inputs + [kernel, bias])
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            fused, stepped = sess.run([fused, stepped])
    for want, got in zip(stepped, fused):
        np.testing.assert_allclose(got, want, **TF_TOL)


# -- FusedRNNCellAdaptor and TimeReversedFusedRNN (fused_rnn_cell_test.py) ---------------------------

def _trainable_under(prefix):
    return [v for v in v1.trainable_variables() if v.name.startswith(prefix + "/")]


def test_fused_rnn_cell_adaptor_matches_static_rnn():
    # fused_rnn_cell_test.FusedRnnCellTest.testBasicRNNFusedWrapper: BasicRNNCell(10), float64
    # inputs [15, 5, 20], uniform(-0.01, 0.01) seed 19890212. static_rnn under "basic" and
    # FusedRNNCellAdaptor (static, then use_dynamic_rnn) under "fused_static"/"fused_dynamic" agree
    # on outputs, state and input gradients (default tolerance) and weight gradients (1e-2).
    inputs_value = np.random.default_rng(19890212).standard_normal((15, 5, 20))
    initializer = _lstm_seeded_uniform()
    with tf.Graph().as_default():
        inputs = tf.constant(inputs_value)
        runs = {}
        with v1.variable_scope("basic", initializer=initializer):
            outputs, state = rt_rnn.static_rnn(rt_rnn.BasicRNNCell(10), tf.unstack(inputs), dtype=tf.float64)
            runs["basic"] = (tf.stack(outputs), state)
        for scope, use_dynamic in (("fused_static", False), ("fused_dynamic", True)):
            with v1.variable_scope(scope, initializer=initializer):
                runs[scope] = rt_rnn.FusedRNNCellAdaptor(rt_rnn.BasicRNNCell(10), use_dynamic_rnn=use_dynamic)(
                    inputs, dtype=tf.float64)
        fetches = {scope: [outputs, state] + tf.gradients(outputs, [inputs] + _trainable_under(scope))
                   for scope, (outputs, state) in runs.items()}
        assert all(len(f) == 5 for f in fetches.values())  # outputs, state, input grad, kernel and bias grads
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            values = sess.run(fetches)
    for scope in ("fused_static", "fused_dynamic"):
        for want, got in zip(values["basic"][:3], values[scope][:3]):
            np.testing.assert_allclose(got, want, **TF_TOL)
        for want, got in zip(values["basic"][3:], values[scope][3:]):
            np.testing.assert_allclose(got, want, rtol=1e-2, atol=1e-2)


def test_time_reversed_fused_rnn_matches_static_bidirectional_rnn():
    # fused_rnn_cell_test.FusedRnnCellTest.testTimeReversedFusedRNN: static_bidirectional_rnn of two
    # BasicRNNCell(10) under "basic" vs a FusedRNNCellAdaptor (scope "fw") and a
    # TimeReversedFusedRNN of one (scope "bw") under "fused", seed 19890213.
    inputs_value = np.random.default_rng(19890213).standard_normal((15, 5, 20))
    initializer = _lstm_seeded_uniform(19890213)
    with tf.Graph().as_default():
        inputs = tf.constant(inputs_value)
        with v1.variable_scope("basic", initializer=initializer):
            outputs, fw_state, bw_state = rt_rnn.static_bidirectional_rnn(
                rt_rnn.BasicRNNCell(10), rt_rnn.BasicRNNCell(10), tf.unstack(inputs), dtype=tf.float64)
            basic_outputs = tf.stack(outputs)
        with v1.variable_scope("fused", initializer=initializer):
            fw_outputs, fused_fw_state = rt_rnn.FusedRNNCellAdaptor(rt_rnn.BasicRNNCell(10))(
                inputs, dtype=tf.float64, scope="fw")
            bw_outputs, fused_bw_state = rt_rnn.TimeReversedFusedRNN(
                rt_rnn.FusedRNNCellAdaptor(rt_rnn.BasicRNNCell(10)))(inputs, dtype=tf.float64, scope="bw")
            fused_outputs = tf.concat([fw_outputs, bw_outputs], 2)
        basic_vars, fused_vars = _trainable_under("basic"), _trainable_under("fused")
        # basic/bidirectional_rnn/{fw,bw}/... against fused/{fw,bw}/...: the same weights in the same order.
        assert [v.name.split("/", 2)[2] for v in basic_vars] == [v.name.split("/", 1)[1] for v in fused_vars]
        basic = [basic_outputs, fw_state, bw_state] + tf.gradients(basic_outputs, [inputs] + basic_vars)
        fused = [fused_outputs, fused_fw_state, fused_bw_state] + tf.gradients(fused_outputs, [inputs] + fused_vars)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            basic, fused = sess.run([basic, fused])
    for want, got in zip(basic[:4], fused[:4]):
        np.testing.assert_allclose(got, want, **TF_TOL)
    for want, got in zip(basic[4:], fused[4:]):
        np.testing.assert_allclose(got, want, rtol=1e-2, atol=1e-2)


def test_compiled_wrapper_keeps_variables_and_results():
    # rnn_cell_test.CompiledWrapperTest.testMultiRNNCellWithLSTMCellAndXLA: two LSTMCell(32) layers,
    # each in a CompiledWrapper or not, over time-major inputs [20, 16, 12] held in a variable
    # "root/inputs", uniform(-0.1, 0.1) seed 2, graph seed 1234. Both graphs create the same
    # variables and agree (atol 1e-5) on outputs, final state and the gradients TF lists.
    def run(compiled):
        with tf.Graph().as_default():
            v1.set_random_seed(1234)
            with v1.variable_scope("root", initializer=v1.random_uniform_initializer(-0.1, 0.1, seed=2)):
                inputs = v1.get_variable("inputs", initializer=v1.random_uniform((20, 16, 12), seed=1))
                wrap = rt_rnn.CompiledWrapper if compiled else (lambda c: c)
                cell = rt_rnn.MultiRNNCell([wrap(rt_rnn.LSTMCell(32)) for _ in range(2)])
                initial_state = cell.zero_state(batch_size=16, dtype=tf.float32)
                outputs, final_state = rt_rnn.dynamic_rnn(cell=cell, inputs=inputs, initial_state=initial_state,
                                                          time_major=True)
            flat_final = tf.nest.flatten(final_state)
            trainable = v1.trainable_variables()
            targets = trainable + [inputs] + tf.nest.flatten(initial_state)
            fetches = [outputs] + flat_final + tf.gradients([outputs], targets) + tf.gradients(flat_final, targets)
            fetches = [f for f in fetches if f is not None]
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                return [v.name for v in trainable], sess.run(fetches)

    plain_names, plain = run(False)
    compiled_names, compiled = run(True)
    assert compiled_names == plain_names == [
        "root/inputs:0",
        "root/rnn/multi_rnn_cell/cell_0/lstm_cell/kernel:0", "root/rnn/multi_rnn_cell/cell_0/lstm_cell/bias:0",
        "root/rnn/multi_rnn_cell/cell_1/lstm_cell/kernel:0", "root/rnn/multi_rnn_cell/cell_1/lstm_cell/bias:0"]
    assert len(compiled) == len(plain)
    for want, got in zip(plain, compiled):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-5)


# -- The published numbers inside a tf.function ------------------------------------------------------

def _tenths(*shape):
    return tf.constant(0.1 * np.ones(shape, np.float32))


FUNCTION_SCENARIOS = {
    # name: (cell factory, inputs, state factory, initializer value, expected output) -- each a scenario above.
    "CoupledInputForgetGateLSTMCell": (
        lambda: rt_rnn.CoupledInputForgetGateLSTMCell(num_units=2, forget_bias=1.0, state_is_tuple=False),
        ONES_TWOS_THREES, lambda: _tenths(3, 4), 0.5,
        [[0.121753] * 2, [0.103349] * 2, [0.100178] * 2]),
    "NASCell": (lambda: rt_rnn.NASCell(num_units=6), ONES_TWOS_THREES,
                lambda: rt_rnn.LSTMStateTuple(_tenths(3, 6), _tenths(3, 6)), 0.5,
                [[0.576751] * 6, [0.618936] * 6, [0.627393] * 6]),
    "UGRNNCell": (lambda: rt_rnn.UGRNNCell(num_units=2), ONES_TWOS_THREES, lambda: _tenths(3, 2), 0.5, UGRNN_STATE),
    "IntersectionRNNCell": (lambda: rt_rnn.IntersectionRNNCell(num_units=2, num_in_proj=2), ONES_TWOS_THREES,
                            lambda: _tenths(3, 2), 0.5, [[2.00431061] * 2, [4.00060606] * 2, [6.00008249] * 2]),
    "GridLSTMCell": (lambda: rt_rnn.GridLSTMCell(num_units=2, feature_size=2, frequency_skip=1, forget_bias=1.0,
                                                 num_frequency_blocks=[3], couple_input_forget_gates=True,
                                                 state_is_tuple=False),
                     ONES_TWOS_THREES, lambda: _tenths(3, 12), 0.5, GRID_COUPLED_OUTPUT),
    "SRUCell": (lambda: rt_rnn.SRUCell(2), np.ones([1, 2], np.float32), lambda: _tenths(1, 2), 0.5,
                [[0.509682, 0.509682]]),
    "LSTMBlockCell": (lambda: rt_rnn.MultiRNNCell([rt_rnn.LSTMBlockCell(2) for _ in range(2)]),
                      np.ones([1, 2], np.float32),
                      lambda: ((_tenths(1, 2), _tenths(1, 2)), (_tenths(1, 2), _tenths(1, 2))), 0.5,
                      [[0.24024698, 0.24024698]]),
}


@pytest.mark.parametrize("name", sorted(FUNCTION_SCENARIOS))
def test_published_numbers_inside_tf_function(name):
    # The scenarios above (same TF tests, same numbers) with the cell made outside a tf.function and
    # called, building its weights under the initializer's scope, inside it.
    make_cell, inputs, make_state, initializer_value, expected = FUNCTION_SCENARIOS[name]
    cell = make_cell()

    @tf.function
    def step(x, state):
        with v1.variable_scope("root", initializer=v1.constant_initializer(initializer_value)):
            return cell(x, state)

    output, _ = step(tf.constant(inputs), make_state())
    np.testing.assert_allclose(output.numpy(), expected, **TF_TOL)
    # A second call reuses the weights made in the first trace.
    np.testing.assert_allclose(step(tf.constant(inputs), make_state())[0].numpy(), expected, **TF_TOL)


# -- stack_bidirectional_rnn / stack_bidirectional_dynamic_rnn (rnn_test.py) -------------------------

STACK_LAYERS = [2, 3]


def _stack_bidirectional(dynamic, use_shape=True, initial_states=False, scope=None):
    """rnn_test.StackBidirectionalRNNTest's network: layers of 2 and 3 LSTMCells each way, built as
    ``LSTMCell(num_units, input_size, initializer=uniform(-0.01, 0.01, seed 23489),
    state_is_tuple=False)`` (TF passed input_size 5 positionally, i.e. as use_peepholes, which is
    truthy, and so are ours); 8 steps of one placeholder [batch 2, 5], int64 lengths fed later."""
    initializer = v1.random_uniform_initializer(-0.01, 0.01, seed=23489)
    make = lambda: [rt_rnn.LSTMCell(units, 5, initializer=initializer, state_is_tuple=False)
                    for units in STACK_LAYERS]
    cells_fw, cells_bw = make(), make()
    step = v1.placeholder(tf.float32, shape=(2, 5) if use_shape else (None, 5))
    inputs = 8 * [step]
    lengths = v1.placeholder(tf.int64)
    states_fw = states_bw = None
    if initial_states:
        states_fw = [v1.placeholder(tf.float32, shape=(2, 2 * units)) for units in STACK_LAYERS]
        states_bw = [v1.placeholder(tf.float32, shape=(2, 2 * units)) for units in STACK_LAYERS]
    if dynamic:
        outputs, state_fw, state_bw = rt_rnn.stack_bidirectional_dynamic_rnn(
            cells_fw, cells_bw, tf.transpose(tf.stack(inputs), [1, 0, 2]), initial_states_fw=states_fw,
            initial_states_bw=states_bw, dtype=tf.float32, sequence_length=lengths, scope=scope)
        assert outputs.shape.as_list() == [2 if use_shape else None, 8, 2 * STACK_LAYERS[-1]]
        outputs = tf.transpose(outputs, [1, 0, 2])
    else:
        outputs, state_fw, state_bw = rt_rnn.stack_bidirectional_rnn(
            cells_fw, cells_bw, inputs, states_fw, states_bw, dtype=tf.float32, sequence_length=lengths,
            scope=scope)
        assert len(outputs) == len(inputs)
        assert all(o.shape.as_list() == [2 if use_shape else None, 2 * STACK_LAYERS[-1]] for o in outputs)
        outputs = tf.stack(outputs)
    return step, lengths, outputs, state_fw, state_bw, states_fw, states_bw


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
@pytest.mark.parametrize("use_shape", [False, True])
def test_stack_bidirectional_rnn_first_layer_symmetry(dynamic, use_shape):
    # rnn_test.StackBidirectionalRNNTest.testStackBidirectionalRNN / testBidirectionalRNN: lengths
    # [2, 3]. Forward and backward first layers share their initial weights and see the same
    # (constant) input, so their final states agree; the second layer reads both directions, so
    # its forward output at time t differs from its backward output at the mirrored time.
    value = np.random.default_rng(23489).standard_normal((2, 5))
    with tf.Graph().as_default():
        step, lengths, outputs, state_fw, state_bw, _, _ = _stack_bidirectional(dynamic, use_shape)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            out, s_fw, s_bw = sess.run([outputs, state_fw, state_bw], {step: value, lengths: [2, 3]})
    np.testing.assert_allclose(s_fw[0], s_bw[0], **TF_TOL)
    for batch, length in ((0, 2), (1, 3)):
        for t in range(length):
            for unit in range(3):
                assert out[t][batch][unit] != out[length - 1 - t][batch][unit + 3]


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
def test_stack_bidirectional_rnn_continues_from_a_fed_state(dynamic):
    # rnn_test.StackBidirectionalRNNTest._testStackBidirectionalRNNStates /
    # _testStackBidirectionalDynamicRNNStates: from zero states, 3 (and 2) steps, then 5 (and 3); then
    # from the 3-step states 2 (and 1) more steps. The first layer's final states of "5" and "3 + 2"
    # are exactly equal, both directions (TF's assertAllEqual).
    value = np.random.default_rng(23489).standard_normal((2, 5))
    with tf.Graph().as_default():
        step, lengths, outputs, state_fw, state_bw, states_fw, states_bw = _stack_bidirectional(
            dynamic, initial_states=True)
        zeros = {p: np.zeros(p.shape.as_list(), np.float32) for p in states_fw + states_bw}
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            _, st3_fw, st3_bw = sess.run([outputs, state_fw, state_bw], {step: value, lengths: [3, 2], **zeros})
            _, st5_fw, st5_bw = sess.run([outputs, state_fw, state_bw], {step: value, lengths: [5, 3], **zeros})
            carried = {**dict(zip(states_fw, st3_fw)), **dict(zip(states_bw, st3_bw))}
            _, st5p_fw, st5p_bw = sess.run([outputs, state_fw, state_bw], {step: value, lengths: [2, 1], **carried})
    np.testing.assert_array_equal(st5_fw[0], st5p_fw[0])
    np.testing.assert_array_equal(st5_bw[0], st5p_bw[0])


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
@pytest.mark.parametrize("prefix, use_outer_scope", [("prefix", True), ("prefix", False), (None, False)])
def test_stack_bidirectional_rnn_scopes(dynamic, prefix, use_outer_scope):
    # rnn_test.StackBidirectionalRNNTest.testStackBidirectionalRNNScope / ...DynamicRNNScope: every
    # variable lives under the given scope (a VariableScope or a string), else under
    # "stack_bidirectional_rnn".
    with tf.Graph().as_default():
        if use_outer_scope:
            with v1.variable_scope(prefix) as scope:
                _stack_bidirectional(dynamic, scope=scope)
        else:
            _stack_bidirectional(dynamic, scope=prefix)
        names = [v.name for v in v1.global_variables()]
    assert names and all(name.startswith((prefix or "stack_bidirectional_rnn") + "/") for name in names)
