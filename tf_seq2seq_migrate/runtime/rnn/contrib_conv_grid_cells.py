"""TF 1.15 ``tf.contrib.rnn`` convolutional and grid LSTMs: ``ConvLSTMCell`` (and its 1-D/2-D/3-D
forms) and ``GridLSTMCell`` / ``BidirectionalGridLSTMCell``.

Variables (TF1 names, TF1 layouts):

* conv LSTMs: ``conv_lstm_cell/kernel`` shaped ``kernel_shape + [in_channels + output_channels,
  4 * output_channels]`` (gates i, j, f, o along the last axis) and ``conv_lstm_cell/biases``. TF 1.15's
  ``Conv1DLSTMCell``/``Conv2DLSTMCell``/``Conv3DLSTMCell`` swallow their ``name`` argument, so their
  variables also live under ``conv_lstm_cell``; kept so checkpoints restore.
* grid LSTMs: per frequency block ``b``, ``W_f_<b>_<shard>`` / ``B_f_<b>`` (frequency LSTM),
  ``W_t_<b>_<shard>`` / ``B_t_<b>`` (time LSTM, unless ``share_time_frequency_weights``) and the peephole
  vectors ``W_{F,I,O}_diag_{freq,time}{f,t}_<b>``; the weight matrices are stored in ``num_unit_shards``
  row shards (one shard still gets the ``_0`` suffix). The bidirectional cell has them under ``fwd/`` and
  ``bwd/``.
"""

from __future__ import annotations

import collections
import math

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import LSTMStateTuple, RNNCell

__all__ = [
    "ConvLSTMCell", "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell", "GridLSTMCell",
    "BidirectionalGridLSTMCell",
]


# -- convolutional LSTMs ------------------------------------------------------------------------------

def _check_conv_args(args) -> None:
    """TF 1.15's ``_conv`` checks, with its messages: rank 3/4/5, all arguments of one rank."""
    shapes = [tf.TensorShape(arg.shape).as_list() if tf.TensorShape(arg.shape).rank is not None else None
              for arg in args]
    for shape in shapes:
        if shape is None or len(shape) not in (3, 4, 5):
            raise ValueError(f"Conv Linear expects 3D, 4D or 5D arguments: {shapes}")
        if len(shape) != len(shapes[0]):
            raise ValueError(f"Conv Linear expects all args to be of same Dimension: {shapes}")


