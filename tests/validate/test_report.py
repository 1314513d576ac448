"""The validate report in its three formats, from hand-made results (no TensorFlow, no processes)."""

from __future__ import annotations

import json

from tf_seq2seq_migrate.validate.compare import OutputComparison
from tf_seq2seq_migrate.validate.pipeline import ERROR, FAILED, PASSED, SKIPPED, FixtureResult, RunResult
from tf_seq2seq_migrate.validate.report import ValidationReport, render_json, render_markdown, render_text

_OK = (OutputComparison("logits", False, True, 2e-7, 3e-6), OutputComparison("ids", True, True, 0.0, 0.0))
_BAD = (OutputComparison("logits", False, True, 1e-7, 1e-6),
        OutputComparison("scores", False, False, 0.25, 0.5, (0, 3)))
_TRACE = "Traceback (most recent call last):\n" + "\n".join(f"  frame {i}" for i in range(20)) + "\nKeyError: 'x'"


def _report() -> ValidationReport:
    runs = (
        RunResult("beam", "infer", "cpu", "graph", PASSED, _OK),
        RunResult("beam", "infer", "cpu", "eager", FAILED, _BAD,
                  "first diverging output 'scores': max abs error 0.25 at index [0, 3]"),
        RunResult("beam", "infer", "gpu", "graph", SKIPPED, (), "no GPU on this machine"),
        RunResult("beam", "infer", "gpu", "eager", ERROR, (), _TRACE),
    )
    return ValidationReport((FixtureResult("beam", "fixtures/beam", runs, 12.5, "/w/beam/rewritten/model.py", 7, 0),),
                            ("cpu", "gpu"), 13.0)


def test_text_table_has_every_row_the_failures_and_a_summary():
    text = render_text(_report(), width=120)
    for header in ("fixture", "mode", "device", "max abs error", "max rel error", "verdict"):
        assert header in text
    assert "2.00e-07" in text and "3.00e-06" in text and "2.50e-01" in text
    assert "beam [infer, cpu, eager] failed: first diverging output 'scores'" in text
    assert "skipped gpu: no GPU on this machine" in text
    # a long traceback is cut to its first and last lines in the terminal
    assert "KeyError: 'x'" in text and "frame 3\n" not in text
    assert text.rstrip().endswith("VALIDATION FAILED: 1 passed, 1 failed, 1 errors, 1 skipped (1 fixtures, 13.0 s)")
    assert "\x1b[" not in text


def test_json_keeps_every_figure_and_the_full_message():
    document = json.loads(render_json(_report()))
    assert document["ok"] is False and document["counts"] == {"passed": 1, "failed": 1, "error": 1, "skipped": 1}
    runs = document["fixtures"][0]["runs"]
    assert [(r["device"], r["run"], r["status"]) for r in runs] == [
        ("cpu", "graph", "passed"), ("cpu", "eager", "failed"), ("gpu", "graph", "skipped"), ("gpu", "eager", "error")]
    assert runs[1]["max_abs_error"] == 0.25 and runs[1]["max_rel_error"] == 0.5
    assert runs[1]["outputs"][1] == {"name": "scores", "exact": False, "passed": False, "max_abs_error": 0.25,
                                     "max_rel_error": 0.5, "worst_index": [0, 3], "problem": None}
    assert runs[3]["message"] == _TRACE and runs[2]["max_abs_error"] is None


def test_markdown_table_for_a_pull_request():
    markdown = render_markdown(_report())
    assert "| beam | infer | cpu | eager | 2.50e-01 | 5.00e-01 | **failed** |" in markdown
    assert "| beam | infer | gpu | graph | - | - | skipped |" in markdown
    assert "### Failures" in markdown and "first diverging output 'scores'" in markdown
