"""TF 1.15's block LSTM cells from ``tf.contrib.rnn`` (``contrib/rnn/python/ops/lstm_ops.py``):
``LSTMBlockCell`` (one step), ``LSTMBlockWrapper`` (base class of the fused, whole-sequence LSTMs) and
``LSTMBlockFusedCell`` (a time-major sequence in one op).

They run TF1's own kernels, which TF 2.21 still ships (``tf.raw_ops.LSTMBlockCell`` and ``BlockLSTM``),
so the numbers are TF1's. XLA has no kernels for them: while tracing for ``jit_compile=True`` the same
formula runs on plain ops instead. Variables as in TF1: ``kernel`` over ``concat([inputs, h])`` with gate
order i, j (the candidate, "ci"), f, o; ``bias`` (zeros); with ``use_peephole`` ``w_i_diag``,
``w_f_diag``, ``w_o_diag``. ``forget_bias`` is added at run time. ``LSTMBlockCell``'s default layer name
is ``lstm_cell`` (``rnn/lstm_cell/kernel``, the names of ``LSTMCell``), ``LSTMBlockFusedCell``'s
``lstm_fused_cell``.
"""

from __future__ import annotations

import abc

import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import LSTMStateTuple, RNNCell

__all__ = ["LSTMBlockCell", "LSTMBlockWrapper", "LSTMBlockFusedCell"]

# The kernels' attribute for "no clipping" (TF1 turned cell_clip=None into -1).
_NO_CLIP = -1.0


def in_xla_context() -> bool:
    """True while tracing a function compiled with XLA (``tf.function(jit_compile=True)``)."""
    if tf.executing_eagerly():
        return False
    from tensorflow.python.ops import control_flow_util  # private, but the only reliable probe

    return bool(control_flow_util.GraphOrParentsInXlaContext(tf.compat.v1.get_default_graph()))


def lstm_block_step(x, cs_prev, h_prev, w, b, wci, wcf, wco, forget_bias, cell_clip, use_peephole):
    """One step of TF1's block LSTM on plain ops (the kernel's formula); returns ``(cs, h)``.

    Used where the fused kernel cannot run (XLA). ``cell_clip <= 0`` means no clipping, as in the kernel.
    """
    gates = tf.nn.bias_add(tf.matmul(tf.concat([x, h_prev], 1), w), b)
    i, ci, f, o = tf.split(gates, num_or_size_splits=4, axis=1)
    f = f + tf.cast(forget_bias, f.dtype)
    if use_peephole:
        i = i + cs_prev * wci
        f = f + cs_prev * wcf
    cs = tf.tanh(ci) * tf.sigmoid(i) + cs_prev * tf.sigmoid(f)
    if cell_clip > 0:
        cs = tf.clip_by_value(cs, -cell_clip, cell_clip)
    if use_peephole:
        o = o + cs * wco
    h = tf.tanh(cs) * tf.sigmoid(o)
    return cs, h


def _lstm_block_cell_grad(op, *grads):
    """Gradient of ``LSTMBlockCell`` (TF 2 registers none): the kernel ``LSTMBlockCellGrad`` gives the
    gradients of the cell state, the gate pre-activations and the peepholes; the rest is the matmul's."""
    x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
    i, cs, f, o, ci, co, _ = op.outputs
    cs_grad, h_grad = grads[1], grads[6]
    cs_grad = tf.zeros_like(cs) if cs_grad is None else cs_grad
    h_grad = tf.zeros_like(cs) if h_grad is None else h_grad
    cs_prev_grad, gates_grad, wci_grad, wcf_grad, wco_grad = tf.raw_ops.LSTMBlockCellGrad(
        x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco, b=b, i=i, cs=cs, f=f, o=o, ci=ci,
        co=co, cs_grad=cs_grad, h_grad=h_grad, use_peephole=op.get_attr("use_peephole"))
    xh_grad = tf.matmul(gates_grad, w, transpose_b=True)
    input_size = tf.shape(x)[1]
    x_grad = xh_grad[:, :input_size]
    h_prev_grad = xh_grad[:, input_size:]
    w_grad = tf.matmul(tf.concat([x, h_prev], 1), gates_grad, transpose_a=True)
    b_grad = tf.reduce_sum(gates_grad, axis=0)
    return x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad, wco_grad, b_grad


