"""The errors users hit with the rnn runtime, and that each message names the fix."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import rnn


def test_dynamic_rnn_without_initial_state_or_dtype():
    with pytest.raises(ValueError, match="If no initial_state is provided, dtype must be specified") as error:
        rnn.dynamic_rnn(rnn.GRUCell(2), tf.ones([2, 3, 4]))
    assert "dtype=tf.float32" in str(error.value)


def test_static_rnn_without_initial_state_or_dtype():
    with pytest.raises(ValueError, match="If no initial_state is provided, dtype must be specified"):
        rnn.static_rnn(rnn.GRUCell(2), [tf.ones([2, 4])])


@pytest.mark.parametrize("time_major, layout", [(False, r"\[batch_size, max_time, depth\]"),
                                                (True, r"\[max_time, batch_size, depth\]")])
def test_dynamic_rnn_rejects_rank_two_inputs(time_major, layout):
    with pytest.raises(ValueError, match=f"expects inputs of rank 3 or more, shaped {layout}, but got shape "
                                         r"\(2, 4\)") as error:
        rnn.dynamic_rnn(rnn.GRUCell(2), tf.ones([2, 4]), dtype=tf.float32, time_major=time_major)
    assert "call the cell directly" in str(error.value)


def test_dynamic_rnn_needs_a_static_depth():
    with tf.Graph().as_default():
        inputs = tf.compat.v1.placeholder(tf.float32, [None, None, None])
        with pytest.raises(ValueError, match="Input size \\(depth of inputs\\) must be accessible via shape "
                                             "inference") as error:
            rnn.dynamic_rnn(rnn.GRUCell(2), inputs, dtype=tf.float32)
    assert "tf.ensure_shape" in str(error.value)


def test_cell_rejects_inputs_that_are_not_one_step():
    cell = rnn.BasicLSTMCell(3)
    with pytest.raises(ValueError, match=r"BasicLSTMCell expects inputs of rank 2 \[batch_size, input_size\], got "
                                         r"shape \(2, 5, 4\)\. .*use dynamic_rnn"):
        cell(tf.ones([2, 5, 4]), cell.zero_state(2, tf.float32))


def test_cell_needs_a_static_input_depth():
    with tf.Graph().as_default():
        cell = rnn.LSTMCell(3)
        inputs = tf.compat.v1.placeholder(tf.float32, [None, None])
        with pytest.raises(ValueError, match="LSTMCell: the last dimension of the inputs must be known"):
            cell(inputs, cell.zero_state(2, tf.float32))


def test_integer_inputs_to_a_cell_name_the_cast():
    cell = rnn.GRUCell(2)
    with pytest.raises(ValueError, match="only supports floating point inputs, but received dtype: int32.*tf.cast"):
        cell(tf.ones([2, 3], tf.int32), tf.zeros([2, 2], tf.int32))


def test_not_a_cell():
    with pytest.raises(TypeError, match="The argument 'cell' .* is not an RNNCell: 'output_size' property is "
                                        "missing, 'state_size' property is missing"):
        rnn.dynamic_rnn(lambda x, s: (x, s), tf.ones([1, 2, 3]), dtype=tf.float32)


def test_multi_rnn_cell_concatenated_state_needs_flat_states():
    with pytest.raises(ValueError, match="Some cells return tuples of states, but the flag state_is_tuple is not "
                                         "set.*Pass state_is_tuple=True"):
        rnn.MultiRNNCell([rnn.BasicLSTMCell(2), rnn.GRUCell(2)], state_is_tuple=False)


def test_dropout_wrapper_argument_checks():
    with pytest.raises(ValueError, match="Parameter input_keep_prob must be between 0 and 1. Received 1.5"):
        rnn.DropoutWrapper(rnn.GRUCell(2), input_keep_prob=1.5)
    with pytest.raises(ValueError, match="When variational_recurrent=True, dtype must be provided"):
        rnn.DropoutWrapper(rnn.GRUCell(2), output_keep_prob=0.5, variational_recurrent=True)
    with pytest.raises(ValueError, match="input_size must be provided"):
        rnn.DropoutWrapper(rnn.GRUCell(2), input_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32)


def test_residual_wrapper_depth_mismatch_names_residual_fn():
    cell = rnn.ResidualWrapper(rnn.GRUCell(3))
    with pytest.raises(ValueError, match=r"inputs \(2, 4\) vs outputs \(2, 3\).*residual_fn="):
        cell(tf.ones([2, 4]), cell.zero_state(2, tf.float32))


def test_static_rnn_wants_a_list_of_steps():
    with pytest.raises(TypeError, match=r"inputs must be a sequence .*tf.unstack\(inputs, axis=1\)"):
        rnn.static_rnn(rnn.GRUCell(2), tf.ones([2, 3, 4]), dtype=tf.float32)


def test_stacked_bidirectional_argument_checks():
    with pytest.raises(ValueError, match="cells_fw must be a list of RNNCells"):
        rnn.stack_bidirectional_dynamic_rnn((rnn.GRUCell(2),), [rnn.GRUCell(2)], tf.ones([1, 2, 3]), dtype=tf.float32)
    with pytest.raises(ValueError, match="Forward and Backward cells must have the same depth"):
        rnn.stack_bidirectional_rnn([rnn.GRUCell(2)], [rnn.GRUCell(2), rnn.GRUCell(2)], [tf.ones([1, 3])],
                                    dtype=tf.float32)


def test_get_initial_state_checks_batch_and_dtype():
    cell = rnn.GRUCell(2)
    state = cell.get_initial_state(inputs=tf.ones([4, 3]))
    np.testing.assert_array_equal(state.numpy(), np.zeros((4, 2), np.float32))
    with pytest.raises(ValueError, match="batch size from input tensor is different"):
        cell.get_initial_state(inputs=tf.ones([4, 3]), batch_size=5)
    with pytest.raises(ValueError, match="batch_size and dtype cannot be None"):
        cell.get_initial_state()
