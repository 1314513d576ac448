"""Import management: in-place rewrites of TF1 import lines and the one added runtime import per module."""

from __future__ import annotations

import dataclasses
from typing import Sequence

import libcst as cst

from tf_seq2seq_migrate.engine.matching import Match, is_tensorflow, match_rule
from tf_seq2seq_migrate.engine.names import build_dotted, dotted_name_of, last_of, parent_of
from tf_seq2seq_migrate.rules.catalog import Catalog
from tf_seq2seq_migrate.rules.manual import OUT_OF_SCOPE, STAR_IMPORT, UNKNOWN_MEMBER


@dataclasses.dataclass(frozen=True)
class PendingFinding:
    """A finding before its position is known.

    ``node`` starts at the finding, or, with ``offset`` (lines, column), the finding lies that far
    from where ``node`` starts (column relative on the same line, absolute on later lines). The
    rewrite re-anchors findings onto nodes of the output tree, where their positions are measured.
    """

    node: cst.CSTNode
    rule_id: str
    message: str
    fixed: bool
    todo: bool  # also write a TODO comment above the statement
    offset: tuple[int, int] | None = None


@dataclasses.dataclass(frozen=True)
class ImportBinding:
    name: str  # the local name the statement binds
    canonical: str | None  # what it names (None: unknown / relative import)
    rewritten: str | None  # what it names after the rewrite, when the statement is rewritten


@dataclasses.dataclass(frozen=True)
class StatementPlan:
    """How one small statement (import or alias assignment) is rewritten in place."""

    replacement: tuple[cst.BaseSmallStatement, ...] | None  # None: keep the statement as it is
    findings: tuple[PendingFinding, ...]
    bindings: tuple[ImportBinding, ...]
    star_from: str | None = None  # canonical module of a star import


def match_findings(catalog: Catalog, match: Match, node: cst.CSTNode) -> list[PendingFinding]:
    """The findings for one use of a matched name, given that a rewriting match is applied."""
    if not match.rewrites:
        rule = match.rule
        return [PendingFinding(node, rule.id, rule.finding_message(match.canonical), False, True)]
    if match.unknown_member:
        rule = catalog.rule(UNKNOWN_MEMBER)
        message = rule.finding_message(match.canonical, match.target)
        return [PendingFinding(node, rule.id, message, False, True)]
    message = match.rule.finding_message(match.canonical, match.target)
    return [PendingFinding(node, match.rule.id, message, True, False)]


def _alias_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None:
        return None
    name = alias.asname.name
    return name.value if isinstance(name, cst.Name) else None


def _as_name(local: str, imported: str) -> cst.AsName | None:
    return None if local == imported else cst.AsName(name=cst.Name(local))


def plan_import(node: cst.Import, catalog: Catalog, skip: frozenset[str]) -> StatementPlan:
    """``import a.b.c [as d], ...``."""
    bindings: list[ImportBinding] = []
    findings: list[PendingFinding] = []
    new_names: list[cst.ImportAlias] = []
    changed = False
    for alias in node.names:
        dotted = dotted_name_of(alias.name)
        local = _alias_name(alias)
        if dotted is None:
            new_names.append(alias)
            continue
        canonical = catalog.canonicalize(dotted)
        match = match_rule(catalog, canonical, skip) if is_tensorflow(canonical) else None
        if local is None:
            # `import a.b.c` binds `a`; the uses are rewritten one by one. A contrib path no longer
            # imports on TF2, so a rewritten module path shrinks to its root package.
            root = dotted.split(".")[0]
            bindings.append(ImportBinding(root, root, None))
            if match is not None and match.rewrites:
                new_names.append(alias.with_changes(name=cst.Name(root)))
                findings += match_findings(catalog, match, alias)
                changed = True
            else:
                if match is not None:
                    findings += match_findings(catalog, match, alias)
                new_names.append(alias)
            continue
        if match is not None and match.rewrites and match.target:
            bindings.append(ImportBinding(local, canonical, match.target))
            new_names.append(alias.with_changes(name=build_dotted(match.target)))
            findings += match_findings(catalog, match, alias)
            changed = True
        else:
            bindings.append(ImportBinding(local, canonical, None))
            if match is not None:
                findings += match_findings(catalog, match, alias)
            new_names.append(alias)
    replacement = (node.with_changes(names=_fix_commas(new_names, node.names)),) if changed else None
    return StatementPlan(replacement, tuple(findings), tuple(bindings))


