"""Weights that legacy_seq2seq's *functions* create (embeddings, attention weights, linear maps).

TF 1.15's legacy_seq2seq calls ``tf.get_variable`` directly instead of owning layers. In a
``tf.compat.v1`` graph this module does exactly that, so names, ``reuse`` and scope initializers behave
as in TF1. Eagerly and inside ``tf.function``, ``tf.compat.v1.get_variable`` would create a new variable
on every call; instead each weight lives in a :class:`LegacyVariableStore` keyed by its full TF1 name,
so calling a legacy function again (every training step, every bucket) reuses its weights, and
:func:`~tf_seq2seq_migrate.runtime.base_layer.tf1_name` gives each one its TF1 checkpoint key.

The functions also build cells of their own around the user's cell (an encoder copy, an
``EmbeddingWrapper``, an ``OutputProjectionWrapper``). :func:`derived_cell` builds each once per scope
and role and hands the same object to later calls: eagerly a new object would mean new weights, and in a
graph (second bucket, second ``tf.cond`` branch) the user's cell is built by then and can no longer be
copied, while the kept object re-enters its scope with ``reuse`` and so shares TF1's variables by name.
"""

from __future__ import annotations

import contextlib
import threading
import weakref

import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer, in_v1_graph

__all__ = ["LegacyVariableStore", "derived_cell", "get_variable", "get_variable_store"]


class LegacyVariableStore(Tf1Layer):
    """Holds the eager weights of legacy_seq2seq functions, one per full TF1 name.

    It is a Keras layer: ``store.trainable_weights`` lists the functions' own weights and those of the
    cells they derived (which include the user's cells they wrap), for an optimizer or a
    ``tf.train.Checkpoint``. Outside a v1 graph the store ignores ``reuse``: a name that exists is
    always shared, as TF1's eager variable store did.
    """

    def __init__(self, name: str = "legacy_seq2seq_variables"):
        super().__init__(name=name)
        self._by_tf1_name: dict[str, object] = {}
        # Tracked by Keras (their weights count as the store's); the index beside it is not.
        self.derived_cells = []
        self._derived_index = _DerivedIndex()

    def derived_cell(self, role: str, source, factory):
        """The cell ``factory()`` built for ``source`` in this scope and role, built once."""
        cell = _derived_from_index(self._derived_index.entries, role, source, factory)
        if not any(cell is known for known in self.derived_cells):
            self.derived_cells.append(cell)
        return cell

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


class _DerivedIndex:
    """A plain holder, so Keras does not try to track the (source cell, derived cell) pairs."""

    def __init__(self):
        self.entries: dict[tuple, tuple] = {}


def _derived_from_index(entries: dict, role: str, source, factory):
    key = (tf.compat.v1.get_variable_scope().name, role, id(source))
    found = entries.get(key)
    if found is not None and found[0] is source:
        return found[1]
    cell = factory()
    entries[key] = (source, cell)  # keeps ``source`` alive, so its id cannot be reused
    return cell


# v1 graph -> {(scope, role, id(source)): (source, derived cell)}
_GRAPH_DERIVED: "weakref.WeakKeyDictionary[tf.Graph, dict]" = weakref.WeakKeyDictionary()

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


def derived_cell(role: str, source, factory):
    """The cell ``factory()`` builds around ``source``, built once per graph (or store), scope and role."""
    if in_v1_graph():
        graph = tf.compat.v1.get_default_graph()
        while getattr(graph, "outer_graph", None) is not None:  # a tf.cond branch belongs to its graph
            graph = graph.outer_graph
        with _DEFAULT_LOCK:
            entries = _GRAPH_DERIVED.setdefault(graph, {})
        return _derived_from_index(entries, role, source, factory)
    return get_variable_store().derived_cell(role, source, factory)
