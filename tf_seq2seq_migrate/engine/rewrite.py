"""The rewrite pass: one walk over the libcst tree that applies every rule.

libcst's CSTTransformer rebuilds every node it visits (measured: slower than parsing). This pass walks
the same libcst nodes by hand, skips whitespace and punctuation fields, and rebuilds only the nodes
on the path to an edit; untouched subtrees are the parser's own objects, so their bytes are emitted
exactly as they were read.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Sequence

import libcst as cst

from tf_seq2seq_migrate.api import Finding, Result
from tf_seq2seq_migrate.engine.inert import Reduction, leave_out_inert, record_left_out
from tf_seq2seq_migrate.engine.imports import (
    PendingFinding,
    graph_mode_call_index,
    insert_imports,
    insertion_index,
    match_findings,
    runtime_import,
)
from tf_seq2seq_migrate.engine.alignment import aligned_with_bracket, shift_continuations
from tf_seq2seq_migrate.engine.entry_points import calls_entry_point, has_main_guard, is_entry_call
from tf_seq2seq_migrate.engine.matching import Match, is_tensorflow, match_rule
from tf_seq2seq_migrate.engine.names import build_dotted, dotted_parts, is_under, last_of
from tf_seq2seq_migrate.engine.positions import Edit, code_of, generate_with_positions, relative_positions
from tf_seq2seq_migrate.engine.references import referenced_names
from tf_seq2seq_migrate.engine.resolve import (
    NONE_MEANING,
    Resolved,
    ScanResult,
    Scope,
    holds_static_dimension,
    holds_tensor_array,
    prescan,
)
from tf_seq2seq_migrate.engine import dataset_structure, tensor_array, tensor_shape
from tf_seq2seq_migrate.engine.source import ParseFailure, parse, python_syntax_error, to_bytes, with_python2_hint
from tf_seq2seq_migrate.rules.args import apply_arg_changes, incompatible_argument, non_default_value
from tf_seq2seq_migrate.rules.catalog import Catalog, display_name, load_catalog
from tf_seq2seq_migrate.rules.manual import (
    DYNAMIC_ACCESS,
    DYNAMIC_ATTRIBUTES,
    TODO_COMMENT,
    builtin_call_rule,
    todo_comment,
)

from tf_seq2seq_migrate.rules import tf_upgrade
from tf_seq2seq_migrate.rules.tf_upgrade_calls import rewrite_call, rewrite_method_call

ALIAS_PREFIX = "tfm_"  # added imports whose natural name is taken get this prefix

# Fields that never hold code: whitespace, punctuation, and names that bind rather than use.
_SKIPPED_FIELDS = frozenset(
    {
        "lpar", "rpar", "leading_lines", "lines_after_decorators", "header", "footer", "encoding",
        "default_indent", "default_newline", "has_trailing_newline", "semicolon", "comma", "dot",
        "operator", "equal", "colon", "star", "asynchronous", "newline", "trailing_whitespace",
        "first_colon", "second_colon", "lbracket", "rbracket", "lbrace", "rbrace", "indent",
        "name", "attr", "keyword", "asname", "relative", "module", "names", "posonly_ind",
        "conversion", "string", "prefix", "quote", "value_str",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=None)
def _code_fields(node_type: type) -> tuple[str, ...]:
    return tuple(
        field.name
        for field in dataclasses.fields(node_type)
        if field.name not in _SKIPPED_FIELDS and not field.name.startswith("whitespace")
    )


@functools.lru_cache(maxsize=None)
def _has_leading_lines(node_type: type) -> bool:
    return any(field.name == "leading_lines" for field in dataclasses.fields(node_type))


CONTRIB = "tensorflow.contrib"  # gone in TF 2: a line binding a module under it fails there


@dataclasses.dataclass(frozen=True)
class _ContribBinding:
    """A line that binds a name to a tf.contrib module no rule rewrites (``tfe = tf.contrib.eager``)."""

    name: str
    statement: cst.BaseSmallStatement
    match: Match
    todos: frozenset[str]  # the TODO comments the line gets while it stays


@dataclasses.dataclass(frozen=True)
class _RemovedLines:
    """Consecutive removed lines; the next statement that stays takes over their blank lines and comments.

    ``notes`` are findings (and dropped TODO comments of earlier runs) waiting for that statement:
    their ``offset`` line counts from the first removed line, made relative to the statement later.
    """

    kept: tuple[cst.EmptyLine, ...]  # leading lines that stay
    gone: int  # lines that disappear
    total: int  # lines the removed lines spanned (kept + gone)
    notes: tuple[PendingFinding, ...]
    dropped_todos: tuple[PendingFinding, ...]


class _Rewriter:
    def __init__(
        self,
        catalog: Catalog,
        scan: ScanResult,
        skip: frozenset[str],
        module: cst.Module,
        remove: frozenset[int] = frozenset(),
    ):
        self.catalog = catalog
        self.original = module
        self.inserted: list[tuple[cst.CSTNode, int]] = []  # lines that did not exist: (node, how many)
        self.edits: list[Edit] = []  # replaced spans, for column bookkeeping
        self.resolved_cache: dict[tuple[int, str], Resolved | None] = {}
        self.scan = scan
        self.skip = skip
        self.scope: Scope = scan.module_scope
        self.findings: list[PendingFinding] = []
        self.context: cst.CSTNode | None = None  # innermost statement-like node (gets the TODO lines)
        self.todos: dict[int, list[PendingFinding]] = {}
        self.top_index = 0
        self.header_comments: frozenset[str] = frozenset()  # comments above the first statement (Module.header)
        self.imports_needed: dict[str, int] = {}  # runtime module -> first top-level statement using it
        self.import_names: dict[str, str] = {}  # runtime module -> local name in this file
        self.new_imports: set[str] = set()  # modules that need an added import line
        # The first placeholder/Session use, its name, and how `disable_eager_execution` is spelled here.
        self.graph_mode_use: tuple[cst.CSTNode, str, str | None] | None = None
        # id(call) -> ((id(context), line of its `(`), columns its continuation lines moved): see _call_realigned
        self.realigned_calls: dict[int, tuple[tuple[int, int], int]] = {}
        # Whether the module is a program's entry point (engine/entry_points.py): only then is
        # eager execution switched off here. Found during the walk, or by one whole-module walk.
        self.entry_point = False
        self.entry_point_walked = False
        # Lines binding a tf.contrib module (see _note_contrib_binding); ids of those to remove this pass.
        self.contrib_bindings: dict[int, _ContribBinding] = {}
        self.remove = remove
        self.removed_line: _RemovedLines | None = None  # set by the line just removed, for _settle
        self.dropped_todos: list[PendingFinding] = []  # TODO comments of removed lines, from earlier runs
        self.last_in_block: set[int] = set()  # a block's last line cannot go (nothing takes its lines over)
        self.indents: list[str] = []  # indentation of the enclosing blocks, for the columns of removed lines
        # Names that, inside the comprehension being visited, iterate a static shape (engine/tensor_shape.py).
        self.iterated_dimensions: frozenset[str] = frozenset()
        # ids of attribute nodes that are assigned or deleted (targets), not read.
        self.stored_attributes: set[int] = set()
        self.handlers = {
            cst.Name: self._chain,
            cst.Attribute: self._attribute,
            cst.Call: self._call_realigned,
            cst.FunctionDef: self._function,
            cst.ClassDef: self._class,
            cst.SimpleStatementLine: self._statement_line,
            cst.SimpleStatementSuite: self._statement_suite,
            cst.AssignTarget: self._assign_target,
            cst.AnnAssign: self._target_then_rest,
            cst.AugAssign: self._target_then_rest,
            cst.For: self._target_then_rest,
            cst.CompFor: self._target_then_rest,
            cst.ListComp: self._comprehension,
            cst.SetComp: self._comprehension,
            cst.GeneratorExp: self._comprehension,
            cst.DictComp: self._comprehension,
            cst.Del: self._target_then_rest,
            cst.NamedExpr: self._named_expr,
            cst.Import: _unchanged,
            cst.ImportFrom: _unchanged,
            cst.IndentedBlock: self._indented_block,
        }

    # -- generic walk ------------------------------------------------------------------------------

    def visit(self, node: Any) -> Any:
        node_type = type(node)
        if _has_leading_lines(node_type):
            return self._in_context(node)
        handler = self.handlers.get(node_type)
        if handler is not None:
            return handler(node)
        return self._children(node)

    def _dispatch(self, node: Any) -> Any:
        handler = self.handlers.get(type(node))
        return handler(node) if handler is not None else self._children(node)

    def _children(self, node: Any, fields: Sequence[str] | None = None) -> Any:
        changes: dict[str, Any] | None = None
        for name in fields if fields is not None else _code_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                new = self.visit(value)
            elif type(value) is tuple or type(value) is list:
                new = self._sequence(value)
            else:
                continue
            if new is not value:
                if changes is None:
                    changes = {}
                changes[name] = new
        return node.with_changes(**changes) if changes else node

    def _sequence(self, items: Sequence[Any]) -> Sequence[Any]:
        result: list[Any] | None = None
        carry: _RemovedLines | None = None
        for index, item in enumerate(items):
            new = self.visit(item) if isinstance(item, cst.CSTNode) else item
            if carry is not None or self.removed_line is not None:
                new, carry = self._settle(new, carry)
            if new is not item and result is None:
                result = list(items[:index])
            if result is not None:
                if isinstance(new, list):
                    result.extend(new)  # a statement that became several lines
                else:
                    result.append(new)
        return items if result is None else result

    # -- findings and TODO comments ----------------------------------------------------------------

    def _report(self, findings: Sequence[PendingFinding]) -> None:
        for finding in findings:
            if finding.todo and self.context is not None:
                self.todos.setdefault(id(self.context), []).append(finding)
            else:
                self.findings.append(finding)

    def _in_context(self, node: cst.CSTNode) -> Any:
        outer = self.context
        self.context = node
        try:
            new = self._dispatch(node)
        finally:
            self.context = outer
        pending = self.todos.pop(id(node), None)
        if pending:
            if isinstance(new, list):
                new[0] = self._with_todo_lines(new[0], pending)
            else:
                new = self._with_todo_lines(new, pending)
        return new

    def _with_todo_lines(self, node: Any, pending: Sequence[PendingFinding]) -> Any:
        present = {line.comment.value for line in node.leading_lines if line.comment is not None}
        if self.header_comments and self.context is None and self.top_index == 0:
            # libcst keeps the comments above a file's first statement in Module.header, not in its
            # leading lines: a TODO written there by an earlier run is found there.
            present |= self.header_comments
        lines = list(node.leading_lines)
        for finding in pending:
            text = todo_comment(finding.rule_id, finding.message)
            if text in present:
                continue  # already there from an earlier run; the comment scan reports it
            present.add(text)
            line = cst.EmptyLine(indent=True, comment=cst.Comment(text))
            lines.append(line)
            self.inserted.append((line, 1))
            self.findings.append(finding)
        if len(lines) == len(node.leading_lines):
            return node
        return node.with_changes(leading_lines=lines)

    # -- statements --------------------------------------------------------------------------------

    def module(self, module: cst.Module) -> cst.Module:
        self.entry_point = has_main_guard(module)
        self.header_comments = frozenset(line.comment.value for line in module.header if line.comment is not None)
        body: list[Any] = []
        new_start: list[int] = []  # where each original top-level statement starts in the new body
        carry: _RemovedLines | None = None
        if module.body:
            self.last_in_block.add(id(module.body[-1]))
        for index, statement in enumerate(module.body):
            self.top_index = index
            new_start.append(len(body))
            new = self.visit(statement)
            if carry is not None or self.removed_line is not None:
                new, carry = self._settle(new, carry)
            body.extend(new if isinstance(new, list) else [new])
        unchanged = len(body) == len(module.body) and all(a is b for a, b in zip(body, module.body))
        new_module = module if unchanged else module.with_changes(body=body)
        if self.graph_mode_use is not None and self.entry_point:  # a library module: its program does it
            new_module, new_start = self._disable_eager_execution(new_module, new_start)
        if self.new_imports:
            first_use = min(self.imports_needed[m] for m in self.new_imports)
            index = insertion_index(new_module.body, new_start[first_use])
            lines = [runtime_import(m, self.import_names[m]) for m in sorted(self.new_imports)]
            new_module, added = insert_imports(new_module, index, lines)
            self.inserted += [(line, 1 + len(line.leading_lines)) for line in added]
        return new_module

    def _disable_eager_execution(self, module: cst.Module, new_start: list[int]) -> tuple[cst.Module, list[int]]:
        """Session code on TF2 needs graph mode: one call after the module's imports (S2S802)."""
        rule = self.catalog.rule(tf_upgrade.GRAPH_MODE)
        assert self.graph_mode_use is not None
        use, name, spelled = self.graph_mode_use[0], display_name(self.graph_mode_use[1]), self.graph_mode_use[2]
        if spelled is None:  # the use already carries a TODO (see _note_graph_mode)
            return module, new_start
        index = graph_mode_call_index(module.body, spelled.split(".")[0])
        module, added = insert_imports(module, index, [cst.parse_statement(f"{spelled}()\n")])
        self.inserted += [(line, 1 + len(line.leading_lines)) for line in added]
        self._report([PendingFinding(use, rule.id, rule.finding_message(name), True, False)])
        return module, [start + 1 if start >= index else start for start in new_start]

    def _code(self, node: cst.CSTNode) -> str:
        return code_of(self.original, node)

    def _resolve(self, name: str) -> Resolved | None:
        """Scope lookup, memoised: the pre-scan is complete, so answers no longer change."""
        key = (id(self.scope), name)
        try:
            return self.resolved_cache[key]
        except KeyError:
            found = self.resolved_cache[key] = self.scope.resolve(name)
            return found

    def _replaced(self, old: cst.CSTNode, new: cst.CSTNode) -> None:
        self.edits.append(Edit(new, len(self._code(new)) - len(self._code(old))))

    def _small_statements(self, body: Sequence[cst.BaseSmallStatement]) -> tuple[list[Any], bool]:
        """Apply import/alias plans; returns the new small statements and whether one became several."""
        result: list[Any] = []
        changed = split = False
        for small in body:
            plan = self.scan.plans.get(id(small))
            if plan is not None:
                if plan.replacement is None:
                    self._report(plan.findings)  # the statement stays: its nodes anchor the findings
                else:
                    # The findings sit inside the old statement; measure them there, anchor on the new one.
                    first = plan.replacement[0]
                    inside = relative_positions(self.original, small, [f.node for f in plan.findings])
                    self._report(
                        [dataclasses.replace(f, node=first, offset=inside.get(id(f.node), (0, 0))) for f in plan.findings]
                    )
                    self._replaced(small, first)
                    for extra in plan.replacement[1:]:
                        if len(body) > 1:  # stays on this line after a `; `
                            self.edits.append(Edit(extra, len(self._code(extra)) + 2))
                    result.extend(plan.replacement)
                    changed = True
                    split = split or len(plan.replacement) > 1
                    continue
                result.append(small)
                continue
            new = self.visit(small)
            changed = changed or new is not small
            result.append(new)
        return (result if changed else list(body)), split

    def _statement_line(self, node: cst.SimpleStatementLine) -> Any:
        if len(node.body) == 1 and id(node) not in self.last_in_block and self.scope.kind != "class":
            self._note_contrib_binding(node.body[0])
            if id(node.body[0]) in self.remove:
                return self._remove_line(node)
        body, split = self._small_statements(node.body)
        if not split or len(node.body) > 1:
            return node.with_changes(body=body) if body != list(node.body) else node
        # One import line became several statements: one line each, the first keeps comments.
        extra = [cst.SimpleStatementLine(body=[statement]) for statement in body[1:]]
        self.inserted += [(line, 1) for line in extra]
        return [node.with_changes(body=[body[0]]), *extra]

    def _statement_suite(self, node: cst.SimpleStatementSuite) -> Any:
        body, _ = self._small_statements(node.body)
        return node.with_changes(body=body) if body != list(node.body) else node

    def _indented_block(self, node: cst.IndentedBlock) -> Any:
        if node.body:
            self.last_in_block.add(id(node.body[-1]))
        self.indents.append(node.indent if node.indent is not None else self.original.default_indent)
        try:
            return self._children(node)
        finally:
            self.indents.pop()

    # -- lines binding a tf.contrib module: removed once nothing uses the name -------------------------

    def _note_contrib_binding(self, statement: cst.BaseSmallStatement) -> None:
        """Record ``tfe = tf.contrib.eager`` / ``import tensorflow.contrib.eager as tfe``: a line that stays
        with a TODO (no rule rewrites the module itself) and fails on TF 2. Its members may all be
        rewritten by their own rows; then nothing reads the name and the line can go (rewrite_module)."""
        kind = type(statement)
        if kind is cst.Assign:
            targets = statement.targets  # type: ignore[attr-defined]
            if len(targets) != 1 or type(targets[0].target) is not cst.Name or id(statement) in self.scan.plans:
                return
            name = targets[0].target.value
            parts = dotted_parts(statement.value) if name in self.scan.tf_names else None  # type: ignore[attr-defined]
            found = self._match_parts(parts) if parts is not None else None
            match = found[0] if found is not None else None
        elif kind is cst.Import or kind is cst.ImportFrom:
            plan = self.scan.plans.get(id(statement))
            names = statement.names  # type: ignore[attr-defined]
            if plan is None or plan.replacement is not None or isinstance(names, cst.ImportStar) or len(names) != 1:
                return
            if len(plan.bindings) != 1 or not is_tensorflow(plan.bindings[0].canonical):
                return
            name, canonical = plan.bindings[0].name, plan.bindings[0].canonical
            match = match_rule(self.catalog, canonical, self.skip)  # type: ignore[arg-type]
        else:
            return
        if match is None or match.rewrites or not is_under(match.canonical, CONTRIB):
            return
        todos = frozenset(
            todo_comment(f.rule_id, f.message) for f in match_findings(self.catalog, match, statement) if f.todo
        )
        self.contrib_bindings[id(statement)] = _ContribBinding(name, statement, match, todos)

    def unused_contrib_bindings(self, output: cst.Module) -> frozenset[int]:
        """The recorded contrib bindings whose name nothing in ``output`` (this pass's result) reads."""
        if not self.contrib_bindings:
            return frozenset()
        used = referenced_names(output, frozenset(b.name for b in self.contrib_bindings.values()))
        return frozenset(key for key, binding in self.contrib_bindings.items() if binding.name not in used)

    def _remove_line(self, node: cst.SimpleStatementLine) -> list[Any]:
        """Drop a line recorded by the first pass; its blank lines and comments go to the next statement."""
        binding = self.contrib_bindings[id(node.body[0])]
        kept: list[cst.EmptyLine] = []
        dropped: list[PendingFinding] = []
        for index, line in enumerate(node.leading_lines):
            if line.comment is not None and line.comment.value in binding.todos:  # its TODO from an earlier run
                dropped.append(PendingFinding(node, binding.match.rule.id, "", False, False, (index, 0)))
            else:
                kept.append(line)
        statement_lines = code_of(self.original, node).count("\n") - len(node.leading_lines)
        at = (len(node.leading_lines), len("".join(self.indents)))
        rule = binding.match.rule
        name = display_name(binding.match.canonical)
        message = f"{name} is gone in TF2 and nothing uses {binding.name} after the rewrite: the line binding it is removed"
        self.removed_line = _RemovedLines(
            kept=tuple(kept),
            gone=len(dropped) + statement_lines,
            total=len(node.leading_lines) + statement_lines,
            notes=(PendingFinding(node, rule.id, message, True, False, at),),
            dropped_todos=tuple(dropped),
        )
        return []

    def _settle(self, new: Any, carry: _RemovedLines | None) -> tuple[Any, _RemovedLines | None]:
        """After a removed line: collect it; after the next line that stays: hand the removed lines to it.

        That statement starts where the removed lines started, so it anchors their findings, and the
        lines after it move up by the removed count (a negative insertion for the positions).
        """
        removed, self.removed_line = self.removed_line, None
        if removed is not None:
            return new, removed if carry is None else _merged(carry, removed)
        assert carry is not None
        statements = new if isinstance(new, list) else [new]
        first = statements[0].with_changes(leading_lines=[*carry.kept, *statements[0].leading_lines])
        self.inserted.append((first, -carry.gone))
        relative = [
            dataclasses.replace(f, node=first, offset=(f.offset[0] - carry.gone, f.offset[1]))  # type: ignore[index]
            for f in (*carry.notes, *carry.dropped_todos)
        ]
        self._report(relative[: len(carry.notes)])
        self.dropped_todos += relative[len(carry.notes) :]
        return ([first, *statements[1:]] if isinstance(new, list) else first), None

    def _function(self, node: cst.FunctionDef) -> Any:
        # Decorators, defaults and annotations run in the enclosing scope; the body in its own.
        head = self._children(node, ("decorators", "params", "returns"))
        outer = self.scope
        self.scope = self.scan.scopes.get(id(node), outer)
        try:
            body = self.visit(node.body)
        finally:
            self.scope = outer
        return head.with_changes(body=body) if body is not node.body else head

    def _class(self, node: cst.ClassDef) -> Any:
        head = self._children(node, ("decorators", "bases", "keywords"))
        outer = self.scope
        self.scope = self.scan.scopes.get(id(node), outer)
        try:
            body = self.visit(node.body)
        finally:
            self.scope = outer
        return head.with_changes(body=body) if body is not node.body else head

    # -- targets (bindings and monkey-patching) ------------------------------------------------------

    def _target(self, target: Any) -> Any:
        if isinstance(target, cst.Name):
            return target  # binds a name, not a use
        if isinstance(target, cst.Attribute):
            parts = dotted_parts(target)
            if parts is not None and len(parts) > 1 and self._flag_owner(target, parts[:-1], "S2S903"):
                return target
            if parts is not None and self._assigns_constant(target, parts):
                return target
            self.stored_attributes.add(id(target))
            return self.visit(target)
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.with_changes(value=self._target(e.value)) for e in target.elements]
            if all(new.value is old.value for new, old in zip(elements, target.elements)):
                return target
            return target.with_changes(elements=elements)
        if isinstance(target, cst.StarredElement):
            value = self._target(target.value)
            return target if value is target.value else target.with_changes(value=value)
        return self.visit(target)

    def _assigns_constant(self, target: cst.Attribute, parts: list[str]) -> bool:
        """``tf.estimator.ModeKeys.TRAIN = ...`` patches a constant a literal rule replaces: TODO, as written."""
        found = self._match_parts(parts)
        if found is None or found[0] is None or found[0].rule.kind != "literal":
            return False
        if "S2S903" not in self.skip:
            name, value = display_name(found[0].canonical), found[0].rule.literal
            message = f"monkey-patching {name} cannot be converted: TF2 has no such constant (its TF1 value is {value})"
            self._report([PendingFinding(target, "S2S903", message, False, True)])
        return True

    def _assign_target(self, node: cst.AssignTarget) -> Any:
        target = self._target(node.target)
        return node if target is node.target else node.with_changes(target=target)

    def _target_then_rest(self, node: Any) -> Any:
        target = self._target(node.target)
        rest = [f for f in _code_fields(type(node)) if f != "target"]
        new = self._children(node, rest)
        return new if target is node.target else new.with_changes(target=target)

    def _named_expr(self, node: cst.NamedExpr) -> Any:
        return self._children(node, ("value",))

    def _flag_owner(
        self, node: cst.CSTNode, owner_parts: list[str], rule_id: str, member: cst.BaseExpression | None = None
    ) -> bool:
        """Dynamic access / monkey-patching of something a rule rewrites: TODO and leave it as is.

        ``member`` is the name argument of ``getattr`` / ``hasattr``, when there is one."""
        if rule_id in self.skip:
            return False
        match = self._match_parts(owner_parts)
        if match is None:
            return False
        if match[0] is None or not match[0].rewrites:
            if rule_id == DYNAMIC_ACCESS and tf_upgrade.RENAME not in self.skip and "compat" not in owner_parts:
                return self._flag_tf_module(node, match[1], owner_parts, member)
            return False
        rule = self.catalog.rule(rule_id)
        message = rule.finding_message(match[0].canonical, match[0].target)
        self._report([PendingFinding(node, rule_id, message, False, True)])
        return True

    def _flag_tf_module(
        self, node: cst.CSTNode, resolved: Resolved, owner_parts: list[str], member: cst.BaseExpression | None
    ) -> bool:
        """Dynamic access to a TF module some of whose members tf_upgrade_v2 renames (``getattr(tf.train, n)``).

        A literal name is checked like a spelled-out use; the root module (``getattr(tf, dtype_name)``
        mostly reaches names TF 2 still has) and tf.contrib (the rule tables' business) are left out."""
        module = self.catalog.canonicalize(".".join([resolved.canonical, *owner_parts[1:]]))
        if module == tf_upgrade.TF_ROOT or is_under(module, "tensorflow.contrib"):
            return False
        renamed = tf_upgrade.renamed_members(module)
        if not renamed:
            return False
        name = display_name(module)
        if isinstance(member, cst.SimpleString):
            literal = member.evaluated_value
            if literal not in renamed:
                return False
            target = display_name(renamed[literal])
            message = (
                f"dynamic access to {name}.{literal} cannot be converted: tf_upgrade_v2 renames it to {target}; "
                f"write {target} instead"
            )
        else:
            examples = ", ".join(f"{name}.{m} -> {display_name(renamed[m])}" for m in sorted(renamed)[:2])
            message = (
                f"dynamic access to {name} cannot be converted: tf_upgrade_v2 renames members of it ({examples}, ...); "
                "find the names the lookup reaches and use their TF 2 spellings"
            )
        self._report([PendingFinding(node, DYNAMIC_ACCESS, message, False, True)])
        return True

    # -- uses --------------------------------------------------------------------------------------

    def _attribute(self, node: cst.Attribute) -> Any:
        """``x.get_shape()[i].value`` or ``dim.value`` on a name holding such a dimension
        (engine/tensor_shape.py) in a file using TensorFlow; else a name chain."""
        if self.scan.tf_names and tensor_shape.RULE_ID not in self.skip:
            subscript = tensor_shape.static_dimension_read(node)
            if subscript is not None:
                return self._dimension_value(node, subscript)
            name = tensor_shape.named_dimension_read(node)
            if name is not None and (name in self.iterated_dimensions or holds_static_dimension(self.scope, name)):
                return self._dimension_value(node, node.value)
        if self.scan.tf_names and dataset_structure.RULE_ID not in self.skip and id(node) not in self.stored_attributes:
            function = dataset_structure.structure_read(node)
            owner = dotted_parts(node.value)
            if function is not None and (owner is None or self._match_parts(owner) is None):
                spelled = self._tensorflow_spelling(function)
                if spelled is not None:
                    return self._structure_read(node, spelled, function)
        return self._chain(node)

    def _structure_read(self, node: cst.Attribute, spelled: str, function: str) -> cst.Call:
        """``ds.output_types`` -> ``tf.compat.v1.data.get_output_types(ds)`` (engine/dataset_structure.py)."""
        call = dataset_structure.structure_call(spelled, node.value, node)
        result = dataset_structure.structure_call(spelled, self._dispatch(node.value), node)
        self.edits.append(Edit(result, len(self._code(call)) - len(self._code(node))))
        rule = self.catalog.rule(dataset_structure.RULE_ID)
        message = rule.finding_message(f"<dataset>.{node.attr.value}", function)
        self._report([PendingFinding(result, rule.id, message, True, False)])
        return result

    def _comprehension(self, node: cst.BaseComp) -> Any:
        """Its ``for`` targets shadow outer names; one iterating a static shape holds Dimensions."""
        outer = self.iterated_dimensions
        dimension = tensor_shape.iterated_dimension_name(node)
        inside = outer - tensor_shape.comprehension_targets(node)
        self.iterated_dimensions = inside | {dimension} if dimension is not None else inside
        try:
            return self._children(node)
        finally:
            self.iterated_dimensions = outer

    def _dimension_value(self, node: cst.Attribute, subscript: cst.BaseExpression) -> cst.Call:
        target = tensor_shape.TARGET
        function = self._tensorflow_spelling(target)
        if function is None:  # TensorFlow only under other names here (`import tensorflow.compat.v1 as tf`)
            module = target.rpartition(".")[0]
            function = self._runtime_name(module) + target[len(module) :]
        call = tensor_shape.dimension_value_call(function, subscript, node)
        result = tensor_shape.dimension_value_call(function, self._dispatch(subscript), node)
        self.edits.append(Edit(result, len(self._code(call)) - len(self._code(node))))
        rule = self.catalog.rule(tensor_shape.RULE_ID)
        message = rule.finding_message(target)
        self._report([PendingFinding(result, rule.id, message, True, False)])
        return result

    def _match_parts(self, parts: list[str]) -> tuple[Match | None, Resolved] | None:
        if parts[0] not in self.scan.tf_names:
            return None
        resolved = self._resolve(parts[0])
        if resolved is None or not is_tensorflow(resolved.canonical):
            return None
        canonical = self.catalog.canonicalize(".".join([resolved.canonical, *parts[1:]]))
        return match_rule(self.catalog, canonical, self.skip), resolved

    def _chain(self, node: Any) -> Any:
        parts = dotted_parts(node)
        if parts is None:  # `call().attr`, `x[0].attr`: only the inner expression can hold names
            return self._children(node, ("value",))
        if parts[0] not in self.scan.tf_names:
            return node
        if len(parts) > 1 and parts[-1] in DYNAMIC_ATTRIBUTES:
            if self._flag_owner(node, parts[:-1], DYNAMIC_ACCESS):
                return node
        found = self._match_parts(parts)
        if found is None or found[0] is None:
            return node
        match, resolved = found
        if match.rule.kind == "literal" and len(parts) > 1:
            return self._literal(node, match)
        findings = match_findings(self.catalog, match, node)
        if not match.rewrites:
            # A bare imported name: its import line already carries the TODO; so does the line binding a
            # name to a module tf_upgrade_v2 warns about (`flags = tf.flags`), for `flags.DEFINE_string`.
            if len(parts) > 1 and not self._binding_warned(match, resolved):
                self._report(findings)
            return node
        if match.target == match.canonical:  # only a call's arguments change (see _upgrade_call)
            self._note_graph_mode(match, node)
            return node
        spelled = self._spell(match, resolved, parts)
        if spelled == ".".join(parts):
            # Reached through a rewritten import: that line carries the finding. A member of a
            # rewritten module (`s2s.NewThing`) may still need its own TODO.
            if len(parts) > 1:
                self._report([f for f in findings if f.todo])
            self._note_graph_mode(match, node)
            return node
        new = build_dotted(spelled).with_changes(lpar=node.lpar, rpar=node.rpar)
        self._replaced(node, new)
        self._report([dataclasses.replace(f, node=new) for f in findings])
        self._note_graph_mode(match, new)
        return new

    def _binding_warned(self, match: Match, resolved: Resolved) -> bool:
        """A tf_upgrade_v2 warning on a use through a name whose own binding got the same kind of warning."""
        if match.rule.id != tf_upgrade.WARNING or resolved.canonical == tf_upgrade.TF_ROOT:
            return False
        bound = match_rule(self.catalog, resolved.canonical, self.skip)
        return bound is not None and bound.rule.id == tf_upgrade.WARNING

    def _literal(self, node: Any, match: Match) -> cst.BaseExpression:
        """A TF1 constant (``tf.estimator.ModeKeys.TRAIN``) replaced by the value it always had."""
        literal = match.rule.literal
        assert literal is not None
        rest = match.canonical[len(match.prefix) :]  # `.upper` in `ModeKeys.TRAIN.upper()`
        expression = cst.parse_expression(f"({literal}){rest}" if rest else literal)
        new = expression.with_changes(lpar=node.lpar, rpar=node.rpar) if not rest else expression
        self._replaced(node, new)
        message = match.rule.finding_message(match.canonical, literal)
        self._report([PendingFinding(new, match.rule.id, message, True, False)])
        return new

    def _is_entry_point(self) -> bool:
        """Needed before the walk has seen every call: then the whole module is searched, once."""
        if not self.entry_point and not self.entry_point_walked:
            self.entry_point_walked = True
            self.entry_point = calls_entry_point(self.original, self.scan, self.catalog.canonicalize)
        return self.entry_point

    def _note_graph_mode(self, match: Match, node: cst.CSTNode) -> None:
        if self.graph_mode_use is not None or not tf_upgrade.needs_graph_mode(match.rule.id, match.canonical, self.skip):
            return
        outer, self.scope = self.scope, self.scan.module_scope  # the switch goes after the module's imports
        try:
            spelled = self._tensorflow_spelling(tf_upgrade.DISABLE_EAGER)
        finally:
            self.scope = outer
        self.graph_mode_use = (node, match.canonical, spelled)
        if spelled is None and self._is_entry_point():
            name = display_name(match.canonical)
            message = f"{name} needs graph mode on TF2: call tf.compat.v1.disable_eager_execution() at the program's start"
            self._report([PendingFinding(node, tf_upgrade.GRAPH_MODE, message, False, True)])

    def _spell(self, match: Match, resolved: Resolved, parts: list[str]) -> str:
        """How the rewritten use is written: through its own (rewritten) binding, or the added import."""
        target = match.target
        assert target is not None
        through = resolved.rewritten
        if through is not None and through != resolved.canonical and is_under(target, through):
            return parts[0] + target[len(through) :]
        if is_tensorflow(target):
            via = self._tensorflow_spelling(target)
            if via is not None:
                return via
        module = match.import_module
        assert module is not None
        return self._runtime_name(module) + target[len(module) :]

    def _tensorflow_spelling(self, target: str) -> str | None:
        """A TF target (``tensorflow.nest.flatten``) spelled through a name that already stands for a TF
        module here (``tf.nest.flatten``), so no import is added; the deepest such module wins."""
        best: tuple[int, str, str] | None = None
        for name in sorted(self.scan.tf_names):
            resolved = self._resolve(name)
            if resolved is None or resolved.rewritten != resolved.canonical or not is_under(target, resolved.canonical):
                continue
            if best is None or len(resolved.canonical) > best[0]:
                best = (len(resolved.canonical), name, resolved.canonical)
        if best is None:
            return None
        _, name, module = best
        return name + target[len(module) :]

    def _runtime_name(self, module: str) -> str:
        """The local name of an imported runtime module; registers the import when one is needed."""
        self.imports_needed[module] = min(self.imports_needed.get(module, self.top_index), self.top_index)
        known = self.import_names.get(module)
        if known is not None:
            return known
        preferred = last_of(module)
        if self._bound_only_to(preferred, module):
            self.import_names[module] = preferred
            return preferred
        taken = set(self.import_names.values())
        candidates = [preferred, ALIAS_PREFIX + preferred] + [f"{ALIAS_PREFIX}{preferred}_{n}" for n in range(2, 100)]
        for name in candidates:
            if name not in self.scan.bound_anywhere and name not in taken and not self._unknown_names_possible(name):
                self.import_names[module] = name
                self.new_imports.add(module)
                return name
        raise RuntimeError(f"no free name for importing {module}")

    def _bound_only_to(self, name: str, module: str) -> bool:
        """The module scope binds ``name`` to ``module`` and no scope binds it to anything else."""
        meanings = self.scan.bound_anywhere.get(name)
        bindings = self.scan.module_scope.bindings.get(name)
        return bool(meanings) and meanings - {NONE_MEANING} == {module} and bool(bindings)

    def _unknown_names_possible(self, name: str) -> bool:
        # A star import from a module we cannot see might bind any name; only the prefixed alias is safe.
        return not name.startswith(ALIAS_PREFIX) and self.scan.foreign_star_import

    def _call_realigned(self, node: cst.Call) -> Any:
        """A renamed call whose continuation lines were aligned with its `(` keeps them aligned."""
        result = self._call(node)
        if type(result) is not cst.Call or result.func is node.func or self.context is None:
            return result
        delta = len(self._code(result.func)) - len(self._code(node.func))
        if not delta or "\n" not in self._code(node):
            return result
        # Where the `(` was: columns relative to the block's indentation, like the continuation lines'.
        where = relative_positions(self.original, self.context, [node.func]).get(id(node.func))
        if where is None:
            return result
        line = (id(self.context), where[0])
        renamed = result
        result = self._shift_nested(result, line, delta)
        carried = sum(
            self._code(arg.value).count("\n")
            for arg in result.args
            if self.realigned_calls.get(id(arg.value), (None,))[0] == line
        )
        bracket = where[1] + len(self._code(node.func)) + len(self._code(node.whitespace_after_func))
        if aligned_with_bracket(node, self._code, bracket, carried) and aligned_with_bracket(
            result, self._code, bracket, carried
        ):
            result = self._shifted(result, line, delta)
        self._reanchor(renamed, result)
        return result

    def _shifted(self, call: cst.Call, line: tuple[int, int], delta: int, earlier: int = 0) -> cst.Call:
        realigned, moved = shift_continuations(call, delta)
        # Findings on the moved lines keep their original columns: the edit is the whole move.
        self.edits += [Edit(whitespace, earlier + delta) for whitespace in moved]
        self.realigned_calls[id(realigned)] = (line, earlier + delta)
        self._reanchor(call, realigned)
        return realigned

    def _reanchor(self, old: cst.CSTNode, new: cst.CSTNode) -> None:
        """Findings and edits anchored on a call that realignment replaced follow it to the new node."""
        if old is new:
            return

        def moved(items: list[Any]) -> list[Any]:
            return [dataclasses.replace(item, node=new) if item.node is old else item for item in items]

        self.findings[:] = moved(self.findings)
        self.edits[:] = moved(self.edits)
        for key, pending in self.todos.items():
            self.todos[key] = moved(pending)

    def _shift_nested(self, call: cst.Call, line: tuple[int, int], delta: int) -> cst.Call:
        """An argument call re-aligned on its own, starting on this call's line, moves with this rename too."""
        args = []
        for arg in call.args:
            inner = self.realigned_calls.get(id(arg.value))
            if inner is not None and inner[0] == line:
                arg = arg.with_changes(value=self._shifted(arg.value, line, delta, inner[1]))  # type: ignore[arg-type]
            args.append(arg)
        return call if all(a is b for a, b in zip(args, call.args)) else call.with_changes(args=args)

    def _call(self, node: cst.Call) -> Any:
        func = node.func
        if type(func) is cst.Name and node.args and node.args[0].keyword is None and not node.args[0].star:
            rule_id = builtin_call_rule(func.value)
            if rule_id is not None and self.scope.owner_of(func.value) is None:
                first = node.args[0].value
                parts = dotted_parts(first)
                member = node.args[1].value if len(node.args) > 1 else None
                if parts is not None and self._flag_owner(first, parts, rule_id, member):
                    tail = node.args[1:]
                    rest = self._sequence(tail)
                    if rest is tail:
                        return node
                    return node.with_changes(args=[node.args[0], *rest])
        renamed = tensor_array.renamed_method(node) if self.scan.tf_names else None
        if renamed is not None and tensor_array.RULE_ID not in self.skip and holds_tensor_array(self.scope, renamed[0]):
            return self._tensor_array_method(node, renamed[1])
        parts = dotted_parts(func)
        if not self.entry_point and parts is not None:
            self.entry_point = is_entry_call(parts, self._resolve, self.catalog.canonicalize)
        if type(func) is cst.Attribute and self.scan.tf_names and tf_upgrade.RENAME not in self.skip:
            owner = dotted_parts(func.value)
            if owner is None or self._match_parts(owner) is None:  # a method of a user object
                method = rewrite_method_call(node, self._tensorflow_spelling)
                if method is not None:
                    result = method.call.with_changes(args=self._sequence(method.call.args))
                    self.edits.append(Edit(result, len(self._code(method.call)) - len(self._code(node))))
                    message = f"{method.notes[0]} (as tf_upgrade_v2)"
                    self._report([PendingFinding(result, tf_upgrade.RENAME, message, True, False)])
                    return result
        if parts is not None and parts[0] in self.scan.tf_names:
            found = self._match_parts(parts)
            match = found[0] if found else None
            if match is not None and match.rule.id in tf_upgrade.UPGRADE_RULES and match.rewrites:
                return self._upgrade_call(node, match, found[1], parts)  # type: ignore[index]
            if match is not None and match.rule.kind == "transform" and match.rule.args is not None:
                refused = incompatible_argument(node, match.rule.args)
                if refused is not None and match.rewrites:
                    return self._incompatible_call(node, match, *refused)
                blocked = non_default_value(node, match.rule.args)
                if blocked is not None:
                    return self._unconvertible_call(node, match, blocked)
                new_call, problems = apply_arg_changes(node, match.rule.args)
                length_change = len(self._code(new_call)) - len(self._code(node))
                result = self._children(new_call)
                self.edits.append(Edit(result, length_change))
                for problem in problems:
                    message = f"{match.rule.finding_message(match.canonical, match.target)}: {problem}"
                    self._report([PendingFinding(result, match.rule.id, message, False, True)])
                return result
        return self._children(node)


    def _unconvertible_call(self, node: cst.Call, match: Match, value: str) -> cst.Call:
        """A call passing a value the replacement cannot honour: left as written, with a TODO."""
        assert match.target is not None
        name, target = display_name(match.canonical), display_name(match.target)
        args = self._sequence(node.args)
        result = node if args is node.args else node.with_changes(args=args)
        assert match.rule.args is not None
        value = non_default_value(result, match.rule.args) or value  # as output, so a second run writes the same
        message = f"{name}({value}) has no exact TF2 equivalent ({target} covers only the default); port this call by hand"
        self._report([PendingFinding(result, match.rule.id, message, False, True)])  # on the node that is output
        return result

    def _tensor_array_method(self, node: cst.Call, new_method: str) -> cst.Call:
        """``ta.pack()`` -> ``ta.stack()`` on a name that holds a TensorArray (engine/tensor_array.py)."""
        func = node.func
        assert isinstance(func, cst.Attribute)
        renamed = func.with_changes(attr=cst.Name(new_method))
        self.edits.append(Edit(renamed, len(new_method) - len(func.attr.value)))
        result = node.with_changes(func=renamed, args=self._sequence(node.args))
        message = self.catalog.rule(tensor_array.RULE_ID).finding_message(f"{func.attr.value}", new_method)
        self._report([PendingFinding(result, tensor_array.RULE_ID, message, True, False)])
        return result

    def _incompatible_call(self, node: cst.Call, match: Match, value: str, why: str) -> cst.Call:
        """A call passing a value its replacement would use differently: left as written, with a TODO."""
        name = display_name(match.canonical)
        args = self._sequence(node.args)
        result = node if args is node.args else node.with_changes(args=args)
        assert match.rule.args is not None
        value, why = incompatible_argument(result, match.rule.args) or (value, why)  # as output: a fixed point
        message = f"{name}({value}) cannot be rewritten as it is: {why}"
        self._report([PendingFinding(result, match.rule.id, message, False, True)])  # on the node that is output
        return result

    def _upgrade_call(self, node: cst.Call, match: Match, resolved: Resolved, parts: list[str]) -> Any:
        """A TF1 API call converted as tf_upgrade_v2 converts it (rules/tf_upgrade_calls.py)."""
        if "compat" in parts:  # spelled `tf.compat.v1.x`: already the TF1 API kept in TF2
            return self._children(node)
        change = rewrite_call(node, match.canonical, match.rule, self._tensorflow_spelling)
        if change.target is not None:
            spelled = self._spell(dataclasses.replace(match, target=change.target), resolved, parts)
            if spelled == ".".join(parts):  # converted on an earlier run
                change = dataclasses.replace(change, target=None)
        if change.target is None:
            result = self._children(change.call)
        else:
            func = build_dotted(spelled).with_changes(lpar=node.func.lpar, rpar=node.func.rpar)  # type: ignore[attr-defined]
            self._replaced(node.func, func)
            result = change.call.with_changes(func=func, args=self._sequence(change.call.args))
        if change.changed_arguments:
            self.edits.append(Edit(result, len(self._code(change.call)) - len(self._code(node))))
        name = display_name(match.canonical)
        notes = "; ".join(change.notes)
        if change.target is not None:
            message = f"{name} -> {display_name(change.target)} (as tf_upgrade_v2: {notes})"
            self._report([PendingFinding(result, match.rule.id, message, True, False)])
        elif change.changed_arguments and match.target == match.canonical:
            self._report([PendingFinding(result, match.rule.id, f"{name}: {notes} (as tf_upgrade_v2)", True, False)])
        for todo in change.todos:
            self._report([PendingFinding(result, tf_upgrade.WARNING, f"{name}: {todo}", False, True)])
        return result


