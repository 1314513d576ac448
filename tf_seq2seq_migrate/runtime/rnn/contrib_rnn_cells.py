"""TF 1.15 ``tf.contrib.rnn`` RNN/GRU variants, wrappers and helpers.

Cells: ``UGRNNCell``, ``IntersectionRNNCell``, ``SRUCell``, ``IndRNNCell``, ``IndyGRUCell``,
``MinimalRNNCell``, ``CFNCell``. Wrappers: ``AttentionCellWrapper`` (attention over a window of its own
past outputs, opens the scope ``attention_cell_wrapper``), ``HighwayWrapper`` and ``CompiledWrapper`` (no
scope of their own). Helpers: ``transpose_batch_time``, ``best_effort_input_batch_size`` and TF1's private
``_linear`` and ``_zero_state_tensors``.

Variable names and layouts are TF 1.15's, e.g. ``rnn/ugrnn_cell/kernel`` over ``concat([inputs, h])``,
``rnn/ind_rnn_cell/kernel_w`` / ``kernel_u``, ``rnn/attention_cell_wrapper/attention/attn_w`` and
``rnn/carry_w`` (the highway weights live in the caller's scope, beside the wrapped cell's). Where TF1 made
weights with its private ``_Linear`` during the first call, the runtime makes the same ``kernel``/``bias``
pair (bias initialised to zeros) at the same point.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import in_v1_graph
from tf_seq2seq_migrate.runtime.rnn.keras_cells import as_rnn_cell
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import RNNCell, _get_activation, zero_state_tensors

__all__ = [
    "UGRNNCell", "IntersectionRNNCell", "SRUCell", "IndRNNCell", "IndyGRUCell", "MinimalRNNCell", "CFNCell",
    "AttentionCellWrapper", "HighwayWrapper", "CompiledWrapper", "transpose_batch_time",
    "best_effort_input_batch_size", "_linear", "_zero_state_tensors",
]

_UNKNOWN_DEPTH = "Could not infer input size from inputs.get_shape()[-1]"


def _static_depth(inputs_shape, message: str = _UNKNOWN_DEPTH) -> int:
    """The known last dimension of rank-2 inputs; TF1's rank check, then its "unknown depth" error."""
    shape = tf.TensorShape(inputs_shape)
    if shape.rank is not None and shape.rank != 2:
        raise ValueError(f"Shape {shape} must have rank 2")
    depth = tf.compat.dimension_value(shape[-1]) if shape.rank else None
    if depth is None:
        raise ValueError(message)
    return int(depth)


def _known_depth_message(inputs_shape) -> str:
    return f"Expected inputs.shape[-1] to be known, saw shape: {tf.TensorShape(inputs_shape)}"


def _initializer(value):
    """Keras-style initializer arguments (``"glorot_uniform"``, ``"ones"``) as TF1 initializers."""
    if isinstance(value, str):
        by_name = {
            "glorot_uniform": tf.compat.v1.glorot_uniform_initializer(),
            "glorot_normal": tf.compat.v1.glorot_normal_initializer(),
            "ones": tf.compat.v1.ones_initializer(),
            "zeros": tf.compat.v1.zeros_initializer(),
        }
        if value in by_name:
            return by_name[value]
        keras_initializer = keras.initializers.get(value)
        return lambda shape, dtype=None, partition_info=None: keras_initializer(shape, dtype=dtype)
    return value


def _zeros():
    return tf.compat.v1.zeros_initializer()


def _uniform_minus_one_to_one():
    return tf.compat.v1.random_uniform_initializer(minval=-1, maxval=1)


class _AffineWeights:
    """``kernel``/``bias`` pairs as TF1's private ``_Linear`` made them: under a sub-scope prefix of the
    cell's scope, created once, bias initialised to zeros."""

    def __init__(self):
        self.pairs = {}

    def apply(self, cell, prefix: str, args, output_size: int, initializer=None):
        args = list(args) if isinstance(args, (list, tuple)) else [args]
        joined = args[0] if len(args) == 1 else tf.concat(args, 1)
        if prefix not in self.pairs:
            depth = _static_depth(joined.shape)
            kernel = cell.tf1_weight(f"{prefix}kernel", [depth, output_size], dtype=joined.dtype,
                                     initializer=initializer)
            bias = cell.tf1_weight(f"{prefix}bias", [output_size], dtype=joined.dtype, initializer=_zeros())
            self.pairs[prefix] = (kernel, bias)
        kernel, bias = self.pairs[prefix]
        return tf.nn.bias_add(tf.matmul(joined, kernel), bias)


