"""Continuation lines aligned with a call's opening bracket follow the bracket when a rename moves it.

    cell = tf.contrib.rnn.DeviceWrapper(cell,          cell = rnn.DeviceWrapper(cell,
                                        device)   ->                            device)

Only the call's own level is touched, and only when every line break inside its brackets is one of
its own argument separators and every continuation line started exactly one column right of the
bracket; anything else (a string or an unconverted call spanning lines, hanging indents, comments
between the lines) is left as written. A converted call nested on the first line, realigned itself,
moves along and does not stop its outer call's lines from following.
"""

from __future__ import annotations

from typing import Any, Callable

import libcst as cst


def _spaces(call: cst.Call) -> list[cst.ParenthesizedWhitespace]:
    """The line breaks at the call's own level: after `(`, after each comma, before `)`."""
    found = []
    candidates: list[Any] = [call.whitespace_before_args]
    for arg in call.args:
        candidates.append(arg.whitespace_after_arg)
        if isinstance(arg.comma, cst.Comma):
            candidates.append(arg.comma.whitespace_after)
    for whitespace in candidates:
        if isinstance(whitespace, cst.ParenthesizedWhitespace):
            found.append(whitespace)
    return found


def aligned_with_bracket(
    call: cst.Call, code: Callable[[cst.CSTNode], str], bracket_column: int, carried: int = 0
) -> bool:
    """Every line of ``call``'s arguments after the first starts one column right of its ``(``.

    Columns are relative to the block's indentation (libcst's ``indent`` continuation lines).
    ``carried`` line breaks lie inside argument calls that already move with this call (a nested
    call starting on its first line, realigned on its own).
    """
    spaces = _spaces(call)
    if not spaces:
        return False
    newlines = code(call).count("\n") - code(call.func).count("\n") - carried
    if code(call.func).count("\n") or newlines != len(spaces):
        return False  # a line break elsewhere: inside a nested call, a string, a comment line
    return all(
        space.indent
        and not space.empty_lines
        and space.last_line.value == " " * (bracket_column + 1)  # spaces only: a tab has no fixed width
        for space in spaces
    )


def shift_continuations(call: cst.Call, delta: int) -> tuple[cst.Call, list[cst.SimpleWhitespace]]:
    """``call`` with its own continuation lines moved by ``delta`` columns, and the new indentations."""
    moved: list[cst.SimpleWhitespace] = []

    def shifted(whitespace: Any) -> Any:
        if not isinstance(whitespace, cst.ParenthesizedWhitespace):
            return whitespace
        last_line = cst.SimpleWhitespace(" " * (len(whitespace.last_line.value) + delta))
        moved.append(last_line)
        return whitespace.with_changes(last_line=last_line)

    args = []
    for arg in call.args:
        changes: dict[str, Any] = {"whitespace_after_arg": shifted(arg.whitespace_after_arg)}
        if isinstance(arg.comma, cst.Comma):
            changes["comma"] = arg.comma.with_changes(whitespace_after=shifted(arg.comma.whitespace_after))
        args.append(arg.with_changes(**changes))
    new = call.with_changes(whitespace_before_args=shifted(call.whitespace_before_args), args=args)
    return new, moved
