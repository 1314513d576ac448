"""TF 1.15 ``tf.contrib.rnn.LayerNormBasicLSTMCell``: a basic LSTM with layer normalization on each gate
and on the new cell state, and recurrent dropout on the candidate (Semeniuta et al.).

Variables (TF1 names): ``kernel`` over ``concat([inputs, h])``; with ``layer_norm`` the per-gate
``input/gamma``, ``input/beta``, ``transform/...``, ``forget/...``, ``output/...`` and ``state/...``;
without it a ``bias`` instead.
"""

from __future__ import annotations

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import LSTMStateTuple, RNNCell, _input_depth

__all__ = ["LayerNormBasicLSTMCell"]

# contrib.layers.layer_norm's fixed epsilon.
_LAYER_NORM_EPSILON = 1e-12
_NORMALIZED_PARTS = ("input", "transform", "forget", "output", "state")


class LayerNormBasicLSTMCell(RNNCell):
    """``LayerNormBasicLSTMCell(num_units, forget_bias=1.0, input_size=None, activation=tf.tanh,
    layer_norm=True, norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None,
    reuse=None)``."""

    def __init__(self, num_units, forget_bias=1.0, input_size=None, activation=tf.tanh, layer_norm=True,
                 norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = int(num_units)
        self._forget_bias = forget_bias
        self._activation = activation
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        self._keep_prob = dropout_keep_prob
        self._seed = dropout_prob_seed

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, type(self).__name__)
        dtype = self.weight_dtype
        self._kernel = self.tf1_weight("kernel", [depth + self._num_units, 4 * self._num_units], dtype=dtype)
        self._norm_weights = {}
        if self._layer_norm:
            for part in _NORMALIZED_PARTS:
                gamma = self.tf1_weight(f"{part}/gamma", [self._num_units], dtype=dtype,
                                        initializer=tf.compat.v1.constant_initializer(self._norm_gain))
                beta = self.tf1_weight(f"{part}/beta", [self._num_units], dtype=dtype,
                                       initializer=tf.compat.v1.constant_initializer(self._norm_shift))
                self._norm_weights[part] = (gamma, beta)
        else:
            self._bias = self.tf1_weight("bias", [4 * self._num_units], dtype=dtype)

    def _norm(self, values, part):
        gamma, beta = self._norm_weights[part]
        mean, variance = tf.nn.moments(values, axes=[1], keepdims=True)
        return tf.nn.batch_normalization(values, mean, variance, offset=beta, scale=gamma,
                                         variance_epsilon=_LAYER_NORM_EPSILON)

    def call(self, inputs, state):
        c, h = state
        gates = tf.matmul(tf.concat([inputs, h], 1), self._kernel)
        if not self._layer_norm:
            gates = tf.nn.bias_add(gates, self._bias)
        i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i, j = self._norm(i, "input"), self._norm(j, "transform")
            f, o = self._norm(f, "forget"), self._norm(o, "output")
        candidate = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            candidate = tf.nn.dropout(candidate, rate=1 - self._keep_prob, seed=self._seed)
        new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * candidate
        if self._layer_norm:
            new_c = self._norm(new_c, "state")
        new_h = self._activation(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)