# -- cells ----------------------------------------------------------------------------------------
class UGRNNCell(RNNCell):
    """Update Gate RNN: one gate ``g`` mixes the old state with ``activation(candidate)``;
    ``kernel`` ``[depth + units, 2 * units]`` gives (gate, candidate)."""

    def __init__(self, num_units, initializer=None, forget_bias=1.0, activation=tf.tanh, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = int(num_units)
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._activation = activation

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _static_depth(inputs_shape)
        units, dtype = self._num_units, self.weight_dtype
        self._kernel = self.tf1_weight("kernel", [depth + units, 2 * units], dtype=dtype,
                                       initializer=self._initializer)
        self._bias = self.tf1_weight("bias", [2 * units], dtype=dtype, initializer=_zeros())

    def call(self, inputs, state):
        _static_depth(inputs.shape)
        matrix = tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._kernel), self._bias)
        gate_act, candidate_act = tf.split(matrix, num_or_size_splits=2, axis=1)
        candidate = self._activation(candidate_act)
        gate = tf.sigmoid(gate_act + self._forget_bias)
        new_state = gate * state + (1.0 - gate) * candidate
        return new_state, new_state


class IntersectionRNNCell(RNNCell):
    """Intersection RNN (+RNN): a recurrent gate for the state and a depth gate for the output ``y``.

    Inputs whose depth differs from ``num_units`` are first projected to ``num_units`` (variables
    ``in_projection/kernel``, ``in_projection/bias``), which TF1 allowed only with ``num_in_proj`` set.
    """

    def __init__(self, num_units, num_in_proj=None, initializer=None, forget_bias=1.0, y_activation=tf.nn.relu,
                 reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = int(num_units)
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._num_input_proj = num_in_proj
        self._y_activation = y_activation

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _static_depth(inputs_shape)
        units, dtype = self._num_units, self.weight_dtype
        self._projection = None
        if depth != units:
            if not self._num_input_proj:
                raise ValueError("Must have input size == output size for Intersection RNN. To fix, num_in_proj "
                                 "should be set to num_units at cell init.")
            # TF1 projected to num_units whatever num_in_proj's value.
            self._projection = (
                self.tf1_weight("in_projection/kernel", [depth, units], dtype=dtype, initializer=self._initializer),
                self.tf1_weight("in_projection/bias", [units], dtype=dtype, initializer=_zeros()))
        self._kernel = self.tf1_weight("kernel", [2 * units, 4 * units], dtype=dtype, initializer=self._initializer)
        self._bias = self.tf1_weight("bias", [4 * units], dtype=dtype, initializer=_zeros())

    def call(self, inputs, state):
        _static_depth(inputs.shape)
        if self._projection is not None:
            kernel, bias = self._projection
            inputs = tf.nn.bias_add(tf.matmul(inputs, kernel), bias)
        n = self._num_units
        matrix = tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._kernel), self._bias)
        state_gate_act, state_act = matrix[:, :n], matrix[:, n:2 * n]
        y_gate_act, y_act = matrix[:, 2 * n:3 * n], matrix[:, 3 * n:4 * n]
        candidate_state = tf.tanh(state_act)
        candidate_y = self._y_activation(y_act)
        state_gate = tf.sigmoid(state_gate_act + self._forget_bias)
        y_gate = tf.sigmoid(y_gate_act + self._forget_bias)
        new_state = state_gate * state + (1.0 - state_gate) * candidate_state
        new_y = y_gate * inputs + (1.0 - y_gate) * candidate_y
        return new_y, new_state


