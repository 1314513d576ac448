"""The rest of the TF1 API, converted the way TensorFlow's own ``tf_upgrade_v2`` converts it.

The data is TensorFlow's: ``rules/tf_upgrade_v2.json`` is generated from the rename tables shipped in
the TensorFlow wheel by ``scripts/generate_tf_upgrade_data.py`` and read here lazily, once per
process (no TensorFlow import). The rule tables (``rules/*.toml``) always win: this data is only
consulted for names no table row rewrites, so contrib and ``tf.nn.rnn_cell`` / ``tf.layers`` names keep
going to the runtime. The catch-all ``tf.contrib`` out-of-scope row yields to a published rename.

What ``tf_upgrade_v2`` does with code rather than data is re-done in :mod:`.tf_upgrade_calls`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from tf_seq2seq_migrate.rules.catalog import ArgChanges, Catalog, Rule, _tables_directory
from tf_seq2seq_migrate.rules.manual import DYNAMIC_ACCESS_BUILTINS, DYNAMIC_ATTRIBUTES

if TYPE_CHECKING:
    import libcst as cst

DATA_FILE = "tf_upgrade_v2.json"
RENAME = "S2S800"  # a published rename, reorder or keyword change
WARNING = "S2S801"  # tf_upgrade_v2 only warns: a TODO with its message
GRAPH_MODE = "S2S802"  # session code needs eager execution switched off
UPGRADE_RULES = frozenset({RENAME, WARNING})
TF_ROOT = "tensorflow"

# tf_upgrade_v2 warning levels that need a person; INFO notes are left out of reports.
_ACTIONABLE = ("WARNING", "ERROR")
# "`partition_strategy` has been removed from <function name>": the warning only applies to calls passing it.
_REMOVED_ARGUMENT = re.compile(r"^`(\w+)` has been removed from")


@dataclasses.dataclass(frozen=True)
class UpgradeData:
    tensorflow_version: str
    renames: Mapping[str, str]
    reorders: Mapping[str, list[str | None]]
    keyword_renames: Mapping[str, Mapping[str, str | None]]
    warnings: Mapping[str, Mapping[str, str]]
    argument_warnings: Mapping[str, list[Mapping[str, Any]]]
    transformers: Mapping[str, Mapping[str, Any]]
    module_deprecations: Mapping[str, Mapping[str, str]]


# TF1's summary ops. tf_upgrade_v2's note on them says they are moved to tf.compat.v1.summary, but its
# rename tables no longer list them (TF 2 has functions of the same names with another signature and
# no graph collection), so the call decides: tf_upgrade_calls.py's _summary_v1.
_TF1_SUMMARY_OPS = ("audio", "histogram", "image", "scalar", "text")
SUMMARY_TRANSFORMER = "_summary_v1_transformer"
# TF 0.x's tf.concat(concat_dim, values), which TF 1.0 turned into tf.concat(values, axis).
CONCAT_TRANSFORMER = "_concat_v0_transformer"
# TF 0.x's tf.split(split_dim, num_split, value), which TF 1.0 turned into tf.split(value, num_or_size_splits, axis).
SPLIT_TRANSFORMER = "_split_v0_transformer"
KEYWORD_ONLY_TRANSFORMER = "_keyword_only_transformer"
# TF1 modules that TF 2.21 no longer has (measured on the wheel: no tensorflow/_api/v2/<module>, but a
# tensorflow/_api/v2/compat/v1/<module>) and all of whose renamed members tf_upgrade_v2 moves to the same
# name under tf.compat.v1. tf_upgrade_v2 only renames their members, so `logging = tf.logging` or
# `from tensorflow import logging` stayed and failed on import; the module itself moves too.
MOVED_MODULES = (
    "app", "distributions", "logging", "mixed_precision", "mixed_precision.experimental", "resource_loader",
    "saved_model.builder", "saved_model.main_op", "saved_model.signature_def_utils", "saved_model.utils",
    "train.queue_runner",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def load_upgrade_data(path: Path | None = None) -> UpgradeData:
    raw = json.loads((path or _tables_directory() / DATA_FILE).read_text(encoding="utf-8"))
    summary_ops = {f"tensorflow.summary.{op}": {"transformer": SUMMARY_TRANSFORMER} for op in _TF1_SUMMARY_OPS}
    summary_ops["tensorflow.concat"] = {"transformer": CONCAT_TRANSFORMER}
    summary_ops["tensorflow.split"] = {"transformer": SPLIT_TRANSFORMER}
    # Keyword-only in TF 1 like softmax_cross_entropy_with_logits (which the data has): made call-level
    # so that a positional TF 0.x call gets tf_upgrade_calls.py's TODO.
    for loss in ("sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits"):
        summary_ops[f"tensorflow.nn.{loss}"] = {"transformer": KEYWORD_ONLY_TRANSFORMER}
    return UpgradeData(
        tensorflow_version=raw["tensorflow_version"],
        renames={**raw["renames"], **_moved_modules(raw["renames"])},
        reorders=raw["reorders"],
        keyword_renames=raw["keyword_renames"],
        warnings=raw["warnings"],
        argument_warnings=raw["argument_warnings"],
        transformers={**summary_ops, **raw["transformers"]},  # local additions; the published data wins
        module_deprecations=raw["module_deprecations"],
    )


def _moved_modules(renames: Mapping[str, str]) -> dict[str, str]:
    """``tensorflow.logging`` -> ``tensorflow.compat.v1.logging`` for the MOVED_MODULES whose published member
    renames all say so (the data decides: a module whose members go elsewhere is left out)."""
    moved = {}
    for module in MOVED_MODULES:
        old, new = f"{TF_ROOT}.{module}", f"{TF_ROOT}.compat.v1.{module}"
        members = {name: target for name, target in renames.items() if name.rpartition(".")[0] == old}
        if members and all(target == new + name[len(old) :] for name, target in members.items()):
            moved[old] = new
    return moved


def display(name: str) -> str:
    return "tf" + name[len("tensorflow") :] if name.startswith("tensorflow") else name


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _template(message: str) -> str:
    """A tf_upgrade_v2 message as a finding template: braces escaped, ``<function name>`` -> ``{name}``."""
    return " ".join(_escaped(message).replace("<function name>", "{name}").split())


def _longest_prefix(name: str, table: Mapping[str, Any]) -> str | None:
    parts = name.split(".")
    for end in range(len(parts), 1, -1):
        prefix = ".".join(parts[:end])
        if prefix in table:
            return prefix
    return None


def arg_changes(data: UpgradeData, name: str) -> ArgChanges | None:
    """Reorders (positional -> keyword, with the OLD names) and keyword renames/removals of one function."""
    order = data.reorders.get(name)
    keywords = data.keyword_renames.get(name, {})
    if order is None and not keywords:
        return None
    positional: tuple[str, ...] = ()
    keep = None
    if order is not None:
        keep = next((i for i, parameter in enumerate(order) if parameter is not None), len(order))
        # Leading None entries stay positional; their names are never needed.
        positional = tuple(parameter or f"<positional {i}>" for i, parameter in enumerate(order))
    return ArgChanges(
        renamed=tuple((old, new) for old, new in keywords.items() if new is not None),
        removed=tuple(old for old, new in keywords.items() if new is None),
        positional=positional,
        keep_positional=keep,
    )


def warning_for(data: UpgradeData, name: str, renamed: bool) -> str | None:
    """The actionable tf_upgrade_v2 warning for a use of ``name`` (a finding template), if any.

    Like tf_upgrade_v2, a module deprecation only concerns names it does not rename."""
    warning = data.warnings.get(name)
    if warning is not None and warning["level"] in _ACTIONABLE:
        return _template(warning["message"])
    if renamed:
        return None
    prefix = _longest_prefix(name, data.module_deprecations)
    if prefix is not None and not prefix.startswith("tensorflow.contrib"):
        deprecation = data.module_deprecations[prefix]
        if deprecation["level"] in _ACTIONABLE:
            return "{name} is in " + _escaped(display(prefix)) + ": " + _template(deprecation["message"])
    return None


def removed_argument(message: str) -> str | None:
    """The argument a warning is about when it only concerns calls that pass it."""
    found = _REMOVED_ARGUMENT.match(message)
    return found.group(1) if found else None


@functools.lru_cache(maxsize=4096)
def upgrade_rule(canonical: str, base_rename: Rule, base_warning: Rule) -> tuple[Rule, str] | None:
    """The rule for a canonical name from the tf_upgrade_v2 data, and the prefix it matched.

    A rename matches the longest renamed prefix (tf_upgrade_v2 renames every attribute level, so a
    renamed module moves its members); reorders, keyword changes and warnings match exact names.
    """
    data = load_upgrade_data()
    prefix = _longest_prefix(canonical, data.renames)
    args = arg_changes(data, canonical)
    warning = warning_for(data, canonical, renamed=prefix is not None)
    conditional = warning is not None and removed_argument(warning) is not None
    call_level = canonical in data.transformers or canonical in data.argument_warnings or conditional
    if prefix is None and args is None and not call_level:
        if warning is None:
            return None
        rule = dataclasses.replace(base_warning, canonical_names=(canonical,), message=warning)
        return rule, canonical
    if prefix is None:
        prefix = canonical
        replacement = canonical  # same name: only the call's arguments change
    else:
        replacement = data.renames[prefix]
    message = "{name} -> " + _escaped(display(replacement + canonical[len(prefix) :])) + " (as tf_upgrade_v2)"
    if warning is not None and not removed_argument(warning):
        # Renamed onto tf.compat.v1 the TF1 behaviour is kept; the note still belongs in the report.
        message = message + " (tf_upgrade_v2: " + warning + ")"
    rule = dataclasses.replace(
        base_rename,
        kind="transform" if args is not None else "rename",
        canonical_names=(prefix,),
        replacement=replacement,
        args=args,
        message=message,
    )
    return rule, prefix


def match_upgrade(catalog: Catalog, canonical: str, table_match: tuple[Rule, str] | None) -> tuple[Rule, str] | None:
    """The tf_upgrade_v2 rule for ``canonical`` when the rule tables do not handle it themselves."""
    if table_match is not None and table_match[0].kind != "out_of_scope":
        return None
    if RENAME not in catalog.rules or WARNING not in catalog.rules:
        return None  # a catalog built without the tf_upgrade_v2 rows (tests of the tables alone)
    found = upgrade_rule(canonical, catalog.rules[RENAME], catalog.rules[WARNING])
    if found is None:
        return None
    if table_match is not None and (found[0].id != RENAME or len(found[1]) <= len(table_match[1])):
        return None  # only a published rename more specific than the catch-all beats it
    return found


@functools.lru_cache(maxsize=None)
def renamed_members(module: str) -> Mapping[str, str]:
    """The direct members of a TF module that tf_upgrade_v2 renames: member name -> new dotted name."""
    prefix = module + "."
    data = load_upgrade_data()
    return {
        name[len(prefix) :]: new for name, new in data.renames.items() if name.startswith(prefix) and "." not in name[len(prefix) :]
    }


@functools.lru_cache(maxsize=1)
def identifier_names() -> frozenset[bytes]:
    """Last segments of the data's names: any use of one spells it (for the prefilter). tf.contrib names
    are left out: the rule tables' own tf.contrib rows already make the prefilter look at those files."""
    data = load_upgrade_data()
    names: set[bytes] = set()
    for table in (data.renames, data.reorders, data.keyword_renames, data.warnings, data.transformers,
                  data.module_deprecations, data.argument_warnings):
        for name in table:
            if name.startswith("tensorflow.") and not name.startswith("tensorflow.contrib."):
                names.add(name.rpartition(".")[2].encode())
    # getattr(tf.train, name) and the like reach renamed members by a computed name (rewrite.py's
    # _flag_tf_module): the words of dynamic access send a file to the parser too.
    names.update(word.encode() for word in (*DYNAMIC_ACCESS_BUILTINS, *DYNAMIC_ATTRIBUTES))
    return frozenset(names)


