"""Code generation without libcst's per-node overhead, and the line/column of a few nodes.

libcst's code generation opens a generator-based context manager per node to record positions
nobody asked for; a shared no-op context manager makes the same output noticeably faster.
PositionProvider records every node of the tree; findings need a handful, so positions are taken
from one code generation that notes the token index where each wanted node starts.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterable

import libcst as cst
from libcst._nodes.internal import CodegenState

_NO_RECORDING = contextlib.nullcontext()


class _FastState(CodegenState):
    def __init__(self, module: cst.Module):
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)

    def record_syntactic_position(self, node: Any, *, start_node: Any = None, end_node: Any = None) -> Any:
        return _NO_RECORDING


def module_bytes(module: cst.Module) -> bytes:
    """Same bytes as ``module.bytes``."""
    state = _FastState(module)
    module._codegen(state)
    return "".join(state.tokens).encode(module.encoding)


class _MarkingState(_FastState):
    def __init__(self, module: cst.Module, wanted: set[int]):
        super().__init__(module)
        self.wanted = wanted
        self.marks: dict[int, int] = {}

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted and key not in self.marks:
            self.marks[key] = len(self.tokens)


def node_positions(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, tuple[int, int]]:
    """id(node) -> (line, column), both 1-based, for nodes of ``module``'s tree."""
    wanted = {id(node) for node in nodes}
    if not wanted:
        return {}
    state = _MarkingState(module, wanted)
    module._codegen(state)
    by_token = sorted((index, key) for key, index in state.marks.items())
    positions: dict[int, tuple[int, int]] = {}
    line, column, consumed = 1, 0, 0
    tokens = state.tokens
    for index, key in by_token:
        for token in tokens[consumed:index]:
            newlines = token.count("\n")
            if newlines:
                line += newlines
                column = len(token) - token.rfind("\n") - 1
            else:
                column += len(token)
        consumed = index
        positions[key] = (line, column + 1)
    return positions
