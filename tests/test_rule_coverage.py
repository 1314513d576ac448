"""Coverage of TF 1.15's public contrib API by the rule tables, and of the rule rows by golden cases.

No TensorFlow here (the rewriter's tests stay fast); tests/test_rule_targets.py checks the targets
exist in the runtime.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import golden_cases

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.rules.catalog import display_name, load_catalog
from tf_seq2seq_migrate.rules.manual import TODO_COMMENT, todo_comment

SYMBOLS_FILE = Path(__file__).parent / "data" / "tf115_public_symbols.txt"
CATALOG = load_catalog()


def tf115_public_symbols() -> list[str]:
    """Canonical names from the data file: ``[module]`` headers, then one member per line."""
    names: list[str] = []
    module = None
    for raw in SYMBOLS_FILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            module = line[1:-1]
            continue
        assert module is not None, f"{line!r} comes before any [module] header"
        names.append(f"{module}.{line}")
    return names


SYMBOLS = tf115_public_symbols()


def test_the_symbol_list_is_complete_for_each_module():
    per_module: dict[str, int] = {}
    for name in SYMBOLS:
        per_module[name.rpartition(".")[0]] = per_module.get(name.rpartition(".")[0], 0) + 1
    assert per_module == {
        "tensorflow.contrib.seq2seq": 30,
        "tensorflow.contrib.legacy_seq2seq": 13,
        "tensorflow.contrib.rnn": 52,
        "tensorflow.contrib.checkpoint": 15,
        "tensorflow.nn.rnn_cell": 10,
    }
    assert len(set(SYMBOLS)) == len(SYMBOLS)


@pytest.mark.parametrize("name", SYMBOLS)
def test_every_tf115_public_symbol_has_a_row_of_its_own(name):
    # A module row would also match by prefix; coverage means a row names the symbol itself.
    assert name in CATALOG.by_name, f"{display_name(name)} has no rule row"
    rule = CATALOG.by_name[name]
    if rule.rewrites:
        assert rule.replacement is not None and rule.replacement.rpartition(".")[2] in (
            name.rpartition(".")[2],
            "is_nested",
        )


@pytest.mark.parametrize(
    "module, replacement",
    [
        ("tensorflow.contrib.seq2seq", "tf_seq2seq_migrate.runtime.seq2seq"),
        ("tensorflow.contrib.legacy_seq2seq", "tf_seq2seq_migrate.runtime.legacy_seq2seq"),
        ("tensorflow.contrib.rnn", "tf_seq2seq_migrate.runtime.rnn"),
        ("tensorflow.nn.rnn_cell", "tf_seq2seq_migrate.runtime.rnn"),
        ("tensorflow.contrib.checkpoint", "tf_seq2seq_migrate.runtime.checkpoint"),
        ("tensorflow.contrib.framework.nest", "tensorflow.nest"),
    ],
)
def test_module_rows(module, replacement):
    rule = CATALOG.by_name[module]
    assert rule.module and rule.kind == "rename" and rule.replacement == replacement


@pytest.mark.parametrize(
    "private, public",
    [
        ("tensorflow.contrib.rnn.core_rnn_cell.OutputProjectionWrapper", "tensorflow.contrib.rnn.OutputProjectionWrapper"),
        ("tensorflow.contrib.rnn.python.ops.rnn.stack_bidirectional_dynamic_rnn", "tensorflow.contrib.rnn.stack_bidirectional_dynamic_rnn"),
        ("tensorflow.python.ops.rnn_cell_impl.LSTMCell", "tensorflow.nn.rnn_cell.LSTMCell"),
        ("tensorflow.python.ops.rnn.dynamic_rnn", "tensorflow.nn.dynamic_rnn"),
        ("tensorflow.compat.v1.nn.rnn_cell.GRUCell", "tensorflow.nn.rnn_cell.GRUCell"),
        ("tensorflow.contrib.legacy_seq2seq.python.ops.seq2seq.rnn_decoder", "tensorflow.contrib.legacy_seq2seq.rnn_decoder"),
    ],
)
def test_private_paths_reach_the_public_rows(private, public):
    canonical = CATALOG.canonicalize(private)
    assert canonical == public
    assert CATALOG.match(canonical)[1] == public


def test_core_and_contrib_spellings_of_one_cell_share_a_row():
    for name in ("RNNCell", "BasicLSTMCell", "GRUCell", "LSTMCell", "LSTMStateTuple", "MultiRNNCell", "DropoutWrapper"):
        contrib = CATALOG.by_name[f"tensorflow.contrib.rnn.{name}"]
        assert CATALOG.by_name[f"tensorflow.nn.rnn_cell.{name}"] is contrib
        assert contrib.replacement == f"tf_seq2seq_migrate.runtime.rnn.{name}"


MANUAL_ROWS = sorted(
    rule_id
    for rule_id, rule in CATALOG.rules.items()
    if rule.kind in ("todo", "out_of_scope") and rule.canonical_names and not rule_id.startswith("S2S9")
)


@pytest.mark.parametrize("rule_id", MANUAL_ROWS)
def test_documented_todo_rows_are_what_the_rewrite_writes(rule_id):
    rule = CATALOG.rules[rule_id]
    result = migrate_source("import tensorflow as tf\n" + rule.before + "\n")
    expected = "import tensorflow as tf\n" + rule.after + "\n"
    if rule.canonical_names == ("tensorflow.contrib.eager",):
        expected = rule.after + "\n"  # the example is an import line of its own
        result = migrate_source(rule.before + "\n")
    assert result.output.decode() == expected
    assert [(f.rule_id, f.fixed) for f in result.findings] == [(rule_id, False)]
    # The comment is the one the engine writes for this row's message, word for word.
    first = rule.after.splitlines()[0]
    found = TODO_COMMENT.search(first)
    assert found and found.group(1) == rule_id
    assert first == todo_comment(rule_id, rule.finding_message(_example_name(rule, first)))


def _example_name(rule, comment: str) -> str:
    for name in rule.canonical_names:
        if display_name(name) in comment:
            return name
    raise AssertionError(f"{rule.id}: the TODO example names none of {rule.canonical_names}")


def test_every_rule_row_has_a_golden_case():
    seen: set[str] = set()
    for case in golden_cases():
        seen.update(line.split()[1] for line in case.expected_findings())
        # Rows whose use sits on an import line rewritten in place report there; TODO comments also name ids.
        seen.update(found.group(1) for found in TODO_COMMENT.finditer(case.expected_path.read_text()))
    missing = sorted(set(CATALOG.rules) - seen)
    assert not missing, f"rule rows without a golden case: {missing}"