# --- graph mode (S2S802) and files already on tf.compat.v1 -------------------------------------------

ALL_RULES = frozenset({RENAME, WARNING, GRAPH_MODE})
DISABLE_EAGER = "tensorflow.compat.v1.disable_eager_execution"
# Names that cannot work eagerly: a program using them must run in graph mode on TF2.
_GRAPH_MODE_NAMES = frozenset(
    {"tensorflow.placeholder", "tensorflow.sparse_placeholder", "tensorflow.Session", "tensorflow.InteractiveSession"}
)
_VERSIONED_MODULES = frozenset({"tensorflow.compat.v1", "tensorflow.compat.v2"})


def needs_graph_mode(rule_id: str, canonical: str, skip: frozenset[str]) -> bool:
    return rule_id == RENAME and canonical in _GRAPH_MODE_NAMES and GRAPH_MODE not in skip


def _dotted(node: cst.BaseExpression) -> str | None:
    import libcst as cst  # not at import time: the prefilter imports this module and must stay light

    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _imports_versioned(statement: cst.BaseSmallStatement) -> bool:
    import libcst as cst

    if isinstance(statement, cst.Import):
        return any(alias.asname is not None and _dotted(alias.name) in _VERSIONED_MODULES for alias in statement.names)
    if isinstance(statement, cst.ImportFrom) and statement.module is not None and not statement.relative:
        module = _dotted(statement.module)
        if module == "tensorflow.compat" and not isinstance(statement.names, cst.ImportStar):
            return any(_dotted(alias.name) in ("v1", "v2") for alias in statement.names)
    return False


def imports_versioned_api(module: cst.Module) -> bool:
    """The module imports ``tensorflow.compat.v1`` / ``.v2`` as a module (``import tensorflow.compat.v1 as tf``).

    Such code is written against that API already; tf_upgrade_v2 leaves it alone and so does this rule.
    Top-level statements and the bodies of top-level ``try`` / ``if`` blocks are looked at.
    """
    import libcst as cst

    statements: list[cst.CSTNode] = list(module.body)
    for statement in module.body:
        if isinstance(statement, (cst.Try, cst.If)) and isinstance(statement.body, cst.IndentedBlock):
            statements += statement.body.body
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine) and any(_imports_versioned(s) for s in statement.body):
            return True
    return False


@functools.lru_cache(maxsize=1)
def method_transforms() -> Mapping[str, str]:
    """tf_upgrade_v2's transforms of method calls on any object (``*.make_one_shot_iterator``): name -> transform."""
    data = load_upgrade_data()
    return {name[2:]: entry["transformer"] for name, entry in data.transformers.items() if name.startswith("*.")}
