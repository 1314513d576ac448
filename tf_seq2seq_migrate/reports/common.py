"""Facts every report format shares: ordering, counts, wording of modes and failures."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterable, Mapping

from tf_seq2seq_migrate import __version__
from tf_seq2seq_migrate.api import FileResult, Finding, Report, Status

TOOL_NAME = "tf-migrate"

# what the run did with the files it changed
WRITE, CHECK, DIFF = "write", "check", "diff"
MODES = (WRITE, CHECK, DIFF)


@dataclasses.dataclass(frozen=True)
class RenderContext:
    mode: str = WRITE  # WRITE rewrote files; CHECK / DIFF wrote nothing
    color: bool = False  # ANSI colours (text format on a terminal only)
    rules: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # rule id -> catalog Rule
    tool_version: str = __version__

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {self.mode!r}")

    @property
    def dry_run(self) -> bool:
        return self.mode != WRITE


@dataclasses.dataclass(frozen=True)
class Totals:
    files: int
    changed: int
    unchanged: int
    failed: int
    skipped: int
    findings: int
    fixed: int
    unfixed: int


def totals(report: Report) -> Totals:
    by_status = {status: 0 for status in Status}
    for file_result in report.files:
        by_status[file_result.status] += 1
    findings = report.findings
    fixed = sum(1 for finding in findings if finding.fixed)
    return Totals(
        files=len(report.files),
        changed=by_status[Status.CHANGED],
        unchanged=by_status[Status.UNCHANGED],
        failed=by_status[Status.FAILED],
        skipped=by_status[Status.SKIPPED],
        findings=len(findings),
        fixed=fixed,
        unfixed=len(findings) - fixed,
    )


def sorted_files(report: Report) -> list[FileResult]:
    """Files in stable path order, whatever order the workers finished in."""
    return sorted(report.files, key=lambda file_result: file_result.path)


def finding_sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.rule_id)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=finding_sort_key)


def is_notable(file_result: FileResult) -> bool:
    """A file worth a row in a summary: it changes, has findings or failed."""
    return file_result.status in (Status.CHANGED, Status.FAILED) or bool(file_result.findings)


_LINE_PREFIX = re.compile(r"^line (\d+)(?::(\d+))?:\s*(.*)$", re.DOTALL)


@dataclasses.dataclass(frozen=True)
class Failure:
    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


def failure_of(file_result: FileResult) -> Failure:
    """Split a FAILED file's reason into location and message.

    The engine words a parse failure "line N: <what Python says>"; other failures carry their own
    category ("cannot read: ...", "internal error: ...") and no location.
    """
    reason = (file_result.reason or "unknown error").strip()
    match = _LINE_PREFIX.match(reason)
    if match is None:
        return Failure(file_result.path, None, None, reason)
    column = int(match.group(2)) if match.group(2) else None
    message = match.group(3)
    if not message.startswith(("cannot parse", "internal error")):
        message = f"cannot parse: {message}"
    return Failure(file_result.path, int(match.group(1)), column, message)


def repo_relative(path: str) -> str:
    """``./pkg/a.py`` -> ``pkg/a.py``: annotation consumers resolve paths from the repository root."""
    posix = path.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def summary_sentence(numbers: Totals, mode: str) -> str:
    """One line that says what happened, in the tense of the mode."""
    parts = []
    if numbers.changed:
        verb = "would be rewritten" if mode != WRITE else "rewritten"
        parts.append(f"{plural(numbers.changed, 'file')} {verb}")
    if numbers.unfixed:
        verb = "needs" if numbers.unfixed == 1 else "need"
        parts.append(f"{plural(numbers.unfixed, 'finding')} {verb} a manual edit")
    if numbers.failed:
        parts.append(f"{plural(numbers.failed, 'file')} failed")
    checked = f"{plural(numbers.files, 'file')} checked"
    if not parts:
        return f"Nothing to migrate ({checked})."
    text = ", ".join(parts)
    return f"{text[0].upper()}{text[1:]} ({checked})."


def longest_backtick_run(text: str) -> int:
    """Markdown code spans and fences must be delimited by more backticks than they contain."""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def rule_text(rule: Any, field: str, default: str = "") -> str:
    """Read a documentation field of a catalog Rule without depending on its class."""
    value = getattr(rule, field, default)
    if value is None:
        return default
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)
