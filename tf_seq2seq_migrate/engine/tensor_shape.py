"""Static dimension reads: ``x.get_shape()[i].value`` -> ``tf.compat.dimension_value(x.get_shape()[i])``.

Indexing a TF1 TensorShape gave a Dimension whose ``.value`` was an int or None; on TF 2 the index is
already the int or None, so ``.value`` raises AttributeError. ``tf.compat.dimension_value`` accepts
both, so the rewrite keeps the meaning on either version. Only the two spellings that are shapes by
their own syntax are matched (``.get_shape()`` called with no arguments, or a ``.shape`` attribute),
indexed by one subscript that is not a slice (a slice of such a shape, ``x.get_shape()[1:3][0]``, counts
as a shape); a shape held in a variable (``s = x.get_shape();
s[1].value``) cannot be recognised without types and is left as written. ``tf.shape(x)[i]`` is a
tensor, not a static dimension, and never matches (``shape`` is called there).
"""

from __future__ import annotations

import re

import libcst as cst

RULE_ID = "S2S905"
TARGET = "tensorflow.compat.dimension_value"
# A statement holding `<shape>[i].value` (possibly `(...)` around the read) must reach libcst; a
# plain identifier trigger "value" would keep nearly every statement from the inert skip.
TRIGGER_PATTERN = re.compile(rb"\]\s*\)*\s*\.\s*value\b")


def static_dimension_read(node: cst.Attribute) -> cst.Subscript | None:
    """The indexed shape of ``<shape>[<index>].value``, or None when ``node`` is not such a read."""
    if node.attr.value != "value":
        return None
    subscript = node.value
    if type(subscript) is not cst.Subscript or len(subscript.slice) != 1:
        return None
    index = subscript.slice[0].slice
    if type(index) is not cst.Index or index.star is not None:
        return None
    return subscript if _is_static_shape(subscript.value) else None


def _is_static_shape(node: cst.BaseExpression) -> bool:
    """``<expr>.get_shape()``, ``<expr>.shape``, or a slice of one (``x.get_shape()[1:3]`` is a shape too)."""
    if type(node) is cst.Call:
        return not node.args and type(node.func) is cst.Attribute and node.func.attr.value == "get_shape"
    if type(node) is cst.Attribute:
        return node.attr.value == "shape"
    if type(node) is cst.Subscript and len(node.slice) == 1 and type(node.slice[0].slice) is cst.Slice:
        return _is_static_shape(node.value)
    return False


def dimension_value_call(function: str, subscript: cst.Subscript, read: cst.Attribute) -> cst.Call:
    """``<function>(<subscript>)``: the call's own parentheses replace any around the subscript."""
    argument = cst.Arg(value=subscript.with_changes(lpar=[], rpar=[]))
    return cst.Call(func=cst.parse_expression(function), args=[argument], lpar=read.lpar, rpar=read.rpar)
