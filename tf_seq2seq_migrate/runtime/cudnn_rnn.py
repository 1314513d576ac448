"""TF 1.15's ``tf.contrib.cudnn_rnn`` on TF2 ops that run on any device, CPU included.

``CudnnCompatibleLSTMCell`` and ``CudnnCompatibleGRUCell`` are the cells TF1 recommended for running
cuDNN-trained models without a GPU. ``CudnnLSTM``, ``CudnnGRU``, ``CudnnRNNTanh`` and ``CudnnRNNRelu`` keep
TF1's layer API (time-major inputs, states ``[num_layers * num_dirs, batch, num_units]``) but run a stack of
those cells instead of cuDNN's opaque kernel: their variables are the canonical ones TF1's
``CudnnOpaqueParamsSaveable`` wrote into checkpoints (``cudnn_lstm/rnn/multi_rnn_cell/cell_0/
cudnn_compatible_lstm_cell/kernel``, ``.../stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/...``), so
a checkpoint of a TF1 cuDNN layer restores by name. The canonical format stores each pair of cuDNN biases
(input and recurrent) as their sum, except the GRU candidate's two, which the formula keeps apart.
"""

from __future__ import annotations

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.lstm_ops import LSTMBlockCell
from tf_seq2seq_migrate.runtime.rnn.rnn import bidirectional_dynamic_rnn, dynamic_rnn
from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import BasicRNNCell, GRUCell, LSTMStateTuple, _input_depth

__all__ = [
    "CudnnCompatibleLSTMCell", "CudnnCompatibleGRUCell", "CudnnLSTM", "CudnnGRU", "CudnnRNNTanh",
    "CudnnRNNRelu",
]

# The layers module's constants (TF 1.15's package did not re-export them).

CUDNN_RNN_UNIDIRECTION = "unidirectional"
CUDNN_RNN_BIDIRECTION = "bidirectional"
CUDNN_LSTM = "lstm"
CUDNN_GRU = "gru"
CUDNN_RNN_RELU = "rnn_relu"
CUDNN_RNN_TANH = "rnn_tanh"
CUDNN_INPUT_LINEAR_MODE = "linear_input"
CUDNN_INPUT_SKIP_MODE = "skip_input"
CUDNN_INPUT_AUTO_MODE = "auto_select"


class CudnnCompatibleLSTMCell(LSTMBlockCell):
    """``CudnnCompatibleLSTMCell(num_units, reuse=None)``: ``LSTMBlockCell`` with ``forget_bias=0`` (cuDNN
    adds none) in scope ``cudnn_compatible_lstm_cell``; ``kernel`` over ``concat([x, h])`` in gate order
    i, j, f, o and one ``bias`` (cuDNN's input and recurrent biases summed)."""

    def __init__(self, num_units, reuse=None):
        super().__init__(num_units, forget_bias=0, cell_clip=None, use_peephole=False, reuse=reuse,
                         name="cudnn_compatible_lstm_cell")


class CudnnCompatibleGRUCell(GRUCell):
    """``CudnnCompatibleGRUCell(num_units, reuse=None, kernel_initializer=None)``: cuDNN's GRU, where the
    reset gate scales the hidden projection after its matmul and bias:
    ``h' = tanh(x W_h + b_Wh + r * (h R_h + b_Rh))``, ``h_new = (1 - u) * h' + u * h``."""

    def __init__(self, num_units, reuse=None, kernel_initializer=None, _name=None):
        super().__init__(num_units, activation=None, reuse=reuse, kernel_initializer=kernel_initializer,
                         name=_name)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, type(self).__name__)
        units, dtype = self._num_units, self.weight_dtype
        kernel_init = self._kernel_initializer
        gate_bias_init = self._bias_initializer or tf.compat.v1.constant_initializer(1.0)
        candidate_bias_init = self._bias_initializer or tf.compat.v1.zeros_initializer()
        self._gate_kernel = self.tf1_weight("gates/kernel", [depth + units, 2 * units], dtype=dtype,
                                            initializer=kernel_init)
        self._gate_bias = self.tf1_weight("gates/bias", [2 * units], dtype=dtype, initializer=gate_bias_init)
        self._candidate_input_kernel = self.tf1_weight("candidate/input_projection/kernel", [depth, units],
                                                       dtype=dtype, initializer=kernel_init)
        self._candidate_hidden_kernel = self.tf1_weight("candidate/hidden_projection/kernel", [units, units],
                                                        dtype=dtype, initializer=kernel_init)
        self._candidate_input_bias = self.tf1_weight("candidate/input_projection/bias", [units], dtype=dtype,
                                                     initializer=candidate_bias_init)
        self._candidate_hidden_bias = self.tf1_weight("candidate/hidden_projection/bias", [units], dtype=dtype,
                                                      initializer=candidate_bias_init)

    def call(self, inputs, state):
        gates = tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel),
                                          self._gate_bias))
        reset, update = tf.split(gates, num_or_size_splits=2, axis=1)
        from_inputs = tf.nn.bias_add(tf.matmul(inputs, self._candidate_input_kernel), self._candidate_input_bias)
        from_hidden = tf.nn.bias_add(tf.matmul(state, self._candidate_hidden_kernel), self._candidate_hidden_bias)
        candidate = self._activation(from_inputs + reset * from_hidden)
        new_h = (1 - update) * candidate + update * state
        return new_h, new_h


