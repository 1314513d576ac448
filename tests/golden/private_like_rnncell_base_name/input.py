"""A TF 1.5-1.8 style custom decoder and decoder cell (as in Tacotron-2): private rnn_cell_impl helpers."""
import tensorflow as tf
from tensorflow.contrib.rnn import RNNCell
from tensorflow.contrib.seq2seq.python.ops import decoder
from tensorflow.python.ops import rnn_cell_impl
from tensorflow.python.ops.rnn_cell_impl import _like_rnncell


class StopTokenDecoder(decoder.Decoder):
    def __init__(self, cell, helper, initial_state):
        if not rnn_cell_impl._like_rnncell(cell):
            raise TypeError("cell must be an RNNCell, received: %s" % type(cell))
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state

    def initialize(self, name=None):
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        (outputs, stop_token), next_state = self._cell(inputs, state)
        return self._helper.next_inputs(time, outputs, next_state, stop_token)


class CheckedCell(RNNCell):
    def __init__(self, cell, batch_size):
        super(CheckedCell, self).__init__()
        self._cell = cell
        self._batch_size = batch_size

    def zero_state(self, batch_size, dtype):
        message = "When calling zero_state of %s: batch sizes differ" % self._base_name
        with tf.control_dependencies([tf.assert_equal(batch_size, self._batch_size, message=message)]):
            return rnn_cell_impl._zero_state_tensors(self._cell.state_size, batch_size, dtype)


def usable_cells(cells):
    return [cell for cell in cells if _like_rnncell(cell)]