def _merged(first: _RemovedLines, then: _RemovedLines) -> _RemovedLines:
    def shifted(notes: tuple[PendingFinding, ...]) -> tuple[PendingFinding, ...]:
        return tuple(dataclasses.replace(f, offset=(f.offset[0] + first.total, f.offset[1])) for f in notes)  # type: ignore[index]

    return _RemovedLines(
        kept=first.kept + then.kept,
        gone=first.gone + then.gone,
        total=first.total + then.total,
        notes=first.notes + shifted(then.notes),
        dropped_todos=first.dropped_todos + shifted(then.dropped_todos),
    )


def _unchanged(node: Any) -> Any:
    return node


# --- entry point ----------------------------------------------------------------------------------


def rewrite_source(text: str | bytes, path: str = "<string>", skip_rules: Sequence[str] = ()) -> Result:
    """Rewrite one source. Never raises for bad input: parse failures come back as ``Result.error``."""
    source = to_bytes(text)
    catalog = load_catalog()
    reduction = leave_out_inert(source, tf_upgrade.method_transforms(),
                                (*tensor_shape.TRIGGER_PATTERNS, dataset_structure.TRIGGER_PATTERN))
    if reduction is not None:
        parsed = parse(reduction.source)
        if not isinstance(parsed, ParseFailure):
            return rewrite_module(parsed, source, path, frozenset(skip_rules), catalog, reduction)
    parsed = parse(source)
    if isinstance(parsed, ParseFailure):
        return Result(source=source, output=source, error=str(parsed))
    return rewrite_module(parsed, source, path, frozenset(skip_rules), catalog)


