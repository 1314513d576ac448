"""The rule tables: they load, they are documented, their examples are what the engine does."""

from __future__ import annotations

import dataclasses

import libcst as cst
import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.engine.rewrite import rewrite_module
from tf_seq2seq_migrate.engine.source import parse
from tf_seq2seq_migrate.rules.args import apply_arg_changes
from tf_seq2seq_migrate.rules.catalog import (
    ArgChanges,
    Rule,
    RuleTableError,
    build_catalog,
    load_catalog,
    load_rules,
    rule_for_name,
)

RULES = load_rules()
SLICE = {
    "tensorflow.contrib.seq2seq": "S2S001",
    "tensorflow.contrib.seq2seq.AttentionWrapper": "S2S002",
    "tensorflow.contrib.seq2seq.BahdanauAttention": "S2S003",
    "tensorflow.contrib.seq2seq.TrainingHelper": "S2S004",
    "tensorflow.contrib.seq2seq.BasicDecoder": "S2S005",
    "tensorflow.contrib.seq2seq.dynamic_decode": "S2S006",
}


def test_rules_are_frozen_sorted_and_complete():
    assert {"S2S001", "S2S002", "S2S003", "S2S004", "S2S005", "S2S006"} <= set(RULES)
    assert {"S2S900", "S2S901", "S2S902", "S2S903", "S2S904"} <= set(RULES)
    assert list(RULES) == sorted(RULES)
    rule = RULES["S2S005"]
    assert isinstance(rule, Rule)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.summary = "x"  # type: ignore[misc]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_documented(rule_id):
    rule = RULES[rule_id]
    assert rule.summary and rule.why and rule.before and rule.after
    assert rule.title == rule.summary
    assert rule.fix_safety in ("safe", "unsafe")


@pytest.mark.parametrize("name, rule_id", sorted(SLICE.items()))
def test_lookup_by_canonical_name(name, rule_id):
    assert rule_for_name(name).id == rule_id
    assert rule_for_name(name).canonical_names == (name,)


def test_lookup_of_private_paths_and_other_contrib_modules():
    assert rule_for_name("tensorflow.contrib.seq2seq.python.ops.basic_decoder.BasicDecoder").id == "S2S005"
    assert rule_for_name("tensorflow.contrib.metrics.streaming_accuracy").id == "S2S900"
    assert rule_for_name("tensorflow.nn.relu") is None


def _added_import(replacement: str) -> str:
    """The import line a rewrite adds for a replacement; none for TF names, spelled through ``tf``."""
    module = replacement.rpartition(".")[0]
    if module == "tensorflow" or module.startswith("tensorflow."):
        return ""
    parent, _, last = module.rpartition(".")
    return f"from {parent} import {last}\n"


# Generated rules (tf_upgrade_v2 data) check their examples in tests/test_tf_upgrade.py.
@pytest.mark.parametrize(
    "rule_id", sorted(r for r in RULES if RULES[r].kind in ("rename", "transform") and not RULES[r].generated)
)
def test_documented_example_is_what_the_rewrite_does(rule_id):
    rule = RULES[rule_id]
    header = "import tensorflow as tf\n"
    if rule.module:
        source, expected = rule.before + "\n", rule.after + "\n"
    else:
        source = header + rule.before + "\n"
        added = _added_import(rule.replacement) if rule.replacement else ""  # code rules (S2S9xx) spell TF targets
        expected = header + added + rule.after + "\n"
    result = migrate_source(source)
    assert result.output.decode() == expected
    assert [f.rule_id for f in result.findings] == [rule_id]


@pytest.mark.parametrize("rule_id", ["S2S900", "S2S901", "S2S902", "S2S903", "S2S904"])
def test_documented_todo_comments_are_what_the_rewrite_writes(rule_id):
    rule = RULES[rule_id]
    after_lines = rule.after.splitlines()
    result = migrate_source("import tensorflow as tf\n" + rule.before + "\n")
    output_lines = result.output.decode().splitlines()
    assert after_lines[0] in output_lines  # the TODO comment, word for word
    assert [f.rule_id for f in result.findings] == [rule_id]
    assert not result.findings[0].fixed


def base_row(**changes):
    row = {
        "id": "S2S100", "kind": "rename", "canonical_names": ["tensorflow.contrib.x.Y"],
        "replacement": "tf_seq2seq_migrate.runtime.x.Y", "fix_safety": "safe",
        "summary": "s", "why": "w", "before": "b", "after": "a",
    }  # fmt: skip
    row.update(changes)
    return {k: v for k, v in row.items() if v is not None}


