"""Shared machinery for the rnn tests: build the same cell expression with the runtime and with TF1.

A case is a Python expression over ``rnn_cell`` (the runtime's ``rnn`` module here, TF1's
``tf.compat.v1.nn.rnn_cell`` in the reference process) and ``tf``, so both sides construct literally the
same cell. Weights come from one seeded numpy generator and are assigned by TF1 variable name on both
sides.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map


def random_weights(shapes: dict[str, tuple], seed: int) -> dict[str, np.ndarray]:
    generator = np.random.default_rng(seed)
    return {name: generator.uniform(-0.6, 0.6, size=shape).astype(np.float32) for name, shape in sorted(shapes.items())}


def graph_variable_shapes(build) -> dict[str, tuple]:
    """Build ``build()`` in a fresh v1 graph and return ``{tf1 name: shape}`` of the variables it made."""
    with tf.Graph().as_default():
        build()
        return {v.name[:-2]: tuple(v.shape.as_list()) for v in tf.compat.v1.global_variables()}


def assign_graph_weights(session, weights: dict[str, np.ndarray]) -> None:
    by_name = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
    missing = sorted(set(weights) - set(by_name))
    assert not missing, f"runtime graph lacks {missing}; has {sorted(by_name)}"
    for name, value in weights.items():
        by_name[name].load(value, session)


def assign_eager_weights(variables, weights: dict[str, np.ndarray]) -> None:
    mapping = tf1_variable_map(variables)
    assert sorted(mapping) == sorted(weights), (sorted(mapping), sorted(weights))
    for name, variable in mapping.items():
        variable.assign(weights[name])


def runtime_namespace():
    return {"rnn_cell": rnn, "tf": tf, "np": np}


def flatten_state(state) -> list[np.ndarray]:
    return [np.asarray(s) for s in tf.nest.flatten(state)]