class ConvLSTMCell(RNNCell):
    """``ConvLSTMCell(conv_ndims, input_shape, output_channels, kernel_shape, use_bias=True,
    skip_connection=False, forget_bias=1.0, initializers=None, name="conv_lstm_cell")``.

    Inputs are ``[batch] + input_shape`` (channels last); the state is an ``LSTMStateTuple`` of
    ``[batch] + input_shape[:-1] + [output_channels]`` tensors. Gates come from one "SAME"-padded,
    stride-1 convolution over ``concat([inputs, h], -1)``. ``initializers`` is accepted and unused, as in
    TF 1.15 (the kernel takes the enclosing scope's initializer, else glorot uniform; biases start at 0).
    With ``skip_connection`` the output (and, as in TF 1.15, the new ``h``) is ``concat([output, inputs])``.
    """

    def __init__(self, conv_ndims, input_shape, output_channels, kernel_shape, use_bias=True,
                 skip_connection=False, forget_bias=1.0, initializers=None, name="conv_lstm_cell"):
        super().__init__(name=name)
        if conv_ndims != len(input_shape) - 1:
            raise ValueError(f"Invalid input_shape {input_shape} for conv_ndims={conv_ndims}.")
        self._conv_ndims = conv_ndims
        self._input_shape = list(input_shape)
        self._output_channels = output_channels
        self._kernel_shape = list(kernel_shape)
        self._use_bias = use_bias
        self._forget_bias = forget_bias
        self._skip_connection = skip_connection
        self._total_output_channels = output_channels
        if skip_connection:
            self._total_output_channels += self._input_shape[-1]
        state_size = tf.TensorShape(self._input_shape[:-1] + [output_channels])
        self._state_size = LSTMStateTuple(state_size, state_size)
        self._output_size = tf.TensorShape(self._input_shape[:-1] + [self._total_output_channels])

    @property
    def output_size(self):
        return self._output_size

    @property
    def state_size(self):
        return self._state_size

    def __call__(self, inputs, state, scope=None, *args, **kwargs):
        # Checked before build, so a wrong rank reports TF1's message, not a shape error from the kernel.
        _check_conv_args([inputs] + ([state[1]] if isinstance(state, (tuple, list)) and len(state) == 2 else []))
        return super().__call__(inputs, state, scope, *args, **kwargs)

    def build(self, inputs_shape):
        in_channels = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
        if in_channels is None:
            raise ValueError(f"{type(self).__name__}: the channel (last) dimension of the inputs must be known, "
                             f"got shape {inputs_shape}.")
        depth = in_channels + self._output_channels
        dtype = self.weight_dtype
        self._kernel = self.tf1_weight("kernel", self._kernel_shape + [depth, 4 * self._output_channels],
                                       dtype=dtype)
        if self._use_bias:
            self._biases = self.tf1_weight("biases", [4 * self._output_channels], dtype=dtype,
                                           initializer=tf.compat.v1.constant_initializer(0.0))

    def _convolve(self, values):
        if self._conv_ndims == 1:
            result = tf.nn.conv1d(values, self._kernel, stride=1, padding="SAME")
        elif self._conv_ndims == 2:
            result = tf.nn.conv2d(values, self._kernel, strides=[1, 1, 1, 1], padding="SAME")
        else:
            result = tf.nn.conv3d(values, self._kernel, strides=[1, 1, 1, 1, 1], padding="SAME")
        return result + self._biases if self._use_bias else result

    def call(self, inputs, state, scope=None):
        cell, hidden = state
        gates = self._convolve(tf.concat([inputs, hidden], axis=self._conv_ndims + 1))
        input_gate, new_input, forget_gate, output_gate = tf.split(gates, 4, axis=self._conv_ndims + 1)
        new_cell = tf.sigmoid(forget_gate + self._forget_bias) * cell
        new_cell += tf.sigmoid(input_gate) * tf.tanh(new_input)
        output = tf.tanh(new_cell) * tf.sigmoid(output_gate)
        if self._skip_connection:
            output = tf.concat([output, inputs], axis=-1)
        return output, LSTMStateTuple(new_cell, output)


