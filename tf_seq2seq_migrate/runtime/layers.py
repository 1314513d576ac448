"""TF1 ``tf.layers`` equivalents that keep TF1 variable names (``dense/kernel``, ``dense/bias``).

Seq2seq code passes ``tf.layers.Dense`` instances as ``output_layer`` / ``attention_layer`` /
``memory_layer`` and calls ``tf.layers.dense`` functionally; Keras 3 has no TF1-named equivalent
that takes part in ``variable_scope`` reuse, so the runtime provides one.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer

__all__ = ["Dense", "dense", "is_layer"]


def is_layer(obj) -> bool:
    """Whether ``obj`` may stand where contrib took a layer (``output_layer``, ``attention_layer``, ...):
    a Keras 3 layer, or a TF1 / tf_keras layer such as ``tf.compat.v1.layers.Dense`` under
    ``TF_USE_LEGACY_KERAS=1`` (duck-typed: TF1 code runs both kinds the same way)."""
    if isinstance(obj, keras.layers.Layer):
        return True
    return callable(obj) and hasattr(obj, "compute_output_shape") and hasattr(obj, "trainable_weights")


class Dense(Tf1Layer):
    """``tf.layers.Dense`` (TF 1.15 signature): ``outputs = activation(inputs @ kernel + bias)``."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=tf.compat.v1.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, dtype=None, _reuse=None, **kwargs):
        super().__init__(name=name, dtype=dtype, _reuse=_reuse, trainable=trainable, **kwargs)
        self.units = int(units)
        self.activation = keras.activations.get(activation) if isinstance(activation, str) else activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        # Regularizers and constraints are accepted for signature compatibility; TF2 training loops
        # apply them explicitly, so they are stored for the caller.
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.kernel = None
        self.bias = None

    def build(self, input_shape):
        input_shape = tf.TensorShape(input_shape)
        last_dim = tf.compat.dimension_value(input_shape[-1])
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        self.kernel = self.tf1_weight("kernel", [last_dim, self.units], initializer=self.kernel_initializer,
                                      trainable=self.trainable)
        if self.use_bias:
            self.bias = self.tf1_weight("bias", [self.units], initializer=self.bias_initializer,
                                        trainable=self.trainable)
        self.built = True

    def call(self, inputs):
        inputs = tf.convert_to_tensor(inputs, dtype=self.kernel.dtype)
        rank = inputs.shape.rank
        if rank is not None and rank > 2:
            outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
        else:
            outputs = tf.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=tf.compat.v1.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
          name=None, reuse=None):
    """Functional ``tf.layers.dense``: a fresh layer each call, sharing by name under ``reuse``."""
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                  trainable=trainable, name=name, _reuse=reuse)
    return layer(inputs)
