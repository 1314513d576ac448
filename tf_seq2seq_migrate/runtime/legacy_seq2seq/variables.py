"""Weights that legacy_seq2seq's *functions* create (embeddings, attention weights, linear maps).

TF 1.15's legacy_seq2seq calls ``tf.get_variable`` directly instead of owning layers. In a
``tf.compat.v1`` graph this module does exactly that, so names, ``reuse`` and scope initializers behave
as in TF1. Eagerly and inside ``tf.function``, ``tf.compat.v1.get_variable`` would create a new variable
on every call; instead each weight lives in a :class:`LegacyVariableStore` keyed by its full TF1 name,
so calling a legacy function again (every training step, every bucket) reuses its weights, and
:func:`~tf_seq2seq_migrate.runtime.base_layer.tf1_name` gives each one its TF1 checkpoint key.
"""

from __future__ import annotations

import contextlib
import threading

import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer, in_v1_graph

__all__ = ["LegacyVariableStore", "get_variable", "get_variable_store"]


class LegacyVariableStore(Tf1Layer):
    """Holds the eager weights of legacy_seq2seq functions, one per full TF1 name.

    It is a Keras layer, so ``store.trainable_weights`` lists the weights for an optimizer and a
    ``tf.train.Checkpoint`` can track it. Outside a v1 graph the store ignores ``reuse``: a name that
    exists is always shared, as TF1's eager variable store did.
    """

    def __init__(self, name: str = "legacy_seq2seq_variables"):
        super().__init__(name=name)
        self._by_tf1_name: dict[str, object] = {}

    def get_variable(self, name: str, shape, dtype=None, initializer=None, trainable: bool = True):
        """The weight ``<current variable scope>/<name>``, created on first request."""
        scope = tf.compat.v1.get_variable_scope()
        full_name = f"{scope.name}/{name}" if scope.name else name
        shape = tuple(int(dim) for dim in shape)
        existing = self._by_tf1_name.get(full_name)
        if existing is not None:
            if tuple(existing.shape) != shape:
                raise ValueError(f"Trying to share variable {full_name}, but specified shape {list(shape)} "
                                 f"and found shape {list(existing.shape)}.")
            return existing
        variable = self.tf1_weight(name, shape, dtype=dtype or scope.dtype, initializer=initializer,
                                   trainable=trainable)
        self._by_tf1_name[full_name] = variable
        return variable

    @property
    def tf1_variables(self) -> dict[str, object]:
        """``{tf1_name: variable}`` of everything this store created, in creation order."""
        return dict(self._by_tf1_name)

    @contextlib.contextmanager
    def as_default(self):
        """Make this store the one legacy_seq2seq functions use (e.g. one store per model)."""
        _active_stores().append(self)
        try:
            yield self
        finally:
            _active_stores().pop()


_DEFAULT_STORE: LegacyVariableStore | None = None
_DEFAULT_LOCK = threading.Lock()
_THREAD_STATE = threading.local()


def _active_stores() -> list[LegacyVariableStore]:
    if not hasattr(_THREAD_STATE, "stores"):
        _THREAD_STATE.stores = []
    return _THREAD_STATE.stores


def get_variable_store() -> LegacyVariableStore:
    """The innermost store entered with ``as_default()``, else the process-wide default store."""
    stores = _active_stores()
    if stores:
        return stores[-1]
    global _DEFAULT_STORE
    with _DEFAULT_LOCK:
        if _DEFAULT_STORE is None:
            _DEFAULT_STORE = LegacyVariableStore()
        return _DEFAULT_STORE


def get_variable(name: str, shape, dtype=None, initializer=None, trainable: bool = True):
    """``tf.compat.v1.get_variable`` in a v1 graph; the active :class:`LegacyVariableStore` otherwise."""
    if in_v1_graph():
        return tf.compat.v1.get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                         trainable=trainable)
    return get_variable_store().get_variable(name, shape, dtype=dtype, initializer=initializer,
                                             trainable=trainable)
