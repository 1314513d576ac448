"""``copy.deepcopy(cell)`` as TF1's legacy_seq2seq uses it: an independent, unbuilt twin of a cell.

``basic_rnn_seq2seq``, ``embedding_rnn_seq2seq`` and ``embedding_attention_seq2seq`` give the encoder a
deep copy of the user's cell so that encoder and decoder get separate weights. ``copy.deepcopy`` of a
Keras 3 layer goes through Keras' pickling (``get_config`` + ``from_config``), which runtime cells with
arbitrary constructor arguments do not support. This module copies layers attribute by attribute
instead, and rebuilds native Keras cells from their config.
"""

from __future__ import annotations

import copy

import keras

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer

__all__ = ["copy_cell"]


def copy_cell(cell):
    """A deep copy of an unbuilt ``cell``: nested runtime cells are copied, native Keras cells rebuilt
    from their config."""
    if not isinstance(cell, keras.layers.Layer):
        return copy.deepcopy(cell)
    if getattr(cell, "built", False):
        raise ValueError(
            f"legacy_seq2seq gives the encoder a copy of `cell` (TF1's copy.deepcopy), but {cell.name!r} has "
            "already been called, so a copy would carry its weights. Pass a cell that has not been used yet; "
            "calling the same seq2seq function again in the same scope (model_with_buckets, reuse=True) is "
            "fine: it reuses the copy made the first time.")
    memo: dict[int, object] = {}
    shells: list[tuple[keras.layers.Layer, keras.layers.Layer]] = []
    _make_shells(cell, memo, shells)
    for original, shell in shells:
        # Keras' Layer.__new__ stores per-object closures (``build``, ``quantize``) bound to the new
        # object; those must stay, everything else comes from the original.
        own_closures = {key: value for key, value in vars(shell).items() if callable(value)}
        state = {}
        for key, value in vars(original).items():
            try:
                state[key] = copy.deepcopy(value, memo)
            except TypeError:
                # Not copyable (a graph tensor such as a keep_prob placeholder): share it, as it
                # should be the same tensor for both cells anyway.
                state[key] = value
        state.update(own_closures)
        object.__setattr__(shell, "__dict__", state)
    return memo[id(cell)]


def _make_shells(layer, memo, shells) -> None:
    """Register an empty twin for every layer in the tree (so cross-references resolve to twins)."""
    if id(layer) in memo:
        return
    if not isinstance(layer, Tf1Layer):
        # A native Keras layer serialises itself; its own sublayers come with it.
        memo[id(layer)] = type(layer).from_config(layer.get_config())
        return
    shell = type(layer).__new__(type(layer))
    memo[id(layer)] = shell
    shells.append((layer, shell))
    for sublayer in getattr(layer, "_layers", []):
        _make_shells(sublayer, memo, shells)
    for value in vars(layer).values():
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(item, keras.layers.Layer):
                _make_shells(item, memo, shells)
