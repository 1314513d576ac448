"""GitHub Actions workflow commands (``--format github``): inline annotations on a pull request.

One line per finding, ``::warning file=P,line=L,col=C,title=RULE::message``; findings already
applied by a write run become ``::notice``; files that failed to parse or write are ``::error``.
Values are escaped as the Actions runner expects: in the message ``%``, CR and LF are
percent-encoded; property values additionally encode ``:`` and ``,``.
"""

from __future__ import annotations

from tf_seq2seq_migrate.api import Report, Status
from tf_seq2seq_migrate.reports.common import (
    WRITE,
    RenderContext,
    failure_of,
    repo_relative,
    sorted_files,
    sorted_findings,
)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    separator = " " if fields else ""
    return f"::{name}{separator}{fields}::{escape_data(message)}"


def render(report: Report, context: RenderContext) -> str:
    lines = []
    for finding in sorted_findings(report.findings):
        level = "notice" if (finding.fixed and context.mode == WRITE) else "warning"
        message = finding.message if not finding.fixed or context.mode == WRITE else f"{finding.message} (fixable)"
        where = {"file": repo_relative(finding.path), "line": finding.line, "col": finding.column}
        lines.append(command(level, message, **where, title=finding.rule_id))
    for file_result in sorted_files(report):
        if file_result.status is Status.FAILED:
            failure = failure_of(file_result)
            lines.append(
                command(
                    "error",
                    failure.message,
                    file=repo_relative(failure.path),
                    line=failure.line,
                    col=failure.column,
                    title="tf-migrate failed",
                )
            )
    return "".join(line + "\n" for line in lines)
