"""A Tacotron-like text-to-spectrogram model (TensorFlow 1.15)."""
import tensorflow as tf
from tensorflow.contrib.rnn import GRUCell, MultiRNNCell, OutputProjectionWrapper, ResidualWrapper
from tensorflow.contrib.seq2seq import AttentionWrapper, BahdanauAttention, BasicDecoder
from tensorflow.contrib.seq2seq import dynamic_decode

from helpers import TacoTestHelper, TacoTrainingHelper


class LocationSensitiveAttention(BahdanauAttention):
    """Bahdanau attention that also looks at the previous alignments (location features)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, filters=8):
        super(LocationSensitiveAttention, self).__init__(
            num_units, memory, memory_sequence_length=memory_sequence_length, name="location_sensitive_attention")
        self._filters = filters


class ZoneoutWrapper(tf.nn.rnn_cell.RNNCell):
    def __init__(self, cell, zoneout=0.1, is_training=True):
        super(ZoneoutWrapper, self).__init__()
        self._cell = cell
        self._zoneout = zoneout
        self._is_training = is_training

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def __call__(self, inputs, state, scope=None):
        output, new_state = self._cell(inputs, state, scope)
        if self._is_training:
            keep = tf.nn.dropout(tf.ones_like(new_state), rate=self._zoneout)
            new_state = keep * new_state + (1.0 - keep) * state
        return output, new_state


def decoder(encoder_outputs, input_lengths, mel_targets, num_mels=80, r=5, is_training=True):
    batch_size = tf.shape(encoder_outputs)[0]
    attention_cell = AttentionWrapper(
        ZoneoutWrapper(GRUCell(256), is_training=is_training),
        LocationSensitiveAttention(256, encoder_outputs, memory_sequence_length=input_lengths),
        alignment_history=True,
        output_attention=False)
    decoder_cell = MultiRNNCell([
        OutputProjectionWrapper(attention_cell, 256),
        ResidualWrapper(GRUCell(256)),
        ResidualWrapper(GRUCell(256)),
    ], state_is_tuple=True)
    output_cell = OutputProjectionWrapper(decoder_cell, num_mels * r)
    initial_state = output_cell.zero_state(batch_size=batch_size, dtype=tf.float32)
    if is_training:
        helper = TacoTrainingHelper(encoder_outputs, mel_targets, num_mels, r)
    else:
        helper = TacoTestHelper(batch_size, num_mels, r)
    (outputs, _), final_state, _ = dynamic_decode(
        BasicDecoder(output_cell, helper, initial_state), maximum_iterations=100)
    mel_outputs = tf.reshape(outputs, [batch_size, -1, num_mels])
    alignments = tf.transpose(final_state[0].alignment_history.stack(), [1, 2, 0])
    return mel_outputs, alignments