def plan_import_from(node: cst.ImportFrom, catalog: Catalog, skip: frozenset[str]) -> StatementPlan:
    """``from a.b import c [as d], ...`` (relative imports name nothing of ours)."""
    module = dotted_name_of(node.module) if node.module is not None else None
    if node.relative or module is None:
        if isinstance(node.names, cst.ImportStar):
            return StatementPlan(None, (), (), star_from=".")
        names = node.names
        bindings = tuple(ImportBinding(_alias_name(a) or _plain(a), None, None) for a in names)
        return StatementPlan(None, (), tuple(b for b in bindings if b.name))
    if isinstance(node.names, cst.ImportStar):
        return _plan_star(node, catalog.canonicalize(module), catalog, skip)

    bindings: list[ImportBinding] = []
    findings: list[PendingFinding] = []
    groups: dict[str, list[cst.ImportAlias]] = {}  # new source module -> its names, in first-seen order
    kept: list[cst.ImportAlias] = []
    for alias in node.names:
        imported = _plain(alias)
        local = _alias_name(alias) or imported
        canonical = catalog.canonicalize(f"{module}.{imported}")
        match = match_rule(catalog, canonical, skip) if is_tensorflow(canonical) else None
        if match is not None and match.target in (canonical, f"{module}.{imported}"):
            # Already imported from where the rule points (`from tensorflow.compat.v1 import x`).
            bindings.append(ImportBinding(local, canonical, match.target))
            kept.append(alias)
            continue
        if match is not None and match.rewrites and match.target:
            bindings.append(ImportBinding(local, canonical, match.target))
            new_alias = cst.ImportAlias(name=cst.Name(last_of(match.target)), asname=_as_name(local, last_of(match.target)))
            if alias.asname is not None and local != last_of(match.target):
                new_alias = new_alias.with_changes(asname=alias.asname)  # keep the user's spacing
            groups.setdefault(parent_of(match.target), []).append(new_alias.with_changes(comma=alias.comma))
            findings += match_findings(catalog, match, alias)
        else:
            bindings.append(ImportBinding(local, canonical, None))
            if match is not None:
                findings += match_findings(catalog, match, alias)
            kept.append(alias)
    if not groups:
        return StatementPlan(None, tuple(findings), tuple(bindings))

    statements: list[cst.BaseSmallStatement] = []
    first = True
    for new_module, aliases in groups.items():
        if first and not kept:
            # Everything moves to one module: edit the node itself, keeping parentheses and layout.
            statements.append(node.with_changes(module=build_dotted(new_module), names=_fix_commas(aliases, node.names)))
        else:
            statements.append(cst.ImportFrom(module=build_dotted(new_module), names=_fix_commas(aliases, ())))
        first = False
    if kept:
        statements.insert(0, node.with_changes(names=_fix_commas(kept, node.names)))
    return StatementPlan(tuple(statements), tuple(findings), tuple(bindings))


def _plan_star(node: cst.ImportFrom, canonical: str, catalog: Catalog, skip: frozenset[str]) -> StatementPlan:
    if not is_tensorflow(canonical):
        return StatementPlan(None, (), (), star_from=canonical)
    match = match_rule(catalog, canonical, skip)
    findings: tuple[PendingFinding, ...] = ()
    if match is not None and match.rewrites and STAR_IMPORT not in skip:
        rule = catalog.rule(STAR_IMPORT)
        message = rule.finding_message(canonical, match.target)
        findings = (PendingFinding(node, rule.id, message, False, True),)
    elif match is not None and match.rule.id == OUT_OF_SCOPE:
        findings = tuple(match_findings(catalog, match, node))
    return StatementPlan(None, findings, (), star_from=canonical)


def _plain(alias: cst.ImportAlias) -> str:
    return dotted_name_of(alias.name) or ""


