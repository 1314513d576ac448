"""Golden pairs through the API: exact output, exact findings, idempotency, output parses."""

from __future__ import annotations

import ast

import pytest
from golden import format_finding, golden_cases

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.rules.manual import TODO_COMMENT

CASES = golden_cases()


def test_there_are_golden_cases():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_output_and_findings(case):
    result = migrate_source(case.input_path.read_bytes(), path="input.py")
    assert result.error is None
    assert result.output.decode() == case.expected_path.read_text()
    assert [format_finding(f) for f in result.findings] == case.expected_findings()
    assert all(f.path == "input.py" for f in result.findings)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_output_is_a_fixed_point(case):
    expected = case.expected_path.read_bytes()
    ast.parse(expected)
    again = migrate_source(expected, path="expected.py")
    assert again.error is None
    assert again.output == expected
    # Second run: nothing left to fix; what remains are exactly the TODO comments of the first run.
    assert not any(f.fixed for f in again.findings)
    todo_lines = [n for n, line in enumerate(expected.decode().splitlines(), 1) if TODO_COMMENT.search(line)]
    assert [f.line for f in again.findings] == todo_lines


def test_lookalikes_are_byte_identical():
    case = next(c for c in CASES if c.name == "lookalikes_untouched")
    result = migrate_source(case.input_path.read_bytes())
    assert result.output == result.source
    assert result.findings == ()
