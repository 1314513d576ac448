"""Loads the declarative rule tables (top-level ``rules/*.toml``) into frozen :class:`Rule` objects.

No TensorFlow here: the rewriter and ``tf-migrate explain`` read these.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import re
import sys
import types
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

RULE_KINDS = ("rename", "transform", "literal", "todo", "out_of_scope")
FIX_SAFETIES = ("safe", "unsafe")
ALIAS_FILE = "module_aliases.toml"

_ID_PATTERN = re.compile(r"^S2S\d{3}$")
_DOTTED_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")

_DEFAULT_MESSAGES = {
    "rename": "{name} -> {replacement}",
    "transform": "{name} -> {replacement} (arguments adapted)",
    "literal": "{name} -> {replacement} (its value in TF1)",
    "todo": "{name} needs a manual rewrite",
    "out_of_scope": "{name} is outside tf-migrate's scope; port it by hand",
}


class RuleTableError(ValueError):
    """A rule table is malformed; the message names the file and the row."""


@dataclasses.dataclass(frozen=True)
class ArgChanges:
    """How a call's arguments change when the callee is replaced."""

    renamed: tuple[tuple[str, str], ...] = ()  # (old keyword, new keyword)
    removed: tuple[str, ...] = ()  # keywords dropped from the call
    positional: tuple[str, ...] = ()  # TF1 positional parameter order
    keep_positional: int | None = None  # positional args after this many become keywords
    # (parameter, TF1 default as code): dropped when passed with exactly that value; any other value
    # means the replacement cannot compute the same thing, so the call is left alone with a TODO.
    dropped_defaults: tuple[tuple[str, str], ...] = ()
    # (parameter, why): a parameter whose value the replacement uses differently (a callback it calls
    # with other arguments); a call passing anything but None for it is left alone with a TODO.
    incompatible: tuple[tuple[str, str], ...] = ()
    # (parameter, why): a flag whose position an older signature gave to another argument; a positional
    # argument there that is not True / False is left alone with a TODO.
    positional_flags: tuple[tuple[str, str], ...] = ()

    @property
    def renamed_map(self) -> dict[str, str]:
        return dict(self.renamed)


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    summary: str
    why: str
    before: str
    after: str
    fix_safety: str
    canonical_names: tuple[str, ...] = ()
    replacement: str | None = None
    module: bool = False  # canonical names are modules; members without a row go through S2S904
    # For a module row: the members known to exist unchanged in the replacement (no S2S904 for them).
    # Empty: every member without a row of its own is an unknown member.
    members: tuple[str, ...] = ()
    message: str | None = None
    args: ArgChanges | None = None
    source: str = ""  # table file the row came from
    generated: bool = False  # names and replacements come from generated data (rules/tf_upgrade_v2.json)
    literal: str | None = None  # kind "literal": the constant's TF1 value, as Python source ("'train'")

    @property
    def title(self) -> str:
        return self.summary

    @property
    def rewrites(self) -> bool:
        return self.kind in ("rename", "transform")

    def finding_message(self, name: str, replacement: str | None = None) -> str:
        template = self.message or _DEFAULT_MESSAGES[self.kind]
        return template.format(
            name=display_name(name),
            replacement=display_name(
                replacement if replacement is not None else (self.replacement or self.literal or "the runtime")
            ),
        )


def display_name(canonical: str) -> str:
    """``tensorflow.contrib.x`` -> ``tf.contrib.x``: how users spell it."""
    if canonical == "tensorflow":
        return "tf"
    if canonical.startswith("tensorflow."):
        return "tf." + canonical[len("tensorflow.") :]
    return canonical


def _longest_prefix(dotted: str, table: Mapping[str, Any]) -> str | None:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in table:
            return prefix
    return None


@dataclasses.dataclass(frozen=True)
class Catalog:
    """All rules plus the lookups the engine needs."""

    rules: Mapping[str, Rule]  # by id, in table order
    by_name: Mapping[str, Rule]  # canonical name -> rule
    module_aliases: Mapping[str, str]

    def canonicalize(self, dotted: str) -> str:
        """Replace private/alternative module prefixes by their public canonical module."""
        for _ in range(8):  # aliases may chain (compat.v1 then a private path); bounded
            prefix = _longest_prefix(dotted, self.module_aliases)
            if prefix is None:
                return dotted
            dotted = self.module_aliases[prefix] + dotted[len(prefix) :]
        return dotted

    def match(self, canonical: str) -> tuple[Rule, str] | None:
        """The rule whose canonical name is the longest dotted prefix of ``canonical``, and that prefix."""
        prefix = _longest_prefix(canonical, self.by_name)
        if prefix is None:
            return None
        return self.by_name[prefix], prefix

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    @functools.cached_property
    def prefilter_requirements(self) -> tuple[tuple[bytes, ...], ...]:
        """Byte strings a file must ALL contain, for at least one entry, to possibly use a known name.

        A use is spelled in the file one dotted segment at a time (in an import or an attribute chain),
        so every segment of the rule's canonical name appears in it, or, when the file reaches it
        through a private module path, every segment of that alias. A rule inside another rule's name
        adds nothing (``tensorflow.contrib`` already demands what ``tensorflow.contrib.seq2seq`` does).
        """
        names = sorted(self.by_name)
        outermost = [n for n in names if self._longest_rule_prefix_above(n) is None]
        outermost += [key for key, target in self.module_aliases.items() if "." in target]  # compat.v1: root only
        needed = {frozenset(name.split(".")) for name in outermost}
        # A file meeting a larger set also meets any smaller one inside it: keep the smallest sets only.
        minimal = [s for s in needed if not any(other < s for other in needed)]
        # Longest segments first: they are the rarest, so a miss is found soonest.
        return tuple(
            sorted(tuple(segment.encode() for segment in sorted(s, key=lambda x: (-len(x), x))) for s in minimal)
        )

    def _longest_rule_prefix_above(self, name: str) -> str | None:
        parts = name.split(".")
        for end in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:end])
            if prefix in self.by_name:
                return prefix
        return None


