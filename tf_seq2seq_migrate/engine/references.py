"""Which names rewritten code still reads.

Used to decide whether a line binding a tf.contrib module (``tfe = tf.contrib.eager``) can go: once
every use of the name has been rewritten onto other targets, nothing reads it. The answer errs on the
side of "still read": the check is by name over the whole module, not per scope, so a parameter or a
loop variable with the same name anywhere keeps the line.
"""

from __future__ import annotations

import dataclasses
import functools

import libcst as cst

# Fields whose names are bound or are attribute / keyword names, never reads of a local name.
_NOT_READS = frozenset({"name", "asname", "names", "attr", "keyword", "module"})


@functools.lru_cache(maxsize=None)
def _fields(node_type: type) -> tuple[str, ...]:
    return tuple(
        field.name
        for field in dataclasses.fields(node_type)
        if field.name not in _NOT_READS and not field.name.startswith("whitespace") and field.name != "leading_lines"
    )


def referenced_names(root: cst.CSTNode, names: frozenset[str]) -> set[str]:
    """The subset of ``names`` that the code under ``root`` reads, deletes or rebinds other than by ``name = ...``."""
    found: set[str] = set()
    pending: list[cst.CSTNode] = [root]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is cst.Name:
            if node.value in names:  # type: ignore[attr-defined]
                found.add(node.value)  # type: ignore[attr-defined]
            continue
        if kind is cst.Import or kind is cst.ImportFrom:
            continue  # binds names; reads none
        if kind is cst.AssignTarget and type(node.target) is cst.Name:  # type: ignore[attr-defined]
            continue  # `tfe = ...` binds
        for field in _fields(kind):
            value = getattr(node, field)
            if isinstance(value, cst.CSTNode):
                pending.append(value)
            elif type(value) is tuple or type(value) is list:
                pending.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found
