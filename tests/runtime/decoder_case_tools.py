"""Shared machinery for the decoder/helper tests: run one decoding in each execution mode, and numpy
re-derivations of the cells and of dynamic_decode's finished/length/impute rules."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from runtime.rnn_case_tools import assign_eager_weights, assign_graph_weights
from tf_seq2seq_migrate.runtime.base_layer import tf1_name

MODES = ("eager", "function", "jit", "graph")


def to_numpy(structure):
    return tf.nest.map_structure(lambda t: np.asarray(t), structure)


def run_in_mode(mode: str, make_layers, decode, weights: dict[str, np.ndarray], build=None):
    """Build ``make_layers()`` (a dict of layers), set ``weights`` by TF1 name and return
    ``(numpy results of decode(layers), sorted TF1 variable names)``.

    ``graph`` runs in a fresh ``tf.compat.v1`` graph with a session; the other modes build the weights
    with one eager call of ``build`` (default ``decode``; pass a bounded one when decoding with the
    initial random weights might never end), assign them, then run eagerly, in ``tf.function`` or with
    ``jit_compile=True``.
    """
    if mode == "graph":
        with tf.Graph().as_default():
            layers = make_layers()
            result = decode(layers)
            names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
            with tf.compat.v1.Session() as session:
                session.run(tf.compat.v1.global_variables_initializer())
                assign_graph_weights(session, weights)
                return session.run(result), names
    # Eager variable scopes count default names (decoder, decoder_1, ...) per process; start afresh
    # like a new TF1 program so the first decoder is "decoder".
    tf.compat.v1.reset_default_graph()
    layers = make_layers()
    (build or decode)(layers)  # creates the weights eagerly
    variables = [v for layer in layers.values() for v in layer.weights]
    if weights:
        assign_eager_weights(variables, weights)
    runner = {
        "eager": lambda: decode(layers),
        "function": tf.function(lambda: decode(layers)),
        "jit": tf.function(lambda: decode(layers), jit_compile=True),
    }[mode]
    return to_numpy(runner()), sorted(tf1_name(v) for v in variables)


# -- numpy references ------------------------------------------------------------------------------

def np_basic_rnn(x, h, kernel, bias):
    return np.tanh(np.concatenate([x, h], axis=1) @ kernel + bias)


def np_basic_lstm(x, c, h, kernel, bias, forget_bias=1.0):
    gates = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gates, 4, axis=1)
    sigmoid = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_c, new_h


def np_dynamic_decode(step, initial_finished, initial_inputs, initial_state, maximum_iterations=None,
                      impute_finished=False):
    """TF 1.15's dynamic_decode rules in numpy.

    ``step(t, inputs, state) -> (outputs: list of arrays [batch, ...], state: list of arrays,
    next_inputs, finished)``. Returns ``(outputs stacked [batch, time, ...], final state, lengths)``.
    """
    finished = np.array(initial_finished, dtype=bool)
    if maximum_iterations is not None and maximum_iterations <= 0:
        finished[:] = True
    lengths = np.zeros(finished.shape, np.int32)
    inputs, state, emitted, time = initial_inputs, [np.array(s) for s in initial_state], [], 0
    while not finished.all() and (maximum_iterations is None or time < maximum_iterations):
        outputs, new_state, next_inputs, step_finished = step(time, inputs, state)
        lengths = np.where(finished, lengths, time + 1).astype(np.int32)
        if impute_finished:
            outputs = [np.where(_rows(finished, o), np.zeros_like(o), o) for o in outputs]
            new_state = [np.where(_rows(finished, s), old, s) for s, old in zip(new_state, state)]
        emitted.append(outputs)
        finished = finished | np.asarray(step_finished, bool)
        inputs, state, time = next_inputs, new_state, time + 1
    stacked = [np.stack([step_outputs[k] for step_outputs in emitted], axis=1) if emitted else None
               for k in range(len(emitted[0]) if emitted else 0)]
    return stacked, state, lengths


def _rows(mask, like):
    return mask.reshape(mask.shape + (1,) * (like.ndim - 1))
