"""Numpy re-derivations of TF 1.15's attention formulas, written from the papers' equations.

Used by the attention tests as the independent reference (float64 throughout).
"""

from __future__ import annotations

import numpy as np


def sequence_mask(lengths, max_time):
    lengths = np.asarray(lengths)
    return np.arange(max_time)[None, :] < lengths[:, None]


def softmax(scores):
    """Softmax over the last axis; ``-inf`` entries get probability 0."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def masked_values(memory, lengths):
    """Memory with the time steps past each length zeroed (TF1 masks the memory itself)."""
    if lengths is None:
        return np.asarray(memory, np.float64)
    return memory * sequence_mask(lengths, memory.shape[1])[:, :, None]


def mask_scores(scores, lengths, mask_value=-np.inf):
    if lengths is None:
        return scores
    return np.where(sequence_mask(lengths, scores.shape[1]), scores, mask_value)


def bahdanau_scores(query, keys, query_kernel, v, g=None, b=None):
    """``sum_d v_d tanh(keys + query W_q)``; normalised form: ``v -> g v / |v|`` and ``+ b`` inside tanh."""
    processed = query @ query_kernel
    inner = keys + processed[:, None, :]
    if g is not None:
        v = g * v / np.sqrt(np.sum(v * v))
        inner = inner + b
    return np.sum(v * np.tanh(inner), axis=2)


def luong_scores(query, keys, g=None):
    """``query . keys[t]`` (times ``g`` in the scaled form)."""
    scores = np.einsum("bd,btd->bt", query, keys)
    return scores if g is None else g * scores


def monotonic_recurrence(p_choose, previous):
    """``q_i = (1 - p_{i-1}) q_{i-1} + prev_i``, ``a_i = p_i q_i`` (Raffel et al. 2017, eq. 4-5)."""
    batch, time = p_choose.shape
    attention = np.zeros((batch, time))
    for n in range(batch):
        q = 0.0
        for i in range(time):
            carry = (1.0 - p_choose[n, i - 1]) * q if i > 0 else 0.0
            q = carry + previous[n, i]
            attention[n, i] = p_choose[n, i] * q
    return attention


def monotonic_monte_carlo(p_choose, previous, samples, rng):
    """Expected attention from sampled hard decisions.

    A trajectory starts at index j drawn from ``previous`` (or nowhere, with the missing mass), then
    scans j, j+1, ... and stops at i with probability ``p_choose[i]``; the frequency of stopping at i
    estimates the expected alignment.
    """
    batch, time = p_choose.shape
    estimate = np.zeros((batch, time))
    for n in range(batch):
        start_probs = np.append(previous[n], max(0.0, 1.0 - previous[n].sum()))
        starts = rng.choice(time + 1, size=samples, p=start_probs / start_probs.sum())
        stops = rng.random((samples, time)) < p_choose[n][None, :]
        stops &= np.arange(time)[None, :] >= starts[:, None]
        stopped = stops.any(axis=1)
        first = np.argmax(stops, axis=1)
        estimate[n] = np.bincount(first[stopped], minlength=time) / samples
    return estimate


def lstm_step(inputs, c, h, kernel, bias, forget_bias=1.0):
    """TF1 ``BasicLSTMCell``: one kernel over ``[inputs, h]``, gates i, j, f, o."""
    gates = np.concatenate([inputs, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gates, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, new_c
