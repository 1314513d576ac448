"""TF 1.15 ``tf.contrib.rnn`` cells that used to be in core: ``EmbeddingWrapper``,
``InputProjectionWrapper``, ``OutputProjectionWrapper``.

Unlike the ``DropoutWrapper`` family these open their own variable scope (``embedding_wrapper``,
``input_projection_wrapper``, ``output_projection_wrapper``) and the wrapped cell runs inside it, e.g.
``rnn/output_projection_wrapper/basic_lstm_cell/kernel`` and ``rnn/output_projection_wrapper/kernel``.
"""

from __future__ import annotations

import math

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.keras_cells import as_rnn_cell
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import RNNCell, _input_depth

__all__ = ["EmbeddingWrapper", "InputProjectionWrapper", "OutputProjectionWrapper"]


class _ScopedWrapper(RNNCell):
    """A wrapper whose own weights and wrapped cell live under the wrapper's scope."""

    def __init__(self, cell, reuse=None):
        super().__init__(_reuse=reuse)
        self._cell = as_rnn_cell(cell, "cell")

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)


class EmbeddingWrapper(_ScopedWrapper):
    """Looks the integer ``inputs`` up in ``embedding`` ``[embedding_classes, embedding_size]`` first."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(f"Both embedding_classes and embedding_size must be > 0: {embedding_classes}, "
                             f"{embedding_size}.")
        self._embedding_classes = int(embedding_classes)
        self._embedding_size = int(embedding_size)
        self._initializer = initializer
        self._state_dtype = None

    def __call__(self, inputs, state, scope=None):
        # TF1 gave the embedding the state's dtype (the inputs are ids).
        if self._state_dtype is None:
            self._state_dtype = tf.nest.flatten(state)[0].dtype
        return super().__call__(inputs, state, scope=scope)

    def _build_from_inputs(self, inputs) -> None:
        self.build(tf.TensorShape(getattr(inputs, "shape", None)))

    def build(self, inputs_shape):
        initializer = self._initializer or tf.compat.v1.get_variable_scope().initializer
        if not initializer:
            # Unit variance: uniform on [-sqrt(3), sqrt(3)].
            initializer = tf.compat.v1.random_uniform_initializer(-math.sqrt(3), math.sqrt(3))
        with tf.device("/cpu:0"):
            self._embedding = self.tf1_weight("embedding", [self._embedding_classes, self._embedding_size],
                                              dtype=self._state_dtype or self.weight_dtype, initializer=initializer)

    def call(self, inputs, state):
        with tf.device("/cpu:0"):
            embedded = tf.nn.embedding_lookup(self._embedding, tf.reshape(inputs, [-1]))
        return self._cell(embedded, state)


class InputProjectionWrapper(_ScopedWrapper):
    """Projects the inputs to ``num_proj`` (``kernel``, ``bias``; optional ``activation``) before the cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        self._num_proj = int(num_proj)
        self._activation = activation

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, type(self).__name__)
        self._kernel = self.tf1_weight("kernel", [depth, self._num_proj], dtype=self.weight_dtype)
        self._bias = self.tf1_weight("bias", [self._num_proj], dtype=self.weight_dtype,
                                     initializer=tf.compat.v1.constant_initializer(0.0))

    def call(self, inputs, state):
        projected = tf.nn.bias_add(tf.matmul(inputs, self._kernel), self._bias)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)


class OutputProjectionWrapper(_ScopedWrapper):
    """Projects the cell's output to ``output_size`` (``kernel``, ``bias``; optional ``activation``)."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {output_size}.")
        self._output_size = int(output_size)
        self._activation = activation
        self._kernel = None

    @property
    def output_size(self):
        return self._output_size

    def call(self, inputs, state):
        output, new_state = self._cell(inputs, state)
        if self._kernel is None:
            # TF1 created the projection after running the cell, from the cell output's depth.
            depth = _input_depth(output.shape, type(self).__name__)
            self._kernel = self.tf1_weight("kernel", [depth, self._output_size], dtype=output.dtype)
            self._bias = self.tf1_weight("bias", [self._output_size], dtype=output.dtype,
                                         initializer=tf.compat.v1.constant_initializer(0.0))
        projected = tf.nn.bias_add(tf.matmul(output, self._kernel), self._bias)
        if self._activation:
            projected = self._activation(projected)
        return projected, new_state