class SRUCell(RNNCell):
    """Simple Recurrent Unit: ``kernel`` ``[depth, 4 * units]`` over the inputs only (x~, f, r, highway x);
    ``bias`` ``[2 * units]`` for the forget and reset gates. Output ``h``, state ``c``."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, **kwargs)
        self._num_units = int(num_units)
        self._activation = activation or tf.tanh

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _static_depth(inputs_shape, _known_depth_message(inputs_shape))
        dtype = self.weight_dtype
        self._kernel = self.tf1_weight("kernel", [depth, 4 * self._num_units], dtype=dtype)
        self._bias = self.tf1_weight("bias", [2 * self._num_units], dtype=dtype, initializer=_zeros())

    def call(self, inputs, state):
        projected = tf.matmul(inputs, self._kernel)
        x_bar, f_part, r_part, x_highway = tf.split(projected, num_or_size_splits=4, axis=1)
        gates = tf.sigmoid(tf.nn.bias_add(tf.concat([f_part, r_part], 1), self._bias))
        forget, reset = tf.split(gates, num_or_size_splits=2, axis=1)
        c = forget * state + (1.0 - forget) * x_bar
        h = reset * self._activation(c) + (1.0 - reset) * x_highway
        return h, c


class IndRNNCell(RNNCell):
    """Independently recurrent cell: ``activation(x @ kernel_w + state * kernel_u + bias)``, each unit
    seeing only its own previous value (``kernel_u`` is ``[1, units]``)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = int(num_units)
        self._activation = activation or tf.tanh

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _static_depth(inputs_shape, _known_depth_message(inputs_shape))
        units, dtype = self._num_units, self.weight_dtype
        self._kernel_w = self.tf1_weight("kernel_w", [depth, units], dtype=dtype)
        self._kernel_u = self.tf1_weight("kernel_u", [1, units], dtype=dtype, initializer=_uniform_minus_one_to_one())
        self._bias = self.tf1_weight("bias", [units], dtype=dtype, initializer=_zeros())

    def call(self, inputs, state):
        pre_activation = tf.matmul(inputs, self._kernel_w) + state * self._kernel_u
        output = self._activation(tf.nn.bias_add(pre_activation, self._bias))
        return output, output


class IndyGRUCell(RNNCell):
    """GRU whose recurrent matrices are diagonal: ``gates/kernel_w``/``kernel_u``/``bias`` give reset and
    update, ``candidate/kernel``/``kernel_u``/``bias`` the candidate (TF1's names, ``candidate/kernel``
    without ``_w``)."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = int(num_units)
        self._activation = activation or tf.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _static_depth(inputs_shape, _known_depth_message(inputs_shape))
        units, dtype = self._num_units, self.weight_dtype
        gate_bias_init = self._bias_initializer or tf.compat.v1.constant_initializer(1.0)
        candidate_bias_init = self._bias_initializer or _zeros()
        self._gate_kernel_w = self.tf1_weight("gates/kernel_w", [depth, 2 * units], dtype=dtype,
                                              initializer=self._kernel_initializer)
        self._gate_kernel_u = self.tf1_weight("gates/kernel_u", [1, 2 * units], dtype=dtype,
                                              initializer=_uniform_minus_one_to_one())
        self._gate_bias = self.tf1_weight("gates/bias", [2 * units], dtype=dtype, initializer=gate_bias_init)
        self._candidate_kernel_w = self.tf1_weight("candidate/kernel", [depth, units], dtype=dtype,
                                                   initializer=self._kernel_initializer)
        self._candidate_kernel_u = self.tf1_weight("candidate/kernel_u", [1, units], dtype=dtype,
                                                   initializer=_uniform_minus_one_to_one())
        self._candidate_bias = self.tf1_weight("candidate/bias", [units], dtype=dtype,
                                               initializer=candidate_bias_init)

    def call(self, inputs, state):
        gate_inputs = tf.matmul(inputs, self._gate_kernel_w) + tf.tile(state, [1, 2]) * self._gate_kernel_u
        gates = tf.sigmoid(tf.nn.bias_add(gate_inputs, self._gate_bias))
        reset, update = tf.split(gates, num_or_size_splits=2, axis=1)
        candidate = tf.matmul(inputs, self._candidate_kernel_w) + (reset * state) * self._candidate_kernel_u
        candidate = self._activation(tf.nn.bias_add(candidate, self._candidate_bias))
        new_h = update * state + (1 - update) * candidate
        return new_h, new_h


class _KerasStyleCell(RNNCell):
    """Base of the two TF 1.15 cells written Keras-style (``units``, string activation/initializers)."""

    def __init__(self, units, activation="tanh", kernel_initializer="glorot_uniform", bias_initializer="ones",
                 name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self.units = int(units)
        self.activation = _get_activation(activation)
        self.kernel_initializer = _initializer(kernel_initializer)
        self.bias_initializer = _initializer(bias_initializer)

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units


class MinimalRNNCell(_KerasStyleCell):
    """MinimalRNN: ``z = activation(x @ W_x)``, ``u = sigmoid([z, h] @ W_g + bias)``,
    ``h' = u * h + (1 - u) * z``; ``kernel`` ``[depth + 2 * units, units]`` stacks ``W_x`` over ``W_g``."""

    def build(self, inputs_shape):
        depth = _static_depth(inputs_shape, _known_depth_message(inputs_shape))
        dtype = self.weight_dtype
        self.kernel = self.tf1_weight("kernel", [depth + 2 * self.units, self.units], dtype=dtype,
                                      initializer=self.kernel_initializer)
        self.bias = self.tf1_weight("bias", [self.units], dtype=dtype, initializer=self.bias_initializer)

    def call(self, inputs, state):
        depth = _static_depth(inputs.shape)
        feedforward_weight, gate_weight = tf.split(self.kernel, [depth, 2 * self.units], axis=0)
        feedforward = self.activation(tf.matmul(inputs, feedforward_weight))
        gate = tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([feedforward, state], 1), gate_weight), self.bias))
        new_h = gate * state + (1 - gate) * feedforward
        return new_h, new_h