class Conv1DLSTMCell(ConvLSTMCell):
    """``Conv1DLSTMCell(name="conv_1d_lstm_cell", **kwargs)``: ``ConvLSTMCell`` with ``conv_ndims=1``.
    ``name`` is ignored, as in TF 1.15: the variables are ``conv_lstm_cell/...``."""

    def __init__(self, name="conv_1d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=1, **kwargs)


class Conv2DLSTMCell(ConvLSTMCell):
    """``Conv2DLSTMCell(name="conv_2d_lstm_cell", **kwargs)``: ``ConvLSTMCell`` with ``conv_ndims=2``.
    ``name`` is ignored, as in TF 1.15: the variables are ``conv_lstm_cell/...``."""

    def __init__(self, name="conv_2d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=2, **kwargs)


class Conv3DLSTMCell(ConvLSTMCell):
    """``Conv3DLSTMCell(name="conv_3d_lstm_cell", **kwargs)``: ``ConvLSTMCell`` with ``conv_ndims=3``.
    ``name`` is ignored, as in TF 1.15: the variables are ``conv_lstm_cell/...``."""

    def __init__(self, name="conv_3d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=3, **kwargs)


# -- grid LSTMs ---------------------------------------------------------------------------------------

def _shard_rows(rows: int, num_shards: int, shape) -> list[int]:
    """Row counts of TF 1.15's sharded variables: equal parts, the first ``rows % num_shards`` one longer."""
    if num_shards > rows:
        raise ValueError("Too many shards: shape=%s, num_shards=%d" % (shape, num_shards))
    unit = int(math.floor(rows / num_shards))
    remaining = rows - unit * num_shards
    return [unit + 1 if index < remaining else unit for index in range(num_shards)]


def _state_tuple_type(type_name: str, prefixes, num_frequency_blocks):
    names = []
    for prefix in prefixes:
        for block, count in enumerate(num_frequency_blocks):
            for freq in range(count):
                names += [f"{prefix}_f{freq:02d}_b{block:02d}_c", f"{prefix}_f{freq:02d}_b{block:02d}_m"]
    return collections.namedtuple(type_name, names)


class GridLSTMCell(RNNCell):
    """``GridLSTMCell(num_units, use_peepholes=False, share_time_frequency_weights=False, cell_clip=None,
    initializer=None, num_unit_shards=1, forget_bias=1.0, feature_size=None, frequency_skip=None,
    num_frequency_blocks=None, start_freqindex_list=None, end_freqindex_list=None,
    couple_input_forget_gates=False, state_is_tuple=True, reuse=None)``.

    The input ``[batch, depth]`` is cut into windows of ``feature_size`` every ``frequency_skip`` (per
    block, between ``start_freqindex_list[b]`` and ``end_freqindex_list[b]``); along the windows a
    frequency LSTM runs, and each window also steps a time LSTM whose ``(c, m)`` is the recurrent state.
    The output is ``[m_time, m_freq]`` per window. ``initializer`` is accepted and unused, as in TF 1.15.
    With ``state_is_tuple=False`` TF 1.15 reads every block's previous state from the first block's
    columns; kept as it was.
    """

    def __init__(self, num_units, use_peepholes=False, share_time_frequency_weights=False, cell_clip=None,
                 initializer=None, num_unit_shards=1, forget_bias=1.0, feature_size=None, frequency_skip=None,
                 num_frequency_blocks=None, start_freqindex_list=None, end_freqindex_list=None,
                 couple_input_forget_gates=False, state_is_tuple=True, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._share_time_frequency_weights = share_time_frequency_weights
        self._couple_input_forget_gates = couple_input_forget_gates
        self._state_is_tuple = state_is_tuple
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip
        self._start_freqindex_list = start_freqindex_list
        self._end_freqindex_list = end_freqindex_list
        self._num_frequency_blocks = num_frequency_blocks
        if num_frequency_blocks is None:
            raise ValueError("Must specify num_frequency_blocks")
        self._total_blocks = sum(int(count) for count in num_frequency_blocks)
        if state_is_tuple:
            self._state_tuple_type = _state_tuple_type("GridLSTMStateTuple", ["state"], num_frequency_blocks)
            self._state_size = self._state_tuple_type(*([num_units, num_units] * self._total_blocks))
        else:
            self._state_tuple_type = None
            self._state_size = num_units * self._total_blocks * 2
        self._output_size = num_units * self._total_blocks * 2

    @property
    def output_size(self):
        return self._output_size

    @property
    def state_size(self):
        return self._state_size

    @property
    def state_tuple_type(self):
        return self._state_tuple_type

    # -- frequency windows --------------------------------------------------------------------------
    def _window_starts(self, input_size: int, slice_offset: int = 0) -> list[list[int]]:
        """Start column of every window, per block, in the (padded) input; TF 1.15's checks and messages."""
        offset = max(slice_offset, 0)
        if not self._start_freqindex_list:
            if len(self._num_frequency_blocks) != 1:
                raise ValueError("Length of num_frequency_blocks is not 1, but instead is %d"
                                 % len(self._num_frequency_blocks))
            ranges = [(0, input_size)]
        else:
            if len(self._start_freqindex_list) != len(self._end_freqindex_list):
                raise ValueError("Length of start and end freqindex_list does not match %d %d"
                                 % (len(self._start_freqindex_list), len(self._end_freqindex_list)))
            if len(self._num_frequency_blocks) != len(self._start_freqindex_list):
                raise ValueError("Length of num_frequency_blocks is not equal to start_freqindex_list %d %d"
                                 % (len(self._num_frequency_blocks), len(self._start_freqindex_list)))
            ranges = list(zip(self._start_freqindex_list, self._end_freqindex_list))
        starts = []
        for block, (start, end) in enumerate(ranges):
            count = int((end - start - self._feature_size) / self._frequency_skip) + 1
            if count != self._num_frequency_blocks[block]:
                raise ValueError("Invalid num_frequency_blocks, requires %d but gets %d, please check the input "
                                 "size and filter config are correct." % (self._num_frequency_blocks[block], count))
            starts.append([start + offset + index * self._frequency_skip for index in range(count)])
        return starts

    def _frequency_windows(self, inputs, slice_offset: int = 0):
        input_size = self._static_input_size(inputs.shape)
        starts = self._window_starts(input_size, slice_offset)
        if slice_offset > 0:  # the backward direction reads past the end: zeros there
            inputs = tf.pad(inputs, [[0, 0], [0, slice_offset]])
        elif slice_offset < 0:
            inputs = tf.pad(inputs, [[0, 0], [-slice_offset, 0]])
        return [[inputs[:, start:start + self._feature_size] for start in block] for block in starts]

    @staticmethod
    def _static_input_size(inputs_shape) -> int:
        inputs_shape = tf.TensorShape(inputs_shape).with_rank(2)
        input_size = tf.compat.dimension_value(inputs_shape[-1])
        if input_size is None:
            raise ValueError("Cannot infer input_size from static shape inference.")
        return int(input_size)

    # -- weights ------------------------------------------------------------------------------------
    def build(self, inputs_shape):
        self._window_starts(self._static_input_size(inputs_shape))  # TF1 validated before making variables
        self._block_weights = {"": self._build_direction("")}

    def _build_direction(self, prefix: str) -> list[dict]:
        """Every block's weights under ``prefix`` (``""``, ``"fwd/"``, ``"bwd/"``), in TF 1.15's order."""
        dtype = self.weight_dtype
        units = self._num_units
        num_gates = 3 if self._couple_input_forget_gates else 4
        matrix_shape = [self._feature_size + 2 * units, num_gates * units]
        zeros = tf.compat.v1.zeros_initializer()
        blocks = []
        for block in range(len(self._num_frequency_blocks)):
            weights = {"W_f": self._sharded_matrix(f"{prefix}W_f_{block}", matrix_shape, dtype),
                       "B_f": self.tf1_weight(f"{prefix}B_f_{block}", [num_gates * units], dtype=dtype,
                                              initializer=zeros)}
            if not self._share_time_frequency_weights:
                weights["W_t"] = self._sharded_matrix(f"{prefix}W_t_{block}", matrix_shape, dtype)
                weights["B_t"] = self.tf1_weight(f"{prefix}B_t_{block}", [num_gates * units], dtype=dtype,
                                                 initializer=zeros)
            if self._use_peepholes:
                kinds = ["freq"] if self._share_time_frequency_weights else ["freq", "time"]
                for kind in kinds:
                    gates = ["I", "O"] if self._couple_input_forget_gates else ["F", "I", "O"]
                    for gate in gates:
                        for source in ("f", "t"):
                            key = f"W_{gate}_diag_{kind}{source}"
                            weights[key] = self.tf1_weight(f"{prefix}{key}_{block}", [units], dtype=dtype)
            blocks.append(weights)
        return blocks

    def _sharded_matrix(self, name: str, shape, dtype):
        rows = _shard_rows(shape[0], self._num_unit_shards, shape)
        shards = [self.tf1_weight(f"{name}_{index}", [count] + shape[1:], dtype=dtype)
                  for index, count in enumerate(rows)]
        # Several shards are concatenated at each step, as TF 1.15 did.
        return shards[0] if len(shards) == 1 else shards

    @staticmethod
    def _matrix(weight):
        return tf.concat(weight, 0) if isinstance(weight, list) else weight

    # -- the step -----------------------------------------------------------------------------------
    def call(self, inputs, state):
        batch_size = tf.compat.dimension_value(inputs.shape[0]) or tf.shape(inputs)[0]
        outputs, new_state = [], []
        for block, windows in enumerate(self._frequency_windows(inputs)):
            block_outputs, block_state = self._compute(self._block_weights[""][block], windows, block, state,
                                                       batch_size, "state", self._state_is_tuple)
            outputs.extend(block_outputs)
            new_state.extend(block_state)
        if self._state_is_tuple:
            new_state = self._state_tuple_type(*new_state)
        else:
            new_state = tf.concat(new_state, 1)
        return tf.concat(outputs, 1), new_state

    def _compute(self, weights, windows, block, state, batch_size, state_prefix, state_is_tuple):
        units = self._num_units
        num_gates = 3 if self._couple_input_forget_gates else 4
        dtype = windows[0].dtype
        shared = self._share_time_frequency_weights
        peep = weights.get if self._use_peepholes else None
        # With shared weights the time LSTM uses the frequency LSTM's gates and peepholes.
        time_kind = "freq" if shared else "time"
        m_prev_freq = tf.zeros([batch_size, units], dtype)
        c_prev_freq = tf.zeros([batch_size, units], dtype)
        outputs, new_state = [], []
        for freq, window in enumerate(windows):
            if state_is_tuple:
                name = "%s_f%02d_b%02d" % (state_prefix, freq, block)
                c_prev_time, m_prev_time = getattr(state, name + "_c"), getattr(state, name + "_m")
            else:
                c_prev_time = state[:, 2 * freq * units:(2 * freq + 1) * units]
                m_prev_time = state[:, (2 * freq + 1) * units:(2 * freq + 2) * units]
            cell_inputs = tf.concat([window, m_prev_time, m_prev_freq], 1)
            freq_gates = self._gates(cell_inputs, weights["W_f"], weights["B_f"], num_gates)
            time_gates = freq_gates if shared else self._gates(cell_inputs, weights["W_t"], weights["B_t"],
                                                               num_gates)
            c_freq = self._new_cell(freq_gates, "freq", peep, c_prev_freq, c_prev_time, c_prev_freq)
            c_time = self._new_cell(time_gates, time_kind, peep, c_prev_freq, c_prev_time, c_prev_time)
            m_freq = self._new_output(freq_gates, "freq", peep, c_freq, c_time, c_freq)
            m_time = self._new_output(time_gates, time_kind, peep, c_freq, c_time, c_time)
            m_prev_freq, c_prev_freq = m_freq, c_freq
            new_state.extend([c_time, m_time])
            outputs.extend([m_time, m_freq])
        return outputs, new_state

    def _gates(self, cell_inputs, matrix, bias, num_gates):
        values = tf.split(tf.nn.bias_add(tf.matmul(cell_inputs, self._matrix(matrix)), bias), num_gates, axis=1)
        if self._couple_input_forget_gates:
            i, j, o = values
            return i, j, None, o
        return tuple(values)

    def _new_cell(self, gates, kind, peep, c_freq_side, c_time_side, c_prev):
        i, j, f, _ = gates
        if peep:
            i_gate = tf.sigmoid(i + peep(f"W_I_diag_{kind}f") * c_freq_side + peep(f"W_I_diag_{kind}t") * c_time_side)
        else:
            i_gate = tf.sigmoid(i)
        if self._couple_input_forget_gates:
            f_gate = 1.0 - i_gate
        elif peep:
            f_gate = tf.sigmoid(f + self._forget_bias + peep(f"W_F_diag_{kind}f") * c_freq_side
                                + peep(f"W_F_diag_{kind}t") * c_time_side)
        else:
            f_gate = tf.sigmoid(f + self._forget_bias)
        c = f_gate * c_prev + i_gate * tf.tanh(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        return c

    def _new_output(self, gates, kind, peep, c_freq, c_time, c):
        o = gates[3]
        if peep:
            o = o + peep(f"W_O_diag_{kind}f") * c_freq + peep(f"W_O_diag_{kind}t") * c_time
        return tf.sigmoid(o) * tf.tanh(c)


class BidirectionalGridLSTMCell(GridLSTMCell):
    """``BidirectionalGridLSTMCell(num_units, use_peepholes=False, share_time_frequency_weights=False,
    cell_clip=None, initializer=None, num_unit_shards=1, forget_bias=1.0, feature_size=None,
    frequency_skip=None, num_frequency_blocks=None, start_freqindex_list=None, end_freqindex_list=None,
    couple_input_forget_gates=False, backward_slice_offset=0, reuse=None)``.

    A ``GridLSTMCell`` forward (``fwd/`` weights) and one over the windows in reverse order (``bwd/``
    weights, windows shifted by ``backward_slice_offset`` over a zero-padded input); the state is always a
    ``BidirectionalGridLSTMStateTuple`` (``fwd_state_...`` then ``bwd_state_...``).
    """

    def __init__(self, num_units, use_peepholes=False, share_time_frequency_weights=False, cell_clip=None,
                 initializer=None, num_unit_shards=1, forget_bias=1.0, feature_size=None, frequency_skip=None,
                 num_frequency_blocks=None, start_freqindex_list=None, end_freqindex_list=None,
                 couple_input_forget_gates=False, backward_slice_offset=0, reuse=None):
        super().__init__(num_units, use_peepholes, share_time_frequency_weights, cell_clip, initializer,
                         num_unit_shards, forget_bias, feature_size, frequency_skip, num_frequency_blocks,
                         start_freqindex_list, end_freqindex_list, couple_input_forget_gates, True, reuse)
        self._backward_slice_offset = int(backward_slice_offset)
        self._state_tuple_type = _state_tuple_type("BidirectionalGridLSTMStateTuple", ["fwd_state", "bwd_state"],
                                                   num_frequency_blocks)
        self._state_size = self._state_tuple_type(*([num_units, num_units] * self._total_blocks * 2))
        self._output_size = 2 * num_units * self._total_blocks * 2

    def build(self, inputs_shape):
        input_size = self._static_input_size(inputs_shape)
        self._window_starts(input_size)
        if self._backward_slice_offset:
            self._window_starts(input_size, self._backward_slice_offset)
        self._block_weights = {"fwd": self._build_direction("fwd/"), "bwd": self._build_direction("bwd/")}

    def call(self, inputs, state):
        batch_size = tf.compat.dimension_value(inputs.shape[0]) or tf.shape(inputs)[0]
        fwd_windows = self._frequency_windows(inputs)
        bwd_windows = (self._frequency_windows(inputs, self._backward_slice_offset)
                       if self._backward_slice_offset else fwd_windows)
        outputs, new_state = [], []
        for direction, windows in (("fwd", fwd_windows), ("bwd", bwd_windows)):
            for block, block_windows in enumerate(windows):
                if direction == "bwd":
                    block_windows = block_windows[::-1]
                block_outputs, block_state = self._compute(self._block_weights[direction][block], block_windows,
                                                           block, state, batch_size, f"{direction}_state", True)
                outputs.extend(block_outputs)
                new_state.extend(block_state)
        return tf.concat(outputs, 1), self._state_tuple_type(*new_state)
