"""Numpy re-derivations of TF 1.15 legacy_seq2seq, written from the published formulas.

TF1 layouts: a GRU's ``gates/kernel`` maps ``[x, h]`` to ``[r, u]``, ``candidate/kernel`` maps
``[x, r * h]``; a BasicLSTMCell's ``kernel`` maps ``[x, h]`` to gates ``i, j, f, o`` with
``forget_bias`` (1.0) added to ``f``; ``_Linear`` is ``concat(args) @ kernel + bias``.
Weights are dicts ``{tf1 name: array}``; ``prefix`` is the scope a cell or linear map lives in.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x, axis=-1):
    shifted = np.exp(x - x.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def gru_step(weights, prefix, x, h):
    gates = sigmoid(np.concatenate([x, h], 1) @ weights[f"{prefix}/gates/kernel"] + weights[f"{prefix}/gates/bias"])
    r, u = np.split(gates, 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h], 1) @ weights[f"{prefix}/candidate/kernel"]
                + weights[f"{prefix}/candidate/bias"])
    new_h = u * h + (1 - u) * c
    return new_h, new_h


def lstm_step(weights, prefix, x, state, forget_bias=1.0):
    c, h = state
    z = np.concatenate([x, h], 1) @ weights[f"{prefix}/kernel"] + weights[f"{prefix}/bias"]
    i, j, f, o = np.split(z, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)


def linear(weights, prefix, args):
    joined = np.concatenate(args, 1)
    return joined @ weights[f"{prefix}/kernel"] + weights[f"{prefix}/bias"]


def flat_state(state):
    return list(state) if isinstance(state, tuple) else [state]


def attention_decoder(weights, scope, cell_step, inputs, initial_state, attention_states, num_heads,
                      output_size_prefix="AttnOutputProjection", initial_state_attention=False,
                      loop_function=None):
    """TF 1.15 attention_decoder: returns (outputs, state). ``cell_step(x, state) -> (out, state)``."""
    batch, length, attn_size = attention_states.shape
    features = [attention_states @ weights[f"{scope}/AttnW_{a}"][0, 0] for a in range(num_heads)]

    def attention(state):
        query = np.concatenate(flat_state(state), 1)
        reads = []
        for a in range(num_heads):
            y = linear(weights, f"{scope}/Attention_{a}", [query])
            scores = (weights[f"{scope}/AttnV_{a}"] * np.tanh(features[a] + y[:, None, :])).sum(-1)
            probabilities = softmax(scores)
            reads.append((probabilities[:, :, None] * attention_states).sum(1))
        return reads

    attns = attention(initial_state) if initial_state_attention else [
        np.zeros((batch, attn_size), np.float32) for _ in range(num_heads)]
    state = initial_state
    outputs = []
    for i, inp in enumerate(inputs):
        if loop_function is not None and outputs:
            inp = loop_function(outputs[-1], i)
        x = linear(weights, scope, [inp] + attns)
        cell_output, state = cell_step(x, state)
        attns = attention(state)
        outputs.append(linear(weights, f"{scope}/{output_size_prefix}", [cell_output] + attns))
    return outputs, state


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True):
    total = 0.0
    for logit, target, weight in zip(logits, targets, weights):
        log_probabilities = np.log(softmax(logit.astype(np.float64)))
        total = total + (-log_probabilities[np.arange(len(target)), target]) * weight
    if average_across_timesteps:
        total = total / (np.sum(weights, axis=0) + 1e-12)
    return total


# -- weights --------------------------------------------------------------------------------------

def random_like(shapes: dict[str, tuple], seed: int, scale: float = 0.5) -> dict[str, np.ndarray]:
    generator = np.random.default_rng(seed)
    return {name: generator.uniform(-scale, scale, size=shape).astype(np.float32)
            for name, shape in sorted(shapes.items())}


def graph_variables() -> dict[str, object]:
    return {v.name[:-2]: v for v in tf.compat.v1.global_variables()}


def load_graph_weights(session, values: dict[str, np.ndarray]) -> None:
    by_name = graph_variables()
    assert sorted(by_name) == sorted(values), (sorted(by_name), sorted(values))
    for name, value in values.items():
        by_name[name].load(value, session)


def eager_variable_map(*variable_lists) -> dict[str, object]:
    variables = [v for variables in variable_lists for v in variables]
    return tf1_variable_map(variables)


def assign_eager(mapping: dict[str, object], values: dict[str, np.ndarray]) -> None:
    assert sorted(mapping) == sorted(values), (sorted(mapping), sorted(values))
    for name, variable in mapping.items():
        variable.assign(values[name])
