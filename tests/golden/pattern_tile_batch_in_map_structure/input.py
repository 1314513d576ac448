"""tile_batch inside nest.map_structure(lambda ...), the usual beam-search preparation."""
import tensorflow as tf
from tensorflow.contrib.framework import nest


def tile_for_beam_search(encoder_outputs, encoder_state, lengths, beam_width):
    memory = tf.contrib.seq2seq.tile_batch(encoder_outputs, multiplier=beam_width)
    state = nest.map_structure(lambda s: tf.contrib.seq2seq.tile_batch(s, beam_width), encoder_state)
    lengths = tf.contrib.seq2seq.tile_batch(lengths, multiplier=beam_width)
    return memory, state, lengths