# -- TF1's layer initialization, per cuDNN parameter -----------------------------------------------------
# TF1's layers drew every cuDNN weight matrix ([units, input] or [units, units]) and every cuDNN bias
# separately; the cells hold them stitched (transposed [W | R] per gate) with input and recurrent biases
# summed. These initializers draw the parts the same way and stitch them, so initial values follow TF1's
# distributions (twice a constant bias, for instance).
def _stitched_kernel(initializer, num_gates, input_width, units):
    def initialize(shape, dtype=None, partition_info=None):
        gates = [tf.concat([initializer([units, input_width], dtype=dtype), initializer([units, units], dtype=dtype)],
                           axis=1) for _ in range(num_gates)]
        return tf.transpose(tf.concat(gates, axis=0))
    return initialize


def _transposed(initializer, rows, columns):
    def initialize(shape, dtype=None, partition_info=None):
        return tf.transpose(initializer([rows, columns], dtype=dtype))
    return initialize


def _summed_bias(initializer, num_gates, units):
    def initialize(shape, dtype=None, partition_info=None):
        return tf.concat([initializer([units], dtype=dtype) + initializer([units], dtype=dtype)
                          for _ in range(num_gates)], axis=0)
    return initialize


def _plain(initializer, units):
    def initialize(shape, dtype=None, partition_info=None):
        return initializer([units], dtype=dtype)
    return initialize


class _LayerInitializedCell:
    """Mixin for the cells a layer builds: weights named in ``_layer_initializers`` use those."""

    _layer_initializers: dict = {}

    def tf1_weight(self, name, shape, dtype=None, initializer=None, **kwargs):
        initializer = self._layer_initializers.get(name, initializer)
        return super().tf1_weight(name, shape, dtype=dtype, initializer=initializer, **kwargs)


class _LayerLSTMCell(_LayerInitializedCell, CudnnCompatibleLSTMCell):
    pass


class _LayerGRUCell(_LayerInitializedCell, CudnnCompatibleGRUCell):
    def __init__(self, num_units):
        super().__init__(num_units, _name="cudnn_compatible_gru_cell")  # the public class's scope name


class _LayerBasicRNNCell(_LayerInitializedCell, BasicRNNCell):
    pass


def _check_direction(direction):
    if direction not in (CUDNN_RNN_UNIDIRECTION, CUDNN_RNN_BIDIRECTION):
        raise ValueError(f"Invalid direction: {direction}, expecting {CUDNN_RNN_UNIDIRECTION} or "
                         f"{CUDNN_RNN_BIDIRECTION}")


def _check_input_mode(input_mode):
    if input_mode not in (CUDNN_INPUT_LINEAR_MODE, CUDNN_INPUT_SKIP_MODE, CUDNN_INPUT_AUTO_MODE):
        raise ValueError(f"Invalid input_mode: {input_mode}, expect one of ({CUDNN_INPUT_LINEAR_MODE}, "
                         f"{CUDNN_INPUT_SKIP_MODE}, {CUDNN_INPUT_AUTO_MODE})")


