"""Is a module a program's entry point? Decides where S2S802 switches eager execution off.

`tf.compat.v1.disable_eager_execution()` changes the whole process, so it belongs in the module a
program starts from, not in a library module that only builds graph pieces (placeholders) for it.
A module counts as an entry point when it has an ``if __name__ == "__main__":`` guard, calls
``tf.app.run`` / ``absl.app.run``, or creates a session (``tf.Session``, ``tf.InteractiveSession``,
``tf.train.MonitoredTrainingSession``, ``tf.train.MonitoredSession``, ``tf.train.Supervisor``) at
module level or in one of its functions.
"""

from __future__ import annotations

from typing import Callable, Iterator

import libcst as cst

from tf_seq2seq_migrate.engine.names import dotted_parts
from tf_seq2seq_migrate.engine.resolve import Resolved, ScanResult, Scope

# Canonical names (after module aliases such as tensorflow.compat.v1 -> tensorflow) whose call makes
# the calling module a program's entry point.
ENTRY_CALLS = frozenset(
    {
        "tensorflow.app.run",
        "absl.app.run",
        "tensorflow.Session",
        "tensorflow.InteractiveSession",
        "tensorflow.train.MonitoredTrainingSession",
        "tensorflow.train.MonitoredSession",
        "tensorflow.train.SingularMonitoredSession",
        "tensorflow.train.Supervisor",
    }
)
# Their last segments: a call ending otherwise is never resolved (the check runs on every call).
ENTRY_CALL_LAST = frozenset(name.rpartition(".")[2] for name in ENTRY_CALLS)


def has_main_guard(module: cst.Module) -> bool:
    """A top-level ``if __name__ == "__main__":`` (either operand order, any quotes)."""
    return any(isinstance(statement, cst.If) and _is_main_test(statement.test) for statement in module.body)


def _is_main_test(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    if not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    operands = (test.left, test.comparisons[0].comparator)
    names = [o for o in operands if isinstance(o, cst.Name) and o.value == "__name__"]
    strings = [o for o in operands if isinstance(o, cst.SimpleString) and o.evaluated_value == "__main__"]
    return len(names) == 1 and len(strings) == 1


def is_entry_call(parts: list[str], resolve: Callable[[str], Resolved | None], canonicalize: Callable[[str], str]) -> bool:
    """Whether a call of the dotted name ``parts`` (resolved in its scope) creates a session or runs an app."""
    if parts[-1] not in ENTRY_CALL_LAST:
        return False
    resolved = resolve(parts[0])
    if resolved is None:
        return False
    return canonicalize(".".join([resolved.canonical, *parts[1:]])) in ENTRY_CALLS


def calls_entry_point(module: cst.Module, scan: ScanResult, canonicalize: Callable[[str], str]) -> bool:
    """Whether any call in the module, at any depth, is an entry call (a whole-tree walk: use sparingly)."""
    for call, scope in _calls(module, scan.module_scope, scan):
        parts = dotted_parts(call.func)
        if parts is not None and is_entry_call(parts, scope.resolve, canonicalize):
            return True
    return False


def _calls(node: cst.CSTNode, scope: Scope, scan: ScanResult) -> Iterator[tuple[cst.Call, Scope]]:
    stack = [(node, scope)]
    while stack:
        current, current_scope = stack.pop()
        if isinstance(current, cst.Call):
            yield current, current_scope
        if isinstance(current, (cst.FunctionDef, cst.ClassDef)):
            inner = scan.scopes.get(id(current), current_scope)
            # Decorators, bases and defaults run in the enclosing scope; the body in the inner one.
            stack.extend((child, inner if child is current.body else current_scope) for child in current.children)
            continue
        stack.extend((child, current_scope) for child in current.children)
