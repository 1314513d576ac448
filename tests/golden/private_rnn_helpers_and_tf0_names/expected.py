"""A hand-written decoder built on TF1's private RNN modules, with some TF 0.x leftovers."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn as core_rnn
from tf_seq2seq_migrate.runtime import rnn as core_rnn_cell_impl
from tf_seq2seq_migrate.runtime import rnn as rnn_cell_impl
from tf_seq2seq_migrate.runtime.rnn import _linear
from tf_seq2seq_migrate.runtime.rnn import assert_like_rnncell
from tf_seq2seq_migrate.runtime import legacy_seq2seq
from tf_seq2seq_migrate.runtime import rnn


class StepDecoder(object):
    def __init__(self, cell, units):
        assert_like_rnncell("cell", cell)
        self.cell = core_rnn_cell_impl.GRUCell(units) if cell is None else cell

    def run(self, inputs, batch_size):
        state = rnn_cell_impl._zero_state_tensors(self.cell.state_size, batch_size, tf.float32)
        outputs, state = core_rnn.static_rnn(self.cell, inputs, initial_state=state)
        return [_linear(o, 8, True) for o in outputs], state


def old_style(encoder_inputs, decoder_inputs, cell):
    outputs, _ = legacy_seq2seq.basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell)
    states = rnn.static_rnn(cell, encoder_inputs, dtype=tf.float32)
    return outputs, states