class _CudnnRNN(Tf1Layer):
    """TF1's cuDNN layer API over a stack of cuDNN-compatible cells (see the module docstring)."""

    _rnn_mode = None
    _num_state_tensors = 1
    _num_gates = 1

    def __init__(self, num_layers, num_units, input_mode=CUDNN_INPUT_LINEAR_MODE,
                 direction=CUDNN_RNN_UNIDIRECTION, dropout=0., seed=None, dtype=tf.float32,
                 kernel_initializer=None, bias_initializer=None, name=None):
        _check_direction(direction)
        _check_input_mode(input_mode)
        dtype = tf.as_dtype(dtype)
        if dtype not in (tf.float16, tf.float32, tf.float64):
            raise ValueError(f"Only support float16, float32, float64, provided {dtype}")
        super().__init__(name=name, dtype=dtype.name)
        self._plain_dtype = dtype
        self._num_layers = num_layers
        self._num_units = num_units
        self._input_mode = input_mode
        self._direction = direction
        self._dropout = dropout
        self._seed = seed
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer
        self._input_size = None
        self._cells = ()

    # -- TF1's read-only properties -------------------------------------------------------------
    @property
    def num_layers(self):
        return self._num_layers

    @property
    def num_units(self):
        return self._num_units

    @property
    def input_mode(self):
        return self._input_mode

    @property
    def input_size(self):
        if not self._input_size:
            raise ValueError("'input_size' is unknown since layer has not been built.")
        return self._input_size

    @property
    def rnn_mode(self):
        return self._rnn_mode

    @property
    def direction(self):
        return self._direction

    @property
    def num_dirs(self):
        return 1 if self._direction == CUDNN_RNN_UNIDIRECTION else 2

    def state_shape(self, batch_size):
        """``[num_layers * num_dirs, batch_size, num_units]`` per state tensor (two for LSTM: h, c)."""
        shape = [self._num_layers * self.num_dirs, batch_size, self._num_units]
        return tuple(list(shape) for _ in range(self._num_state_tensors))

    # -- building -------------------------------------------------------------------------------
    def _lock_state(self):
        """The cells create their variables at the first call, after ``build``: keep the layer open."""
        return None

    def _new_cell(self):
        raise NotImplementedError

    def build(self, input_shape):
        if self.built:
            return
        input_shape = tf.TensorShape(input_shape)
        if input_shape.rank != 3:
            raise ValueError(f"Expecting input_shape with 3 dims, got {input_shape.rank}")
        if tf.compat.dimension_value(input_shape[-1]) is None:
            raise ValueError("The last dimension of the inputs to `CudnnRNN` should be defined. Found `None`.")
        self._input_size = int(input_shape[-1])
        skips_input = self._input_mode == CUDNN_INPUT_SKIP_MODE or (
            self._input_mode == CUDNN_INPUT_AUTO_MODE and self._input_size == self._num_units)
        if skips_input:
            # cuDNN's skip mode has no input weights in layer 0, which the canonical cells cannot express.
            raise NotImplementedError(
                f"{type(self).__name__}: input_mode 'skip_input' (or 'auto_select' with input_size == "
                "num_units) is not supported by the cell-stack implementation; use input_mode='linear_input'.")
        kernel_init = self._kernel_initializer or tf.compat.v1.glorot_uniform_initializer(seed=self._seed)
        bias_init = self._bias_initializer or tf.compat.v1.constant_initializer(0.0)
        cells = []
        for layer in range(self._num_layers):
            input_width = self._input_size if layer == 0 else self.num_dirs * self._num_units
            for _ in range(self.num_dirs):
                cell = self._new_cell()
                cell._layer_initializers = self._canonical_initializers(kernel_init, bias_init, input_width)
                cells.append(cell)
        self._cells = tuple(cells)
        self.built = True

    def _canonical_initializers(self, kernel_init, bias_init, input_width):
        units = self._num_units
        return {"kernel": _stitched_kernel(kernel_init, self._num_gates, input_width, units),
                "bias": _summed_bias(bias_init, self._num_gates, units)}

    # -- running --------------------------------------------------------------------------------
    def __call__(self, inputs, initial_state=None, *args, **kwargs):
        # Checked before Keras converts a list to tensors and wraps the error.
        if initial_state is not None and not isinstance(initial_state, tuple):
            raise TypeError(f"Invalid initial_state type: {initial_state}, expecting tuple.")
        return super().__call__(inputs, initial_state, *args, **kwargs)

    def call(self, inputs, initial_state=None, sequence_lengths=None, time_major=True, training=True):
        dtype = self._plain_dtype
        inputs = tf.convert_to_tensor(inputs, dtype=dtype)
        if not time_major:
            inputs = tf.transpose(inputs, [1, 0, 2])
        if initial_state is None:
            batch_size = tf.shape(inputs)[1]
            initial_state = tuple(tf.zeros(shape, dtype=dtype) for shape in self.state_shape(batch_size))
        if len(initial_state) != self._num_state_tensors:
            raise ValueError(f"{type(self).__name__} expects an initial_state tuple of "
                             f"{self._num_state_tensors} tensor(s), got {len(initial_state)}.")
        initial_state = [tf.convert_to_tensor(s, dtype=dtype) for s in initial_state]
        if not time_major:
            initial_state = [tf.transpose(s, [1, 0, 2]) for s in initial_state]
        # Per cell (layer-major, forward before backward, as cuDNN orders its state rows).
        cell_states = [self._cell_state([tf.gather(s, index) for s in initial_state])
                       for index in range(len(self._cells))]
        outputs, final_states = self._run_stack(inputs, cell_states, sequence_lengths, training)
        final = tuple(tf.stack(list(parts)) for parts in zip(*[self._state_parts(s) for s in final_states]))
        if not time_major:
            outputs = tf.transpose(outputs, [1, 0, 2])
            final = tuple(tf.transpose(s, [1, 0, 2]) for s in final)
        return outputs, final

    def _run_stack(self, inputs, cell_states, sequence_lengths, training):
        layer_inputs, final_states = inputs, []
        for layer in range(self._num_layers):
            if layer > 0 and training and self._dropout:
                # cuDNN drops units between layers only, and only in training.
                layer_inputs = tf.nn.dropout(layer_inputs, rate=self._dropout, seed=self._seed)
            if self._direction == CUDNN_RNN_UNIDIRECTION:
                layer_inputs, state = dynamic_rnn(
                    self._cells[layer], layer_inputs, sequence_length=sequence_lengths,
                    initial_state=cell_states[layer], time_major=True, scope=f"rnn/multi_rnn_cell/cell_{layer}")
                final_states.append(state)
            else:
                fw, bw = 2 * layer, 2 * layer + 1
                (out_fw, out_bw), (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    self._cells[fw], self._cells[bw], layer_inputs, sequence_length=sequence_lengths,
                    initial_state_fw=cell_states[fw], initial_state_bw=cell_states[bw], time_major=True,
                    scope=f"stack_bidirectional_rnn/cell_{layer}/bidirectional_rnn")
                layer_inputs = tf.concat([out_fw, out_bw], 2)
                final_states.extend([state_fw, state_bw])
        return layer_inputs, final_states

    def _cell_state(self, parts):
        """The cell's state from the per-cell rows of the layer's state tensors (``h`` first)."""
        return parts[0]

    def _state_parts(self, cell_state):
        return (cell_state,)


