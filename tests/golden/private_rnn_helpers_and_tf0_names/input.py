"""A hand-written decoder built on TF1's private RNN modules, with some TF 0.x leftovers."""
import tensorflow as tf
from tensorflow.contrib.rnn.python.ops import core_rnn
from tensorflow.contrib.rnn.python.ops import core_rnn_cell_impl
from tensorflow.python.ops import rnn_cell_impl
from tensorflow.python.ops.rnn_cell_impl import _linear
from tensorflow.python.ops.rnn_cell_impl import assert_like_rnncell


class StepDecoder(object):
    def __init__(self, cell, units):
        assert_like_rnncell("cell", cell)
        self.cell = core_rnn_cell_impl.GRUCell(units) if cell is None else cell

    def run(self, inputs, batch_size):
        state = rnn_cell_impl._zero_state_tensors(self.cell.state_size, batch_size, tf.float32)
        outputs, state = core_rnn.static_rnn(self.cell, inputs, initial_state=state)
        return [_linear(o, 8, True) for o in outputs], state


def old_style(encoder_inputs, decoder_inputs, cell):
    outputs, _ = tf.nn.seq2seq.basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell)
    states = tf.nn.rnn(cell, encoder_inputs, dtype=tf.float32)
    return outputs, states
