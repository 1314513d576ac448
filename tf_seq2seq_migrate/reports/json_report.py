"""Machine-readable JSON report (``--format json``).

The document follows :data:`SCHEMA` (JSON Schema draft 2020-12). ``version`` is bumped whenever a
field is removed or changes meaning; new optional fields may appear without a bump. Shape::

    {
      "version": 1,
      "tool": {"name": "tf-migrate", "version": "0.1.0"},
      "mode": "write" | "check" | "diff",
      "summary": {"files": 3, "changed": 1, "unchanged": 1, "failed": 1, "skipped": 0,
                  "findings": 2, "fixed": 1, "unfixed": 1},
      "files": [
        {"path": "a.py", "status": "changed" | "unchanged" | "failed" | "skipped",
         "reason": null | "...", "diff": null | "--- a.py\\n+++ a.py\\n...",
         "findings": [ <finding>, ... ]}
      ],
      "findings": [
        {"rule_id": "S2S001", "path": "a.py", "line": 3, "column": 1,
         "message": "...", "fixed": true}
      ]
    }

"changed" in check/diff mode means "would change". ``fixed`` is true when the rewrite handles
the finding (applied in write mode), false when it needs a manual edit. Files are in path order,
findings in (path, line, column, rule) order. ``diff`` is null unless diffs were requested.
"""

from __future__ import annotations

import json
from typing import Any

from tf_seq2seq_migrate.api import FileResult, Finding, Report, Status
from tf_seq2seq_migrate.reports.common import (
    MODES,
    TOOL_NAME,
    RenderContext,
    sorted_files,
    sorted_findings,
    totals,
)

FORMAT_VERSION = 1

_FINDING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["rule_id", "path", "line", "column", "message", "fixed"],
    "properties": {
        "rule_id": {"type": "string", "minLength": 1},
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "message": {"type": "string"},
        "fixed": {"type": "boolean"},
    },
}

_COUNT = {"type": "integer", "minimum": 0}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "tf-migrate JSON report",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "tool", "mode", "summary", "files", "findings"],
    "properties": {
        "version": {"const": FORMAT_VERSION},
        "tool": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "version"],
            "properties": {"name": {"const": TOOL_NAME}, "version": {"type": "string"}},
        },
        "mode": {"enum": list(MODES)},
        "summary": {
            "type": "object",
            "additionalProperties": False,
            "required": ["files", "changed", "unchanged", "failed", "skipped", "findings", "fixed", "unfixed"],
            "properties": {
                key: _COUNT
                for key in ("files", "changed", "unchanged", "failed", "skipped", "findings", "fixed", "unfixed")
            },
        },
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path", "status", "reason", "diff", "findings"],
                "properties": {
                    "path": {"type": "string"},
                    "status": {"enum": [status.value for status in Status]},
                    "reason": {"type": ["string", "null"]},
                    "diff": {"type": ["string", "null"]},
                    "findings": {"type": "array", "items": _FINDING},
                },
            },
        },
        "findings": {"type": "array", "items": _FINDING},
    },
}


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "fixed": finding.fixed,
    }


def _file(file_result: FileResult) -> dict[str, Any]:
    return {
        "path": file_result.path,
        "status": file_result.status.value,
        "reason": file_result.reason,
        "diff": file_result.diff or None,
        "findings": [_finding(finding) for finding in sorted_findings(file_result.findings)],
    }


def to_document(report: Report, context: RenderContext) -> dict[str, Any]:
    numbers = totals(report)
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": TOOL_NAME, "version": context.tool_version},
        "mode": context.mode,
        "summary": {
            "files": numbers.files,
            "changed": numbers.changed,
            "unchanged": numbers.unchanged,
            "failed": numbers.failed,
            "skipped": numbers.skipped,
            "findings": numbers.findings,
            "fixed": numbers.fixed,
            "unfixed": numbers.unfixed,
        },
        "files": [_file(file_result) for file_result in sorted_files(report)],
        "findings": [_finding(finding) for finding in sorted_findings(report.findings)],
    }


def render(report: Report, context: RenderContext) -> str:
    return json.dumps(to_document(report, context), indent=2, ensure_ascii=False) + "\n"
