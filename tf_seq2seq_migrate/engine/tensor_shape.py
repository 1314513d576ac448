"""Static dimension reads: ``x.get_shape()[i].value`` -> ``tf.compat.dimension_value(x.get_shape()[i])``.

Indexing a TF1 TensorShape gave a Dimension whose ``.value`` was an int or None; on TF 2 the index is
already the int or None, so ``.value`` raises AttributeError. ``tf.compat.dimension_value`` accepts
both, so the rewrite keeps the meaning on either version. Only the two spellings that are shapes by
their own syntax are matched (``.get_shape()`` called with no arguments, or a ``.shape`` attribute),
indexed by one subscript that is not a slice (a slice of such a shape, ``x.get_shape()[1:3][0]``, counts
as a shape, and so is one passed through a TensorShape method that returns the shape itself,
``x.get_shape().with_rank(2)[1]``); a shape held in a variable (``s = x.get_shape(); s[1].value``)
cannot be recognised without types and is left as written. ``tf.shape(x)[i]`` is a tensor, not a
static dimension, and never matches (``shape`` is called there).

A dimension held in a name is followed within one scope, the way TF's own legacy_seq2seq code (copied
into many projects) wrote it: ``input_size = inp.get_shape().with_rank(2)[1]`` then
``if input_size.value is None``. The pre-scan binds such a name to :data:`DIMENSION_INSTANCE` when every
binding of it in that scope is a static dimension read (one opaque binding anywhere in the scope, a
parameter, a loop target or a second assignment from something else, leaves it unknown), and only then
is ``name.value`` rewritten to ``tf.compat.dimension_value(name)``. So is ``d.value`` in a comprehension iterating a
static shape (``[d.value for d in x.get_shape()]``: iteration, like indexing, gives ints on TF 2).
"""

from __future__ import annotations

import re

import libcst as cst

RULE_ID = "S2S905"
TARGET = "tensorflow.compat.dimension_value"
# A statement holding `<shape>[i].value` (possibly `(...)` around the read) must reach libcst; a
# plain identifier trigger "value" would keep nearly every statement from the inert skip.
TRIGGER_PATTERN = re.compile(rb"\]\s*\)*\s*\.\s*value\b")
# A definition may keep a dimension in a name (`d = x.get_shape()[1]`, `for d in x.get_shape()`) and
# read `d.value` later, with no TensorFlow name in either statement: one that spells a static shape
# and reads some `.value` anywhere must reach libcst too.
SHAPE_AND_VALUE_PATTERN = re.compile(rb"(?s)\A(?=.*?\.[ \t]*value\b).*?(?:get_shape\s*\(|\.[ \t]*shape\b)")
TRIGGER_PATTERNS = (TRIGGER_PATTERN, SHAPE_AND_VALUE_PATTERN)
# What the pre-scan binds a name to when its value is a static dimension; not a dotted name, so it
# never matches a rule or counts as TensorFlow.
DIMENSION_INSTANCE = "<static Dimension>"
# TensorShape methods that return a shape (the same one, checked or merged).
_SHAPE_RETURNING_METHODS = frozenset({"with_rank", "with_rank_at_least", "with_rank_at_most", "merge_with"})


def static_dimension_read(node: cst.Attribute) -> cst.Subscript | None:
    """The indexed shape of ``<shape>[<index>].value``, or None when ``node`` is not such a read."""
    if node.attr.value != "value":
        return None
    subscript = node.value
    return subscript if type(subscript) is cst.Subscript and is_static_dimension(subscript) else None


def is_static_dimension(node: cst.BaseExpression) -> bool:
    """``<shape>[<index>]``: one index that is not a slice, on an expression that is a static shape."""
    if type(node) is not cst.Subscript or len(node.slice) != 1:
        return False
    index = node.slice[0].slice
    if type(index) is not cst.Index or index.star is not None:
        return False
    return _is_static_shape(node.value)


def named_dimension_read(node: cst.Attribute) -> str | None:
    """``name`` for ``name.value``; whether the name holds a static dimension is the caller's business."""
    if node.attr.value != "value" or type(node.value) is not cst.Name:
        return None
    return node.value.value


def iterated_dimension_name(comprehension: cst.BaseComp) -> str | None:
    """``d`` for ``[<elt> for d in <static shape>]`` (one ``for``, a plain name): iterating a TF1
    TensorShape gave Dimensions, so ``d.value`` in the element or a condition reads one."""
    for_in = comprehension.for_in
    if for_in.inner_for_in is not None or for_in.asynchronous is not None or type(for_in.target) is not cst.Name:
        return None
    return for_in.target.value if _is_static_shape(for_in.iter) else None


def comprehension_targets(comprehension: cst.BaseComp) -> set[str]:
    """Every plain name the comprehension's ``for`` clauses bind (they shadow outer names inside it)."""
    names: set[str] = set()
    for_in: cst.CompFor | None = comprehension.for_in
    while for_in is not None:
        names.update(n.value for n in _names_in(for_in.target))
        for_in = for_in.inner_for_in
    return names


def _names_in(target: cst.BaseExpression) -> list[cst.Name]:
    if type(target) is cst.Name:
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in _names_in(element.value)]
    if type(target) is cst.StarredElement:
        return _names_in(target.value)
    return []


def _is_static_shape(node: cst.BaseExpression) -> bool:
    """``<expr>.get_shape()``, ``<expr>.shape``, or a slice of one (``x.get_shape()[1:3]`` is a shape too)."""
    if type(node) is cst.Call:
        if type(node.func) is not cst.Attribute:
            return False
        method = node.func.attr.value
        if method in _SHAPE_RETURNING_METHODS:  # `x.get_shape().with_rank(2)` is the same shape, checked
            return _is_static_shape(node.func.value)
        return not node.args and method == "get_shape"
    if type(node) is cst.Attribute:
        return node.attr.value == "shape"
    if type(node) is cst.Subscript and len(node.slice) == 1 and type(node.slice[0].slice) is cst.Slice:
        return _is_static_shape(node.value)
    return False


def dimension_value_call(function: str, subscript: cst.BaseExpression, read: cst.Attribute) -> cst.Call:
    """``<function>(<subscript>)``: the call's own parentheses replace any around the subscript (or name)."""
    argument = cst.Arg(value=subscript.with_changes(lpar=[], rpar=[]))
    return cst.Call(func=cst.parse_expression(function), args=[argument], lpar=read.lpar, rpar=read.rpar)
