"""Report formats rendered from hand-built reports: json, sarif, github, markdown and text."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from _cli_support import RULES, finding
from tf_seq2seq_migrate.api import FileResult, Report, Status
from tf_seq2seq_migrate.reports import FORMATS, RenderContext, render
from tf_seq2seq_migrate.reports import github as github_format
from tf_seq2seq_migrate.reports import json_report, sarif, text

SARIF_SCHEMA_FILE = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

DIFF_B = "--- b.py\n+++ b.py\n@@ -1 +1 @@\n-import tensorflow as tf\n+from x import y\n"


@pytest.fixture
def report() -> Report:
    """Four files in scrambled order: changed, failed, clean, and unchanged with a manual finding."""
    return Report(
        files=(
            FileResult(
                "pkg/z.py",
                Status.UNCHANGED,
                (finding("pkg/z.py", "S2S002", 9, 3, fixed=False, message="getattr, on: tf.contrib\n50% sure"),),
            ),
            FileResult("a.py", Status.FAILED, reason="line 2: Missing parentheses in call to 'print'"),
            FileResult(
                "b.py",
                Status.CHANGED,
                (finding("b.py", line=5, column=7), finding("b.py", line=2, column=1)),
                diff=DIFF_B,
            ),
            FileResult("c.py", Status.SKIPPED, reason="no TF1 symbol"),
        )
    )


# --- json ---------------------------------------------------------------------------------------


def test_json_document_matches_its_schema_and_content(report):
    document = json.loads(render("json", report, RenderContext(mode="check")))
    jsonschema.validate(document, json_report.SCHEMA)
    assert document["version"] == 1
    assert document["mode"] == "check"
    assert document["summary"] == {
        "files": 4, "changed": 1, "unchanged": 1, "failed": 1, "skipped": 1, "findings": 3, "fixed": 2, "unfixed": 1,
    }
    assert [f["path"] for f in document["files"]] == ["a.py", "b.py", "c.py", "pkg/z.py"]
    assert [f["status"] for f in document["files"]] == ["failed", "changed", "skipped", "unchanged"]
    assert document["files"][0]["reason"] == "line 2: Missing parentheses in call to 'print'"
    assert document["files"][1]["diff"] == DIFF_B
    assert document["files"][2]["diff"] is None
    assert [(f["path"], f["line"]) for f in document["findings"]] == [("b.py", 2), ("b.py", 5), ("pkg/z.py", 9)]
    assert document["findings"][2] == {
        "rule_id": "S2S002", "path": "pkg/z.py", "line": 9, "column": 3,
        "message": "getattr, on: tf.contrib\n50% sure", "fixed": False,
    }


def test_json_schema_rejects_a_document_missing_a_finding_field(report):
    document = json_report.to_document(report, RenderContext())
    del document["findings"][0]["fixed"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json_report.SCHEMA)


# --- sarif --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA_FILE.read_text())
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_sarif_log_validates_against_the_official_schema(report, sarif_validator):
    log = json.loads(render("sarif", report, RenderContext(mode="check", rules=RULES)))
    sarif_validator.validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_validator_catches_a_broken_log(report, sarif_validator):
    log = sarif.to_log(report, RenderContext(rules=RULES))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(log)


def test_sarif_lists_rules_with_docs_and_points_results_at_them(report):
    run = sarif.to_log(report, RenderContext(rules=RULES))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["S2S001", "S2S002"]
    assert rules[0]["shortDescription"]["text"] == RULES["S2S001"].summary
    assert rules[0]["fullDescription"]["text"] == RULES["S2S001"].why
    assert rules[0]["help"]["markdown"].startswith("# S2S001: ")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    manual = run["results"][2]
    assert manual["level"] == "warning"
    assert manual["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "pkg/z.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 3},
    }
    assert run["results"][0]["level"] == "note"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["message"]["text"] == "cannot parse: Missing parentheses in call to 'print'"
    assert notification["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}


def test_sarif_describes_rules_the_catalog_lacks(report, sarif_validator):
    log = sarif.to_log(report, RenderContext(rules={}))
    sarif_validator.validate(log)
    assert [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]] == ["S2S001", "S2S002"]


def test_sarif_uris_are_percent_encoded():
    assert sarif.artifact_uri("my dir/a#1.py") == {"uri": "my%20dir/a%231.py", "uriBaseId": "%SRCROOT%"}
    assert sarif.artifact_uri("/abs/x y.py") == {"uri": "file:///abs/x%20y.py"}
    assert sarif.artifact_uri("./pkg/a.py") == {"uri": "pkg/a.py", "uriBaseId": "%SRCROOT%"}


def test_github_paths_are_repository_relative():
    dotted = Report(files=(FileResult("./pkg/a.py", Status.UNCHANGED, (finding("./pkg/a.py", fixed=False),)),))
    assert render("github", dotted, RenderContext()).startswith("::warning file=pkg/a.py,line=1,col=1,")


# --- github -------------------------------------------------------------------------------------


def test_github_annotations_escape_properties_and_data(report):
    lines = render("github", report, RenderContext(mode="check")).splitlines()
    fixable = "tf.contrib.seq2seq.BasicDecoder -> seq2seq.BasicDecoder (fixable)"
    assert lines == [
        f"::warning file=b.py,line=2,col=1,title=S2S001::{fixable}",
        f"::warning file=b.py,line=5,col=7,title=S2S001::{fixable}",
        "::warning file=pkg/z.py,line=9,col=3,title=S2S002::getattr, on: tf.contrib%0A50%25 sure",
        "::error file=a.py,line=2,title=tf-migrate failed::cannot parse: Missing parentheses in call to 'print'",
    ]


def test_github_write_mode_marks_applied_fixes_as_notices(report):
    lines = render("github", report, RenderContext(mode="write")).splitlines()
    assert lines[0].startswith("::notice file=b.py,line=2,col=1,title=S2S001::")
    assert lines[2].startswith("::warning file=pkg/z.py,")


def test_github_property_escaping():
    assert github_format.escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    assert github_format.command("warning", "m", file="x,y:z.py", line=None) == "::warning file=x%2Cy%3Az.py::m"


# --- markdown -----------------------------------------------------------------------------------


def test_markdown_has_totals_a_row_per_notable_file_and_folded_diffs(report):
    document = render("markdown", report, RenderContext(mode="check"))
    summary = "1 file would be rewritten, 1 finding needs a manual edit, 1 file failed (4 files checked)."
    assert document.startswith(f"## tf-migrate\n\n{summary}\n")
    assert "| 4 | 1 | 3 | 2 | 1 | 1 |" in document
    rows = [line for line in document.splitlines() if line.startswith("| `")]
    assert rows == [
        "| `a.py` | failed | – | 0 |",
        "| `b.py` | would be rewritten | S2S001 ×2 | 0 |",
        "| `pkg/z.py` | unchanged | S2S002 | 1 |",
    ]
    assert "- `pkg/z.py:9:3` **S2S002** getattr, on: tf.contrib 50% sure" in document
    assert "- `a.py:2: cannot parse: Missing parentheses in call to 'print'`" in document
    assert f"<details>\n<summary>b.py</summary>\n\n```diff\n{DIFF_B}```\n\n</details>" in document


def test_markdown_escapes_table_breakers_and_long_backtick_runs():
    tricky = Report(
        files=(FileResult("we|ird.py", Status.CHANGED, (finding("we|ird.py"),), diff="+x = '```'\n"),)
    )
    document = render("markdown", tricky, RenderContext(mode="write"))
    assert "| `we\\|ird.py` | rewritten | S2S001 | 0 |" in document
    assert "````diff\n+x = '```'\n````" in document


# --- text ---------------------------------------------------------------------------------------


def test_text_check_lists_everything_in_order(report):
    assert render("text", report, RenderContext(mode="check")).splitlines() == [
        "would rewrite b.py",
        "b.py:2:1: S2S001 tf.contrib.seq2seq.BasicDecoder -> seq2seq.BasicDecoder (fixable)",
        "b.py:5:7: S2S001 tf.contrib.seq2seq.BasicDecoder -> seq2seq.BasicDecoder (fixable)",
        "pkg/z.py:9:3: S2S002 getattr, on: tf.contrib 50% sure (manual edit)",
        "error: a.py:2: cannot parse: Missing parentheses in call to 'print'",
        "1 file would be rewritten, 1 finding needs a manual edit, 1 file failed (4 files checked).",
    ]


def test_text_colour_uses_ansi_only_when_asked(report):
    plain = text.render(report, RenderContext(mode="check"))
    coloured = text.render(report, RenderContext(mode="check", color=True))
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_every_format_renders_an_empty_report():
    for fmt in FORMATS:
        assert isinstance(render(fmt, Report(files=()), RenderContext()), str)
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        render("xml", Report(files=()), RenderContext())


def test_failures_other_than_parse_errors_keep_their_own_wording():
    from tf_seq2seq_migrate.reports.common import failure_of

    unreadable = FileResult("gone.py", Status.FAILED, reason="cannot read: permission denied")
    broken = FileResult("x.py", Status.FAILED, reason="line 4: internal error: rewritten code does not parse")
    parse = FileResult("y.py", Status.FAILED, reason="line 7: invalid syntax")
    assert str(failure_of(unreadable)) == "gone.py: cannot read: permission denied"
    assert str(failure_of(broken)) == "x.py:4: internal error: rewritten code does not parse"
    assert str(failure_of(parse)) == "y.py:7: cannot parse: invalid syntax"


def test_markdown_leaves_out_diffs_that_would_overflow_a_github_comment():
    from tf_seq2seq_migrate.reports import markdown

    big_diff = "--- a\n+++ b\n" + "+x = 1\n" * 2_000  # ~14k characters each
    files = tuple(
        FileResult(f"f{index}.py", Status.CHANGED, (finding(f"f{index}.py"),), diff=big_diff) for index in range(8)
    )
    document = render("markdown", Report(files=files), RenderContext(mode="check"))
    assert len(document) <= markdown.MAX_COMMENT_CHARS
    shown = document.count("<details>")
    assert 1 <= shown < 8
    assert f"_Diffs of {8 - shown} more files left out: a GitHub comment holds at most 65,536 characters." in document
    assert document.count("| `f") == 8  # every file keeps its table row