class CFNCell(_KerasStyleCell):
    """Chaos Free Network: gates ``theta, eta = sigmoid(h @ recurrent_kernel + x @ V + bias)``,
    ``h' = theta * activation(h) + (1 - eta) * activation(x @ W)``; ``kernel`` is ``[V | W]``."""

    def build(self, inputs_shape):
        depth = _static_depth(inputs_shape, _known_depth_message(inputs_shape))
        dtype, units = self.weight_dtype, self.units
        self.kernel = self.tf1_weight("kernel", [depth, 3 * units], dtype=dtype, initializer=self.kernel_initializer)
        self.recurrent_kernel = self.tf1_weight("recurrent_kernel", [units, 2 * units], dtype=dtype,
                                                initializer=self.kernel_initializer)
        self.bias = self.tf1_weight("bias", [2 * units], dtype=dtype, initializer=self.bias_initializer)

    def call(self, inputs, state):
        _static_depth(inputs.shape)
        gate_weight, input_weight = tf.split(self.kernel, [2 * self.units, self.units], axis=1)
        gates = tf.matmul(state, self.recurrent_kernel) + tf.matmul(inputs, gate_weight)
        theta, eta = tf.split(tf.sigmoid(tf.nn.bias_add(gates, self.bias)), num_or_size_splits=2, axis=1)
        projected = tf.matmul(inputs, input_weight)
        new_h = theta * self.activation(state) + (1 - eta) * self.activation(projected)
        return new_h, new_h


