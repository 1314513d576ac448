"""Code generation without libcst's per-node overhead, and finding positions from that same pass.

libcst's code generation opens a generator-based context manager per node to record positions
nobody asked for; a shared no-op context manager makes the same output noticeably faster.

Findings need positions in the ORIGINAL file, and a second full code generation of the original
tree would cost as much as the output's. Instead the output's code generation notes where a few
nodes start, and the edits translate that back: every inserted line (TODO comments, added imports,
split import lines) shifts later lines by one, and every replaced span shifts later columns on its
line by its change in length.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
from typing import Any, Iterable, Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

_NO_RECORDING = contextlib.nullcontext()


class _FastState(CodegenState):
    def __init__(self, module: cst.Module):
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)

    def record_syntactic_position(self, node: Any, *, start_node: Any = None, end_node: Any = None) -> Any:
        return _NO_RECORDING


class _MarkingState(_FastState):
    def __init__(self, module: cst.Module, wanted: set[int]):
        super().__init__(module)
        self.wanted = wanted
        self.marks: dict[int, int] = {}

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted and key not in self.marks:
            self.marks[key] = len(self.tokens)


@dataclasses.dataclass(frozen=True)
class Edit:
    """A node of the output that replaced original text on the same line."""

    node: cst.CSTNode
    length_change: int  # len(new text) - len(old text)


def module_bytes(module: cst.Module) -> bytes:
    """Same bytes as ``module.bytes``."""
    state = _FastState(module)
    module._codegen(state)
    return "".join(state.tokens).encode(module.encoding)


def code_of(module: cst.Module, node: cst.CSTNode) -> str:
    """Same text as ``module.code_for_node(node)``."""
    state = _FastState(module)
    node._codegen(state)
    return "".join(state.tokens)


def _token_positions(tokens: Sequence[str], marks: dict[int, int]) -> dict[int, tuple[int, int]]:
    """id(node) -> (line, 0-based column) in the generated text, from token indexes."""
    positions: dict[int, tuple[int, int]] = {}
    line, column, consumed = 1, 0, 0
    for index, key in sorted((index, key) for key, index in marks.items()):
        for token in tokens[consumed:index]:
            newlines = token.count("\n")
            if newlines:
                line += newlines
                column = len(token) - token.rfind("\n") - 1
            else:
                column += len(token)
        consumed = index
        positions[key] = (line, column)
    return positions


def generate_with_positions(
    module: cst.Module,
    anchors: Iterable[cst.CSTNode],
    inserted: Sequence[tuple[cst.CSTNode, int]],
    edits: Sequence[Edit],
) -> tuple[bytes, dict[int, tuple[int, int]]]:
    """Output bytes, and for each anchor node (a node of ``module``) its ORIGINAL (line, 0-based column).

    ``inserted``: (node, number of lines) for every run of lines that did not exist in the original.
    """
    wanted = {id(node) for node in anchors}
    wanted.update(id(node) for node, _ in inserted)
    wanted.update(id(edit.node) for edit in edits)
    state = _MarkingState(module, wanted)
    module._codegen(state)
    output = "".join(state.tokens).encode(module.encoding)
    found = _token_positions(state.tokens, state.marks)

    insertion_lines = sorted(
        (found[id(node)][0], count) for node, count in inserted if id(node) in found
    )
    starts = [line for line, _ in insertion_lines]
    before: list[int] = []  # lines inserted strictly before each insertion point, cumulative
    total = 0
    for _, count in insertion_lines:
        total += count
        before.append(total)

    shifts: dict[int, list[tuple[int, int]]] = {}  # output line -> [(column, length change)]
    for edit in edits:
        if id(edit.node) in found and edit.length_change:
            line, column = found[id(edit.node)]
            shifts.setdefault(line, []).append((column, edit.length_change))

    original: dict[int, tuple[int, int]] = {}
    for node in anchors:
        key = id(node)
        if key not in found or key in original:
            continue
        line, column = found[key]
        position = bisect.bisect_left(starts, line + 1) - 1  # insertions starting on or before this line
        lines_inserted = before[position] if position >= 0 else 0
        column -= sum(change for start, change in shifts.get(line, ()) if start < column)
        original[key] = (line - lines_inserted, column)
    return output, original


def relative_positions(module: cst.Module, root: cst.CSTNode, nodes: Iterable[cst.CSTNode]) -> dict[int, tuple[int, int]]:
    """Where ``nodes`` start inside ``root``'s own code: (lines after root's first line, 0-based column).

    The column is relative to root's start on its first line and absolute on later lines, which is
    how a small statement's continuation lines keep their own indentation.
    """
    wanted = {id(node) for node in nodes}
    state = _MarkingState(module, wanted)
    root._codegen(state)
    return {key: (line - 1, column) for key, (line, column) in _token_positions(state.tokens, state.marks).items()}
