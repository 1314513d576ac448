"""``tf-migrate``: the command line. Thin: parse options, call the engine, render a report.

``tf-migrate PATHS...`` runs the hidden default command ``migrate``; named subcommands
(``explain``, and ``validate`` / ``convert-checkpoint`` when their packages provide them) are
picked when the first argument is their name. ``tf-migrate -- explain`` treats ``explain`` as a path.

Exit codes (as ruff and black): 0 nothing left to do; 1 findings or changes remain (``--check`` /
``--diff``: anything would change or has a finding; write mode: findings needing a manual edit
remain); 2 usage error, internal error, or a file that failed to parse or write.
``--exit-zero`` turns 1 into 0, never 2.

Never imports TensorFlow. rich and the engine are imported only when a run needs them, so a
pre-commit ``--check`` of a clean file stays within interpreter start-up plus a few tens of ms.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any, Sequence

import click

from tf_seq2seq_migrate import __version__
from tf_seq2seq_migrate.api import Options, Report, Status
from tf_seq2seq_migrate.reports import FORMATS

if TYPE_CHECKING:
    from tf_seq2seq_migrate.config import Settings

PROG = "tf-migrate"
DEFAULT_COMMAND = "migrate"
PROGRESS_THRESHOLD = 30  # files; below this a progress bar only flickers

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# Subcommands other packages provide: name -> (module, attribute, one-line help). Their modules
# are imported only when the subcommand runs, and must not import TensorFlow at import time.
LAZY_SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": (
        "tf_seq2seq_migrate.validate.cli",
        "validate",
        "Run an original TF1 model and its rewrite on the same inputs and compare the outputs.",
    ),
    "convert-checkpoint": (
        "tf_seq2seq_migrate.checkpoints.command",
        "convert_checkpoint_command",
        "Convert a TF1 checkpoint for the migrated model.",
    ),
}


class _DefaultCommandContext(click.Context):
    """The default command speaks as the program itself ("Usage: tf-migrate [OPTIONS]...")."""

    @property
    def command_path(self) -> str:
        if self.parent is not None:
            return self.parent.command_path
        return super().command_path


class _DefaultCommand(click.Command):
    context_class = _DefaultCommandContext

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        group = ctx.parent.command if ctx.parent is not None else None
        if not isinstance(group, click.Group):
            return
        rows = []
        for name in group.list_commands(ctx):
            if name in LAZY_SUBCOMMANDS:
                rows.append((name, LAZY_SUBCOMMANDS[name][2]))
            else:
                command = group.commands[name]
                rows.append((name, command.get_short_help_str(limit=70)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
        formatter.write_paragraph()
        formatter.write_text(f"A path named like a command goes after '--': {PROG} -- explain")


class _MigrateGroup(click.Group):
    """A group whose unnamed invocation (paths and options) goes to the default command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self._subcommand_names():
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def _subcommand_names(self) -> set[str]:
        return (set(self.commands) | set(LAZY_SUBCOMMANDS)) - {DEFAULT_COMMAND}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._subcommand_names())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in LAZY_SUBCOMMANDS:
            return None
        module_name, attribute, _ = LAZY_SUBCOMMANDS[cmd_name]
        try:
            command = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError) as error:
            return _unavailable(cmd_name, error)
        return command


def _unavailable(name: str, error: Exception) -> click.Command:
    @click.command(name, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def stub(args: Sequence[str]) -> None:
        click.echo(f"error: '{name}' is not available in this installation ({error})", err=True)
        sys.exit(EXIT_ERROR)

    return stub


@click.group(PROG, cls=_MigrateGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """tf-migrate: rewrite TensorFlow 1 seq2seq code for TensorFlow 2."""


# --- the default command ---------------------------------------------------------------------


@main.command(DEFAULT_COMMAND, cls=_DefaultCommand, hidden=True)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=str))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change or has a finding.")
@click.option("--diff", is_flag=True, help="Print unified diffs in path order; write nothing.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: CPU count; 1 under pre-commit].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings or changes remain (errors still exit 2).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching files (repeatable).")
@click.option("--skip-rule", "skip_rules", multiple=True, metavar="ID", help="Do not apply a rule (repeatable).")
@click.version_option(__version__, "--version", prog_name=PROG)
def migrate(
    paths: tuple[str, ...],
    check: bool,
    diff: bool,
    jobs: int | None,
    fmt: str,
    exit_zero: bool,
    exclude: tuple[str, ...],
    skip_rules: tuple[str, ...],
) -> None:
    """Rewrite TensorFlow 1 seq2seq code in PATHS for TensorFlow 2, in place.

    Settings also come from [tool.tf-migrate] in the nearest pyproject.toml (exclude,
    skip-rules, jobs); flags override them.
    """
    if not paths:
        raise click.UsageError("no paths given; pass files or folders to migrate")
    from tf_seq2seq_migrate import config

    try:
        project = config.load_project_config(paths)
    except config.ConfigError as error:
        raise click.UsageError(str(error)) from None
    settings = config.resolve_settings(project, exclude=exclude, skip_rules=skip_rules, jobs=jobs)
    try:
        code = _run(paths, settings, check=check, diff=diff, fmt=fmt, exit_zero=exit_zero)
    except (click.exceptions.Exit, click.ClickException):
        raise  # usage errors keep click's wording and exit 2
    except Exception as error:  # noqa: BLE001 - the one place an unexpected error becomes exit 2
        import traceback

        click.echo(f"error: internal error: {type(error).__name__}: {error}", err=True)
        click.echo(traceback.format_exc(), err=True, nl=False)
        sys.exit(EXIT_ERROR)
    sys.exit(code)