def rewrite_module(
    module: cst.Module,
    source: bytes,
    path: str,
    skip: frozenset[str],
    catalog: Catalog,
    reduction: Reduction | None = None,
) -> Result:
    """Rewrite a parsed module. With a ``reduction``, ``module`` is the parse of ``reduction.source`` (the
    file with inert top-level statements left out, see engine/inert.py) and ``source`` the whole file."""
    requested = skip
    parsed_source = source if reduction is None else reduction.source
    stale = _todo_comment_findings(source, module.encoding, path, skip)
    if b"compat" in source and tf_upgrade.RENAME not in skip and tf_upgrade.imports_versioned_api(module):
        skip = skip | tf_upgrade.ALL_RULES  # written against tf.compat.v1 already: left alone, as tf_upgrade_v2 does
    if b"disable_eager_execution(" in source or b"disable_v2_behavior(" in source:
        skip = skip | {tf_upgrade.GRAPH_MODE}  # graph mode is already switched on
    scan = prescan(module, catalog, skip)
    if not scan.tf_names and not scan.plans:
        return Result(source=source, output=source, findings=stale)
    if reduction is not None:
        record_left_out(scan, reduction)
    rewriter = _Rewriter(catalog, scan, skip, module)
    new_module = rewriter.module(module)
    unused = rewriter.unused_contrib_bindings(new_module)
    if unused:  # lines binding a tf.contrib module that nothing reads any more: a second pass drops them
        rewriter = _Rewriter(catalog, scan, skip, module, remove=unused)
        new_module = rewriter.module(module)
    anchors = [f.node for f in rewriter.findings]
    if new_module is module and not anchors:
        return Result(source=source, output=source, findings=stale)
    output, positions = generate_with_positions(new_module, anchors, rewriter.inserted, rewriter.edits)
    if new_module is module:
        output = parsed_source
    broken = python_syntax_error(output) if output != parsed_source else None
    if reduction is not None:
        restored = reduction.restore(output)
        if restored is None:  # cannot happen unless a marker was rewritten: parse the whole file instead
            return rewrite_module(_parse_whole(source), source, path, requested, catalog)
        output = restored
        positions = {key: (reduction.original_line(line), column) for key, (line, column) in positions.items()}
        if broken is not None:
            broken = python_syntax_error(output)  # the same error, with the whole file's line numbers
    if output != source:
        if broken is not None:
            # libcst accepts some code CPython rejects (`except E, e:`): that file is reported, not written.
            invalid = python_syntax_error(source)
            if invalid is not None:
                return Result(source=source, output=source, error=str(with_python2_hint(source, invalid)))
            return Result(
                source=source,
                output=source,
                error=f"internal error: the rewritten code does not parse ({broken}); file left unchanged",
            )
    findings = [_locate(f, positions, path) for f in rewriter.findings]
    deleted = {(f.rule_id, f.line) for f in (_locate(t, positions, path) for t in rewriter.dropped_todos)}
    findings += [f for f in stale if (f.rule_id, f.line) not in deleted]  # TODO comments it deleted are no findings
    findings.sort(key=lambda f: (f.line, f.column, f.rule_id, f.message))
    return Result(source=source, output=output, findings=tuple(findings))


