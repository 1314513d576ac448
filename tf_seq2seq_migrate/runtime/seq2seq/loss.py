"""TF 1.15's ``sequence_loss`` and ``SequenceLoss``: weighted cross-entropy over ``[batch, time]``.

The four flags pick how the weighted per-token cross-entropy is reduced: ``average_across_*`` divide
the sum by the total weight along that axis, ``sum_over_*`` by the number of non-zero weights along it.
"""

from __future__ import annotations

import keras
import tensorflow as tf

__all__ = ["sequence_loss", "SequenceLoss"]


def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  sum_over_timesteps=False, sum_over_batch=False, softmax_loss_function=None, name=None):
    """Weighted cross-entropy of ``logits`` ``[batch, time, classes]`` against ``targets`` ``[batch, time]``.

    Returns a tensor of rank 0, 1 or 2: each of the time and batch axes is reduced when its
    ``average_across_*`` or ``sum_over_*`` flag is set. ``softmax_loss_function(labels=, logits=)``
    replaces the sparse softmax cross-entropy (it is called with keyword arguments).
    """
    logits = tf.convert_to_tensor(logits, name="logits")
    targets = tf.convert_to_tensor(targets, name="targets")
    weights = tf.convert_to_tensor(weights, name="weights")
    if logits.shape.rank != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if targets.shape.rank != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if weights.shape.rank != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at same time.")

    with tf.compat.v1.name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = tf.shape(logits)[2]
        logits_flat = tf.reshape(logits, [-1, num_classes])
        targets_flat = tf.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets_flat, logits=logits_flat)
        else:
            crossent = softmax_loss_function(labels=targets_flat, logits=logits_flat)
        crossent *= tf.reshape(tf.cast(weights, crossent.dtype), [-1])
        weights = tf.cast(weights, crossent.dtype)

        if average_across_timesteps and average_across_batch:
            return tf.math.divide_no_nan(tf.reduce_sum(crossent), tf.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            count = tf.cast(tf.math.count_nonzero(weights), crossent.dtype)
            return tf.math.divide_no_nan(tf.reduce_sum(crossent), count)

        crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            return tf.math.divide_no_nan(tf.reduce_sum(crossent, axis=axis), tf.reduce_sum(weights, axis=axis))
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            count = tf.cast(tf.math.count_nonzero(weights, axis=axis), crossent.dtype)
            return tf.math.divide_no_nan(tf.reduce_sum(crossent, axis=axis), count)
        return crossent


class SequenceLoss(keras.losses.Loss):
    """``sequence_loss`` as a Keras loss: ``loss(y_true=targets, y_pred=logits, sample_weight=weights)``.

    Defaults sum over both axes (divided by the number of non-zero weights), as in TF 1.15's class.
    ``sample_weight=None`` weighs every token 1 (Keras passes None when a dataset has no weights).
    """

    def __init__(self, average_across_timesteps=False, average_across_batch=False, sum_over_timesteps=True,
                 sum_over_batch=True, softmax_loss_function=None, name=None):
        super().__init__(name=name)
        self.average_across_timesteps = average_across_timesteps
        self.average_across_batch = average_across_batch
        self.sum_over_timesteps = sum_over_timesteps
        self.sum_over_batch = sum_over_batch
        self.softmax_loss_function = softmax_loss_function

    def __call__(self, y_true, y_pred, sample_weight=None):
        # The reduction is sequence_loss's own, so Keras' reduction and masking are bypassed.
        y_true = tf.convert_to_tensor(y_true)
        if y_true.dtype.is_floating:  # Keras may hand integer targets over as floats
            y_true = tf.cast(y_true, tf.int32)
        if sample_weight is None:
            sample_weight = tf.ones(tf.shape(y_true), dtype=tf.as_dtype(getattr(y_pred, "dtype", tf.float32)))
        return sequence_loss(y_pred, y_true, sample_weight,
                             average_across_timesteps=self.average_across_timesteps,
                             average_across_batch=self.average_across_batch,
                             sum_over_timesteps=self.sum_over_timesteps, sum_over_batch=self.sum_over_batch,
                             softmax_loss_function=self.softmax_loss_function, name=self.name)

    def call(self, y_true, y_pred):
        return self(y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "average_across_timesteps": self.average_across_timesteps,
                "average_across_batch": self.average_across_batch, "sum_over_timesteps": self.sum_over_timesteps,
                "sum_over_batch": self.sum_over_batch}
