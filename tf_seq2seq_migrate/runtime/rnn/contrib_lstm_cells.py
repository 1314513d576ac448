"""TF 1.15 ``tf.contrib.rnn`` LSTM variants: ``CoupledInputForgetGateLSTMCell``, ``TimeFreqLSTMCell``,
``NASCell``, ``PhasedLSTMCell``, ``GLSTMCell``, ``LayerNormLSTMCell`` and ``IndyLSTMCell``.

TF 1.15 kept them in ``contrib/rnn/python/ops/rnn_cell.py``. Each has TF 1.15's constructor, state
structure and outputs, and creates TF 1.15's variables under TF 1.15's names and shapes, so a TF1
checkpoint restores by name:

* ``coupled_input_forget_gate_lstm_cell``: ``W_0`` (row shards ``W_0, W_1, ...`` with
  ``num_unit_shards``) over ``concat([inputs, m])`` with gates j, f, o; ``B``; ``W_F_diag``/``W_O_diag``;
  ``W_P_0...`` (projection); with ``layer_norm`` the ``transform``/``forget``/``output``/``state``
  ``gamma``/``beta``.
* ``time_freq_lstm_cell``: ``W_0...`` over ``concat([feature slice, m_time, m_freq])``, ``B``,
  ``W_F_diag``/``W_I_diag``/``W_O_diag``.
* ``nas_cell``: ``kernel`` (inputs), ``recurrent_kernel`` (m), ``bias`` (``use_biases``),
  ``projection_weights``.
* ``phased_lstm_cell``: ``mask_gates/{kernel,bias}``, ``new_input/{kernel,bias}``,
  ``output_gate/{kernel,bias}``, ``period``, ``phase``, ``ratio_on``.
* ``glstm_cell``: ``group<k>/kernel`` per group (no bias), ``bias_i``/``bias_j``/``bias_f``/``bias_o``,
  ``projection/kernel``.
* ``layer_norm_lstm_cell``: ``kernel``, ``bias`` (created even with ``layer_norm``, then unused, as in
  TF1), ``w_f_diag``/``w_i_diag``/``w_o_diag``, ``projection/kernel``, and the ``input``/``transform``/
  ``forget``/``output``/``state`` ``gamma``/``beta``.
* ``indy_lstm_cell``: ``kernel_w`` (inputs), ``kernel_u`` (``[1, 4 * num_units]``, elementwise on h),
  ``bias``.

Gate order is TF1's everywhere (i, j, f, o; j, f, o for the coupled cell) and ``forget_bias`` is added
at run time. Layer normalization is ``contrib.layers.layer_norm`` over the last axis (epsilon 1e-12).
Weights are created in ``build`` rather than in ``call``; the names and shapes are the ones TF1 made.
"""

from __future__ import annotations

import math

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.contrib_rnn_cell import _LAYER_NORM_EPSILON
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import (
    LSTMStateTuple,
    RNNCell,
    _check_float_dtypes,
    _get_activation,
)

__all__ = [
    "CoupledInputForgetGateLSTMCell", "TimeFreqLSTMCell", "NASCell", "PhasedLSTMCell", "GLSTMCell",
    "LayerNormLSTMCell", "IndyLSTMCell",
]

_UNKNOWN_INPUT_SIZE = "Could not infer input size from inputs.get_shape()[-1]"


# -- shared pieces ------------------------------------------------------------------------------
def _lstm_sizes(num_units, output_units):
    """``(state_size, output_size)`` of an LSTM whose output (and ``h``) has ``output_units`` (the
    projection's size, or ``num_units`` without one): ``(LSTMStateTuple(num_units, output_units),
    output_units)``."""
    return LSTMStateTuple(num_units, output_units), output_units


def _rank2_depth(inputs_shape, message: str) -> int:
    """The static last dimension of rank-2 inputs (TF1's ``with_rank(2)`` error for other ranks)."""
    shape = tf.TensorShape(inputs_shape).with_rank(2)
    depth = tf.compat.dimension_value(shape[1])
    if depth is None:
        raise ValueError(message)
    return int(depth)


def _batch_size(inputs):
    static = tf.compat.dimension_value(inputs.shape[0])
    return static if static is not None else tf.shape(inputs)[0]


