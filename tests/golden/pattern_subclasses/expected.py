"""Subclasses of contrib classes keep working: the runtime keeps TF1's base classes and hooks."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq
from tf_seq2seq_migrate.runtime import rnn


class TacotronTrainingHelper(seq2seq.Helper):
    """Feeds the previous ground-truth frame, Tacotron style."""

    def __init__(self, targets, output_dim):
        self._targets = targets
        self._output_dim = output_dim

    @property
    def batch_size(self):
        return tf.shape(self._targets)[0]


class CopyDecoder(seq2seq.Decoder):
    def __init__(self, cell):
        self._cell = cell


class ZoneoutLSTMCell(rnn.RNNCell):
    def __init__(self, units, zoneout=0.1):
        super(ZoneoutLSTMCell, self).__init__()
        self._cell = rnn.LSTMCell(units)
        self._zoneout = zoneout


class LocationSensitiveAttention(seq2seq.BahdanauAttention):
    def __init__(self, units, memory, lengths):
        super(LocationSensitiveAttention, self).__init__(units, memory, memory_sequence_length=lengths)