def _fix_commas(aliases: Sequence[cst.ImportAlias], original: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
    """Comma placement after names moved between statements: none after the last, one between."""
    trailing = original[-1].comma if original and original[-1].comma is not cst.MaybeSentinel.DEFAULT else None
    fixed = []
    for index, alias in enumerate(aliases):
        last = index == len(aliases) - 1
        if last:
            # A trailing comma is only legal inside parentheses; keep it only when the original had one.
            fixed.append(alias.with_changes(comma=trailing if trailing is not None else cst.MaybeSentinel.DEFAULT))
        elif alias.comma is cst.MaybeSentinel.DEFAULT:
            fixed.append(alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
        else:
            fixed.append(alias)
    return fixed


def plan_alias_assignment(
    node: cst.Assign, local: str, match: Match, catalog: Catalog
) -> StatementPlan:
    """``seq2seq = tf.contrib.seq2seq`` -> ``from tf_seq2seq_migrate.runtime import seq2seq``."""
    assert match.target is not None
    target = match.target
    statement = cst.ImportFrom(
        module=build_dotted(parent_of(target)),
        names=[cst.ImportAlias(name=cst.Name(last_of(target)), asname=_as_name(local, last_of(target)))],
    )
    findings = match_findings(catalog, match, node.value)
    return StatementPlan((statement,), tuple(findings), (ImportBinding(local, match.canonical, target),))


def runtime_import(module: str, local: str) -> cst.SimpleStatementLine:
    """``from <parent> import <last> [as local]`` as its own line (``import <top> [as local]`` for a top-level module)."""
    if "." not in module:
        alias = cst.ImportAlias(name=cst.Name(module), asname=_as_name(local, module))
        return cst.SimpleStatementLine(body=[cst.Import(names=[alias])])
    statement = cst.ImportFrom(
        module=build_dotted(parent_of(module)),
        names=[cst.ImportAlias(name=cst.Name(last_of(module)), asname=_as_name(local, last_of(module)))],
    )
    return cst.SimpleStatementLine(body=[statement])


# --- where the added import goes -------------------------------------------------------------------


def _is_import_line(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _is_future_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.ImportFrom) and dotted_name_of(small.module or cst.Name("_")) == "__future__"
        for small in statement.body
    )


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _block_is_imports(block: cst.BaseSuite) -> bool:
    if not isinstance(block, cst.IndentedBlock):
        return False
    return all(
        _is_import_line(s)
        or (isinstance(s, cst.SimpleStatementLine) and all(isinstance(x, (cst.Pass, cst.Assign)) for x in s.body))
        for s in block.body
    )


def _is_import_block(statement: cst.CSTNode) -> bool:
    """``try: import x / except ImportError: ...`` and ``if ...: import x`` count as imports."""
    if isinstance(statement, cst.Try):
        return _block_is_imports(statement.body)
    if isinstance(statement, cst.If):
        return _block_is_imports(statement.body)
    return False


def insertion_index(body: Sequence[cst.BaseStatement], first_use: int) -> int:
    """Index in the module body where added imports go.

    After the last top-level import that precedes the first top-level statement needing them; with no
    such import, after the module docstring and __future__ imports. Never before either.
    """
    floor = 0
    for index, statement in enumerate(body):
        if (index == 0 and _is_docstring(statement)) or _is_future_import(statement):
            floor = index + 1
    best = floor
    for index, statement in enumerate(body[:first_use]):
        if index >= floor and (_is_import_line(statement) or _is_import_block(statement)):
            best = index + 1
    return best


def _names_bound(statement: cst.CSTNode) -> set[str]:
    """Top-level names an import line (or a try/if block of imports) binds."""
    if isinstance(statement, (cst.Try, cst.If)):
        return {name for line in statement.body.body for name in _names_bound(line)}
    names: set[str] = set()
    for small in getattr(statement, "body", ()):
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    names.add(alias.asname.name.value)
                elif isinstance(small, cst.Import):
                    names.add(dotted_name_of(alias.name).split(".")[0])
                else:
                    names.add(dotted_name_of(alias.name))
    return names


def graph_mode_call_index(body: Sequence[cst.BaseStatement], bound_name: str) -> int:
    """Index in the module body for the ``disable_eager_execution()`` call spelled through ``bound_name``.

    Right after the run of top-level imports that binds ``bound_name``: no module-level TensorFlow code
    may run before graph mode is on (a dataset built eagerly cannot be used in the graph), even when more
    imports follow that code. Without such an import, after the imports as :func:`insertion_index` finds.
    """
    for index, statement in enumerate(body):
        if (_is_import_line(statement) or _is_import_block(statement)) and bound_name in _names_bound(statement):
            end = index + 1
            while end < len(body) and (_is_import_line(body[end]) or _is_import_block(body[end])):
                end += 1
            return end
    return insertion_index(body, len(body))


def insert_imports(
    module: cst.Module, index: int, lines: Sequence[cst.SimpleStatementLine]
) -> tuple[cst.Module, list[cst.SimpleStatementLine]]:
    """The module with ``lines`` inserted at ``index``, and the line nodes as inserted."""
    body = list(module.body)
    if index < len(body) and index > 0 and not _is_import_line(body[index - 1]) and not _is_import_block(body[index - 1]):
        # Going between a docstring and code: keep the code's blank-line spacing on both sides.
        following = body[index]
        blank = [line for line in getattr(following, "leading_lines", ()) if line.comment is None]
        if blank:
            lines = [lines[0].with_changes(leading_lines=blank), *lines[1:]]
    body[index:index] = lines
    return module.with_changes(body=body), list(lines)
