"""TF 0.x TensorArray methods: ``ta.pack()`` -> ``ta.stack()``, ``ta.unpack(value)`` -> ``ta.unstack(value)``.

TF 1.0 renamed the two methods (as it renamed tf.pack / tf.unpack) without changing them. Method names
alone say nothing about the receiver (``pack`` is a common name), so only a receiver that is clearly a
TensorArray is rewritten: a plain name that the same scope binds, every time, from ``tf.TensorArray(...)``
or from a TensorArray method that returns a new TensorArray called on such a name
(``ta = ta.unpack(inputs)``, ``ta = ta.write(t, x)``). Anything else (a parameter, a tuple target of
``tf.while_loop``, an attribute) is left as written.
"""

from __future__ import annotations

import libcst as cst

RULE_ID = "S2S906"
TENSOR_ARRAY_CLASS = "tensorflow.TensorArray"
# What the pre-scan binds a name to when its value is a TensorArray instance; not a dotted name, so it
# never matches a rule or counts as TensorFlow.
INSTANCE = "<tf.TensorArray instance>"
RENAMED_METHODS = {"pack": "stack", "unpack": "unstack"}
# Methods of a TensorArray that return a (new) TensorArray.
_RETURNING_TENSOR_ARRAYS = frozenset({"write", "unpack", "unstack", "scatter", "split", "identity"})


def method_call_receiver(value: cst.BaseExpression) -> str | None:
    """``name`` for ``name.<method>(...)`` where the method returns a TensorArray when ``name`` is one."""
    if type(value) is not cst.Call or type(value.func) is not cst.Attribute:
        return None
    func = value.func
    if type(func.value) is not cst.Name or func.attr.value not in _RETURNING_TENSOR_ARRAYS:
        return None
    return func.value.value


def renamed_method(call: cst.Call) -> tuple[str, str] | None:
    """(receiver name, new method name) for ``name.pack(...)`` / ``name.unpack(...)``; else None."""
    func = call.func
    if type(func) is not cst.Attribute or type(func.value) is not cst.Name:
        return None
    new = RENAMED_METHODS.get(func.attr.value)
    return (func.value.value, new) if new is not None else None
