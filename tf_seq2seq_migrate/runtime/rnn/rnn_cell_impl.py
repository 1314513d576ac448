"""TF 1.15's ``tf.nn.rnn_cell`` cells (``RNNCell``, ``BasicLSTMCell``, ``LSTMCell``, ``GRUCell``, ...).

Same constructor and call signatures, TF1 weight layouts (one kernel over ``concat([inputs, h])``, LSTM
gate order i, j, f, o with ``forget_bias`` added at run time) and TF1 variable names
(``rnn/basic_lstm_cell/kernel``, ``rnn/lstm_cell/w_f_diag``, ``rnn/gru_cell/gates/kernel``, ...), so a
TF1 checkpoint restores by name into a migrated program.
"""

from __future__ import annotations

import collections
import numbers

import keras
import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer

__all__ = [
    "RNNCell", "LayerRNNCell", "LSTMStateTuple", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
    "MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper",
]

_KERNEL = "kernel"
_BIAS = "bias"


def _as_shape_list(batch_size, size):
    """``[batch_size] + size`` for ``tf.zeros`` (``size``: int, TensorShape, list or tensor)."""
    if isinstance(size, tf.TensorShape):
        size = size.as_list()
    elif isinstance(size, numbers.Integral):
        size = [int(size)]
    else:
        size = list(size)
    return [batch_size] + size


def zero_state_tensors(state_size, batch_size, dtype):
    """Zeros shaped ``[batch_size] + s`` for every ``s`` in the (nested) ``state_size``."""
    def zeros_for(size):
        zeros = tf.zeros(_as_shape_list(batch_size, size), dtype=dtype)
        static_batch = tf.get_static_value(batch_size) if tf.is_tensor(batch_size) else batch_size
        if not tf.executing_eagerly():
            zeros.set_shape(tf.TensorShape(_as_shape_list(static_batch, size)))
        return zeros
    if isinstance(state_size, (numbers.Integral, tf.TensorShape)):
        return zeros_for(state_size)
    # TensorShapes and ints are the leaves; tuples (LSTMStateTuple, MultiRNNCell) are structure.
    return tf.nest.map_structure(zeros_for, state_size)


def _check_float_dtypes(tensors) -> None:
    for tensor in tf.nest.flatten(tensors):
        dtype = tf.as_dtype(tensor.dtype)
        if not (dtype.is_floating or dtype.is_complex):
            raise ValueError(f"RNN cell only supports floating point inputs, but received dtype: {dtype.name}. "
                             "Cast the inputs with tf.cast(inputs, tf.float32) (ids go through an embedding "
                             "first).")


def _input_depth(inputs_shape, cell_name: str) -> int:
    inputs_shape = tf.TensorShape(inputs_shape)
    if inputs_shape.rank is not None and inputs_shape.rank != 2:
        raise ValueError(f"{cell_name} expects inputs of rank 2 [batch_size, input_size], got shape "
                         f"{inputs_shape}. Feed one time step at a time, or use dynamic_rnn for [batch, time, "
                         "depth] sequences.")
    depth = tf.compat.dimension_value(inputs_shape[-1]) if inputs_shape.rank else None
    if depth is None:
        raise ValueError(f"{cell_name}: the last dimension of the inputs must be known, got shape "
                         f"{inputs_shape}. Give the input placeholder or tensor a static depth, e.g. "
                         "inputs.set_shape([None, depth]).")
    return int(depth)


