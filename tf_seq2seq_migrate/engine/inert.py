"""Top-level functions and classes no rule can touch are left out of the libcst parse.

libcst parses at a few thousand lines per second; ``ast`` at a few hundred thousand. Most lines of a
TF1 project are plain Python that no rule touches, so the file is parsed with ``ast`` first and every
top-level ``def`` / ``class`` that cannot matter is replaced, for libcst, by a one-line marker; after
the rewrite the markers get their original bytes back. The output is byte for byte what a full parse
gives, and so are the findings' positions (lines are mapped back).

A statement cannot matter when none of its identifiers (any word in its text, so strings and comments
count too, which only errs on the side of parsing) is a name that an import binds anywhere in the file,
a name assigned from such a name (``s2s = tf.contrib.seq2seq``, to a fixed point), or one of the
``trigger_words`` (the methods tf_upgrade_v2 converts on any object). Such a statement neither uses a
TF1 name nor binds one: every name in it resolves to nothing the rules know. What it does bind (its own
name in the module, names inside it) still decides which free name an added import gets, so those
bindings are recorded here from the ``ast`` the way the pre-scan (:mod:`.resolve`) records them from
libcst, all opaque. The conditions under which this is done are narrow: UTF-8 text with one newline
style, no form feed, no star import, ASCII-only statements; anything else is parsed whole.

The invariant the rewrite pass must keep for this to hold: it changes or reports nothing in a statement
where no name resolves through an import. A rule that reacts to anything else (as the method rule reacts
to ``.make_one_shot_iterator()`` on any object) must pass its words as ``trigger_words``;
tests/test_engine_inert.py compares both paths on every golden case, project and fixture.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import re
from bisect import bisect_left
from typing import Iterable, Iterator

from tf_seq2seq_migrate.engine.imports import ImportBinding
from tf_seq2seq_migrate.engine.resolve import NONE_MEANING, ScanResult

MARKER_PREFIX = b"__tf_migrate_inert_"
_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_UTF8_BOM = b"\xef\xbb\xbf"
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8", "u8", "utf", "cp65001", "utf-8-sig"})
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclasses.dataclass(frozen=True)
class InertSpan:
    marker: bytes  # the line's text in the reduced source
    text: bytes  # the original bytes it stands for (whole lines, without the last line's newline)
    line: int  # the marker's line in the reduced source
    extra_lines: int  # lines the original text has beyond the marker's one


@dataclasses.dataclass(frozen=True)
class Reduction:
    """The source libcst parses, and what is needed to turn its results back into the file's."""

    source: bytes
    spans: tuple[InertSpan, ...]
    module_names: tuple[str, ...]  # names the left-out statements bind in the module scope
    bound_names: tuple[tuple[str, bool], ...]  # every name they bind in any scope; True: bound to None

    def restore(self, output: bytes) -> bytes | None:
        """The rewritten reduced source with the original statements back (None: a marker went missing)."""
        pieces: list[bytes] = []
        position = 0
        for span in self.spans:
            found = output.find(span.marker, position)
            if found < 0:
                return None
            pieces += (output[position:found], span.text)
            position = found + len(span.marker)
        pieces.append(output[position:])
        return b"".join(pieces)

    def original_line(self, line: int) -> int:
        """A line of the reduced source (not a marker's) as a line of the original source."""
        index = bisect_left(self._marker_lines, line)  # markers strictly before this line
        return line + self._extra_before[index]

    @functools.cached_property
    def _marker_lines(self) -> list[int]:
        return [span.line for span in self.spans]

    @functools.cached_property
    def _extra_before(self) -> list[int]:
        totals = [0]
        for span in self.spans:
            totals.append(totals[-1] + span.extra_lines)
        return totals


def leave_out_inert(source: bytes, trigger_words: Iterable[str], trigger_patterns=()) -> Reduction | None:
    """The reduced source, or None when the file must be parsed whole (nothing inert, or out of bounds).

    A statement is kept for libcst when it names an imported name or a trigger word, or when one of the
    compiled byte ``trigger_patterns`` matches its text."""
    if not _plain_text(source):
        return None
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # the full parse reports it
    imported, aliases, star = _imports_and_aliases(tree.body)
    if star:
        return None
    needles = {name.encode() for name in _alias_closure(imported, aliases)}
    needles.update(word.encode() for word in trigger_words)

    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    if source.startswith(_UTF8_BOM):
        starts[0] = len(_UTF8_BOM)

    # Runs of adjacent inert statements, as [first line, last line] (1-based); the blank and comment
    # lines between two of them belong to the second, so a run is left out as one piece.
    runs: list[list[int]] = []
    chosen: list[ast.stmt] = []
    previous = -2
    for index, statement in enumerate(tree.body):
        if not isinstance(statement, _DEFINITIONS):
            continue
        first = min([statement.lineno, *(d.lineno for d in statement.decorator_list)])
        last = _last_line(statement, lines)
        text = source[starts[first - 1] : starts[last]]
        if not text.isascii() or not needles.isdisjoint(_IDENTIFIER.findall(text)):
            continue
        if any(pattern.search(text) for pattern in trigger_patterns):
            continue
        chosen.append(statement)
        if index == previous + 1:
            runs[-1][1] = last
        else:
            runs.append([first, last])
        previous = index
    if not runs:
        return None
    if MARKER_PREFIX in source:
        return None  # a file about this very mechanism: markers must be unique

    pieces: list[bytes] = []
    spans: list[InertSpan] = []
    position = removed = 0
    for number, (first, last) in enumerate(runs):
        begin = starts[first - 1]
        end = starts[last] - len(_newline_of(lines[last - 1]))
        marker = MARKER_PREFIX + str(number).encode() + b"__"
        pieces += (source[position:begin], marker)
        spans.append(InertSpan(marker, source[begin:end], first - removed, last - first))
        removed += last - first
        position = end
    pieces.append(source[position:])

    recorder = _BindingRecorder()
    for statement in chosen:
        recorder.statement(statement)
    module_names = tuple(statement.name for statement in chosen)  # type: ignore[attr-defined]
    return Reduction(b"".join(pieces), tuple(spans), module_names, tuple(recorder.names))


