"""contrib.rnn LSTM variants, through the public name, from-imports, the private module path and a subclass."""
import tensorflow as tf
from tensorflow.contrib import rnn as contrib_rnn
from tensorflow.contrib.rnn import GLSTMCell, NASCell
from tensorflow.contrib.rnn.python.ops import rnn_cell as contrib_rnn_cell
from tensorflow.contrib.rnn.python.ops.rnn_cell import IndyLSTMCell, LayerNormLSTMCell, PhasedLSTMCell


class ClippedNASCell(tf.contrib.rnn.NASCell):
    """NASCell with a clipped output, as a user subclass."""

    def call(self, inputs, state):
        output, new_state = super(ClippedNASCell, self).call(inputs, state)
        return tf.clip_by_value(output, -5.0, 5.0), new_state


def nmt_style_cell(unit_type, num_units, num_proj=None):
    if unit_type == "nas":
        return NASCell(num_units, num_proj=num_proj, use_biases=True)
    if unit_type == "clipped_nas":
        return ClippedNASCell(num_units)
    if unit_type == "layer_norm_lstm":
        return LayerNormLSTMCell(num_units, use_peepholes=True, num_proj=num_proj, layer_norm=True)
    return contrib_rnn_cell.LayerNormLSTMCell(num_units, cell_clip=3.0)


def lstm_variants(inputs, lengths, units):
    coupled = tf.contrib.rnn.CoupledInputForgetGateLSTMCell(units, use_peepholes=True, num_unit_shards=2)
    spectral = tf.contrib.rnn.TimeFreqLSTMCell(units, feature_size=8, frequency_skip=4)
    grouped = GLSTMCell(units, num_proj=units // 2, number_of_groups=4)
    independent = IndyLSTMCell(units, forget_bias=0.0)
    wide = contrib_rnn.IndyLSTMCell(2 * units)
    outputs, state = tf.nn.dynamic_rnn(coupled, inputs, sequence_length=lengths, dtype=tf.float32)
    return outputs, state, spectral, grouped, independent, wide


def phased_encoder(times, features, lengths, units):
    cell = PhasedLSTMCell(units, use_peepholes=True, ratio_on=0.05)
    return tf.nn.dynamic_rnn(cell, (times, features), sequence_length=lengths, dtype=tf.float32)
