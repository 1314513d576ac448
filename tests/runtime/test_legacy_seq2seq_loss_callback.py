"""legacy_seq2seq's softmax_loss_function contract: called as f(labels=, logits=), TF 1.0-style callbacks refused."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import legacy_seq2seq

STEPS, BATCH, SYMBOLS = 2, 3, 4


def _case():
    generator = np.random.default_rng(7)
    logits = [generator.normal(size=(BATCH, SYMBOLS)).astype(np.float32) for _ in range(STEPS)]
    targets = [generator.integers(0, SYMBOLS, size=BATCH).astype(np.int32) for _ in range(STEPS)]
    weights = [np.ones(BATCH, np.float32) for _ in range(STEPS)]
    return logits, targets, weights


def _numpy_scaled_cross_entropy(logits, targets, weights, scale):
    """sum over steps of scale * softmax cross-entropy * weight, divided by the summed weights."""
    total = np.zeros(BATCH)
    for logit, target, weight in zip(logits, targets, weights):
        log_softmax = logit - np.log(np.exp(logit).sum(axis=1, keepdims=True))
        total += scale * -log_softmax[np.arange(BATCH), target] * weight
    return total / (np.add.reduce(weights) + 1e-12)


def _scaled_loss(labels, logits, scale):
    return scale * tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


def _keyword_only_loss(**kwargs):
    return _scaled_loss(kwargs["labels"], kwargs["logits"], 1.0)


def deepqa_style_loss(labels, inputs):  # early TF 1.x era: called positionally, second parameter not named logits
    return _scaled_loss(labels, inputs, 1.0)


@pytest.mark.parametrize("callback, scale", [
    (lambda labels, logits: _scaled_loss(labels, logits, 1.0), 1.0),
    (functools.partial(_scaled_loss, scale=2.0), 2.0),
    (_keyword_only_loss, 1.0),
])
@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_callbacks_taking_labels_and_logits_keywords_run(callback, scale, mode):
    logits, targets, weights = _case()

    def build():
        return legacy_seq2seq.sequence_loss_by_example(
            [tf.constant(x) for x in logits], [tf.constant(t) for t in targets], [tf.constant(w) for w in weights],
            softmax_loss_function=callback)

    if mode == "eager":
        result = build().numpy()
    else:
        with tf.Graph().as_default():
            loss = build()
            with tf.compat.v1.Session() as session:
                result = session.run(loss)
    np.testing.assert_allclose(result, _numpy_scaled_cross_entropy(logits, targets, weights, scale), rtol=1e-5)


@pytest.mark.parametrize("function_name", ["sequence_loss_by_example", "sequence_loss"])
def test_tf10_style_callback_is_refused_with_the_reason(function_name):
    logits, targets, weights = _case()
    with tf.Graph().as_default(), pytest.raises(TypeError) as raised:
        getattr(legacy_seq2seq, function_name)(
            [tf.constant(x) for x in logits], [tf.constant(t) for t in targets], [tf.constant(w) for w in weights],
            softmax_loss_function=deepqa_style_loss)
    assert str(raised.value) == (
        "softmax_loss_function deepqa_style_loss(labels, inputs) cannot be called as f(labels=target, "
        "logits=logit), which is how TF 1.15's legacy_seq2seq (and this runtime) call it (missing a required "
        "argument: 'inputs'); early TF releases passed the two positionally, so rename its parameters to labels "
        "and logits")