def _shard_rows(shape, num_shards: int) -> list[int]:
    """Rows per shard as TF1's ``_get_sharded_variable`` split them: the first ``rows % n`` get one more."""
    if num_shards > shape[0]:
        raise ValueError("Too many shards: shape=%s, num_shards=%d" % (shape, num_shards))
    unit = shape[0] // num_shards
    remaining = shape[0] - unit * num_shards
    return [unit + 1 if index < remaining else unit for index in range(num_shards)]


def _sharded_weight(cell, name: str, shape: list, dtype, num_shards: int):
    """TF1's row-sharded ``<name>_0 ... <name>_{n-1}`` variables (``W_0`` even for one shard)."""
    return [cell.tf1_weight(f"{name}_{index}", [rows] + list(shape[1:]), dtype=dtype)
            for index, rows in enumerate(_shard_rows(shape, num_shards))]


def _concat_rows(shards):
    return shards[0] if len(shards) == 1 else tf.concat(shards, 0)


def _layer_norm_weights(cell, part: str, units: int, gain, shift, dtype):
    gamma = cell.tf1_weight(f"{part}/gamma", [units], dtype=dtype,
                            initializer=tf.compat.v1.constant_initializer(gain))
    beta = cell.tf1_weight(f"{part}/beta", [units], dtype=dtype,
                           initializer=tf.compat.v1.constant_initializer(shift))
    return gamma, beta


def _layer_norm(values, weights):
    gamma, beta = weights
    mean, variance = tf.nn.moments(values, axes=[1], keepdims=True)
    return tf.nn.batch_normalization(values, mean, variance, offset=beta, scale=gamma,
                                     variance_epsilon=_LAYER_NORM_EPSILON)


def _lstm_state(state, state_is_tuple: bool, num_units: int, h_depth: int):
    if state_is_tuple:
        return state
    return tf.slice(state, [0, 0], [-1, num_units]), tf.slice(state, [0, num_units], [-1, h_depth])


# -- CoupledInputForgetGateLSTMCell -------------------------------------------------------------
class CoupledInputForgetGateLSTMCell(RNNCell):
    """LSTM whose input gate is ``1 - forget gate`` (Greff et al.), with optional peepholes, projection
    and layer normalization. ``initializer`` is accepted and unused, as in TF 1.15 (the weights take the
    enclosing variable scope's initializer)."""

    def __init__(self, num_units, use_peepholes=False, initializer=None, num_proj=None, proj_clip=None,
                 num_unit_shards=1, num_proj_shards=1, forget_bias=1.0, state_is_tuple=True,
                 activation=tf.tanh, reuse=None, layer_norm=False, norm_gain=1.0, norm_shift=0.0):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _get_activation(activation)
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        if num_proj:
            self._state_size = LSTMStateTuple(num_units, num_proj) if state_is_tuple else num_units + num_proj
            self._output_size = num_proj
        else:
            self._state_size = LSTMStateTuple(num_units, num_units) if state_is_tuple else 2 * num_units
            self._output_size = num_units

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size

    def build(self, inputs_shape):
        depth = _rank2_depth(inputs_shape, _UNKNOWN_INPUT_SIZE)
        units, dtype = self._num_units, self.weight_dtype
        h_depth = units if self._num_proj is None else self._num_proj
        self._w = _sharded_weight(self, "W", [depth + h_depth, 3 * units], dtype, self._num_unit_shards)
        self._b = self.tf1_weight("B", [3 * units], dtype=dtype, initializer=tf.compat.v1.zeros_initializer())
        self._norms = {}
        if self._layer_norm:
            for part in ("transform", "forget", "output"):
                self._norms[part] = _layer_norm_weights(self, part, units, self._norm_gain, self._norm_shift, dtype)
        if self._use_peepholes:
            self._w_f_diag = self.tf1_weight("W_F_diag", [units], dtype=dtype)
            self._w_o_diag = self.tf1_weight("W_O_diag", [units], dtype=dtype)
        if self._layer_norm:
            self._norms["state"] = _layer_norm_weights(self, "state", units, self._norm_gain, self._norm_shift,
                                                       dtype)
        if self._num_proj is not None:
            self._w_p = _sharded_weight(self, "W_P", [units, self._num_proj], dtype, self._num_proj_shards)

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        h_depth = self._num_units if self._num_proj is None else self._num_proj
        c_prev, m_prev = _lstm_state(state, self._state_is_tuple, self._num_units, h_depth)
        _rank2_depth(inputs.shape, _UNKNOWN_INPUT_SIZE)
        lstm_matrix = tf.matmul(tf.concat([inputs, m_prev], 1), _concat_rows(self._w))
        if not self._layer_norm:
            lstm_matrix = tf.nn.bias_add(lstm_matrix, self._b)
        j, f, o = tf.split(lstm_matrix, num_or_size_splits=3, axis=1)
        if self._layer_norm:
            j, f, o = (_layer_norm(j, self._norms["transform"]), _layer_norm(f, self._norms["forget"]),
                       _layer_norm(o, self._norms["output"]))
        if self._use_peepholes:
            f_act = tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev)
        else:
            f_act = tf.sigmoid(f + self._forget_bias)
        c = f_act * c_prev + (1 - f_act) * self._activation(j)
        if self._layer_norm:
            c = _layer_norm(c, self._norms["state"])
        if self._use_peepholes:
            m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, _concat_rows(self._w_p))
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


