"""Rendering a validate run: a rich table for the terminal, ``json`` and ``markdown`` for CI."""

from __future__ import annotations

import dataclasses
import io
import json

from tf_seq2seq_migrate.validate.pipeline import ERROR, FAILED, PASSED, SKIPPED, FixtureResult, RunResult

__all__ = ["ValidationReport", "render_text", "render_json", "render_markdown", "FORMATS", "render"]

FORMATS = ("text", "json", "markdown")
_VERDICT_STYLE = {PASSED: "green", FAILED: "bold red", ERROR: "bold red", SKIPPED: "yellow"}


@dataclasses.dataclass(frozen=True)
class ValidationReport:
    fixtures: tuple[FixtureResult, ...]
    devices: tuple[str, ...]
    seconds: float

    @property
    def runs(self) -> tuple[RunResult, ...]:
        return tuple(run for fixture in self.fixtures for run in fixture.runs)

    @property
    def ok(self) -> bool:
        return all(fixture.ok for fixture in self.fixtures)

    def counts(self) -> dict[str, int]:
        counts = {PASSED: 0, FAILED: 0, ERROR: 0, SKIPPED: 0}
        for run in self.runs:
            counts[run.status] += 1
        return counts


def _error_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2e}"


def _summary(report: ValidationReport) -> str:
    counts = report.counts()
    verdict = "all fixtures validate" if report.ok else "VALIDATION FAILED"
    return (f"{verdict}: {counts[PASSED]} passed, {counts[FAILED]} failed, {counts[ERROR]} errors, "
            f"{counts[SKIPPED]} skipped ({len(report.fixtures)} fixtures, {report.seconds:.1f} s)")


MESSAGE_LINES = 6  # a traceback's last lines say what failed; the json report keeps all of it


def _short(message: str) -> str:
    lines = message.strip().splitlines()
    if len(lines) <= MESSAGE_LINES:
        return "\n".join(lines)
    return "\n".join([lines[0], "  ...", *lines[-(MESSAGE_LINES - 1):]])


def _problems(report: ValidationReport) -> list[str]:
    return [f"{run.fixture} [{run.mode}, {run.device}, {run.variant}] {run.status}: {_short(run.message)}"
            for run in report.runs if run.status in (FAILED, ERROR)]


def render_text(report: ValidationReport, color: bool = False, width: int = 110) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="tf-migrate validate", show_lines=False)
    for column, justify in (("fixture", "left"), ("mode", "left"), ("device", "left"), ("run", "left"),
                            ("max abs error", "right"), ("max rel error", "right"), ("verdict", "left")):
        table.add_column(column, justify=justify, no_wrap=True)
    for run in report.runs:
        style = _VERDICT_STYLE[run.status]
        table.add_row(run.fixture, run.mode, run.device, run.variant, _error_text(run.max_abs_error),
                      _error_text(run.max_rel_error), f"[{style}]{run.status}[/{style}]")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    console.print(table)
    for line in _problems(report):
        console.print(line, markup=False, soft_wrap=True)
    skipped = sorted({f"{run.device}: {run.message}" for run in report.runs if run.status == SKIPPED})
    for line in skipped:
        console.print(f"skipped {line}", markup=False, soft_wrap=True)
    console.print(_summary(report), markup=False, soft_wrap=True)
    return buffer.getvalue()


def _run_dict(run: RunResult) -> dict:
    return {
        "mode": run.mode, "device": run.device, "run": run.variant, "status": run.status,
        "max_abs_error": run.max_abs_error, "max_rel_error": run.max_rel_error, "message": run.message,
        "outputs": [{"name": o.name, "exact": o.exact, "passed": o.passed, "max_abs_error": o.max_abs_error,
                     "max_rel_error": o.max_rel_error, "worst_index": o.worst_index, "problem": o.problem}
                    for o in run.outputs],
    }


def render_json(report: ValidationReport) -> str:
    document = {
        "ok": report.ok,
        "devices": list(report.devices),
        "seconds": round(report.seconds, 3),
        "counts": report.counts(),
        "fixtures": [{"name": f.name, "path": f.directory, "ok": f.ok, "seconds": round(f.seconds, 3),
                      "rewritten": f.rewritten_path, "rewrite_findings": f.rewrite_findings,
                      "manual_findings": f.manual_findings, "runs": [_run_dict(run) for run in f.runs]}
                     for f in report.fixtures],
    }
    # json cannot hold inf: an output that is NaN on one side reports "Infinity" (Python's json writes it)
    return json.dumps(document, indent=2) + "\n"


def render_markdown(report: ValidationReport) -> str:
    lines = ["## tf-migrate validate", "",
             "| fixture | mode | device | run | max abs error | max rel error | verdict |",
             "|---|---|---|---|---:|---:|---|"]
    for run in report.runs:
        verdict = f"**{run.status}**" if run.status in (FAILED, ERROR) else run.status
        lines.append(f"| {run.fixture} | {run.mode} | {run.device} | {run.variant} | {_error_text(run.max_abs_error)} "
                     f"| {_error_text(run.max_rel_error)} | {verdict} |")
    problems = _problems(report)
    if problems:
        lines += ["", "### Failures", ""]
        lines += [f"- `{line.splitlines()[0]}`" if len(line.splitlines()) == 1 else
                  "- ```\n  " + "\n  ".join(line.splitlines()) + "\n  ```" for line in problems]
    lines += ["", _summary(report), ""]
    return "\n".join(lines)


def render(fmt: str, report: ValidationReport, color: bool = False) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    return render_text(report, color=color)
