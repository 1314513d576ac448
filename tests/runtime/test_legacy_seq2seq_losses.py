"""legacy_seq2seq.sequence_loss_by_example / sequence_loss against a numpy re-derivation."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tests.runtime import legacy_seq2seq_reference as ref
from tf_seq2seq_migrate.runtime import legacy_seq2seq

STEPS, BATCH, SYMBOLS = 3, 4, 5


def _case(seed=0):
    generator = np.random.default_rng(seed)
    logits = [generator.normal(size=(BATCH, SYMBOLS)).astype(np.float32) for _ in range(STEPS)]
    targets = [generator.integers(0, SYMBOLS, size=BATCH).astype(np.int32) for _ in range(STEPS)]
    weights = [generator.uniform(0, 1, size=BATCH).astype(np.float32) for _ in range(STEPS)]
    weights[-1][0] = 0.0  # a padded position
    return logits, targets, weights


def _run_graph(build):
    with tf.Graph().as_default():
        result = build()
        with tf.compat.v1.Session() as session:
            return session.run(result)


@pytest.mark.parametrize("average_across_timesteps", [True, False])
@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_sequence_loss_by_example_matches_numpy(average_across_timesteps, mode):
    logits, targets, weights = _case()
    expected = ref.sequence_loss_by_example(logits, targets, weights, average_across_timesteps)

    def build():
        return legacy_seq2seq.sequence_loss_by_example(
            [tf.constant(x) for x in logits], [tf.constant(t) for t in targets], [tf.constant(w) for w in weights],
            average_across_timesteps=average_across_timesteps)

    got = build().numpy() if mode == "eager" else _run_graph(build)
    assert got.shape == (BATCH,)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("average_across_batch", [True, False])
@pytest.mark.parametrize("average_across_timesteps", [True, False])
@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_sequence_loss_matches_numpy(average_across_timesteps, average_across_batch, mode):
    logits, targets, weights = _case(1)
    expected = ref.sequence_loss_by_example(logits, targets, weights, average_across_timesteps).sum()
    if average_across_batch:
        expected /= BATCH

    def build():
        return legacy_seq2seq.sequence_loss(logits, targets, weights,
                                            average_across_timesteps=average_across_timesteps,
                                            average_across_batch=average_across_batch)

    got = build().numpy() if mode == "eager" else _run_graph(build)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_softmax_loss_function_is_called_with_named_arguments():
    logits, targets, weights = _case(2)
    calls = []

    def squared_error(labels, logits):
        calls.append((labels, logits))
        return tf.reduce_sum(tf.square(logits - tf.one_hot(labels, SYMBOLS)), 1)

    got = legacy_seq2seq.sequence_loss_by_example(logits, targets, weights, average_across_timesteps=False,
                                                  softmax_loss_function=squared_error).numpy()
    expected = sum(((x - np.eye(SYMBOLS)[t]) ** 2).sum(1) * w for x, t, w in zip(logits, targets, weights))
    assert len(calls) == STEPS
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_all_zero_weights_give_zero_not_nan():
    logits, targets, weights = _case(3)
    zeros = [np.zeros_like(w) for w in weights]
    got = legacy_seq2seq.sequence_loss_by_example(logits, targets, zeros).numpy()
    np.testing.assert_array_equal(got, np.zeros(BATCH, np.float32))


def test_length_mismatch_message_is_tf1s():
    logits, targets, weights = _case()
    with pytest.raises(ValueError, match=r"^Lengths of logits, weights, and targets must be the same 3, 2, 3\.$"):
        legacy_seq2seq.sequence_loss_by_example(logits, targets, weights[:2])
