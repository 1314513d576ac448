"""contrib.rnn RNN/GRU variants, wrappers and helpers, through public and private import spellings."""
import tensorflow as tf
from tensorflow.contrib import rnn as contrib_rnn
from tensorflow.contrib.rnn.python.ops import rnn_cell as contrib_cells
from tensorflow.contrib.rnn.python.ops import core_rnn_cell
from tensorflow.contrib.rnn import AttentionCellWrapper, HighwayWrapper
from tensorflow.contrib.rnn.python.ops.rnn_cell import IndyGRUCell as IndyGRU
from tensorflow.python.ops import rnn_cell_impl
from tensorflow.python.ops.rnn import _transpose_batch_time, _best_effort_input_batch_size
from tensorflow.python.ops.rnn_cell_impl import _linear, _zero_state_tensors
from tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl import _linear as tf10_linear


class GatedCell(contrib_cells.UGRNNCell):
    """A user cell on top of a contrib cell, with its own private-_linear projections."""

    def call(self, inputs, state):
        projected = core_rnn_cell._linear([inputs, state], 8, True)
        mixed = _linear(projected, 8, False)
        mixed = rnn_cell_impl._linear(mixed, 8, False)
        return super(GatedCell, self).call(mixed, state)


def build(inputs, lengths):
    cells = [
        tf.contrib.rnn.UGRNNCell(64, forget_bias=0.5),
        tf.contrib.rnn.IntersectionRNNCell(64, num_in_proj=64),
        contrib_rnn.IntersectionRNNCell(64),
        tf.contrib.rnn.SRUCell(64),
        contrib_cells.SRUCell(64),
        tf.contrib.rnn.IndRNNCell(64),
        IndyGRU(64),
        tf.contrib.rnn.CFNCell(64),
        tf.contrib.rnn.MinimalRNNCell(64),
        contrib_cells.MinimalRNNCell(64),
        HighwayWrapper(tf.contrib.rnn.GRUCell(64)),
        tf.contrib.rnn.CompiledWrapper(GatedCell(64)),
    ]
    cell = AttentionCellWrapper(tf.contrib.rnn.MultiRNNCell(cells), attn_length=4, state_is_tuple=True)
    initial_state = _zero_state_tensors(cell.state_size, tf.shape(inputs)[0], tf.float32)
    outputs, state = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, initial_state=initial_state)
    time_major = tf.contrib.rnn.transpose_batch_time(outputs)
    batch_major = _transpose_batch_time(time_major)
    batch_size = tf.contrib.rnn.best_effort_input_batch_size([time_major])
    same_batch_size = _best_effort_input_batch_size([time_major])
    legacy = tf10_linear([batch_major[:, 0]], 3, True)
    return batch_major, batch_size, same_batch_size, legacy, state