# -- TimeFreqLSTMCell ---------------------------------------------------------------------------
class TimeFreqLSTMCell(RNNCell):
    """Time-frequency LSTM (Sainath and Li): one LSTM step per frequency window of the input
    (``feature_size`` wide, every ``frequency_skip``), sharing weights across windows and chaining the
    previous window's output. As in TF 1.15, ``state_size`` is ``2 * num_units`` and ``output_size``
    ``num_units`` even though the state and output hold one ``(c, m)`` / ``m`` per window, so with more
    than one window the caller supplies the initial state (``[batch, 2 * num_units * windows]``).
    ``initializer`` is accepted and unused, as in TF 1.15."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_unit_shards=1,
                 forget_bias=1.0, feature_size=None, frequency_skip=1, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip
        self._state_size = 2 * num_units
        self._output_size = num_units

    @property
    def output_size(self):
        return self._output_size

    @property
    def state_size(self):
        return self._state_size

    def _num_windows(self, inputs_shape) -> int:
        input_size = _rank2_depth(inputs_shape, "Cannot infer input_size from static shape inference.")
        if self._feature_size is None:
            raise ValueError("TimeFreqLSTMCell needs feature_size (the width of each frequency window); TF 1.15 "
                             "failed without it too.")
        return int((input_size - self._feature_size) / self._frequency_skip) + 1

    def build(self, inputs_shape):
        self._num_windows(inputs_shape)
        units, dtype = self._num_units, self.weight_dtype
        self._w = _sharded_weight(self, "W", [self._feature_size + 2 * units, 4 * units], dtype,
                                  self._num_unit_shards)
        self._b = self.tf1_weight("B", [4 * units], dtype=dtype, initializer=tf.compat.v1.zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = self.tf1_weight("W_F_diag", [units], dtype=dtype)
            self._w_i_diag = self.tf1_weight("W_I_diag", [units], dtype=dtype)
            self._w_o_diag = self.tf1_weight("W_O_diag", [units], dtype=dtype)

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        units = self._num_units
        windows = [tf.slice(inputs, [0, index * self._frequency_skip], [-1, self._feature_size])
                   for index in range(self._num_windows(inputs.shape))]
        w = _concat_rows(self._w)
        m_prev_freq = tf.zeros([_batch_size(inputs), units], inputs.dtype)
        state_parts, outputs = [], []
        for index, window in enumerate(windows):
            c_prev = tf.slice(state, [0, 2 * index * units], [-1, units])
            m_prev = tf.slice(state, [0, (2 * index + 1) * units], [-1, units])
            lstm_matrix = tf.nn.bias_add(tf.matmul(tf.concat([window, m_prev, m_prev_freq], 1), w), self._b)
            i, j, f, o = tf.split(lstm_matrix, num_or_size_splits=4, axis=1)
            if self._use_peepholes:
                c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                     + tf.sigmoid(i + self._w_i_diag * c_prev) * tf.tanh(j))
            else:
                c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * tf.tanh(j)
            if self._cell_clip is not None:
                c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
            if self._use_peepholes:
                m = tf.sigmoid(o + self._w_o_diag * c) * tf.tanh(c)
            else:
                m = tf.sigmoid(o) * tf.tanh(c)
            m_prev_freq = m
            state_parts += [c, m]
            outputs.append(m)
        return tf.concat(outputs, 1), tf.concat(state_parts, 1)


# -- NASCell ------------------------------------------------------------------------------------
class NASCell(RNNCell):
    """The recurrent cell found by Neural Architecture Search (Zoph and Le): eight branches of
    ``inputs @ kernel`` and ``m @ recurrent_kernel`` combined in a fixed tree, optional projection."""

    def __init__(self, num_units, num_proj=None, use_biases=False, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._num_proj = num_proj
        self._use_biases = use_biases
        self._state_size, self._output_size = _lstm_sizes(num_units, num_proj if num_proj is not None else num_units)

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size

    def build(self, inputs_shape):
        depth = _rank2_depth(inputs_shape, _UNKNOWN_INPUT_SIZE)
        units, dtype = self._num_units, self.weight_dtype
        h_depth = units if self._num_proj is None else self._num_proj
        self._recurrent_kernel = self.tf1_weight("recurrent_kernel", [h_depth, 8 * units], dtype=dtype)
        self._kernel = self.tf1_weight("kernel", [depth, 8 * units], dtype=dtype)
        if self._use_biases:
            self._bias = self.tf1_weight("bias", [8 * units], dtype=dtype,
                                         initializer=tf.compat.v1.zeros_initializer())
        if self._num_proj is not None:
            self._projection = self.tf1_weight("projection_weights", [units, self._num_proj], dtype=dtype)

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        c_prev, m_prev = state
        _rank2_depth(inputs.shape, _UNKNOWN_INPUT_SIZE)
        m_matrix = tf.matmul(m_prev, self._recurrent_kernel)
        if self._use_biases:
            m_matrix = tf.nn.bias_add(m_matrix, self._bias)
        m_parts = tf.split(m_matrix, num_or_size_splits=8, axis=1)
        x_parts = tf.split(tf.matmul(inputs, self._kernel), num_or_size_splits=8, axis=1)
        first = [
            tf.sigmoid(x_parts[0] + m_parts[0]), tf.nn.relu(x_parts[1] + m_parts[1]),
            tf.sigmoid(x_parts[2] + m_parts[2]), tf.nn.relu(x_parts[3] * m_parts[3]),
            tf.tanh(x_parts[4] + m_parts[4]), tf.sigmoid(x_parts[5] + m_parts[5]),
            tf.tanh(x_parts[6] + m_parts[6]), tf.sigmoid(x_parts[7] + m_parts[7]),
        ]
        second = [tf.tanh(first[0] * first[1]), tf.tanh(first[2] + first[3]),
                  tf.tanh(first[4] * first[5]), tf.sigmoid(first[6] + first[7])]
        # The previous cell state enters at the first branch of the second layer.
        new_c = tf.tanh(second[0] + c_prev) * second[1]
        new_m = tf.tanh(new_c * tf.tanh(second[2] + second[3]))
        if self._num_proj is not None:
            new_m = tf.matmul(new_m, self._projection)
        return new_m, LSTMStateTuple(new_c, new_m)


# -- PhasedLSTMCell -----------------------------------------------------------------------------
def _exp_uniform_initializer(minval, maxval):
    """``exp(U(log(minval), log(maxval)))``: TF1's period initializer."""
    def initializer(shape, dtype=tf.float32, partition_info=None):
        del partition_info
        return tf.exp(tf.random.uniform(shape, math.log(minval), math.log(maxval), dtype=dtype))
    return initializer