def _plain_text(source: bytes) -> bool:
    """UTF-8 (the only encoding whose line and column bytes are checked here), one newline style."""
    if b"\f" in source or b"\0" in source:
        return False
    if b"\r" in source and not source.count(b"\r") == source.count(b"\r\n") == source.count(b"\n"):
        return False
    for line in source.split(b"\n", 2)[:2]:
        cookie = _COOKIE.match(line)
        if cookie is not None:
            return cookie.group(1).decode("ascii", "replace").lower() in _UTF8_NAMES
    return True


def _newline_of(line: bytes) -> bytes:
    if line.endswith(b"\r\n"):
        return b"\r\n"
    return b"\n" if line.endswith(b"\n") else b""


def _last_line(statement: ast.stmt, lines: list[bytes]) -> int:
    """The statement's last line, with the comment lines libcst gives its indented block (the footer):
    trailing blank/comment lines up to the last one that starts with the block's indentation."""
    last = statement.end_lineno
    assert last is not None
    body = statement.body  # type: ignore[attr-defined]
    head = lines[body[0].lineno - 1][: body[0].col_offset]
    if head.strip(b" \t"):
        return last  # `def f(): return 1`: no indented block, so no footer
    footer_end = last
    for number in range(last + 1, len(lines) + 1):
        line = lines[number - 1]
        content = line.lstrip(b" \t").rstrip(b"\r\n")
        if content and not content.startswith(b"#"):
            break  # the next statement
        if line.startswith(head) and line.rstrip(b"\r\n") != b"":
            footer_end = number
    return footer_end


def _imports_and_aliases(statements: list[ast.stmt]) -> tuple[set[str], list[tuple[str, list[str]]], bool]:
    """Names imports bind anywhere; (root name, assigned names) for every ``x = a.b.c``; a star import."""
    imported: set[str] = set()
    aliases: list[tuple[str, list[str]]] = []
    star = False
    for statement in _all_statements(statements):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                imported.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(statement, ast.ImportFrom):
            for alias in statement.names:
                if alias.name == "*":
                    star = True
                imported.add(alias.asname or alias.name)
        elif isinstance(statement, ast.Assign):
            root = statement.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name):
                aliases.append((root.id, [name for target in statement.targets for name in _target_names(target)]))
    return imported, aliases, star


def _alias_closure(names: set[str], aliases: list[tuple[str, list[str]]]) -> set[str]:
    names = set(names)
    grew = True
    while grew:
        grew = False
        for root, targets in aliases:
            if root in names and not names.issuperset(targets):
                names.update(targets)
                grew = True
    return names


def _all_statements(statements: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included; expressions are not entered."""
    pending = list(statements)
    while pending:
        statement = pending.pop()
        yield statement
        for field in ("body", "orelse", "finalbody"):
            pending.extend(getattr(statement, field, ()))
        for handler in getattr(statement, "handlers", ()):
            pending.extend(handler.body)
        for case in getattr(statement, "cases", ()):
            pending.extend(case.body)


def _target_names(target: ast.expr) -> Iterator[str]:
    """Plain names an assignment target binds (attributes and subscripts bind none)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _target_names(element)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


class _BindingRecorder:
    """The bindings the pre-scan (engine/resolve.py, ``_Prescan``) records for a statement, by name:
    definitions, parameters, assignment / for / with / except targets; ``x = None`` separately."""

    def __init__(self) -> None:
        self.names: list[tuple[str, bool]] = []

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._bind(node.name)
            arguments = node.args
            for parameter in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                self._bind(parameter.arg)
            for star in (arguments.vararg, arguments.kwarg):
                if star is not None:
                    self._bind(star.arg)
            self._block(node.body)
        elif isinstance(node, ast.ClassDef):
            self._bind(node.name)
            self._block(node.body)
        elif isinstance(node, ast.Assign):
            if isinstance(node.value, ast.Constant) and node.value.value is None:
                # `x = None`: a fallback, not a meaning (only plain-name targets are recorded)
                self.names += [(target.id, True) for target in node.targets if isinstance(target, ast.Name)]
            else:
                for target in node.targets:
                    self._targets(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            self._targets(node.target)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._targets(node.target)
            self._block(node.body)
            self._block(node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._targets(item.optional_vars)
            self._block(node.body)
        elif isinstance(node, (ast.If, ast.While)):
            self._block(node.body)
            self._block(node.orelse)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            self._block(node.body)
            for handler in node.handlers:
                if handler.name is not None:
                    self._bind(handler.name)
                self._block(handler.body)
            self._block(node.orelse)
            self._block(node.finalbody)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                self._block(case.body)

    def _block(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def _bind(self, name: str) -> None:
        self.names.append((name, False))

    def _targets(self, target: ast.expr) -> None:
        for name in _target_names(target):
            self._bind(name)


def record_left_out(scan: ScanResult, reduction: Reduction) -> None:
    """Add the left-out statements' bindings to the pre-scan of the reduced module, as the pre-scan of
    the whole module would have them: all opaque (they name nothing under ``tensorflow``)."""
    for name in reduction.module_names:
        scan.module_scope.bind(name, ImportBinding(name, None, None))
    for name, is_none in reduction.bound_names:
        scan.bound_anywhere.setdefault(name, set()).add(NONE_MEANING if is_none else None)
