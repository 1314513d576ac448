"""Name resolution: which local names stand for which canonical TF1 names, scope by scope.

A statement-only pre-scan (expressions are never walked, so it costs a fraction of a parse) records
every binding of every scope: imports, alias assignments (``seq2seq = tf.contrib.seq2seq``), and all
other bindings as opaque. Function bodies are scanned after their enclosing scope, like Python runs
them, so a function may use a module alias defined further down. The rewrite pass then looks names
up with Python's rules (local, enclosing functions, module; class scopes are not visible from methods).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from typing import Iterable, Sequence

import libcst as cst

from tf_seq2seq_migrate.engine.imports import (
    ImportBinding,
    StatementPlan,
    plan_alias_assignment,
    plan_import,
    plan_import_from,
)
from tf_seq2seq_migrate.engine import tensor_array, tensor_shape
from tf_seq2seq_migrate.engine.matching import is_tensorflow, match_rule
from tf_seq2seq_migrate.engine.names import dotted_parts, is_under
from tf_seq2seq_migrate.rules.catalog import Catalog
from tf_seq2seq_migrate.rules.tf_upgrade import RENAME as TF_UPGRADE

# `x = None`, as in `try: import ... except ImportError: x = None`: not a competing meaning.
_NONE_FALLBACK = ImportBinding("", None, None)
NONE_MEANING = "<None>"


@dataclasses.dataclass(frozen=True)
class Resolved:
    canonical: str  # what the name stands for in the original program
    rewritten: str | None  # what it stands for once its binding statement is rewritten (None: unknown)


class Scope:
    """The bindings of one module, class or function body."""

    __slots__ = ("kind", "parent", "bindings", "global_names")

    def __init__(self, kind: str, parent: Scope | None):
        self.kind = kind
        self.parent = parent
        self.bindings: dict[str, list[ImportBinding]] = {}
        self.global_names: set[str] = set()

    def bind(self, name: str, binding: ImportBinding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def module_scope(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def owner_of(self, name: str) -> Scope | None:
        """The scope whose binding of ``name`` a use in this scope sees (None: builtin or undefined)."""
        if name in self.global_names:
            scope: Scope | None = self.module_scope()
            return scope if name in scope.bindings else None
        if name in self.bindings:
            return self
        scope = self.parent
        while scope is not None:
            if scope.kind != "class" and name in scope.bindings:
                return scope
            scope = scope.parent
        return None

    def resolve(self, name: str) -> Resolved | None:
        owner = self.owner_of(name)
        if owner is None:
            return None
        return merge_bindings(owner.bindings[name])


def merge_bindings(bindings: Sequence[ImportBinding]) -> Resolved | None:
    """One meaning for a name bound several times, or None when the bindings disagree.

    ``x = None`` fallbacks (as in ``try: import ... except ImportError: x = None``) do not count.
    """
    meaningful = [b for b in bindings if b is not _NONE_FALLBACK]
    if not meaningful:
        return None
    canonicals = {b.canonical for b in meaningful}
    if len(canonicals) != 1 or None in canonicals:
        return None
    rewrittens = {b.rewritten or b.canonical for b in meaningful}
    canonical = canonicals.pop()
    assert canonical is not None
    return Resolved(canonical, rewrittens.pop() if len(rewrittens) == 1 else None)



@dataclasses.dataclass
class ScanResult:
    module_scope: Scope
    scopes: dict[int, Scope]  # id(FunctionDef / ClassDef node) -> its scope
    plans: dict[int, StatementPlan]  # id(small statement) -> in-place rewrite plan
    bound_anywhere: dict[str, set[str | None]]  # name -> what it stands for after the rewrite, all scopes
    tf_names: frozenset[str]  # names bound to something under `tensorflow` in some scope
    foreign_star_import: bool  # the module has `from <not tensorflow> import *`: any name may be taken

    def owner_scope(self, node: cst.CSTNode) -> Scope:
        return self.scopes[id(node)]


class _Prescan:
    def __init__(self, catalog: Catalog, skip: frozenset[str]):
        self.catalog = catalog
        self.skip = skip
        self.scopes: dict[int, Scope] = {}
        self.plans: dict[int, StatementPlan] = {}
        self.bound_anywhere: dict[str, set[str | None]] = {}
        self.tf_names: set[str] = set()
        self.foreign_star_import = False
        self.pending: deque[tuple[Sequence[cst.BaseStatement], Scope]] = deque()

    # -- bindings ---------------------------------------------------------------------------------

    def _bind(self, scope: Scope, binding: ImportBinding) -> None:
        scope.bind(binding.name, binding)
        self.bound_anywhere.setdefault(binding.name, set()).add(binding.rewritten or binding.canonical)
        if is_tensorflow(binding.canonical):
            self.tf_names.add(binding.name)

    def _bind_opaque(self, scope: Scope, name: str) -> None:
        self._bind(scope, ImportBinding(name, None, None))

    def _bind_targets(self, scope: Scope, target: cst.CSTNode) -> None:
        """Every plain name in an assignment / for / with / except target is bound to something unknown."""
        if isinstance(target, cst.Name):
            self._bind_opaque(scope, target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_targets(scope, element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind_targets(scope, target.value)

    def _resolve_chain(self, scope: Scope, expression: cst.BaseExpression) -> str | None:
        parts = dotted_parts(expression)
        if parts is None:
            return None
        resolved = scope.resolve(parts[0])
        if resolved is None:
            return None
        return self.catalog.canonicalize(".".join([resolved.canonical, *parts[1:]]))

    # -- statements -------------------------------------------------------------------------------

    def scan(self, module: cst.Module) -> ScanResult:
        module_scope = Scope("module", None)
        self._block(module.body, module_scope)
        while self.pending:
            body, scope = self.pending.popleft()
            self._block(body, scope)
        return ScanResult(
            module_scope=module_scope,
            scopes=self.scopes,
            plans=self.plans,
            bound_anywhere=self.bound_anywhere,
            tf_names=frozenset(self.tf_names),
            foreign_star_import=self.foreign_star_import,
        )

    def _block(self, statements: Iterable[cst.CSTNode], scope: Scope) -> None:
        for statement in statements:
            kind = type(statement)
            if kind is cst.SimpleStatementLine:
                for small in statement.body:
                    self._small(small, scope)
            elif kind is cst.FunctionDef:
                self._function(statement, scope)
            elif kind is cst.ClassDef:
                self._bind_opaque(scope, statement.name.value)
                class_scope = Scope("class", scope)
                self.scopes[id(statement)] = class_scope
                self._suite(statement.body, class_scope)  # a class body runs right away
            else:
                self._compound(statement, scope)

    def _suite(self, suite: cst.BaseSuite, scope: Scope) -> None:
        if isinstance(suite, cst.IndentedBlock):
            self._block(suite.body, scope)
        else:  # SimpleStatementSuite: `if x: import y`
            for small in suite.body:
                self._small(small, scope)

    def _function(self, node: cst.FunctionDef, scope: Scope) -> None:
        self._bind_opaque(scope, node.name.value)
        function_scope = Scope("function", scope)
        self.scopes[id(node)] = function_scope
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            self._bind_opaque(function_scope, param.name.value)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self._bind_opaque(function_scope, star.name.value)
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]
        self.pending.append((body, function_scope))

    def _compound(self, node: cst.CSTNode, scope: Scope) -> None:
        if isinstance(node, cst.SimpleStatementSuite):
            for small in node.body:
                self._small(small, scope)
            return
        if isinstance(node, cst.For):
            self._bind_targets(scope, node.target)
        elif isinstance(node, cst.With):
            for item in node.items:
                if item.asname is not None:
                    self._bind_targets(scope, item.asname.name)
        elif isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)) and node.name is not None:
            self._bind_targets(scope, node.name.name)
        # Bodies of compound statements belong to the same scope.
        for field in ("body", "handlers", "orelse", "finalbody", "cases"):
            value = getattr(node, field, None)
            if value is None:
                continue
            if isinstance(value, (cst.IndentedBlock, cst.SimpleStatementSuite)):
                self._suite(value, scope)
            elif isinstance(value, (tuple, list)):
                for child in value:
                    self._compound(child, scope)
            else:
                self._compound(value, scope)

    def _small(self, node: cst.BaseSmallStatement, scope: Scope) -> None:
        kind = type(node)
        if kind is cst.Import:
            self._plan(node, plan_import(node, self.catalog, self.skip), scope)
        elif kind is cst.ImportFrom:
            self._plan(node, plan_import_from(node, self.catalog, self.skip), scope)
        elif kind is cst.Assign:
            self._assign(node, scope)
        elif kind is cst.AnnAssign or kind is cst.AugAssign:
            self._bind_targets(scope, node.target)
        elif kind is cst.Global:
            scope.global_names.update(item.name.value for item in node.names)
        # Nonlocal names keep resolving through the enclosing scopes, which is what lookups do anyway.

    def _plan(self, node: cst.CSTNode, plan: StatementPlan, scope: Scope) -> None:
        if plan.replacement is not None or plan.findings:
            self.plans[id(node)] = plan
        for binding in plan.bindings:
            self._bind(scope, binding)
        if plan.star_from is not None and not is_tensorflow(plan.star_from):
            self.foreign_star_import = True

    def _assign(self, node: cst.Assign, scope: Scope) -> None:
        if isinstance(node.value, cst.Name) and node.value.value == "None":
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    scope.bind(target.target.value, _NONE_FALLBACK)
                    self.bound_anywhere.setdefault(target.target.value, set()).add(NONE_MEANING)
            return
        canonical = self._resolve_chain(scope, node.value)
        simple = len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
        if simple and self._makes_tensor_array(scope, node.value):
            self._bind(scope, ImportBinding(node.targets[0].target.value, tensor_array.INSTANCE, None))  # type: ignore[union-attr]
            return
        if simple and tensor_shape.is_static_dimension(node.value):
            self._bind(scope, ImportBinding(node.targets[0].target.value, tensor_shape.DIMENSION_INSTANCE, None))  # type: ignore[union-attr]
            return
        # `d = tf.contrib.seq2seq.__dict__` copies a value; it is not an alias of a module member.
        if canonical is not None and simple and not _is_dunder(canonical.rpartition(".")[2]):
            local = node.targets[0].target.value  # type: ignore[union-attr]
            match = match_rule(self.catalog, canonical, self.skip) if is_tensorflow(canonical) else None
            if match is not None and match.rewrites and match.rule.id == TF_UPGRADE:
                # `opt_cls = tf.train.AdamOptimizer`: the value is respelled in place; the alias follows it.
                self._bind(scope, ImportBinding(local, canonical, match.target))
                return
            if match is not None and match.rewrites and self._spelled_through_rewrite(scope, node.value, match.target):
                # `cell_fn = rnn.GRUCell` where `rnn`'s own import is rewritten: already right as written.
                self._bind(scope, ImportBinding(local, canonical, match.target))
                return
            if match is not None and match.rewrites:
                # An alias of something we rewrite becomes an import of the replacement.
                self._plan(node, plan_alias_assignment(node, local, match, self.catalog), scope)
                return
            self._bind(scope, ImportBinding(local, canonical, None))
            return
        for target in node.targets:
            self._bind_targets(scope, target.target)


    def _makes_tensor_array(self, scope: Scope, value: cst.BaseExpression) -> bool:
        """``tf.TensorArray(...)``, or a TensorArray-returning method of a name this scope holds one in."""
        if isinstance(value, cst.Call) and self._resolve_chain(scope, value.func) == tensor_array.TENSOR_ARRAY_CLASS:
            return True
        receiver = tensor_array.method_call_receiver(value)
        return receiver is not None and holds_tensor_array(scope, receiver)

    @staticmethod
    def _spelled_through_rewrite(scope: Scope, value: cst.BaseExpression, target: str | None) -> bool:
        """The value names ``target`` through a binding whose own statement is rewritten onto its parent."""
        parts = dotted_parts(value)
        resolved = scope.resolve(parts[0]) if parts else None
        if target is None or parts is None or resolved is None or resolved.rewritten is None:
            return False
        through = resolved.rewritten
        if through == resolved.canonical or not is_under(target, through):
            return False
        return parts[0] + target[len(through) :] == ".".join(parts)


def holds_tensor_array(scope: Scope, name: str) -> bool:
    """``name`` is bound in ``scope`` itself, and only ever to TensorArray instances."""
    if scope.owner_of(name) is not scope:
        return False
    resolved = merge_bindings(scope.bindings[name])
    return resolved is not None and resolved.canonical == tensor_array.INSTANCE


def holds_static_dimension(scope: Scope, name: str) -> bool:
    """``name`` is bound in ``scope`` itself, and every binding of it there is a static dimension read."""
    if scope.owner_of(name) is not scope:
        return False
    return all(binding.canonical == tensor_shape.DIMENSION_INSTANCE for binding in scope.bindings[name])


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def prescan(module: cst.Module, catalog: Catalog, skip: frozenset[str]) -> ScanResult:
    return _Prescan(catalog, skip).scan(module)