def register_gradient_once(op_type: str, gradient) -> None:
    """Register ``gradient`` for ``op_type`` unless TensorFlow (or an earlier import) already has one."""
    from tensorflow.python.framework import ops  # the registry has no public lookup

    try:
        ops.gradient_registry.lookup(op_type)
    except LookupError:
        tf.RegisterGradient(op_type)(gradient)


register_gradient_once("LSTMBlockCell", _lstm_block_cell_grad)


def _static_dim(shape, index):
    return tf.compat.dimension_value(shape[index]) if shape.rank is not None else None


class LSTMBlockCell(RNNCell):
    """``LSTMBlockCell(num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, dtype=None,
    reuse=None, name="lstm_cell")``: TF1's LSTM step on the fused ``LSTMBlockCell`` kernel. State
    ``LSTMStateTuple(c, h)``; without peepholes it computes what ``LSTMCell`` computes with the same weights.
    """

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, dtype=None, reuse=None,
                 name="lstm_cell"):
        super().__init__(_reuse=reuse, dtype=dtype, name=name)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._use_peephole = use_peephole
        self._cell_clip = cell_clip if cell_clip is not None else _NO_CLIP

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        inputs_shape = tf.TensorShape(inputs_shape)
        if inputs_shape.rank is not None and inputs_shape.rank != 2:
            raise ValueError(f"Input 0 of layer {self._tf1_base_name} is incompatible with the layer: expected "
                             f"ndim=2, found ndim={inputs_shape.rank}. Full shape received: {inputs_shape}")
        input_size = _static_dim(inputs_shape, 1)
        if not input_size:
            raise ValueError(f"Expecting inputs_shape[1] to be set: {inputs_shape}")
        units, dtype = self._num_units, self.weight_dtype
        self._kernel = self.tf1_weight("kernel", [input_size + units, 4 * units], dtype=dtype)
        self._bias = self.tf1_weight("bias", [4 * units], dtype=dtype,
                                     initializer=tf.compat.v1.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.tf1_weight("w_i_diag", [units], dtype=dtype)
            self._w_f_diag = self.tf1_weight("w_f_diag", [units], dtype=dtype)
            self._w_o_diag = self.tf1_weight("w_o_diag", [units], dtype=dtype)

    def _peepholes(self, dtype):
        if self._use_peephole:
            return self._w_i_diag, self._w_f_diag, self._w_o_diag
        zeros = tf.zeros([self._num_units], dtype=dtype)
        return zeros, zeros, zeros

    def call(self, inputs, state):
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        cs_prev, h_prev = state
        wci, wcf, wco = self._peepholes(self.weight_dtype)
        if in_xla_context():
            cs, h = lstm_block_step(inputs, cs_prev, h_prev, self._kernel, self._bias, wci, wcf, wco,
                                    self._forget_bias, self._cell_clip, self._use_peephole)
        else:
            step = tf.raw_ops.LSTMBlockCell(x=inputs, cs_prev=cs_prev, h_prev=h_prev, w=self._kernel, wci=wci,
                                            wcf=wcf, wco=wco, b=self._bias, forget_bias=self._forget_bias,
                                            cell_clip=self._cell_clip, use_peephole=self._use_peephole)
            cs, h = step.cs, step.h
        return h, LSTMStateTuple(cs, h)


class LSTMBlockWrapper(Tf1Layer, metaclass=abc.ABCMeta):
    """Housekeeping for LSTMs that run a whole time-major sequence at once (TF1's ``LSTMBlockWrapper``).

    ``wrapper(inputs, initial_state=None, dtype=None, sequence_length=None, scope=None)`` with ``inputs``
    ``[time, batch, depth]`` (or a list of ``[batch, depth]``) returns ``(outputs, LSTMStateTuple(c, h))``.
    Subclasses implement ``num_units`` and ``_call_cell(inputs, initial_cell_state, initial_output, dtype,
    sequence_length)`` returning the cell states and outputs ``[time, batch, num_units]``; this class
    zeroes outputs past each row's ``sequence_length`` and takes the final state at ``length - 1`` (the
    initial state for length 0), as TF1 did.
    """

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        # A scope path as the name ("rnn/lstm_cell") is allowed: Tf1Layer keeps it for the TF1 scope.
        super().__init__(name=name, dtype=dtype, trainable=trainable, **kwargs)
        # None means: the dtype of the first inputs, as for the cells.
        self._tf1_requested_dtype = tf.as_dtype(dtype) if dtype is not None else None
        self._tf1_inputs_dtype = None

    @property
    @abc.abstractmethod
    def num_units(self):
        """Number of units in this cell (output dimension)."""

    @abc.abstractmethod
    def _call_cell(self, inputs, initial_cell_state, initial_output, dtype, sequence_length):
        """Run the LSTM over ``inputs``; returns ``(cell_states, outputs)``, each ``[time, batch, units]``."""

    def build(self, input_shape):
        """Default: no weights (subclasses that own weights override this, or create them in
        ``_call_cell``)."""
        return None

    def _lock_state(self):
        """Subclasses may create weights in ``_call_cell`` as TF1 allowed; keep Keras' lock off."""
        return None

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        with self.tf1_scope(scope):
            # A list of [batch, depth] steps gives a list of outputs back, as in TF1.
            is_list = isinstance(inputs, list)
            inputs = tf.stack(inputs) if is_list else tf.convert_to_tensor(inputs)
            if not self.built:
                if inputs.dtype.is_floating:
                    self._tf1_inputs_dtype = inputs.dtype
                self.build(inputs.shape)
            outputs, final_state = self.call(inputs, initial_state=initial_state, dtype=dtype,
                                             sequence_length=sequence_length)
            return (tf.unstack(outputs) if is_list else outputs), final_state

    @property
    def weight_dtype(self):
        """The dtype weights are created in: the constructor's ``dtype``, else the inputs'."""
        return self._tf1_requested_dtype or self._tf1_inputs_dtype or tf.float32

    def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        inputs = tf.convert_to_tensor(inputs)
        inputs_shape = inputs.shape.with_rank(3)
        if not _static_dim(inputs_shape, 2):
            raise ValueError(f"Expecting inputs_shape[2] to be set: {inputs_shape}")
        batch_size = _static_dim(inputs_shape, 1)
        if batch_size is None:
            batch_size = tf.shape(inputs)[1]
        time_len = _static_dim(inputs_shape, 0)
        if time_len is None:
            time_len = tf.shape(inputs)[0]
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            zeros = tf.zeros(tf.stack([batch_size, self.num_units]), dtype=dtype)
            initial_state = zeros, zeros
        else:
            if len(initial_state) != 2:
                raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
            if dtype is None:
                dtype = initial_state[0].dtype
        if sequence_length is not None:
            sequence_length = tf.convert_to_tensor(sequence_length)
        initial_cell_state, initial_output = initial_state
        cell_states, outputs = self._call_cell(inputs, initial_cell_state, initial_output, dtype, sequence_length)
        if sequence_length is None:
            return outputs, LSTMStateTuple(cell_states[-1], outputs[-1])
        # Zero the outputs past each row's length; the final state is the one after `length` steps, read
        # from the states with the initial state put in front (so length 0 gives the initial state).
        mask = tf.transpose(tf.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
        outputs = outputs * tf.expand_dims(mask, -1)
        all_cell_states = tf.concat([tf.expand_dims(initial_cell_state, 0), cell_states], 0)
        all_outputs = tf.concat([tf.expand_dims(initial_output, 0), outputs], 0)
        final_cell_state = self._gather_states(all_cell_states, sequence_length, batch_size)
        final_output = self._gather_states(all_outputs, sequence_length, batch_size)
        return outputs, LSTMStateTuple(final_cell_state, final_output)

    def _gather_states(self, data, indices, batch_size):
        """``out[i, j] = data[indices[i], i, j]``."""
        indices = tf.cast(indices, tf.int32)
        return tf.gather_nd(data, tf.stack([indices, tf.range(batch_size)], axis=1))


class LSTMBlockFusedCell(LSTMBlockWrapper):
    """``LSTMBlockFusedCell(num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, reuse=None,
    dtype=None, name="lstm_fused_cell")``: the whole time-major sequence on TF1's ``BlockLSTM`` kernel.
    """

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, reuse=None, dtype=None,
                 name="lstm_fused_cell"):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else _NO_CLIP
        self._use_peephole = use_peephole

    @property
    def num_units(self):
        """Number of units in this cell (output dimension)."""
        return self._num_units

    def build(self, input_shape):
        input_shape = tf.TensorShape(input_shape).with_rank(3)
        input_size = _static_dim(input_shape, 2)
        if not input_size:
            raise ValueError(f"Expecting inputs_shape[2] to be set: {input_shape}")
        units, dtype = self._num_units, self.weight_dtype
        self._kernel = self.tf1_weight("kernel", [input_size + units, 4 * units], dtype=dtype)
        self._bias = self.tf1_weight("bias", [4 * units], dtype=dtype,
                                     initializer=tf.compat.v1.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.tf1_weight("w_i_diag", [units], dtype=dtype)
            self._w_f_diag = self.tf1_weight("w_f_diag", [units], dtype=dtype)
            self._w_o_diag = self.tf1_weight("w_o_diag", [units], dtype=dtype)

    def _call_cell(self, inputs, initial_cell_state=None, initial_output=None, dtype=None, sequence_length=None):
        inputs = tf.convert_to_tensor(inputs)
        time_len = _static_dim(inputs.shape.with_rank(3), 0)
        if time_len is None:
            time_len = tf.shape(inputs)[0]
        if self._use_peephole:
            wci, wcf, wco = self._w_i_diag, self._w_f_diag, self._w_o_diag
        else:
            wci = wcf = wco = tf.zeros([self._num_units], dtype=dtype)
        if sequence_length is None:
            max_seq_len = tf.cast(time_len, tf.int64)
        else:
            max_seq_len = tf.cast(tf.reduce_max(sequence_length), tf.int64)
        if in_xla_context():
            return self._steps_on_plain_ops(inputs, initial_cell_state, initial_output, wci, wcf, wco, max_seq_len)
        block = tf.raw_ops.BlockLSTM(seq_len_max=max_seq_len, x=inputs, cs_prev=initial_cell_state,
                                     h_prev=initial_output, w=self._kernel, wci=wci, wcf=wcf, wco=wco, b=self._bias,
                                     forget_bias=self._forget_bias, cell_clip=self._cell_clip,
                                     use_peephole=self._use_peephole)
        return block.cs, block.h

    def _steps_on_plain_ops(self, inputs, cs, h, wci, wcf, wco, max_seq_len):
        """``BlockLSTM`` for XLA: every step on plain ops, zeros from ``max_seq_len`` on as the kernel writes."""
        def step(carry, x):
            return lstm_block_step(x, carry[0], carry[1], self._kernel, self._bias, wci, wcf, wco,
                                   self._forget_bias, self._cell_clip, self._use_peephole)

        cell_states, outputs = tf.scan(step, inputs, initializer=(cs, h))
        valid = tf.range(tf.shape(inputs, out_type=tf.int64)[0]) < max_seq_len
        valid = tf.cast(tf.reshape(valid, [-1, 1, 1]), outputs.dtype)
        return cell_states * valid, outputs * valid
