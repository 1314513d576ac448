"""Human-readable terminal report.

Plain text unless ``context.color``; rich is imported only to colour, so a pre-commit run (no
terminal) does not pay for it. Lines, in stable path order:

* ``rewrote PATH (N fixes)`` / ``would rewrite PATH`` for every changed file,
* ``PATH:LINE:COL: RULE message (fixable|manual edit)`` for findings (in write mode only those
  still needing a manual edit, the others were applied),
* ``PATH:LINE: reason`` for files that failed,
* a summary sentence.
"""

from __future__ import annotations

from tf_seq2seq_migrate.api import Report, Status
from tf_seq2seq_migrate.reports.common import (
    WRITE,
    RenderContext,
    failure_of,
    plural,
    sorted_files,
    sorted_findings,
    summary_sentence,
    totals,
)

Styled = list[tuple[str, str]]  # (text, rich style) segments of one line


def _finding_lines(report: Report, context: RenderContext) -> list[Styled]:
    lines: list[Styled] = []
    for finding in sorted_findings(report.findings):
        if context.mode == WRITE and finding.fixed:
            continue
        tag = "fixable" if finding.fixed else "manual edit"
        lines.append(
            [
                (f"{finding.path}:{finding.line}:{finding.column}: ", "bold"),
                (finding.rule_id, "bold red" if not finding.fixed else "bold yellow"),
                (f" {' '.join(finding.message.split())} ", ""),  # one finding, one line
                (f"({tag})", "dim"),
            ]
        )
    return lines


def _report_lines(report: Report, context: RenderContext) -> list[Styled]:
    lines: list[Styled] = []
    for file_result in sorted_files(report):
        if file_result.status is not Status.CHANGED:
            continue
        if context.mode == WRITE:
            fixes = sum(1 for finding in file_result.findings if finding.fixed)
            detail = f" ({plural(fixes, 'fix', 'fixes')})" if fixes else ""
            lines.append([("rewrote ", "green"), (file_result.path, "bold"), (detail, "")])
        else:
            lines.append([("would rewrite ", "yellow"), (file_result.path, "bold")])
    lines.extend(_finding_lines(report, context))
    for file_result in sorted_files(report):
        if file_result.status is Status.FAILED:
            failure = failure_of(file_result)
            lines.append([("error: ", "bold red"), (str(failure), "")])
    numbers = totals(report)
    good = not (numbers.failed or numbers.unfixed or (context.dry_run and numbers.changed))
    lines.append([(summary_sentence(numbers, context.mode), "bold green" if good else "bold")])
    return lines


def _diff_lines(report: Report) -> list[Styled]:
    lines: list[Styled] = []
    for file_result in sorted_files(report):
        for line in file_result.diff.splitlines():
            if line.startswith(("+++", "---")):
                style = "bold"
            elif line.startswith("@@"):
                style = "cyan"
            elif line.startswith("+"):
                style = "green"
            elif line.startswith("-"):
                style = "red"
            else:
                style = ""
            lines.append([(line, style)])
    return lines


def _to_text(lines: list[Styled], color: bool) -> str:
    if not lines:
        return ""
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=True, color_system="standard", width=100_000, highlight=False, soft_wrap=True
    )
    for line in lines:
        console.print(Text.assemble(*[(text, style) if style else text for text, style in line]))
    return buffer.getvalue()


def render(report: Report, context: RenderContext) -> str:
    """Status lines, findings, failures and the summary."""
    return _to_text(_report_lines(report, context), context.color)


def render_diffs(report: Report, context: RenderContext) -> str:
    """The unified diffs of all changed files, concatenated in path order."""
    if context.color:
        return _to_text(_diff_lines(report), color=True)
    # verbatim, so that `tf-migrate --diff > change.patch` applies
    chunks = [file_result.diff for file_result in sorted_files(report) if file_result.diff]
    return "".join(chunk if chunk.endswith("\n") else chunk + "\n" for chunk in chunks)