def _mode(check: bool, diff: bool) -> str:
    from tf_seq2seq_migrate.reports.common import CHECK, DIFF, WRITE

    if diff:
        return DIFF
    return CHECK if check else WRITE


def _run(paths: Sequence[str], settings: Settings, *, check: bool, diff: bool, fmt: str, exit_zero: bool) -> int:
    from tf_seq2seq_migrate.engine import discovery, runner
    from tf_seq2seq_migrate.reports import RenderContext, render

    rules: dict[str, Any] = {}
    if settings.skip_rules or fmt == "sarif":
        rules = _load_rules()
        _check_rule_ids(settings.skip_rules, rules)
    mode = _mode(check, diff)
    options = Options(
        write=not (check or diff),
        want_diff=diff or fmt == "markdown",
        jobs=settings.jobs,
        exclude=settings.exclude,
        skip_rules=settings.skip_rules,
    )
    files = discovery.discover(list(paths), exclude=settings.exclude)
    if not files:
        click.echo("warning: no Python files found under the given paths", err=True)
    report = _run_with_progress(runner.run_files, files, options)

    out_color = fmt == "text" and _wants_color(sys.stdout)
    try:
        if fmt == "text" and diff:
            # diffs alone on stdout, so that `tf-migrate --diff > change.patch` applies
            from tf_seq2seq_migrate.reports import text

            click.echo(text.render_diffs(report, RenderContext(mode=mode, color=out_color)), nl=False)
            err_context = RenderContext(mode=mode, color=_wants_color(sys.stderr))
            click.echo(text.render(report, err_context), nl=False, err=True)
        else:
            click.echo(render(fmt, report, RenderContext(mode=mode, color=out_color, rules=rules)), nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader stopped early (`tf-migrate --diff . | head`); the run itself is complete
        # point stdout at devnull so the interpreter's final flush does not fail again
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # not a real file (tests, embedding)
            pass
    return exit_code(report, mode_is_dry_run=check or diff, exit_zero=exit_zero)


def exit_code(report: Report, *, mode_is_dry_run: bool, exit_zero: bool) -> int:
    """0 done, 1 something left to do (or to change, in a dry run), 2 a file failed."""
    if any(file_result.status is Status.FAILED for file_result in report.files):
        return EXIT_ERROR
    if mode_is_dry_run:
        pending = bool(report.changed) or bool(report.findings)
    else:
        pending = any(not finding.fixed for finding in report.findings)
    if pending and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _run_with_progress(run_files: Any, files: Sequence[Any], options: Options) -> Report:
    """A transient progress bar on a terminal for long runs; nothing when stderr is not a TTY."""
    if len(files) <= PROGRESS_THRESHOLD or not _is_tty(sys.stderr):
        return run_files(files, options)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr)
    columns = (TextColumn("tf-migrate"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("files", total=len(files))
        return run_files(files, options, on_result=lambda _result: progress.advance(task))


def _is_tty(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _wants_color(stream: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _is_tty(stream)


# --- rules --------------------------------------------------------------------------------------


def _load_rules() -> dict[str, Any]:
    from tf_seq2seq_migrate.rules.catalog import load_rules

    return dict(load_rules())


def _suggestions(query: str, rules: dict[str, Any]) -> list[str]:
    import difflib

    from tf_seq2seq_migrate.reports.rule_docs import canonical_names

    close = difflib.get_close_matches(query.upper(), list(rules), n=3, cutoff=0.6)
    # a symbol name ("BasicDecoder") points at the rules that cover it
    needle = query.rsplit(".", 1)[-1]
    for rule_id, rule in sorted(rules.items()):
        if rule_id not in close and any(name.rsplit(".", 1)[-1] == needle for name in canonical_names(rule)):
            close.append(rule_id)
    return close


def _unknown_rule_message(rule_id: str, rules: dict[str, Any]) -> str:
    message = f"unknown rule '{rule_id}'"
    close = _suggestions(rule_id, rules)
    if close:
        message += f"; did you mean {', '.join(close)}?"
    return message


def _check_rule_ids(rule_ids: Sequence[str], rules: dict[str, Any]) -> None:
    for rule_id in rule_ids:
        if rule_id not in rules:
            raise click.UsageError(_unknown_rule_message(rule_id, rules))


# --- explain ------------------------------------------------------------------------------------


@main.command("explain", short_help="Show what a rule does, why, and an example.")
@click.argument("rule_id", required=False)
def explain(rule_id: str | None) -> None:
    """Show what rule RULE_ID does, why, and an example; without RULE_ID, list all rules."""
    from tf_seq2seq_migrate.reports.common import rule_text
    from tf_seq2seq_migrate.reports.rule_docs import rule_markdown

    rules = _load_rules()
    if rule_id is None:
        for known_id in sorted(rules):
            click.echo(f"{known_id}  {rule_text(rules[known_id], 'summary')}")
        return
    rule = rules.get(rule_id) or rules.get(rule_id.upper())
    if rule is None:
        click.echo(f"error: {_unknown_rule_message(rule_id, rules)}", err=True)
        sys.exit(EXIT_ERROR)
    document = rule_markdown(rule)
    if _wants_color(sys.stdout):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(document))
    else:
        click.echo(document, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
