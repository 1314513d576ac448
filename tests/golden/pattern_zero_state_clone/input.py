"""cell.zero_state(...).clone(cell_state=...): seed an attention decoder with the encoder state."""
import tensorflow as tf


def initial_decoder_state(cell, mechanism, encoder_state, batch_size):
    cell = tf.contrib.seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=32)
    return cell, cell.zero_state(batch_size, tf.float32).clone(cell_state=encoder_state)
