"""TF 1.15's ``tf.contrib.data`` transformations that have no ``tf.data.experimental`` name in TF 2.

Each returns a function for ``dataset.apply`` that gives the batches TF 1.15 gave, spelled with TF 2's
dataset methods: ``batch_and_drop_remainder`` / ``padded_batch_and_drop_remainder`` (NMT's batching:
full batches only, so the batch dimension is static) and ``sloppy_interleave`` (``parallel_interleave``
that may return elements out of order). The other contrib.data names are TF 2's
``tf.data.experimental`` functions under the same name.
"""

from __future__ import annotations

import tensorflow as tf

__all__ = ["batch_and_drop_remainder", "padded_batch_and_drop_remainder", "sloppy_interleave"]


def batch_and_drop_remainder(batch_size):
    """``tf.contrib.data.batch_and_drop_remainder``: ``batch`` without the final partial batch."""

    def _apply_fn(dataset):
        return dataset.batch(batch_size, drop_remainder=True)

    return _apply_fn


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """``tf.contrib.data.padded_batch_and_drop_remainder``: ``padded_batch`` without the final
    partial batch."""

    def _apply_fn(dataset):
        return dataset.padded_batch(batch_size, padded_shapes=padded_shapes, padding_values=padding_values,
                                    drop_remainder=True)

    return _apply_fn


def sloppy_interleave(map_func, cycle_length, block_length=1):
    """``tf.contrib.data.sloppy_interleave``: ``parallel_interleave`` with ``sloppy=True``."""
    return tf.data.experimental.parallel_interleave(map_func, cycle_length, block_length=block_length, sloppy=True)
