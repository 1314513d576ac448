"""TF 1.15's ``_Linear`` as legacy_seq2seq uses it: ``concat(args) @ kernel + bias``.

The weights are named ``kernel`` and ``bias`` directly in the *current* variable scope (no sub-scope
of their own), which is why attention_decoder's checkpoints hold ``attention_decoder/kernel``,
``attention_decoder/Attention_0/kernel`` and ``attention_decoder/AttnOutputProjection/kernel``.
"""

from __future__ import annotations

import tensorflow as tf

from tf_seq2seq_migrate.runtime.legacy_seq2seq.variables import get_variable

__all__ = ["linear"]


def linear(args, output_size: int, bias: bool, bias_initializer=None, kernel_initializer=None):
    """``sum_i(args[i] @ W[i]) (+ b)`` with ``W`` stored as one ``[sum of widths, output_size]`` kernel."""
    if args is None or (tf.nest.is_nested(args) and not args):
        raise ValueError("`args` must be specified")
    if not tf.nest.is_nested(args):
        args = [args]
    args = [tf.convert_to_tensor(arg) for arg in args]

    total_arg_size = 0
    shapes = [arg.shape for arg in args]
    for shape in shapes:
        if shape.rank != 2:
            raise ValueError(f"linear is expecting 2D arguments: {shapes}")
        width = tf.compat.dimension_value(shape[1])
        if width is None:
            raise ValueError(f"linear expects shape[1] to be provided for shape {shape}, but saw {width}")
        total_arg_size += width
    dtype = args[0].dtype

    kernel = get_variable("kernel", [total_arg_size, output_size], dtype=dtype, initializer=kernel_initializer)
    joined = args[0] if len(args) == 1 else tf.concat(args, 1)
    result = tf.matmul(joined, kernel)
    if not bias:
        return result
    if bias_initializer is None:
        bias_initializer = tf.compat.v1.zeros_initializer()
    # TF1 split only the kernel under a scope's partitioner; the bias was always one variable.
    with tf.compat.v1.variable_scope(tf.compat.v1.get_variable_scope()) as unpartitioned_scope:
        unpartitioned_scope.set_partitioner(None)
        biases = get_variable("bias", [output_size], dtype=dtype, initializer=bias_initializer)
    return tf.nn.bias_add(result, biases)