# -- wrappers -------------------------------------------------------------------------------------
class AttentionCellWrapper(RNNCell):
    """Attention over the last ``attn_length`` outputs (Bahdanau-style), TF 1.15's contrib wrapper.

    State: ``(cell_state, attns [batch, attn_size], attn_states [batch, attn_length * attn_size])``, or
    their concatenation with ``state_is_tuple=False``. Variables under ``attention_cell_wrapper``:
    ``kernel``/``bias`` (inputs + attns -> input_size), the wrapped cell, ``attention/attn_w``
    ``[1, 1, attn_size, attn_vec_size]``, ``attention/attn_v``, ``attention/kernel``/``bias`` (query),
    ``attn_output_projection/kernel``/``bias``.
    """

    def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None, input_size=None,
                 state_is_tuple=True, reuse=None):
        super().__init__(_reuse=reuse)
        cell = as_rnn_cell(cell, "cell")  # TF 1.15's assert_like_rnncell("cell", cell); Keras 3 cells pass
        if tf.nest.is_nested(cell.state_size) and not state_is_tuple:
            raise ValueError("Cell returns tuple of states, but the flag state_is_tuple is not set. State size "
                             f"is: {cell.state_size}")
        if attn_length <= 0:
            raise ValueError(f"attn_length should be greater than zero, got {attn_length}")
        if attn_size is None:
            attn_size = cell.output_size
        if attn_vec_size is None:
            attn_vec_size = attn_size
        self._state_is_tuple = state_is_tuple
        self._cell = cell
        self._attn_vec_size = int(attn_vec_size)
        self._input_size = input_size
        self._attn_size = int(attn_size)
        self._attn_length = int(attn_length)
        self._affine = _AffineWeights()
        self._attention_weights = None

    @property
    def state_size(self):
        size = (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)
        return size if self._state_is_tuple else sum(size)

    @property
    def output_size(self):
        return self._attn_size

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            if not self._state_is_tuple:
                return zero_state_tensors(self.state_size, batch_size, dtype)
            return (self._cell.zero_state(batch_size, dtype),
                    zero_state_tensors(self._attn_size, batch_size, dtype),
                    zero_state_tensors(self._attn_size * self._attn_length, batch_size, dtype))

    def call(self, inputs, state):
        if self._state_is_tuple:
            state, attns, attn_states = state
        else:
            states = state
            cell_size = self._cell.state_size
            state = tf.slice(states, [0, 0], [-1, cell_size])
            attns = tf.slice(states, [0, cell_size], [-1, self._attn_size])
            attn_states = tf.slice(states, [0, cell_size + self._attn_size], [-1, self._attn_size * self._attn_length])
        attn_states = tf.reshape(attn_states, [-1, self._attn_length, self._attn_size])
        input_size = self._input_size
        if input_size is None:
            input_size = inputs.shape.as_list()[1]
        inputs = self._affine.apply(self, "", [inputs, attns], input_size)
        cell_output, new_state = self._cell(inputs, state)
        new_state_cat = tf.concat(tf.nest.flatten(new_state), 1) if self._state_is_tuple else new_state
        new_attns, new_attn_states = self._attention(new_state_cat, attn_states)
        output = self._affine.apply(self, "attn_output_projection/", [cell_output, new_attns], self._attn_size)
        new_attn_states = tf.concat([new_attn_states, tf.expand_dims(output, 1)], 1)
        new_attn_states = tf.reshape(new_attn_states, [-1, self._attn_length * self._attn_size])
        new_state = (new_state, new_attns, new_attn_states)
        if not self._state_is_tuple:
            new_state = tf.concat(list(new_state), 1)
        return output, new_state

    def _attention(self, query, attn_states):
        if self._attention_weights is None:
            dtype = query.dtype
            self._attention_weights = (
                self.tf1_weight("attention/attn_w", [1, 1, self._attn_size, self._attn_vec_size], dtype=dtype),
                self.tf1_weight("attention/attn_v", [self._attn_vec_size], dtype=dtype))
        attn_w, attn_v = self._attention_weights
        hidden = tf.reshape(attn_states, [-1, self._attn_length, 1, self._attn_size])
        hidden_features = tf.nn.conv2d(hidden, attn_w, [1, 1, 1, 1], "SAME")
        y = self._affine.apply(self, "attention/", query, self._attn_vec_size)
        y = tf.reshape(y, [-1, 1, 1, self._attn_vec_size])
        scores = tf.reduce_sum(attn_v * tf.tanh(hidden_features + y), [2, 3])
        weights = tf.nn.softmax(scores)
        context = tf.reduce_sum(tf.reshape(weights, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
        new_attns = tf.reshape(context, [-1, self._attn_size])
        new_attn_states = tf.slice(attn_states, [0, 1, 0], [-1, -1, -1])
        return new_attns, new_attn_states


class _CallerScopeWrapper(RNNCell):
    """A wrapper that, like TF1's contrib wrappers of this kind, is no layer of its own: it opens no
    variable scope, so the wrapped cell keeps its unwrapped names."""

    def __init__(self, cell):
        super().__init__()
        self._cell = as_rnn_cell(cell, "cell")

    @property
    def built(self):
        cell = self.__dict__.get("_cell")
        return bool(getattr(cell, "built", True)) if cell is not None else False

    @built.setter
    def built(self, value):
        pass

    @property
    def wrapped_cell(self):
        return self._cell

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)


class _WeightsByScope:
    """A plain holder, so Keras does not try to track the per-scope weight dictionaries."""

    def __init__(self):
        self.entries: dict = {}


class HighwayWrapper(_CallerScopeWrapper):
    """``output = inputs * carry + cell_output * transform`` with ``carry = sigmoid(x @ carry_w + carry_b)``
    and ``transform = 1 - carry`` (or its own ``transform_w``/``transform_b`` when the gates are not
    coupled). The gate weights are made in the caller's variable scope (``rnn/carry_w``), as in TF1."""

    def __init__(self, cell, couple_carry_transform_gates=True, carry_bias_init=1.0):
        super().__init__(cell)
        self._couple_carry_transform_gates = couple_carry_transform_gates
        self._carry_bias_init = carry_bias_init
        self._gate_weights = _WeightsByScope()

    def _weights_here(self, input_size: int, dtype):
        scope = tf.compat.v1.get_variable_scope().name
        # One set per graph and scope: dynamic_rnn may call the wrapper twice in one scope.
        key = (id(tf.compat.v1.get_default_graph()) if in_v1_graph() else None, scope)
        if key not in self._gate_weights.entries:
            weights = {
                "carry_w": self.tf1_weight("carry_w", [input_size, input_size], dtype=dtype),
                "carry_b": self.tf1_weight("carry_b", [input_size], dtype=dtype,
                                           initializer=tf.compat.v1.constant_initializer(self._carry_bias_init)),
            }
            if not self._couple_carry_transform_gates:
                weights["transform_w"] = self.tf1_weight("transform_w", [input_size, input_size], dtype=dtype)
                weights["transform_b"] = self.tf1_weight(
                    "transform_b", [input_size], dtype=dtype,
                    initializer=tf.compat.v1.constant_initializer(-self._carry_bias_init))
            self._gate_weights.entries[key] = weights
        return self._gate_weights.entries[key]

    def _highway(self, inp, out):
        input_size = _static_depth(inp.shape, f"HighwayWrapper needs the inputs' last dimension, got shape "
                                              f"{inp.shape}")
        weights = self._weights_here(input_size, inp.dtype)
        carry = tf.sigmoid(tf.compat.v1.nn.xw_plus_b(inp, weights["carry_w"], weights["carry_b"]))
        if self._couple_carry_transform_gates:
            transform = 1 - carry
        else:
            transform = tf.sigmoid(tf.compat.v1.nn.xw_plus_b(inp, weights["transform_w"], weights["transform_b"]))
        return inp * carry + out * transform

    def __call__(self, inputs, state, scope=None):
        outputs, new_state = self._cell(inputs, state, scope=scope)
        tf.nest.assert_same_structure(inputs, outputs)

        def assert_shape_match(inp, out):
            inp.shape.assert_is_compatible_with(out.shape)

        tf.nest.map_structure(assert_shape_match, inputs, outputs)
        return tf.nest.map_structure(self._highway, inputs, outputs), new_state


class CompiledWrapper(_CallerScopeWrapper):
    """TF1 ran the wrapped cell's step inside an XLA ``experimental_jit_scope``. TF2 has no per-op jit
    scope, so this wrapper calls the cell unchanged (same results and variables); compile the whole
    model with ``tf.function(jit_compile=True)`` for XLA."""

    def __init__(self, cell, compile_stateful=False):
        super().__init__(cell)
        self._compile_stateful = compile_stateful

    def __call__(self, inputs, state, scope=None):
        return self._cell(inputs, state, scope=scope)


# -- helpers --------------------------------------------------------------------------------------
def transpose_batch_time(x):
    """Swap the first two axes of a rank >= 2 tensor (batch-major <-> time-major); lower ranks pass."""
    from tf_seq2seq_migrate.runtime.rnn.rnn import _transpose_batch_time

    return _transpose_batch_time(tf.convert_to_tensor(x))


def best_effort_input_batch_size(flat_input):
    """The batch size of time-major inputs: the first static ``shape[1]`` found, else the dynamic
    ``tf.shape(flat_input[0])[1]``."""
    for tensor in flat_input:
        shape = tensor.shape
        if shape.rank is None:
            continue
        if shape.rank < 2:
            raise ValueError(f"Expected input tensor {tensor} to have rank at least 2")
        batch_size = tf.compat.dimension_value(shape[1])
        if batch_size is not None:
            return batch_size
    return tf.shape(flat_input[0])[1]


def _linear(args, output_size, bias, bias_initializer=None, kernel_initializer=None):
    """TF 1.2-1.15's private ``_linear``: ``concat(args) @ kernel (+ bias)`` with ``kernel``/``bias`` made
    in the current variable scope (``get_variable`` in a v1 graph; eagerly one weight per full TF1 name,
    kept in the legacy variable store so later calls reuse it)."""
    from tf_seq2seq_migrate.runtime.legacy_seq2seq.linear import linear

    return linear(args, output_size, bias, bias_initializer=bias_initializer, kernel_initializer=kernel_initializer)


# TF1's private rnn_cell_impl._zero_state_tensors(state_size, batch_size, dtype): zeros shaped
# [batch_size] + s for every s in the nested state_size, with the static shape set in a graph.
_zero_state_tensors = zero_state_tensors