class CudnnLSTM(_CudnnRNN):
    """``CudnnLSTM(num_layers, num_units, input_mode='linear_input', direction='unidirectional', dropout=0.,
    seed=None, dtype=tf.float32, kernel_initializer=None, bias_initializer=None, name=None)``; called as
    ``outputs, (h, c) = lstm(inputs, initial_state=None, sequence_lengths=None, time_major=True,
    training=True)``."""

    _rnn_mode = CUDNN_LSTM
    _num_state_tensors = 2
    _num_gates = 4

    def _new_cell(self):
        return _LayerLSTMCell(self._num_units)

    def _cell_state(self, parts):
        h, c = parts
        return LSTMStateTuple(c, h)

    def _state_parts(self, cell_state):
        return (cell_state.h, cell_state.c)


class CudnnGRU(_CudnnRNN):
    """cuDNN's GRU layer over ``CudnnCompatibleGRUCell`` s; state ``(h,)``."""

    _rnn_mode = CUDNN_GRU
    _num_gates = 2

    def _new_cell(self):
        return _LayerGRUCell(self._num_units)

    def _canonical_initializers(self, kernel_init, bias_init, input_width):
        units = self._num_units
        return {"gates/kernel": _stitched_kernel(kernel_init, 2, input_width, units),
                "gates/bias": _summed_bias(bias_init, 2, units),
                "candidate/input_projection/kernel": _transposed(kernel_init, units, input_width),
                "candidate/hidden_projection/kernel": _transposed(kernel_init, units, units),
                "candidate/input_projection/bias": _plain(bias_init, units),
                "candidate/hidden_projection/bias": _plain(bias_init, units)}


class CudnnRNNTanh(_CudnnRNN):
    """cuDNN's tanh RNN layer over ``BasicRNNCell`` s; state ``(h,)``."""

    _rnn_mode = CUDNN_RNN_TANH
    _activation = staticmethod(tf.tanh)

    def _new_cell(self):
        return _LayerBasicRNNCell(self._num_units, activation=self._activation, name="basic_rnn_cell")


class CudnnRNNRelu(CudnnRNNTanh):
    """cuDNN's ReLU RNN layer over ``BasicRNNCell`` s; state ``(h,)``."""

    _rnn_mode = CUDNN_RNN_RELU
    _activation = staticmethod(tf.nn.relu)