def _get_activation(activation):
    if not activation:
        return tf.tanh
    if isinstance(activation, str):
        return keras.activations.get(activation)
    return activation


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """``(c, h)``: the LSTM cell state and hidden output, as in TF1."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


class RNNCell(Tf1Layer):
    """Abstract RNN cell: ``(output, next_state) = cell(inputs, state)``, TF1 contract.

    Subclasses implement ``state_size``, ``output_size`` and ``call(inputs, state)``, and may create
    weights in ``build(inputs_shape)`` with :meth:`tf1_weight` (or ``add_weight``). The first call opens
    the TF1 variable scope ``<enclosing scope>/<snake_case class name>`` (or the ``scope=`` given);
    later calls reuse it.
    """

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        reuse = kwargs.pop("_reuse", None)
        super().__init__(name=name, dtype=dtype, _reuse=reuse, trainable=trainable, **kwargs)
        # None means: the dtype of the first inputs, as TF1 did.
        self._tf1_requested_dtype = tf.as_dtype(dtype) if dtype is not None else None
        self._tf1_inputs_dtype = None
        self._is_tf_rnn_cell = True

    # -- the TF1 contract -----------------------------------------------------------------------
    @property
    def state_size(self):
        raise NotImplementedError("RNNCell subclasses must define the `state_size` property")

    @property
    def output_size(self):
        raise NotImplementedError("RNNCell subclasses must define the `output_size` property")

    def __call__(self, inputs, state, scope=None, *args, **kwargs):
        with self.tf1_scope(scope):
            if not self.built:
                self._build_from_inputs(inputs)
            return self.call(inputs, state, *args, **kwargs)

    def call(self, inputs, state):
        raise NotImplementedError("RNNCell subclasses must implement `call(inputs, state)`")

    def _build_from_inputs(self, inputs) -> None:
        flat = tf.nest.flatten(inputs)
        if flat and hasattr(flat[0], "dtype"):
            dtype = tf.as_dtype(flat[0].dtype)
            # Integer inputs (ids) say nothing about the weights' dtype; the cell's own check reports them.
            if dtype.is_floating or dtype.is_complex:
                self._tf1_inputs_dtype = dtype
        shapes = tf.nest.map_structure(lambda t: tf.TensorShape(getattr(t, "shape", None)), inputs)
        self.build(shapes)

    def build(self, inputs_shape):
        """Default: no weights (cells that create weights override this)."""
        return None

    def _lock_state(self):
        """Keras 3 freezes a layer's variables after ``build``; TF1 cells may create weights lazily in
        ``call`` (``OutputProjectionWrapper``, user cells), so the lock stays off."""
        return None

    def add_weight(self, *args, **kwargs):
        """TF1-style ``add_weight(name, shape, dtype, initializer, ...)`` (also Keras-style keywords):
        creates the weight under its TF1 name via :meth:`tf1_weight`."""
        if self.__dict__.get("_tf1_in_keras_add_weight"):
            return super().add_weight(*args, **kwargs)
        name, shape, dtype, initializer, trainable, partitioner = _weight_arguments(args, kwargs)
        self._tf1_in_keras_add_weight = True
        try:
            return self.tf1_weight(name, shape, dtype=dtype or self.weight_dtype, initializer=initializer,
                                   trainable=trainable, partitioner=partitioner)
        finally:
            self._tf1_in_keras_add_weight = False

    add_variable = add_weight

    @property
    def weight_dtype(self):
        """The dtype weights are created in: the constructor's ``dtype``, else the first inputs'."""
        return self._tf1_requested_dtype or self._tf1_inputs_dtype or tf.float32

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = tf.convert_to_tensor(inputs, name="inputs")
            static_batch = tf.compat.dimension_value(inputs.shape[0]) if inputs.shape.rank else None
            if batch_size is not None:
                given = tf.get_static_value(batch_size) if tf.is_tensor(batch_size) else batch_size
                if given is not None and static_batch is not None and int(given) != static_batch:
                    raise ValueError("batch size from input tensor is different from the input param. Input "
                                     f"tensor batch: {static_batch}, batch_size: {batch_size}")
            if dtype is not None and tf.as_dtype(dtype) != inputs.dtype:
                raise ValueError("dtype from input tensor is different from the input param. Input tensor "
                                 f"dtype: {inputs.dtype.name}, dtype: {tf.as_dtype(dtype).name}")
            batch_size = static_batch if static_batch is not None else tf.shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial state: "
                             f"batch_size={batch_size}, dtype={dtype}")
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zero-filled state tensor(s) shaped ``[batch_size] + s`` for every ``s`` in ``state_size``."""
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return zero_state_tensors(self.state_size, batch_size, dtype)


