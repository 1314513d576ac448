"""contrib.rnn RNN/GRU variants, wrappers and helpers, through public and private import spellings."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn as contrib_rnn
from tf_seq2seq_migrate.runtime import rnn as contrib_cells
from tf_seq2seq_migrate.runtime import rnn as core_rnn_cell
from tf_seq2seq_migrate.runtime.rnn import AttentionCellWrapper, HighwayWrapper
from tf_seq2seq_migrate.runtime.rnn import IndyGRUCell as IndyGRU
from tf_seq2seq_migrate.runtime import rnn as rnn_cell_impl
from tf_seq2seq_migrate.runtime.rnn import transpose_batch_time as _transpose_batch_time, best_effort_input_batch_size as _best_effort_input_batch_size
from tf_seq2seq_migrate.runtime.rnn import _linear, _zero_state_tensors
# TODO(tf-migrate): S2S188 tf.nn.rnn_cell._linear is TF1's private _linear, whose variable names depend on the TensorFlow version: kernel/bias from TF 1.2 on (then tf_seq2seq_migrate.runtime.rnn._linear has the same signature and variables), weights/biases in TF 1.0/1.1 and Linear/Matrix, Linear/Bias in TF 0.x (then port it with tf.compat.v1.get_variable under those names and tf.matmul so checkpoints still restore)
from tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl import _linear as tf10_linear
from tf_seq2seq_migrate.runtime import rnn


class GatedCell(contrib_cells.UGRNNCell):
    """A user cell on top of a contrib cell, with its own private-_linear projections."""

    def call(self, inputs, state):
        projected = core_rnn_cell._linear([inputs, state], 8, True)
        mixed = _linear(projected, 8, False)
        # TODO(tf-migrate): S2S188 tf.nn.rnn_cell._linear is TF1's private _linear, whose variable names depend on the TensorFlow version: kernel/bias from TF 1.2 on (then tf_seq2seq_migrate.runtime.rnn._linear has the same signature and variables), weights/biases in TF 1.0/1.1 and Linear/Matrix, Linear/Bias in TF 0.x (then port it with tf.compat.v1.get_variable under those names and tf.matmul so checkpoints still restore)
        mixed = rnn_cell_impl._linear(mixed, 8, False)
        return super(GatedCell, self).call(mixed, state)


def build(inputs, lengths):
    cells = [
        rnn.UGRNNCell(64, forget_bias=0.5),
        rnn.IntersectionRNNCell(64, num_in_proj=64),
        contrib_rnn.IntersectionRNNCell(64),
        rnn.SRUCell(64),
        contrib_cells.SRUCell(64),
        rnn.IndRNNCell(64),
        IndyGRU(64),
        rnn.CFNCell(64),
        rnn.MinimalRNNCell(64),
        contrib_cells.MinimalRNNCell(64),
        HighwayWrapper(rnn.GRUCell(64)),
        rnn.CompiledWrapper(GatedCell(64)),
    ]
    cell = AttentionCellWrapper(rnn.MultiRNNCell(cells), attn_length=4, state_is_tuple=True)
    initial_state = _zero_state_tensors(cell.state_size, tf.shape(inputs)[0], tf.float32)
    outputs, state = rnn.dynamic_rnn(cell, inputs, sequence_length=lengths, initial_state=initial_state)
    time_major = rnn.transpose_batch_time(outputs)
    batch_major = _transpose_batch_time(time_major)
    batch_size = rnn.best_effort_input_batch_size([time_major])
    same_batch_size = _best_effort_input_batch_size([time_major])
    legacy = tf10_linear([batch_major[:, 0]], 3, True)
    return batch_major, batch_size, same_batch_size, legacy, state
