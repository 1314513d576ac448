"""A Tacotron-style custom decoder: the output layer is checked against TF1's private base Layer."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq as decoder
from tf_seq2seq_migrate.runtime import layers as layers_base
from keras.layers import Layer
from keras import layers


class CustomDecoder(decoder.Decoder):
    def __init__(self, cell, helper, initial_state, output_layer=None):
        if output_layer is not None and not isinstance(output_layer, layers.Layer):
            raise TypeError("output_layer must be a Layer, received: %s" % type(output_layer))
        if not isinstance(cell, (Layer, layers.Layer)):
            raise TypeError("cell must be a Layer")
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer
