"""contrib.rnn block/fused cells, through the public name, from-imports, the private module paths and subclasses."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn as contrib_rnn
from tf_seq2seq_migrate.runtime.rnn import GRUBlockCellV2, LSTMBlockFusedCell
from tf_seq2seq_migrate.runtime import rnn as fused_rnn_cell, rnn as gru_ops, rnn as lstm_ops
from tf_seq2seq_migrate.runtime.rnn import LSTMBlockCell
from tf_seq2seq_migrate.runtime import rnn


class ReversedFused(rnn.FusedRNNCell):
    """A user fused RNN: the block LSTM over the reversed sequence."""

    def __init__(self, units):
        self._fused = fused_rnn_cell.TimeReversedFusedRNN(LSTMBlockFusedCell(units))

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        return self._fused(inputs, initial_state, dtype, sequence_length, scope)


class StepwiseLSTM(rnn.LSTMBlockWrapper):
    """A user fused LSTM made of LSTMBlockCell steps."""

    def __init__(self, units):
        super(StepwiseLSTM, self).__init__(name="stepwise")
        self._cell = LSTMBlockCell(units, use_peephole=True)

    @property
    def num_units(self):
        return self._cell.output_size

    def _call_cell(self, inputs, initial_cell_state, initial_output, dtype, sequence_length):
        outputs, state = rnn.dynamic_rnn(self._cell, inputs, time_major=True, dtype=dtype,
                                         initial_state=contrib_rnn.LSTMStateTuple(initial_cell_state, initial_output))
        return tf.zeros_like(outputs) + tf.expand_dims(state.c, 0), outputs


def encoder(inputs, lengths, units):
    time_major = tf.transpose(inputs, [1, 0, 2])
    fw = rnn.LSTMBlockFusedCell(units, forget_bias=0.0, cell_clip=3.0)
    bw = rnn.TimeReversedFusedRNN(lstm_ops.LSTMBlockFusedCell(units))
    fw_out, fw_state = fw(time_major, dtype=tf.float32, sequence_length=lengths, scope="fw")
    bw_out, bw_state = bw(time_major, dtype=tf.float32, sequence_length=lengths, scope="bw")
    return tf.concat([fw_out, bw_out], -1), (fw_state, bw_state)


def decoder_cells(units, kind):
    if kind == "gru":
        return rnn.GRUBlockCell(num_units=units)
    if kind == "gru_v2":
        return GRUBlockCellV2(units)
    if kind == "gru_private":
        return gru_ops.GRUBlockCell(cell_size=units)
    if kind == "lstm":
        return contrib_rnn.LSTMBlockCell(units, use_peephole=True)
    adaptor = rnn.FusedRNNCellAdaptor(rnn.GRUCell(units), use_dynamic_rnn=True)
    assert isinstance(adaptor, fused_rnn_cell.FusedRNNCell)
    return adaptor
