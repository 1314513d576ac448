"""TF 1.15's block GRU cells from ``tf.contrib.rnn`` (``contrib/rnn/python/ops/gru_ops.py``):
``GRUBlockCell`` and ``GRUBlockCellV2``, one GRU step on TF1's fused ``GRUBlockCell`` kernel (TF 2.21
still ships it; float32 only, as in TF1). While tracing for XLA, which has no kernel for it, the same
formula runs on plain ops.

``[r, u] = sigmoid(concat([x, h]) @ w_ru + b_ru)``, ``c = tanh(concat([x, r * h]) @ w_c + b_c)``,
``h' = u * h + (1 - u) * c``. Variables (default layer name ``gru_cell``): ``GRUBlockCell`` names them
``w_ru`` ``[depth + units, 2 * units]``, ``b_ru`` (ones), ``w_c`` ``[depth + units, units]``, ``b_c``
(zeros); ``GRUBlockCellV2`` names the same weights like ``GRUCell``: ``gates/kernel``, ``gates/bias``,
``candidate/kernel``, ``candidate/bias``.
"""

from __future__ import annotations

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.lstm_ops import in_xla_context, register_gradient_once
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import RNNCell

__all__ = ["GRUBlockCell", "GRUBlockCellV2"]


def gru_block_step(x, h_prev, w_ru, w_c, b_ru, b_c):
    """One step of TF1's block GRU on plain ops (the kernel's formula)."""
    r, u = tf.split(tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([x, h_prev], 1), w_ru), b_ru)), 2, axis=1)
    c = tf.tanh(tf.nn.bias_add(tf.matmul(tf.concat([x, r * h_prev], 1), w_c), b_c))
    return u * h_prev + (1 - u) * c


def _gru_block_cell_grad(op, *grads):
    """Gradient of ``GRUBlockCell`` (TF 2 registers none): ``GRUBlockCellGrad`` gives the gradients of the
    inputs, the previous state and the gate pre-activations; the weights' follow from the matmuls."""
    x, h_prev, w_ru, w_c, b_ru, b_c = op.inputs
    r, u, c, h = op.outputs
    h_grad = tf.zeros_like(h) if grads[3] is None else grads[3]
    x_grad, h_prev_grad, c_bar_grad, r_bar_u_bar_grad = tf.raw_ops.GRUBlockCellGrad(
        x=x, h_prev=h_prev, w_ru=w_ru, w_c=w_c, b_ru=b_ru, b_c=b_c, r=r, u=u, c=c, d_h=h_grad)
    w_ru_grad = tf.matmul(tf.concat([x, h_prev], 1), r_bar_u_bar_grad, transpose_a=True)
    w_c_grad = tf.matmul(tf.concat([x, h_prev * r], 1), c_bar_grad, transpose_a=True)
    return (x_grad, h_prev_grad, w_ru_grad, w_c_grad, tf.reduce_sum(r_bar_u_bar_grad, axis=0),
            tf.reduce_sum(c_bar_grad, axis=0))


register_gradient_once("GRUBlockCell", _gru_block_cell_grad)


class GRUBlockCell(RNNCell):
    """``GRUBlockCell(num_units=None, cell_size=None, reuse=None, name="gru_cell")``: TF1's block GRU
    (``cell_size`` is the old name of ``num_units``; give exactly one)."""

    # TF1 variable names of (gate kernel, gate bias, candidate kernel, candidate bias).
    _weight_names = ("w_ru", "b_ru", "w_c", "b_c")

    def __init__(self, num_units=None, cell_size=None, reuse=None, name="gru_cell"):
        super().__init__(_reuse=reuse, name=name)
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        if num_units is None:
            num_units = cell_size
        self._cell_size = num_units

    @property
    def state_size(self):
        return self._cell_size

    @property
    def output_size(self):
        return self._cell_size

    def build(self, input_shape):
        input_shape = tf.TensorShape(input_shape)
        if input_shape.rank is not None and input_shape.rank != 2:
            raise ValueError(f"Input 0 of layer {self._tf1_base_name} is incompatible with the layer: expected "
                             f"ndim=2, found ndim={input_shape.rank}. Full shape received: {input_shape}")
        input_size = tf.compat.dimension_value(input_shape[1]) if input_shape.rank else None
        if input_size is None:
            raise ValueError("Expecting input_size to be set.")
        units, dtype = self._cell_size, self.weight_dtype
        gate_kernel, gate_bias, candidate_kernel, candidate_bias = self._weight_names
        self._gate_kernel = self.tf1_weight(gate_kernel, [input_size + units, 2 * units], dtype=dtype)
        self._gate_bias = self.tf1_weight(gate_bias, [2 * units], dtype=dtype,
                                          initializer=tf.compat.v1.constant_initializer(1.0))
        self._candidate_kernel = self.tf1_weight(candidate_kernel, [input_size + units, units], dtype=dtype)
        self._candidate_bias = self.tf1_weight(candidate_bias, [units], dtype=dtype,
                                               initializer=tf.compat.v1.constant_initializer(0.0))

    def call(self, inputs, h_prev):
        h_prev = tf.convert_to_tensor(h_prev)
        cell_size = tf.compat.dimension_value(h_prev.shape.with_rank(2)[1])
        if cell_size is not None and cell_size != self._cell_size:
            raise ValueError(f"Shape of h_prev[1] incorrect: cell_size {self._cell_size} vs {cell_size}")
        if in_xla_context():
            new_h = gru_block_step(inputs, h_prev, self._gate_kernel, self._candidate_kernel, self._gate_bias,
                                   self._candidate_bias)
        else:
            new_h = tf.raw_ops.GRUBlockCell(x=inputs, h_prev=h_prev, w_ru=self._gate_kernel,
                                            w_c=self._candidate_kernel, b_ru=self._gate_bias,
                                            b_c=self._candidate_bias).h
        return new_h, new_h


class GRUBlockCellV2(GRUBlockCell):
    """``GRUBlockCell`` whose variables carry ``GRUCell``'s names (``gates/kernel``, ``candidate/bias``, ...)."""

    _weight_names = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")
