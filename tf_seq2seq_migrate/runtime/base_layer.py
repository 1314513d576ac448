"""Keras 3 layer base that creates the variables TF1 created, under the names TF1 gave them.

Every runtime class that owns weights (cells, attention mechanisms, dense projections) derives from
:class:`Tf1Layer`. It behaves like TF 1.15's ``tf.layers.Layer``:

* On its first call it captures the enclosing ``tf.compat.v1.variable_scope`` and opens a unique
  sub-scope named after the layer (``basic_lstm_cell``, ``basic_lstm_cell_1``, ...), or uses the
  ``scope=`` the caller passed. Later calls re-enter that captured scope with ``reuse=True``.
* In a ``tf.compat.v1`` graph (sessions, ``Saver``) weights are created with
  ``tf.compat.v1.get_variable`` so names, ``reuse`` sharing, scope initializers and partitioners work
  exactly as in TF1, and a TF1 checkpoint restores by name.
* Eagerly and inside ``tf.function`` weights are ordinary Keras 3 weights (``add_weight``); the TF1 name
  each one would have had is recorded, so :func:`tf1_name` maps every eager variable one-to-one onto the
  TF1 checkpoint key.
"""

from __future__ import annotations

import contextlib
import re
import threading
from typing import Any, Callable

import keras
import tensorflow as tf

__all__ = ["Tf1Layer", "in_v1_graph", "tf1_name", "tf1_variable_map", "snake_case"]

# ref() of an eager variable -> the TF1 name (without ":0") it stands for.
_EAGER_TF1_NAMES: dict[Any, str] = {}
_LOCK = threading.Lock()


def in_v1_graph() -> bool:
    """True inside a ``tf.compat.v1`` graph (session code), False eagerly and inside ``tf.function``."""
    return not tf.compat.v1.executing_eagerly_outside_functions()


def snake_case(class_name: str) -> str:
    """TF1's default layer base name: ``BasicLSTMCell`` -> ``basic_lstm_cell``."""
    intermediate = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", intermediate).lower()


def tf1_name(variable) -> str | None:
    """The TF1 checkpoint name of a runtime variable (graph or eager), without the ``:0`` suffix."""
    recorded = _EAGER_TF1_NAMES.get(_ref(variable))
    if recorded is not None:
        return recorded
    name = getattr(variable, "name", None)
    if name and in_v1_graph():
        return name[:-2] if name.endswith(":0") else name
    return None


def tf1_variable_map(variables) -> dict[str, Any]:
    """``{tf1_name: variable}`` for the given variables; raises if one has no TF1 name or two collide."""
    mapping: dict[str, Any] = {}
    for variable in variables:
        name = tf1_name(variable)
        if name is None:
            raise ValueError(f"variable {getattr(variable, 'path', variable)!r} was not created by the runtime "
                             "and has no TF1 name")
        if name in mapping and mapping[name] is not variable:
            raise ValueError(f"two variables map onto the TF1 name {name!r}")
        mapping[name] = variable
    return mapping


def _ref(variable):
    """Registry key: the backing ``tf.Variable``'s ref (a Keras 3 variable wraps one in ``.value``)."""
    if not isinstance(variable, tf.Variable):
        variable = getattr(variable, "value", variable)
    return variable.ref() if isinstance(variable, tf.Variable) else id(variable)


def _record(variable, name: str) -> None:
    with _LOCK:
        _EAGER_TF1_NAMES[_ref(variable)] = name


def _scope_initializer():
    return tf.compat.v1.get_variable_scope().initializer


