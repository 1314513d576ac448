"""TF1 dataset structure attributes: ``ds.output_types`` -> ``tf.compat.v1.data.get_output_types(ds)``.

TF 1.x datasets and iterators had ``output_types``, ``output_shapes`` and ``output_classes``; TF 2
datasets (what ``tf.data.Dataset`` builds on TF 2, even in graph mode) do not, so a read such as
``tf.data.Iterator.from_structure(ds.output_types, ds.output_shapes)`` raises AttributeError after the
migration. ``tf.compat.v1.data.get_output_types / get_output_shapes / get_output_classes`` take a
dataset or an iterator of either version and return what the attribute did. The attribute names are
specific to tf.data, so reads of them are rewritten on any receiver in a file that imports TensorFlow,
except on ``self`` / ``cls`` (a class defining such an attribute itself) and where the attribute is
assigned or deleted.
"""

from __future__ import annotations

import re

import libcst as cst

RULE_ID = "S2S908"
FUNCTIONS = {
    "output_types": "tensorflow.compat.v1.data.get_output_types",
    "output_shapes": "tensorflow.compat.v1.data.get_output_shapes",
    "output_classes": "tensorflow.compat.v1.data.get_output_classes",
}
# A statement reading one of them must reach libcst (engine/inert.py): the attribute names carry it.
TRIGGER_PATTERN = re.compile(rb"\.\s*output_(?:types|shapes|classes)\b")
_OWN_OBJECT = frozenset({"self", "cls"})


def structure_read(node: cst.Attribute) -> str | None:
    """The function that replaces ``<receiver>.output_types`` (and the other two), or None."""
    function = FUNCTIONS.get(node.attr.value)
    if function is None:
        return None
    if type(node.value) is cst.Name and node.value.value in _OWN_OBJECT:
        return None
    return function


def structure_call(function: str, receiver: cst.BaseExpression, node: cst.Attribute) -> cst.Call:
    """``function(receiver)``, keeping the parentheses around the attribute read."""
    return cst.Call(func=cst.parse_expression(function), args=[cst.Arg(value=receiver)],
                    lpar=node.lpar, rpar=node.rpar)
