"""SARIF 2.1.0 log (``--format sarif``), for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every catalog rule with its documentation (and a bare
descriptor for any rule id a finding carries that the catalog lacks); each finding is a result
pointing at its rule by ``ruleId`` and ``ruleIndex``. Findings that need a manual edit are
warnings; findings the rewrite handles are notes. Files that failed to parse or write are error
notifications of the invocation, whose ``executionSuccessful`` is false when any file failed.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from tf_seq2seq_migrate.api import Finding, Report, Status
from tf_seq2seq_migrate.reports.common import (
    TOOL_NAME,
    RenderContext,
    failure_of,
    repo_relative,
    rule_text,
    sorted_files,
    sorted_findings,
)
from tf_seq2seq_migrate.reports.rule_docs import rule_markdown

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"


def artifact_uri(path: str) -> dict[str, str]:
    """A URI reference for a path: relative paths against the source root, absolute as file://."""
    posix = repo_relative(path)
    if posix.startswith("/"):
        return {"uri": "file://" + quote(posix)}
    return {"uri": quote(posix), "uriBaseId": SOURCE_ROOT}


def _descriptor(rule_id: str, rule: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": rule_id}
    if rule is None:
        descriptor["shortDescription"] = {"text": rule_id}
        return descriptor
    summary = rule_text(rule, "summary") or rule_id
    descriptor["shortDescription"] = {"text": summary}
    why = rule_text(rule, "why")
    if why:
        descriptor["fullDescription"] = {"text": why}
    markdown = rule_markdown(rule)
    descriptor["help"] = {"text": markdown, "markdown": markdown}
    safety = rule_text(rule, "fix_safety")
    descriptor["properties"] = {"fixSafety": safety} if safety else {}
    return descriptor


def _location(path: str, line: int | None, column: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_uri(path)}
    if line is not None:
        region: dict[str, int] = {"startLine": max(1, line)}
        if column is not None:
            region["startColumn"] = max(1, column)
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": "note" if finding.fixed else "warning",
        "message": {"text": finding.message},
        "locations": [_location(finding.path, finding.line, finding.column)],
        "properties": {"fixed": finding.fixed},
    }


def to_log(report: Report, context: RenderContext) -> dict[str, Any]:
    findings = sorted_findings(report.findings)
    rule_ids = sorted(set(context.rules) | {finding.rule_id for finding in findings})
    index_of = {rule_id: index for index, rule_id in enumerate(rule_ids)}
    failures = [failure_of(fr) for fr in sorted_files(report) if fr.status is Status.FAILED]
    notifications = [
        {
            "level": "error",
            "message": {"text": failure.message},
            "locations": [_location(failure.path, failure.line, failure.column)],
        }
        for failure in failures
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not failures}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": context.tool_version,
                        "rules": [_descriptor(rule_id, context.rules.get(rule_id)) for rule_id in rule_ids],
                    }
                },
                "invocations": [invocation],
                "results": [_result(finding, index_of[finding.rule_id]) for finding in findings],
                "properties": {"mode": context.mode},
            }
        ],
    }


def render(report: Report, context: RenderContext) -> str:
    return json.dumps(to_log(report, context), indent=2, ensure_ascii=False) + "\n"
