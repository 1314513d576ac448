"""Line and column of a few nodes, without libcst's PositionProvider.

PositionProvider records every node of the tree; findings need a handful. This runs the module's
code generation once, notes the token index where each wanted node starts, then counts newlines.
"""

from __future__ import annotations

from typing import Iterable

import libcst as cst
from libcst._nodes.internal import CodegenState


class _MarkingState(CodegenState):
    def __init__(self, module: cst.Module, wanted: set[int]):
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
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
