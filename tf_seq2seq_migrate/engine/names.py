"""Small helpers between libcst expressions and dotted names."""

from __future__ import annotations

import libcst as cst


def dotted_parts(node: cst.BaseExpression) -> list[str] | None:
    """``a.b.c`` -> ["a", "b", "c"]; None when the expression is not a pure Name/Attribute chain."""
    parts: list[str] = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)
        node = node.value
    if type(node) is not cst.Name:
        return None
    parts.append(node.value)
    parts.reverse()
    return parts


def dotted_name_of(node: cst.BaseExpression) -> str | None:
    """The dotted text of a module name in an import (``a.b.c``), None for anything else."""
    parts = dotted_parts(node)
    return ".".join(parts) if parts is not None else None


def build_dotted(dotted: str) -> cst.Name | cst.Attribute:
    """Build the expression for ``a.b.c``."""
    first, *rest = dotted.split(".")
    node: cst.Name | cst.Attribute = cst.Name(first)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def parent_of(dotted: str) -> str:
    return dotted.rpartition(".")[0]


def last_of(dotted: str) -> str:
    return dotted.rpartition(".")[2]


def is_under(dotted: str, prefix: str) -> bool:
    """True when ``dotted`` is ``prefix`` or inside it (dotted boundary)."""
    return dotted == prefix or dotted.startswith(prefix + ".")
