"""TF 1.15's ``BasicDecoder``: one cell step, an optional output layer, then the helper samples.

Inside ``dynamic_decode`` the cell's and the output layer's weights get TF1's names
(``decoder/basic_lstm_cell/kernel``, ``decoder/dense/kernel``).
"""

from __future__ import annotations

import collections

import tensorflow as tf

from tf_seq2seq_migrate.runtime.seq2seq.decoder import Decoder
from tf_seq2seq_migrate.runtime.seq2seq.helper import Helper

__all__ = ["BasicDecoderOutput", "BasicDecoder"]


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    """One step's (or, stacked, all steps') cell outputs and sampled ids."""


class BasicDecoder(Decoder):
    """Basic sampling decoder: ``cell`` (runtime, user ``RNNCell`` subclass or Keras 3 cell) driven by
    ``helper``, starting from ``initial_state``, with ``output_layer`` (e.g. ``Dense(vocab)``) applied
    to the cell output before sampling."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        from tf_seq2seq_migrate.runtime.layers import is_layer
        from tf_seq2seq_migrate.runtime.rnn.keras_cells import as_rnn_cell  # rnn imports stay lazy

        self._cell = as_rnn_cell(cell, "cell")
        if self._cell is not cell:
            # A wrapped Keras 3 cell hands states over as tuples; its initial state may come as a list
            # (keras cells' get_initial_state), and the loop needs one structure throughout.
            initial_state = _lists_to_tuples(initial_state)
        if not isinstance(helper, Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        if output_layer is not None and not is_layer(output_layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        size = self._cell.output_size
        if self._output_layer is None:
            return size
        # Ask the layer for its output shape given the cell's output with an unknown batch dimension.
        def layer_output_size(cell_size):
            input_shape = tf.TensorShape([None]).concatenate(_as_shape(cell_size))
            output_shape = self._output_layer.compute_output_shape(tuple(input_shape.as_list()))
            return tf.TensorShape(output_shape)[1:]
        return tf.nest.map_structure(layer_output_size, size)

    @property
    def output_size(self):
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(), sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        # Outputs share the dtype of the first component of the initial state, as in TF1.
        dtype = tf.as_dtype(tf.nest.flatten(self._initial_state)[0].dtype)
        return BasicDecoderOutput(tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    def initialize(self, name=None):
        return tuple(self._helper.initialize()) + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        with tf.compat.v1.name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        outputs = BasicDecoderOutput(cell_outputs, sample_ids)
        return outputs, next_state, next_inputs, finished


def _lists_to_tuples(structure):
    if isinstance(structure, list):
        return tuple(_lists_to_tuples(item) for item in structure)
    return structure


def _as_shape(size) -> tf.TensorShape:
    return tf.TensorShape([size]) if isinstance(size, int) else tf.TensorShape(size)
