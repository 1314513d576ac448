"""sequence_loss and SequenceLoss against a numpy re-derivation for every reduction combination."""

from __future__ import annotations

import itertools

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import seq2seq

BATCH, TIME, CLASSES = 3, 4, 5
_generator = np.random.default_rng(5)
LOGITS = _generator.normal(size=(BATCH, TIME, CLASSES)).astype(np.float32)
TARGETS = _generator.integers(0, CLASSES, size=(BATCH, TIME)).astype(np.int32)
# Padding (zero weights), fractional weights, and one all-padding time step so a count can be 0.
WEIGHTS = np.array([[1.0, 1.0, 0.5, 0.0],
                    [1.0, 0.0, 0.0, 0.0],
                    [2.0, 1.0, 1.0, 0.0]], np.float32)

# Each axis: None (kept), "average" (divide by total weight) or "sum" (divide by non-zero count).
AXIS_MODES = (None, "average", "sum")


def numpy_crossent():
    shifted = LOGITS - LOGITS.max(axis=-1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_softmax, TARGETS[..., None], axis=-1)[..., 0]
    return (-picked * WEIGHTS).astype(np.float64)


def numpy_divide_no_nan(numerator, denominator):
    denominator = np.asarray(denominator, np.float64)
    return np.where(denominator == 0, 0.0, numerator / np.where(denominator == 0, 1.0, denominator))


def numpy_sequence_loss(time_mode, batch_mode):
    loss = numpy_crossent()
    nonzero = (WEIGHTS != 0).astype(np.float64)
    if time_mode == "average" and batch_mode == "average":
        return numpy_divide_no_nan(loss.sum(), WEIGHTS.sum())
    if time_mode == "sum" and batch_mode == "sum":
        return numpy_divide_no_nan(loss.sum(), nonzero.sum())
    # Only one axis is reduced (TF 1.15: an "average" flag wins over a "sum" flag on the other axis).
    if "average" in (time_mode, batch_mode):
        axis = 0 if batch_mode == "average" else 1
        return numpy_divide_no_nan(loss.sum(axis=axis), WEIGHTS.sum(axis=axis))
    if "sum" in (time_mode, batch_mode):
        axis = 0 if batch_mode == "sum" else 1
        return numpy_divide_no_nan(loss.sum(axis=axis), nonzero.sum(axis=axis))
    return loss


def flags(time_mode, batch_mode):
    return {"average_across_timesteps": time_mode == "average", "sum_over_timesteps": time_mode == "sum",
            "average_across_batch": batch_mode == "average", "sum_over_batch": batch_mode == "sum"}


@pytest.mark.parametrize("time_mode,batch_mode", list(itertools.product(AXIS_MODES, AXIS_MODES)))
def test_sequence_loss_matches_numpy(time_mode, batch_mode):
    loss = seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS),
                                 **flags(time_mode, batch_mode))
    expected = numpy_sequence_loss(time_mode, batch_mode)
    assert loss.shape == np.shape(expected)
    np.testing.assert_allclose(loss.numpy(), expected, rtol=1e-6, atol=1e-6)


def test_default_is_weighted_average_per_token():
    loss = seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS)
    np.testing.assert_allclose(loss.numpy(), numpy_crossent().sum() / WEIGHTS.sum(), rtol=1e-6)


def test_sequence_loss_in_graph_mode_and_under_xla():
    expected = numpy_sequence_loss("sum", None)
    with tf.Graph().as_default():
        loss = seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS),
                                     **flags("sum", None))
        with tf.compat.v1.Session() as session:
            np.testing.assert_allclose(session.run(loss), expected, rtol=1e-6, atol=1e-6)
    compiled = tf.function(lambda: seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS, **flags("sum", None)),
                           jit_compile=True)
    np.testing.assert_allclose(compiled().numpy(), expected, rtol=1e-6, atol=1e-6)


def test_custom_softmax_loss_function_gets_flat_keyword_arguments():
    seen = {}

    def squared_error(labels, logits):
        seen["labels"], seen["logits"] = labels.shape, logits.shape
        return tf.reduce_sum(tf.square(logits - tf.one_hot(labels, CLASSES)), axis=-1)

    loss = seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS, average_across_batch=False,
                                 softmax_loss_function=squared_error)
    assert seen == {"labels": (BATCH * TIME,), "logits": (BATCH * TIME, CLASSES)}
    per_token = ((LOGITS - np.eye(CLASSES)[TARGETS]) ** 2).sum(-1) * WEIGHTS
    np.testing.assert_allclose(loss.numpy(), per_token.sum(1) / WEIGHTS.sum(1), rtol=1e-6)


def test_argument_errors_match_tf1():
    with pytest.raises(ValueError, match=r"^Logits must be a \[batch_size x sequence_length x logits\] tensor$"):
        seq2seq.sequence_loss(LOGITS[0], TARGETS, WEIGHTS)
    with pytest.raises(ValueError, match=r"^Targets must be a \[batch_size x sequence_length\] tensor$"):
        seq2seq.sequence_loss(LOGITS, TARGETS[0], WEIGHTS)
    with pytest.raises(ValueError, match=r"^Weights must be a \[batch_size x sequence_length\] tensor$"):
        seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS[0])
    with pytest.raises(ValueError, match="^average_across_timesteps and sum_over_timesteps cannot be set to True "
                                         "at same time.$"):
        seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS, sum_over_timesteps=True)
    with pytest.raises(ValueError, match="^average_across_batch and sum_over_batch cannot be set to True at same "
                                         "time.$"):
        seq2seq.sequence_loss(LOGITS, TARGETS, WEIGHTS, average_across_timesteps=False, sum_over_batch=True)


@pytest.mark.parametrize("time_mode,batch_mode", [("sum", "sum"), ("average", "average"), ("average", None),
                                                  (None, "sum")])
def test_sequence_loss_class_reduces_like_the_function(time_mode, batch_mode):
    loss_object = seq2seq.SequenceLoss(**flags(time_mode, batch_mode))
    value = loss_object(TARGETS, LOGITS, sample_weight=WEIGHTS)
    np.testing.assert_allclose(value.numpy(), numpy_sequence_loss(time_mode, batch_mode), rtol=1e-6, atol=1e-6)


def test_sequence_loss_class_defaults_sum_over_both_axes_and_unit_weights():
    loss_object = seq2seq.SequenceLoss()
    np.testing.assert_allclose(loss_object(TARGETS, LOGITS, WEIGHTS).numpy(), numpy_sequence_loss("sum", "sum"),
                               rtol=1e-6)
    # With no sample_weight every token counts once (Keras passes None when a dataset has no weights).
    shifted = LOGITS - LOGITS.max(-1, keepdims=True)
    all_tokens = -(np.take_along_axis(shifted, TARGETS[..., None], -1)[..., 0] - np.log(np.exp(shifted).sum(-1)))
    np.testing.assert_allclose(loss_object(TARGETS, LOGITS).numpy(), all_tokens.mean(), rtol=1e-6)


def test_sequence_loss_class_works_in_keras_evaluate():
    inputs = keras.Input(shape=(TIME, CLASSES))
    model = keras.Model(inputs, keras.layers.Identity()(inputs))
    model.compile(loss=seq2seq.SequenceLoss())
    value = model.evaluate(LOGITS, TARGETS, sample_weight=WEIGHTS, batch_size=BATCH, verbose=0)
    np.testing.assert_allclose(value, numpy_sequence_loss("sum", "sum"), rtol=1e-5)