@pytest.mark.parametrize(
    "rows, message",
    [
        ([base_row(id="X1")], "t.toml: rule #1: 'id' must look like S2S001, got 'X1'"),
        ([base_row(kind="magic")], "t.toml: S2S100: kind 'magic' is not one of rename, transform, literal, todo, out_of_scope"),
        ([base_row(kind="literal", replacement=None, literal="train")], "t.toml: S2S100: 'literal' must be a Python literal written as code, such as \"'train'\""),
        ([base_row(kind="literal", literal="'train'")], "t.toml: S2S100: a literal rule needs 'canonical_names' of constants and no 'replacement'"),
        ([base_row(literal="'train'")], "t.toml: S2S100: only 'literal' rules take a 'literal'"),
        ([base_row(why=None)], "t.toml: S2S100: 'why' is required"),
        ([base_row(replacement=None)], "t.toml: S2S100: a rename rule needs a dotted 'replacement'"),
        ([base_row(canonical_names=["tf.contrib.x"])], "t.toml: S2S100: canonical name 'tf.contrib.x' must be a dotted name under 'tensorflow'"),
        ([base_row(), base_row()], "t.toml: duplicate rule id S2S100 (also in t.toml)"),
        ([base_row(), base_row(id="S2S101")], "t.toml: tensorflow.contrib.x.Y is claimed by both S2S100 and S2S101"),
        ([base_row(colour="red")], "t.toml: S2S100: unknown keys ['colour']"),
        ([base_row(args={"renamed": {"a": "b"}})], "t.toml: S2S100: only 'transform' rules may change arguments"),
    ],
)
def test_malformed_tables_are_rejected_with_the_row_named(rows, message):
    with pytest.raises(RuleTableError) as error:
        build_catalog([("t.toml", {"rule": rows})])
    assert str(error.value) == message


def test_shipped_tables_are_the_catalog_the_engine_uses():
    catalog = load_catalog()
    assert catalog.canonicalize("tensorflow.compat.v1.contrib.seq2seq.python.ops.helper.TrainingHelper") == (
        "tensorflow.contrib.seq2seq.TrainingHelper"
    )
    requirements = set(catalog.prefilter_requirements)
    # Everything under tf.contrib is covered by the tf.contrib rule: one entry says it all.
    assert (b"tensorflow", b"contrib") in requirements
    assert not any(b"contrib" in required for required in requirements - {(b"tensorflow", b"contrib")})
    assert (b"rnn_cell_impl", b"tensorflow", b"python", b"ops") in requirements
    assert not any(set(a) < set(b) for a in requirements for b in requirements)


# -- transform rules: argument changes ----------------------------------------------------------------

TRANSFORM = base_row(
    kind="transform",
    canonical_names=["tensorflow.contrib.seq2seq.OldThing"],
    replacement="tf_seq2seq_migrate.runtime.seq2seq.NewThing",
    args={
        "renamed": {"num_units": "units", "scope": "name"},
        "removed": ["dtype"],
        "positional": ["num_units", "memory", "scope", "dtype"],
        "keep_positional": 2,
    },
)


def rewrite_with(rows, source: str) -> str:
    catalog = build_catalog([("t.toml", {"rule": rows})])
    data = source.encode()
    return rewrite_module(parse(data), data, "t.py", frozenset(), catalog).output.decode()


def test_transform_renames_removes_and_turns_positionals_into_keywords():
    source = "import tensorflow as tf\nx = tf.contrib.seq2seq.OldThing(4, m, 'att', tf.float32, num_units=2, dtype=None)\n"
    assert rewrite_with([TRANSFORM], source) == (
        "import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import seq2seq\n"
        "x = seq2seq.NewThing(4, m, name='att', units=2)\n"
    )


def test_transform_through_from_import_keeps_the_local_name():
    source = "from tensorflow.contrib.seq2seq import OldThing\nx = OldThing(4, m, scope='s')\n"
    assert rewrite_with([TRANSFORM], source) == (
        "from tf_seq2seq_migrate.runtime.seq2seq import NewThing as OldThing\nx = OldThing(4, m, name='s')\n"
    )


def test_arg_changes_report_what_they_cannot_do():
    call = cst.parse_expression("f(*args, 'late')")
    changes = ArgChanges(positional=("a", "b"), keep_positional=0)
    new_call, problems = apply_arg_changes(call, changes)
    assert problems == ("arguments after *args cannot be matched to parameter names",)
    assert cst.Module(body=()).code_for_node(new_call) == "f(*args, 'late')"