class Tf1Layer(keras.layers.Layer):
    """A Keras 3 layer with TF1 variable-scope naming. Subclasses create weights with :meth:`tf1_weight`."""

    def __init__(self, name: str | None = None, dtype=None, _reuse=None, **kwargs):
        self._tf1_base_name = name or snake_case(type(self).__name__)
        # Keras needs a name; TF1's unique suffix is only known at the first call. TF1 also took a scope
        # path as a name (`LSTMBlockFusedCell(name="rnn/lstm_cell")` to share LSTMCell's variables), which
        # Keras 3 refuses: Keras gets it flattened, the TF1 scope keeps the path.
        super().__init__(name=self._tf1_base_name.replace("/", "_"), dtype=dtype, **kwargs)
        self._tf1_reuse = _reuse
        self._tf1_scope = None  # the captured tf.compat.v1.VariableScope
        self._tf1_scope_name_value: str | None = None
        # Variables get_variable made or returned for this layer in a v1 graph; Keras does not see them,
        # but TF1's `layer.variables` / `trainable_weights` listed them. A tuple, so Keras' tracker leaves it be.
        self._tf1_graph_variables: tuple = ()

    # -- naming ---------------------------------------------------------------------------------
    @property
    def _base_name(self) -> str:
        """TF1's private name before uniquification (the name given, else the snake-case class name);
        TF1 cell subclasses read it, e.g. in error messages (Tacotron-2's decoder cell)."""
        return self._tf1_base_name

    @_base_name.setter
    def _base_name(self, name: str) -> None:
        # TF1 layers that set it changed the default scope name too, as this does.
        self._tf1_base_name = name

    @property
    def tf1_scope_name(self) -> str | None:
        """The full TF1 variable-scope name of this layer, known after its first call."""
        return self._tf1_scope_name_value

    def _capture_tf1_scope(self, scope=None) -> None:
        if self._tf1_scope is not None:
            return
        if scope is not None:
            with tf.compat.v1.variable_scope(scope, auxiliary_name_scope=False) as captured:
                self._tf1_scope = captured
        elif self._tf1_reuse:
            with tf.compat.v1.variable_scope(self._tf1_base_name, auxiliary_name_scope=False) as captured:
                self._tf1_scope = captured
        else:
            with tf.compat.v1.variable_scope(None, default_name=self._tf1_base_name,
                                             auxiliary_name_scope=False) as captured:
                self._tf1_scope = captured
        self._tf1_scope_name_value = self._tf1_scope.name

    @contextlib.contextmanager
    def tf1_scope(self, scope=None):
        """Enter this layer's captured TF1 variable scope (capturing it on first use)."""
        self._capture_tf1_scope(scope)
        reuse = True if self.built else self._tf1_reuse
        with tf.compat.v1.variable_scope(self._tf1_scope, reuse=reuse, auxiliary_name_scope=False):
            yield self._tf1_scope

    def __call__(self, *args, scope=None, **kwargs):
        with self.tf1_scope(scope):
            return super().__call__(*args, **kwargs)

    # -- weights --------------------------------------------------------------------------------
    # Keras derives trainable_/non_trainable_ weights and variables from these two, sub-layers included.
    @property
    def variables(self):
        return _append_new(super().variables, self._tf1_graph_variables)

    @property
    def weights(self):
        return _append_new(super().weights, self._tf1_graph_variables)

    def tf1_weight(self, name: str, shape, dtype=None, initializer: Callable | None = None,
                   trainable: bool = True, partitioner=None, regularizer=None):
        """Create (or, in a v1 graph under ``reuse``, fetch) the weight ``<scope>/<name>``.

        Must be called while this layer's scope is active (from ``build`` or ``call``, or inside
        ``with self.tf1_scope():``). ``initializer=None`` means: the enclosing variable scope's
        initializer if it has one, else TF1's default (glorot uniform for floats, zeros otherwise).
        ``regularizer`` (a TF1 regularizer: variable -> scalar loss) lands in the graph's
        REGULARIZATION_LOSSES collection in a v1 graph, as ``get_variable`` does, and in ``self.losses``
        eagerly, as Keras does.
        """
        dtype = tf.as_dtype(dtype or self.dtype or tf.float32)
        if in_v1_graph():
            # get_variable takes a constant initializer only without a shape.
            graph_shape = shape if initializer is None or callable(initializer) else None
            variable = tf.compat.v1.get_variable(name, shape=graph_shape, dtype=dtype, initializer=initializer,
                                                 regularizer=regularizer, trainable=trainable,
                                                 partitioner=partitioner)
            # A partitioned variable is listed by its parts, as TF1 did.
            parts = [variable] if isinstance(variable, tf.Variable) else list(variable)
            self._tf1_graph_variables += tuple(
                part for part in parts if not any(part is known for known in self._tf1_graph_variables))
            return variable
        scope_name = tf.compat.v1.get_variable_scope().name
        full_name = f"{scope_name}/{name}" if scope_name else name
        if initializer is None:
            initializer = _scope_initializer()
        if initializer is None:
            initializer = (tf.compat.v1.glorot_uniform_initializer() if dtype.is_floating
                           else tf.compat.v1.zeros_initializer())
        # Keras 3 weight names may not contain "/": TF1 sub-scopes ("gates/kernel") become Keras name scopes.
        *sub_scopes, leaf_name = name.split("/")
        with contextlib.ExitStack() as stack:
            for sub_scope in sub_scopes:
                stack.enter_context(keras.name_scope(sub_scope))
            variable = self.add_weight(name=leaf_name, shape=tuple(shape), dtype=dtype.name,
                                       initializer=_as_keras_initializer(initializer, dtype),
                                       regularizer=regularizer, trainable=trainable)
        _record(variable, full_name)
        return variable


def _append_new(variables, more):
    listed = list(variables)
    return listed + [v for v in more if not any(v is seen for seen in listed)]


def _as_keras_initializer(initializer, dtype):
    """Keras 3 calls initializers as ``init(shape, dtype)``; TF1 initializers accept that too, but
    a constant (numpy array or tensor) is also legal for ``get_variable``."""
    if callable(initializer):
        return lambda shape, dtype=None: initializer(shape, dtype=tf.as_dtype(dtype or "float32"))
    value = tf.convert_to_tensor(initializer, dtype=dtype)
    return lambda shape, dtype=None: tf.reshape(value, shape)