def _weight_arguments(args, kwargs):
    """Read TF1 (``name`` first) or Keras 3 (``shape`` first) ``add_weight`` arguments."""
    if args and isinstance(args[0], str):
        positional = dict(zip(("name", "shape", "dtype", "initializer", "regularizer", "trainable"), args))
    else:
        positional = dict(zip(("shape", "initializer", "dtype", "trainable"), args))
    merged = {**positional, **kwargs}
    name = merged.get("name")
    if not name:
        raise ValueError("RNNCell.add_weight needs a name: TF1 checkpoints address weights by name.")
    initializer = merged.get("initializer")
    if isinstance(initializer, str):
        initializer = keras.initializers.get(initializer)
    trainable = merged.get("trainable")
    return (name, merged.get("shape"), merged.get("dtype"), initializer, True if trainable is None else trainable,
            merged.get("partitioner"))


# TF1 had a separate base for cells that are proper layers; here every cell is one.
LayerRNNCell = RNNCell


class BasicRNNCell(RNNCell):
    """``output = new_state = activation(concat([inputs, state]) @ kernel + bias)``."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = int(num_units)
        self._activation = _get_activation(activation)

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, type(self).__name__)
        self._kernel = self.tf1_weight(_KERNEL, [depth + self._num_units, self._num_units],
                                       dtype=self.weight_dtype)
        self._bias = self.tf1_weight(_BIAS, [self._num_units], dtype=self.weight_dtype,
                                     initializer=tf.compat.v1.zeros_initializer())

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        gate_inputs = tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._kernel), self._bias)
        output = self._activation(gate_inputs)
        return output, output


class GRUCell(RNNCell):
    """TF1 GRU: ``gates/kernel`` gives reset ``r`` and update ``u``; ``candidate/kernel`` sees ``r * h``."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = int(num_units)
        self._activation = _get_activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, type(self).__name__)
        units, dtype = self._num_units, self.weight_dtype
        # TF1 starts the gates open (bias 1.0) unless the caller chose a bias initializer.
        gate_bias_init = self._bias_initializer or tf.compat.v1.constant_initializer(1.0)
        candidate_bias_init = self._bias_initializer or tf.compat.v1.zeros_initializer()
        self._gate_kernel = self.tf1_weight(f"gates/{_KERNEL}", [depth + units, 2 * units], dtype=dtype,
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.tf1_weight(f"gates/{_BIAS}", [2 * units], dtype=dtype,
                                          initializer=gate_bias_init)
        self._candidate_kernel = self.tf1_weight(f"candidate/{_KERNEL}", [depth + units, units], dtype=dtype,
                                                 initializer=self._kernel_initializer)
        self._candidate_bias = self.tf1_weight(f"candidate/{_BIAS}", [units], dtype=dtype,
                                               initializer=candidate_bias_init)

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        gate_inputs = tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel),
                                     self._gate_bias)
        reset, update = tf.split(tf.sigmoid(gate_inputs), num_or_size_splits=2, axis=1)
        candidate = tf.nn.bias_add(tf.matmul(tf.concat([inputs, reset * state], 1), self._candidate_kernel),
                                   self._candidate_bias)
        new_h = update * state + (1 - update) * self._activation(candidate)
        return new_h, new_h