def _uniform_up_to(variable):
    """``U(0, initial value of variable)``: TF1's phase initializer, drawn against the period's values."""
    def initializer(shape, dtype=tf.float32, partition_info=None):
        del partition_info
        if isinstance(variable, tf.Variable) and not tf.executing_eagerly():
            upper = variable.initial_value
        else:
            upper = tf.convert_to_tensor(getattr(variable, "value", variable))
        return tf.random.uniform(shape, 0.0, 1.0, dtype=dtype) * tf.cast(upper, dtype)
    return initializer


class PhasedLSTMCell(RNNCell):
    """Phased LSTM (Neil et al.): an LSTM whose updates are gated by a per-unit periodic time gate.
    Inputs are ``(time, x)`` with ``time`` ``[batch, 1]`` (float32 or float64) and ``x``
    ``[batch, features]``; the state is ``LSTMStateTuple(c, h)``."""

    def __init__(self, num_units, use_peepholes=False, leak=0.001, ratio_on=0.1, trainable_ratio_on=True,
                 period_init_min=1.0, period_init_max=1000.0, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._leak = leak
        self._ratio_on = ratio_on
        self._trainable_ratio_on = trainable_ratio_on
        self._period_init_min = period_init_min
        self._period_init_max = period_init_max

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def _build_from_inputs(self, inputs) -> None:
        # The weights follow the features' dtype, not the time's (which may be float64).
        _, features = inputs
        if features.dtype.is_floating:
            self._tf1_inputs_dtype = tf.as_dtype(features.dtype)
        self.build(tf.nest.map_structure(lambda t: tf.TensorShape(t.shape), inputs))

    def _linear(self, scope: str, depth: int, output_size: int, dtype):
        kernel = self.tf1_weight(f"{scope}/kernel", [depth, output_size], dtype=dtype)
        bias = self.tf1_weight(f"{scope}/bias", [output_size], dtype=dtype,
                               initializer=tf.compat.v1.constant_initializer(0.0))
        return kernel, bias

    def build(self, inputs_shape):
        _, x_shape = inputs_shape
        x_shape = tf.TensorShape(x_shape)
        depth = tf.compat.dimension_value(x_shape[-1]) if x_shape.rank else None
        if x_shape.rank != 2 or depth is None:
            raise ValueError(f"linear expects shape[1] to be provided for shape {x_shape}, but saw "
                             f"{x_shape[-1] if x_shape.rank else None}")
        units, dtype = self._num_units, self.weight_dtype
        peephole_depth = units if self._use_peepholes else 0
        self._mask_gates = self._linear("mask_gates", depth + units + peephole_depth, 2 * units, dtype)
        self._new_input = self._linear("new_input", depth + units, units, dtype)
        self._output_gate = self._linear("output_gate", depth + units + peephole_depth, units, dtype)
        # TF1 created these with get_variable's default dtype, float32.
        self._period = self.tf1_weight(
            "period", [units], dtype=tf.float32,
            initializer=_exp_uniform_initializer(self._period_init_min, self._period_init_max))
        self._phase = self.tf1_weight("phase", [units], dtype=tf.float32, initializer=_uniform_up_to(self._period))
        self._ratio_on_weight = self.tf1_weight("ratio_on", [units], dtype=tf.float32,
                                                initializer=tf.compat.v1.constant_initializer(self._ratio_on),
                                                trainable=self._trainable_ratio_on)

    @staticmethod
    def _affine(parts, weights):
        kernel, bias = weights
        return tf.nn.bias_add(tf.matmul(tf.concat(parts, 1), kernel), bias)

    def _cycle_ratio(self, time):
        # Computed in the time's dtype (float64 keeps long clocks exact), then cast to float32 as in TF1.
        phase = tf.cast(self._phase, time.dtype)
        period = tf.cast(self._period, time.dtype)
        shifted = time - phase
        # floormod whose gradient with respect to the time is 1, as TF1's _mod.
        modulo = tf.stop_gradient(tf.math.floormod(shifted, period) - shifted) + shifted
        return tf.cast(modulo / period, tf.float32)

    def call(self, inputs, state):
        c_prev, h_prev = state
        time, x = inputs
        mask_parts = [x, h_prev] + ([c_prev] if self._use_peepholes else [])
        input_gate, forget_gate = tf.split(tf.sigmoid(self._affine(mask_parts, self._mask_gates)), 2, axis=1)
        new_input = tf.tanh(self._affine([x, h_prev], self._new_input))
        new_c = c_prev * forget_gate + input_gate * new_input
        out_parts = [x, h_prev] + ([new_c] if self._use_peepholes else [])
        output_gate = tf.sigmoid(self._affine(out_parts, self._output_gate))
        new_h = tf.tanh(new_c) * output_gate

        cycle_ratio = self._cycle_ratio(time)
        ratio_on = self._ratio_on_weight
        k_up = 2 * cycle_ratio / ratio_on
        k_down = 2 - k_up
        k_closed = self._leak * cycle_ratio
        k = tf.where(cycle_ratio < ratio_on, k_down, k_closed)
        k = tf.where(cycle_ratio < 0.5 * ratio_on, k_up, k)
        new_c = k * new_c + (1 - k) * c_prev
        new_h = k * new_h + (1 - k) * h_prev
        return new_h, LSTMStateTuple(new_c, new_h)


# -- GLSTMCell ----------------------------------------------------------------------------------
class GLSTMCell(RNNCell):
    """Group LSTM (Kuchaiev and Ginsburg): the input and the recurrent output are split into
    ``number_of_groups`` equal parts, each part has its own gate kernel (``group<k>/kernel``); the gate
    biases are shared vectors. ``initializer`` applies to the group kernels only (as in TF 1.15; the
    projection kernel takes the enclosing scope's)."""

    def __init__(self, num_units, initializer=None, num_proj=None, number_of_groups=1, forget_bias=1.0,
                 activation=tf.tanh, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._num_proj = num_proj
        self._forget_bias = forget_bias
        self._activation = _get_activation(activation)
        self._number_of_groups = number_of_groups
        if num_units % number_of_groups != 0:
            raise ValueError("num_units must be divisible by number_of_groups")
        if num_proj:
            if num_proj % number_of_groups != 0:
                raise ValueError("num_proj must be divisible by number_of_groups")
            self._group_shape = [int(num_proj / number_of_groups), int(num_units / number_of_groups)]
        else:
            self._group_shape = [int(num_units / number_of_groups), int(num_units / number_of_groups)]
        # As in TF 1.15, num_proj=0 means no projection for this cell.
        self._state_size, self._output_size = _lstm_sizes(num_units, num_proj or num_units)

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size

    def _input_group_size(self, inputs_shape) -> int:
        inputs_shape = tf.TensorShape(inputs_shape)
        input_size = tf.compat.dimension_value(inputs_shape[1]) if inputs_shape.rank else None
        if input_size is None:
            raise ValueError("input size must be statically known")
        if input_size % self._number_of_groups != 0:
            raise ValueError("input size (%d) must be divisible by number_of_groups (%d)"
                             % (input_size, self._number_of_groups))
        return int(input_size / self._number_of_groups)

    def build(self, inputs_shape):
        group_input = self._input_group_size(inputs_shape)
        dtype = self.weight_dtype
        recurrent_group, units_group = self._group_shape
        self._group_kernels = [
            self.tf1_weight(f"group{group}/kernel", [group_input + recurrent_group, 4 * units_group],
                            dtype=dtype, initializer=self._initializer)
            for group in range(self._number_of_groups)]
        zeros = tf.compat.v1.constant_initializer(0.0)
        self._biases = [self.tf1_weight(f"bias_{gate}", [self._num_units], dtype=dtype, initializer=zeros)
                        for gate in "ijfo"]
        if self._num_proj is not None:
            self._projection = self.tf1_weight("projection/kernel", [self._num_units, self._num_proj], dtype=dtype)

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        c_prev, m_prev = state
        group_input = self._input_group_size(inputs.shape)
        recurrent_group = self._group_shape[0]
        gate_parts = [[], [], [], []]
        for group, kernel in enumerate(self._group_kernels):
            group_x = tf.slice(inputs, [0, group * group_input], [-1, group_input])
            group_m = tf.slice(m_prev, [0, group * recurrent_group], [-1, recurrent_group])
            for parts, gate in zip(gate_parts, tf.split(tf.matmul(tf.concat([group_x, group_m], 1), kernel), 4, 1)):
                parts.append(gate)
        i, j, f, o = (tf.nn.bias_add(tf.concat(parts, 1), bias) for parts, bias in zip(gate_parts, self._biases))
        c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * tf.tanh(j)
        m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, self._projection)
        return m, LSTMStateTuple(c, m)


# -- LayerNormLSTMCell --------------------------------------------------------------------------
class LayerNormLSTMCell(RNNCell):
    """TF1's ``LSTMCell`` (peepholes, cell clipping, projection) with optional layer normalization of the
    four gate pre-activations and of the new cell state (normalized before clipping, as in TF 1.15)."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, forget_bias=1.0, activation=None, layer_norm=False, norm_gain=1.0,
                 norm_shift=0.0, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._activation = _get_activation(activation)
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        # As in TF 1.15, num_proj=0 means no projection for this cell.
        self._state_size, self._output_size = _lstm_sizes(num_units, num_proj or num_units)

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size

    def build(self, inputs_shape):
        depth = _rank2_depth(inputs_shape, _UNKNOWN_INPUT_SIZE)
        units, dtype, init = self._num_units, self.weight_dtype, self._initializer
        h_depth = self._num_proj if self._num_proj else units
        self._kernel = self.tf1_weight("kernel", [depth + h_depth, 4 * units], dtype=dtype, initializer=init)
        self._bias = self.tf1_weight("bias", [4 * units], dtype=dtype,
                                     initializer=tf.compat.v1.constant_initializer(0.0))
        self._norms = {}
        if self._layer_norm:
            for part in ("input", "transform", "forget", "output"):
                self._norms[part] = _layer_norm_weights(self, part, units, self._norm_gain, self._norm_shift, dtype)
        if self._use_peepholes:
            self._w_f_diag = self.tf1_weight("w_f_diag", [units], dtype=dtype, initializer=init)
            self._w_i_diag = self.tf1_weight("w_i_diag", [units], dtype=dtype, initializer=init)
            self._w_o_diag = self.tf1_weight("w_o_diag", [units], dtype=dtype, initializer=init)
        if self._layer_norm:
            self._norms["state"] = _layer_norm_weights(self, "state", units, self._norm_gain, self._norm_shift,
                                                       dtype)
        if self._num_proj is not None:
            self._projection = self.tf1_weight("projection/kernel", [units, self._num_proj], dtype=dtype,
                                               initializer=init)

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        c_prev, m_prev = state
        _rank2_depth(inputs.shape, _UNKNOWN_INPUT_SIZE)
        lstm_matrix = tf.matmul(tf.concat([inputs, m_prev], 1), self._kernel)
        if not self._layer_norm:
            lstm_matrix = tf.nn.bias_add(lstm_matrix, self._bias)
        i, j, f, o = tf.split(lstm_matrix, num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i, j = _layer_norm(i, self._norms["input"]), _layer_norm(j, self._norms["transform"])
            f, o = _layer_norm(f, self._norms["forget"]), _layer_norm(o, self._norms["output"])
        if self._use_peepholes:
            c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + tf.sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * self._activation(j)
        if self._layer_norm:
            c = _layer_norm(c, self._norms["state"])
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, self._projection)
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        return m, LSTMStateTuple(c, m)


# -- IndyLSTMCell -------------------------------------------------------------------------------
class IndyLSTMCell(RNNCell):
    """IndyLSTM (Gonnet and Deselaers): a basic LSTM whose recurrent weights are diagonal, i.e. each unit
    sees only its own ``h`` (``kernel_u`` is ``[1, 4 * num_units]``, multiplied elementwise)."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._activation = _get_activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        inputs_shape = tf.TensorShape(inputs_shape)
        if inputs_shape.rank is not None and inputs_shape.rank != 2:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected ndim=2, "
                             f"found ndim={inputs_shape.rank}. Full shape received: {inputs_shape.as_list()}")
        depth = tf.compat.dimension_value(inputs_shape[1]) if inputs_shape.rank else None
        if depth is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
        units, dtype = self._num_units, self.weight_dtype
        self._kernel_w = self.tf1_weight("kernel_w", [depth, 4 * units], dtype=dtype,
                                         initializer=self._kernel_initializer)
        self._kernel_u = self.tf1_weight("kernel_u", [1, 4 * units], dtype=dtype,
                                         initializer=tf.compat.v1.random_uniform_initializer(-1, 1))
        self._bias = self.tf1_weight("bias", [4 * units], dtype=dtype,
                                     initializer=self._bias_initializer or tf.compat.v1.zeros_initializer())

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        c, h = state
        gate_inputs = tf.matmul(inputs, self._kernel_w) + tf.tile(h, [1, 4]) * self._kernel_u
        gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
        i, j, f, o = tf.split(gate_inputs, num_or_size_splits=4, axis=1)
        forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)
