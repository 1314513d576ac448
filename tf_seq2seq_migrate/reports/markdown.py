"""Pull-request comment (``--format markdown``): totals, a per-file table, diffs folded away.

Only notable files (changed, with findings, or failed) get a row; clean and skipped files are
counted in the totals. Each diff sits in a ``<details>`` block so the comment stays short.
"""

from __future__ import annotations

from collections import Counter

# GitHub rejects comments over 65,536 characters; leave room for a bot's own header
MAX_COMMENT_CHARS = 60_000

from tf_seq2seq_migrate.api import FileResult, Report, Status
from tf_seq2seq_migrate.reports.common import (
    RenderContext,
    failure_of,
    is_notable,
    longest_backtick_run,
    plural,
    sorted_files,
    sorted_findings,
    summary_sentence,
    totals,
)


def _cell(text: str) -> str:
    """Table cells must stay on one line and must not end the cell early."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _code(text: str) -> str:
    """Inline code that survives backticks inside the text."""
    ticks = "`" * (longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fenced(text: str, language: str) -> str:
    fence = "`" * max(3, longest_backtick_run(text) + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{language}\n{body}{fence}"


def _status(file_result: FileResult, context: RenderContext) -> str:
    if file_result.status is Status.CHANGED:
        return "would be rewritten" if context.dry_run else "rewritten"
    if file_result.status is Status.FAILED:
        return "failed"
    return "unchanged"


def _rules(file_result: FileResult) -> str:
    counts = Counter(finding.rule_id for finding in file_result.findings)
    return ", ".join(rule if n == 1 else f"{rule} ×{n}" for rule, n in sorted(counts.items())) or "–"


def render(report: Report, context: RenderContext) -> str:
    numbers = totals(report)
    out = ["## tf-migrate", "", summary_sentence(numbers, context.mode), ""]
    out += [
        "| files | changed | findings | fixable | manual edit | failed |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {numbers.files} | {numbers.changed} | {numbers.findings} | {numbers.fixed} "
        f"| {numbers.unfixed} | {numbers.failed} |",
        "",
    ]
    notable = [fr for fr in sorted_files(report) if is_notable(fr)]
    if notable:
        out += ["| file | status | rules | manual edits |", "|---|---|---|---:|"]
        for file_result in notable:
            manual = sum(1 for finding in file_result.findings if not finding.fixed)
            out.append(
                f"| {_cell(_code(file_result.path))} | {_status(file_result, context)} "
                f"| {_cell(_rules(file_result))} | {manual} |"
            )
        out.append("")
    manual_findings = [finding for finding in sorted_findings(report.findings) if not finding.fixed]
    if manual_findings:
        out += ["### Needs a manual edit", ""]
        for finding in manual_findings:
            where = _code(f"{finding.path}:{finding.line}:{finding.column}")
            out.append(f"- {where} **{finding.rule_id}** {_cell(finding.message)}")
        out.append("")
    failed = [failure_of(fr) for fr in sorted_files(report) if fr.status is Status.FAILED]
    if failed:
        out += ["### Failed", ""]
        out += [f"- {_code(str(failure))}" for failure in failed]
        out.append("")
    size = sum(len(line) + 1 for line in out)
    with_diffs = [file_result for file_result in notable if file_result.diff]
    for shown, file_result in enumerate(with_diffs):
        block = ["<details>", f"<summary>{_html(file_result.path)}</summary>", "", _fenced(file_result.diff, "diff")]
        block += ["", "</details>", ""]
        block_size = sum(len(line) + 1 for line in block)
        if size + block_size > MAX_COMMENT_CHARS:
            left = len(with_diffs) - shown
            out.append(
                f"_Diffs of {plural(left, 'more file')} left out: a GitHub comment holds at most 65,536 "
                "characters. `tf-migrate --diff` shows them all._"
            )
            break
        out += block
        size += block_size
    return "\n".join(out).rstrip("\n") + "\n"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