class BasicLSTMCell(RNNCell):
    """LSTM without peepholes or projection; ``forget_bias`` is added to the forget gate at run time."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = int(num_units)
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _get_activation(activation)

    @property
    def state_size(self):
        if self._state_is_tuple:
            return LSTMStateTuple(self._num_units, self._num_units)
        return 2 * self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, type(self).__name__)
        self._kernel = self.tf1_weight(_KERNEL, [depth + self._num_units, 4 * self._num_units],
                                       dtype=self.weight_dtype)
        self._bias = self.tf1_weight(_BIAS, [4 * self._num_units], dtype=self.weight_dtype,
                                     initializer=tf.compat.v1.zeros_initializer())

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = tf.split(state, num_or_size_splits=2, axis=1)
        gates = tf.nn.bias_add(tf.matmul(tf.concat([inputs, h], 1), self._kernel), self._bias)
        i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
        forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * tf.sigmoid(o)
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple else tf.concat([new_c, new_h], 1)
        return new_h, new_state


class LSTMCell(RNNCell):
    """TF1 ``LSTMCell``: optional peepholes (``w_f_diag``, ``w_i_diag``, ``w_o_diag``), cell clipping and
    a projection (``projection/kernel``) of the output to ``num_proj`` units."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0,
                 state_is_tuple=True, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = int(num_units)
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _get_activation(activation)
        if num_proj:
            self._state_size = (LSTMStateTuple(num_units, num_proj) if state_is_tuple
                                else num_units + num_proj)
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

    @staticmethod
    def _partitioner(shards):
        # Sharded variables only exist in TF1 graphs; eagerly one variable holds the whole matrix.
        return tf.compat.v1.fixed_size_partitioner(shards) if shards is not None else None

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, type(self).__name__)
        units, dtype = self._num_units, self.weight_dtype
        h_depth = self._num_proj if self._num_proj is not None else units
        self._kernel = self.tf1_weight(_KERNEL, [depth + h_depth, 4 * units], dtype=dtype,
                                       initializer=self._initializer,
                                       partitioner=self._partitioner(self._num_unit_shards))
        self._bias = self.tf1_weight(_BIAS, [4 * units], dtype=dtype, initializer=tf.compat.v1.zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = self.tf1_weight("w_f_diag", [units], dtype=dtype, initializer=self._initializer)
            self._w_i_diag = self.tf1_weight("w_i_diag", [units], dtype=dtype, initializer=self._initializer)
            self._w_o_diag = self.tf1_weight("w_o_diag", [units], dtype=dtype, initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self.tf1_weight(f"projection/{_KERNEL}", [units, self._num_proj], dtype=dtype,
                                                initializer=self._initializer,
                                                partitioner=self._partitioner(self._num_proj_shards))

    def call(self, inputs, state):
        _check_float_dtypes([inputs, state])
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
            m_prev = tf.slice(state, [0, self._num_units], [-1, num_proj])
        _input_depth(inputs.shape, type(self).__name__)
        kernel = _full_matrix(self._kernel)
        gates = tf.nn.bias_add(tf.matmul(tf.concat([inputs, m_prev], 1), kernel), self._bias)
        i, j, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
        if self._use_peepholes:
            c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + tf.sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, _full_matrix(self._proj_kernel))
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


def _full_matrix(variable):
    """A partitioned TF1 variable (num_unit_shards) as one tensor; plain variables pass through."""
    if isinstance(variable, (list, tuple)) or type(variable).__name__ == "PartitionedVariable":
        return tf.concat(list(variable), axis=0)
    return variable


class MultiRNNCell(RNNCell):
    """Stacks cells; layer ``i`` runs in variable scope ``cell_i`` (``rnn/multi_rnn_cell/cell_0/...``)."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        from tf_seq2seq_migrate.runtime.rnn.keras_cells import as_rnn_cell

        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not tf.nest.is_nested(cells):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        self._cells = [as_rnn_cell(cell) for cell in cells]
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(tf.nest.is_nested(cell.state_size) for cell in self._cells):
            raise ValueError("Some cells return tuples of states, but the flag state_is_tuple is not set. "
                             f"State sizes are: {[cell.state_size for cell in self._cells]}. Pass "
                             "state_is_tuple=True.")

    @property
    def cells(self):
        return list(self._cells)

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return zero_state_tensors(self.state_size, batch_size, dtype)

    def call(self, inputs, state):
        current_input = inputs
        new_states = []
        offset = 0
        for index, cell in enumerate(self._cells):
            with tf.compat.v1.variable_scope(f"cell_{index}"):
                if self._state_is_tuple:
                    if not tf.nest.is_nested(state):
                        raise ValueError(f"Expected state to be a tuple of length {len(self.state_size)}, but "
                                         f"received: {state}")
                    cell_state = state[index]
                else:
                    cell_state = tf.slice(state, [0, offset], [-1, cell.state_size])
                    offset += cell.state_size
                current_input, new_state = cell(current_input, cell_state)
                new_states.append(new_state)
        if self._state_is_tuple:
            return current_input, tuple(new_states)
        return current_input, tf.concat(new_states, 1)


from tf_seq2seq_migrate.runtime.rnn.cell_wrappers import (  # noqa: E402  (wrappers build on RNNCell)
    DeviceWrapper,
    DropoutWrapper,
    ResidualWrapper,
)
