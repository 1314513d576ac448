"""Decoder output layers imported from TF1's private tf.layers module, two spellings."""
import tensorflow as tf
from tensorflow.python.layers import core as layers_core
from tensorflow.python.layers.core import Dense


def projections(vocab_size, hidden):
    output_layer = Dense(vocab_size, use_bias=False, name="output_projection")
    bridge = layers_core.Dense(hidden, activation=tf.nn.tanh)
    return output_layer, bridge, layers_core.dense