def _as_tuple(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleTableError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _parse_args(raw: Any, where: str) -> ArgChanges | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise RuleTableError(f"{where}: 'args' must be a table")
    unknown = set(raw) - {"renamed", "removed", "positional", "keep_positional", "dropped_defaults", "incompatible",
                           "positional_flags"}
    if unknown:
        raise RuleTableError(f"{where}: unknown args keys {sorted(unknown)}")
    renamed = raw.get("renamed", {})
    if not isinstance(renamed, dict) or not all(isinstance(v, str) for v in renamed.values()):
        raise RuleTableError(f"{where}: 'args.renamed' must map old keyword names to new ones")
    dropped = raw.get("dropped_defaults", {})
    if not isinstance(dropped, dict) or not all(isinstance(v, str) for v in dropped.values()):
        raise RuleTableError(f"{where}: 'args.dropped_defaults' must map parameter names to their default as code")
    incompatible = raw.get("incompatible", {})
    if not isinstance(incompatible, dict) or not all(isinstance(v, str) and v.strip() for v in incompatible.values()):
        raise RuleTableError(f"{where}: 'args.incompatible' must map parameter names to why their values differ")
    flags = raw.get("positional_flags", {})
    if not isinstance(flags, dict) or not all(isinstance(v, str) and v.strip() for v in flags.values()):
        raise RuleTableError(f"{where}: 'args.positional_flags' must map parameter names to why a non-flag is suspect")
    keep = raw.get("keep_positional")
    positional = _as_tuple(raw.get("positional"), where, "args.positional")
    if keep is not None and (not isinstance(keep, int) or not positional or not 0 <= keep <= len(positional)):
        raise RuleTableError(f"{where}: 'args.keep_positional' needs 'args.positional' and 0 <= N <= its length")
    return ArgChanges(
        renamed=tuple(renamed.items()),
        removed=_as_tuple(raw.get("removed"), where, "args.removed"),
        positional=positional,
        keep_positional=keep,
        dropped_defaults=tuple(dropped.items()),
        incompatible=tuple((name, " ".join(why.split())) for name, why in incompatible.items()),
        positional_flags=tuple((name, " ".join(why.split())) for name, why in flags.items()),
    )


_RULE_KEYS = {
    "id", "kind", "summary", "why", "before", "after", "fix_safety", "canonical_names",
    "replacement", "module", "message", "args", "generated", "literal", "members",
}  # fmt: skip


def _is_python_literal(code: str) -> bool:
    try:
        ast.literal_eval(code.strip())
    except (SyntaxError, ValueError):
        return False
    return code == code.strip()


def _parse_rule(raw: Any, source: str, index: int) -> Rule:
    where = f"{source}: rule #{index + 1}"
    if not isinstance(raw, dict):
        raise RuleTableError(f"{where}: not a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID_PATTERN.match(rule_id):
        raise RuleTableError(f"{where}: 'id' must look like S2S001, got {rule_id!r}")
    where = f"{source}: {rule_id}"
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RuleTableError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("kind", "summary", "why", "before", "after", "fix_safety"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RuleTableError(f"{where}: '{key}' is required")
    kind, fix_safety = raw["kind"], raw["fix_safety"]
    if kind not in RULE_KINDS:
        raise RuleTableError(f"{where}: kind {kind!r} is not one of {', '.join(RULE_KINDS)}")
    if fix_safety not in FIX_SAFETIES:
        raise RuleTableError(f"{where}: fix_safety {fix_safety!r} is not one of {', '.join(FIX_SAFETIES)}")
    names = _as_tuple(raw.get("canonical_names"), where, "canonical_names")
    for name in names:
        if not _DOTTED_PATTERN.match(name) or not name.startswith("tensorflow"):
            raise RuleTableError(f"{where}: canonical name {name!r} must be a dotted name under 'tensorflow'")
    replacement = raw.get("replacement")
    generated = raw.get("generated", False)
    if not isinstance(generated, bool) or (generated and (names or "replacement" in raw)):
        raise RuleTableError(f"{where}: a 'generated' rule takes its names and replacements from generated data")
    code_rule = rule_id.startswith("S2S9") and not names and "replacement" not in raw  # matched by engine code
    if kind in ("rename", "transform") and not generated and not code_rule:
        if not names:
            raise RuleTableError(f"{where}: a {kind} rule needs 'canonical_names'")
        if not isinstance(replacement, str) or not _DOTTED_PATTERN.match(replacement) or "." not in replacement:
            raise RuleTableError(f"{where}: a {kind} rule needs a dotted 'replacement'")
    elif kind == "out_of_scope" and not names:
        raise RuleTableError(f"{where}: an out_of_scope rule needs 'canonical_names'")
    literal = raw.get("literal")
    if kind == "literal":
        if not names or "replacement" in raw or raw.get("module"):
            raise RuleTableError(f"{where}: a literal rule needs 'canonical_names' of constants and no 'replacement'")
        if not isinstance(literal, str) or not _is_python_literal(literal):
            raise RuleTableError(f"{where}: 'literal' must be a Python literal written as code, such as \"'train'\"")
    elif literal is not None:
        raise RuleTableError(f"{where}: only 'literal' rules take a 'literal'")
    args = _parse_args(raw.get("args"), where)
    members = _as_tuple(raw.get("members"), where, "members")
    if members and (not raw.get("module") or kind not in ("rename", "transform")):
        raise RuleTableError(f"{where}: only a rewriting 'module' rule lists 'members'")
    if not all(_DOTTED_PATTERN.match(m) and "." not in m for m in members):
        raise RuleTableError(f"{where}: 'members' must be plain names")
    if args is not None and kind != "transform":
        raise RuleTableError(f"{where}: only 'transform' rules may change arguments")
    return Rule(
        id=rule_id,
        kind=kind,
        summary=raw["summary"].strip(),
        why=raw["why"].strip(),
        before=raw["before"].strip("\n"),
        after=raw["after"].strip("\n"),
        fix_safety=fix_safety,
        canonical_names=names,
        replacement=replacement,
        module=bool(raw.get("module", False)),
        members=members,
        generated=generated,
        message=raw.get("message"),
        args=args,
        source=source,
        literal=literal,
    )


def build_catalog(tables: Iterable[tuple[str, Mapping[str, Any]]]) -> Catalog:
    """Build a catalog from parsed TOML documents given as (source name, document)."""
    rules: dict[str, Rule] = {}
    by_name: dict[str, Rule] = {}
    aliases: dict[str, str] = {}
    for source, document in tables:
        for key, value in (document.get("aliases") or {}).items():
            if not _DOTTED_PATTERN.match(key) or not isinstance(value, str) or not _DOTTED_PATTERN.match(value):
                raise RuleTableError(f"{source}: alias {key!r} -> {value!r} must map dotted names")
            aliases[key] = value
        for index, raw in enumerate(document.get("rule") or ()):
            rule = _parse_rule(raw, source, index)
            if rule.id in rules:
                raise RuleTableError(f"{source}: duplicate rule id {rule.id} (also in {rules[rule.id].source})")
            rules[rule.id] = rule
            for name in rule.canonical_names:
                if name in by_name:
                    raise RuleTableError(f"{source}: {name} is claimed by both {by_name[name].id} and {rule.id}")
                by_name[name] = rule
    return Catalog(
        rules=types.MappingProxyType(rules),
        by_name=types.MappingProxyType(by_name),
        module_aliases=types.MappingProxyType(aliases),
    )


def _tables_directory() -> Path:
    """The shipped tables (package ``tf_seq2seq_migrate.rules_data``), or the checkout's ``rules/``."""
    try:
        return Path(str(resources.files("tf_seq2seq_migrate.rules_data")))
    except ModuleNotFoundError:
        # Editable installs map only tf_seq2seq_migrate/; the tables then sit next to it.
        return Path(__file__).resolve().parents[2] / "rules"


def load_catalog_from(directory: Path) -> Catalog:
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise RuleTableError(f"no rule tables (*.toml) in {directory}")
    tables = []
    for path in paths:
        try:
            tables.append((path.name, tomllib.loads(path.read_text(encoding="utf-8"))))
        except tomllib.TOMLDecodeError as error:
            raise RuleTableError(f"{path.name}: {error}") from None
    return build_catalog(tables)


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    return load_catalog_from(_tables_directory())


def load_rules() -> dict[str, Rule]:
    """Every rule by id, sorted by id."""
    return dict(sorted(load_catalog().rules.items()))


def rule_for_name(canonical: str) -> Rule | None:
    """The rule that handles a canonical TF1 name (longest prefix match), if any."""
    found = load_catalog().match(load_catalog().canonicalize(canonical))
    return found[0] if found else None