def _parse_whole(source: bytes) -> cst.Module:
    parsed = parse(source)
    if isinstance(parsed, ParseFailure):
        raise RuntimeError(f"the file parsed in parts but not whole: {parsed}")
    return parsed


def _locate(finding: PendingFinding, positions: dict[int, tuple[int, int]], path: str) -> Finding:
    line, column = positions.get(id(finding.node), (1, 0))
    if finding.offset is not None:
        line_offset, column_offset = finding.offset
        line, column = (line, column + column_offset) if line_offset == 0 else (line + line_offset, column_offset)
    return Finding(
        rule_id=finding.rule_id, path=path, line=line, column=column + 1, message=finding.message, fixed=finding.fixed
    )


def _todo_comment_findings(source: bytes, encoding: str, path: str, skip: frozenset[str]) -> tuple[Finding, ...]:
    """TODO(tf-migrate) comments already in the file stay findings until someone deletes them."""
    if b"TODO(tf-migrate)" not in source:
        return ()
    text = source.decode(encoding)
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        found = TODO_COMMENT.search(line)
        if found and found.group(1) not in skip:
            findings.append(
                Finding(
                    rule_id=found.group(1),
                    path=path,
                    line=number,
                    column=found.start() + 1,
                    message=f"unresolved TODO: {found.group(2).strip()}",
                    fixed=False,
                )
            )
    return tuple(findings)
