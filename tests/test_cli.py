"""The tf-migrate command line over a scripted engine: exit codes, modes, options, subcommands."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from _cli_support import FakeEngine, finding
from tf_seq2seq_migrate import cli
from tf_seq2seq_migrate.api import Status

DIFF_A = "--- a.py\n+++ a.py\n@@ -1 +1 @@\n-old_a\n+new_a\n"
DIFF_M = "--- m.py\n+++ m.py\n@@ -1 +1 @@\n-old_m\n+new_m\n"
DIFF_Z = "--- z.py\n+++ z.py\n@@ -1 +1 @@\n-old_z\n+new_z\n"


@pytest.fixture
def engine(monkeypatch):
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return FakeEngine().install(monkeypatch)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A project folder with a few Python files; the working directory for the test."""
    for name in ("a.py", "m.py", "z.py", "clean.py"):
        (tmp_path / name).write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)


# --- exit codes and modes ----------------------------------------------------------------------


def test_clean_files_exit_zero_with_summary(engine, tree):
    result = invoke("clean.py", "a.py")
    assert result.exit_code == 0
    assert result.stdout == "Nothing to migrate (2 files checked).\n"
    assert engine.run_calls[0].write is True


def test_write_mode_reports_rewrites_and_exits_zero_when_everything_was_fixed(engine, tree):
    engine.script("a.py", Status.CHANGED, [finding("a.py", line=3, column=5)])
    result = invoke("a.py", "clean.py")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "rewrote a.py (1 fix)",
        "1 file rewritten (2 files checked).",
    ]


def test_write_mode_exits_one_when_a_manual_edit_remains(engine, tree):
    engine.script(
        "m.py",
        Status.CHANGED,
        [
            finding("m.py", line=2),
            finding("m.py", "S2S002", line=7, column=9, fixed=False, message="getattr on tf.contrib"),
        ],
    )
    result = invoke("m.py")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "rewrote m.py (1 fix)",
        "m.py:7:9: S2S002 getattr on tf.contrib (manual edit)",
        "1 file rewritten, 1 finding needs a manual edit (1 file checked).",
    ]


def test_exit_zero_silences_findings_but_not_failures(engine, tree):
    engine.script("m.py", Status.UNCHANGED, [finding("m.py", "S2S002", fixed=False)])
    assert invoke("m.py", "--exit-zero").exit_code == 0
    engine.script("z.py", Status.FAILED, reason="line 1: Missing parentheses in call to 'print'")
    assert invoke("m.py", "z.py", "--exit-zero").exit_code == 2


def test_failed_file_exits_two_with_location_and_reason(engine, tree):
    engine.script("z.py", Status.FAILED, reason="line 3: Missing parentheses in call to 'print'")
    result = invoke("z.py", "clean.py")
    assert result.exit_code == 2
    assert "error: z.py:3: cannot parse: Missing parentheses in call to 'print'\n" in result.stdout
    assert result.stdout.endswith("1 file failed (2 files checked).\n")


def test_check_writes_nothing_and_exits_one_for_a_fixable_change(engine, tree):
    engine.script("a.py", Status.CHANGED, [finding("a.py", line=4, column=2)])
    result = invoke("--check", "a.py", "clean.py")
    assert result.exit_code == 1
    assert engine.run_calls[0].write is False
    assert engine.run_calls[0].want_diff is False
    assert result.stdout.splitlines() == [
        "would rewrite a.py",
        "a.py:4:2: S2S001 tf.contrib.seq2seq.BasicDecoder -> seq2seq.BasicDecoder (fixable)",
        "1 file would be rewritten (2 files checked).",
    ]


def test_check_exits_one_for_a_finding_in_an_unchanged_file(engine, tree):
    engine.script("m.py", Status.UNCHANGED, [finding("m.py", "S2S002", fixed=False)])
    assert invoke("--check", "m.py").exit_code == 1


def test_check_of_clean_files_exits_zero(engine, tree):
    result = invoke("--check", ".")
    assert result.exit_code == 0
    assert result.stdout == "Nothing to migrate (4 files checked).\n"


def test_diff_prints_diffs_alone_on_stdout_in_path_order(engine, tree):
    engine.script("z.py", Status.CHANGED, [finding("z.py")], diff=DIFF_Z)
    engine.script("a.py", Status.CHANGED, [finding("a.py")], diff=DIFF_A)
    engine.script("m.py", Status.CHANGED, [finding("m.py")], diff=DIFF_M)
    result = invoke("--diff", "z.py", "m.py", "a.py")
    assert result.exit_code == 1
    assert result.stdout == DIFF_A + DIFF_M + DIFF_Z
    assert result.stderr.endswith("3 files would be rewritten (3 files checked).\n")
    options = engine.run_calls[0]
    assert (options.write, options.want_diff) == (False, True)


def test_an_empty_folder_warns_and_exits_zero(engine, tree):
    (tree / "empty").mkdir()
    result = invoke("--check", "empty")
    assert result.exit_code == 0
    assert result.stderr == "warning: no Python files found under the given paths\n"
    assert result.stdout == "Nothing to migrate (0 files checked).\n"


def test_diff_with_nothing_to_change_prints_nothing_and_exits_zero(engine, tree):
    result = invoke("--diff", "clean.py")
    assert (result.exit_code, result.stdout) == (0, "")


# --- options and configuration ------------------------------------------------------------------


def test_jobs_defaults_to_cpu_count(engine, tree):
    invoke("a.py")
    assert engine.run_calls[0].jobs == (os.cpu_count() or 1)


def test_pre_commit_environment_means_one_job_unless_jobs_is_given(engine, tree):
    invoke("a.py", env={"PRE_COMMIT": "1"})
    invoke("a.py", "--jobs", "3", env={"PRE_COMMIT": "1"})
    assert [options.jobs for options in engine.run_calls] == [1, 3]


def test_jobs_must_be_positive(engine, tree):
    result = invoke("a.py", "--jobs", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j'" in result.stderr


def test_exclude_and_skip_rule_reach_discovery_and_options(engine, tree):
    invoke("a.py", "--exclude", "build/*", "--exclude", "gen_*.py", "--skip-rule", "S2S002")
    assert engine.discover_calls == [(["a.py"], ("build/*", "gen_*.py"))]
    options = engine.run_calls[0]
    assert options.exclude == ("build/*", "gen_*.py")
    assert options.skip_rules == ("S2S002",)


def test_unknown_skip_rule_is_a_usage_error_with_close_matches(engine, tree):
    result = invoke("a.py", "--skip-rule", "S2S01")
    assert result.exit_code == 2
    assert "Error: unknown rule 'S2S01'; did you mean S2S001, S2S002?" in result.stderr
    assert engine.run_calls == []


def test_pyproject_settings_apply_and_flags_override_them(engine, tree):
    (tree / "pyproject.toml").write_text(
        '[tool.tf-migrate]\nexclude = ["gen/*"]\nskip-rules = ["S2S002"]\njobs = 2\n'
    )
    invoke("a.py")
    invoke("a.py", "--exclude", "other/*", "--skip-rule", "S2S001", "--jobs", "5")
    from_config, from_flags = engine.run_calls
    assert (from_config.exclude, from_config.skip_rules, from_config.jobs) == (("gen/*",), ("S2S002",), 2)
    assert (from_flags.exclude, from_flags.skip_rules, from_flags.jobs) == (("other/*",), ("S2S001",), 5)


def test_pre_commit_beats_configured_jobs(engine, tree):
    (tree / "pyproject.toml").write_text("[tool.tf-migrate]\njobs = 2\n")
    invoke("a.py", env={"PRE_COMMIT": "1"})
    assert engine.run_calls[0].jobs == 1


def test_bad_configuration_is_a_usage_error_naming_file_and_key(engine, tree):
    (tree / "pyproject.toml").write_text('[tool.tf-migrate]\nexclud = ["x"]\n')
    result = invoke("a.py")
    assert result.exit_code == 2
    assert f"{tree / 'pyproject.toml'}: unknown key 'exclud' in [tool.tf-migrate]" in result.stderr


def test_no_paths_is_a_usage_error(engine, tree):
    result = invoke()
    assert result.exit_code == 2
    assert "Error: no paths given" in result.stderr


def test_missing_path_is_a_usage_error(engine, tree):
    result = invoke("nope.py")
    assert result.exit_code == 2
    assert "Path 'nope.py' does not exist" in result.stderr


def test_internal_error_exits_two_with_the_exception(engine, tree, monkeypatch):
    def explode(files, options, on_result=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "run_files", explode)
    FakeEngine.install(engine, monkeypatch)
    result = invoke("a.py")
    assert result.exit_code == 2
    assert "error: internal error: RuntimeError: boom" in result.stderr


def test_progress_bar_only_on_a_terminal_for_long_runs(engine, tree, monkeypatch):
    for index in range(cli.PROGRESS_THRESHOLD + 1):
        (tree / f"f{index:02d}.py").write_text("x = 1\n")
    invoke(".")  # CliRunner's streams are not terminals
    assert engine.progress_calls == 0
    monkeypatch.setattr(cli, "_is_tty", lambda stream: True)
    result = invoke(".")
    assert result.exit_code == 0
    assert engine.progress_calls == cli.PROGRESS_THRESHOLD + 1 + 4
    invoke("a.py", "m.py")  # a short run on a terminal: no bar
    assert engine.progress_calls == cli.PROGRESS_THRESHOLD + 1 + 4


# --- subcommands and the default command --------------------------------------------------------


def test_help_speaks_as_the_program_and_lists_commands(engine):
    result = invoke("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: tf-migrate [OPTIONS] [PATHS]...")
    for command in ("explain", "validate", "convert-checkpoint"):
        assert f"  {command} " in result.stdout
    assert "migrate " not in result.stdout.replace("tf-migrate", "")


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"tf-migrate, version {cli.__version__}\n"


def test_explain_prints_the_rule_documentation(engine):
    result = invoke("explain", "S2S001")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# S2S001: tf.contrib.seq2seq.BasicDecoder moves to the runtime\n")
    for piece in (
        "## Why\n\ntf.contrib is gone in TF 2.",
        "- `tf.contrib.seq2seq.BasicDecoder`",
        "`tf_seq2seq_migrate.runtime.seq2seq.BasicDecoder`",
        "## Fix safety\n\nsafe",
        "```python\ndecoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, state)\n```",
        "```python\ndecoder = seq2seq.BasicDecoder(cell, helper, state)\n```",
    ):
        assert piece in text


def test_explain_accepts_lower_case_ids(engine):
    assert invoke("explain", "s2s002").stdout.startswith("# S2S002: ")


def test_explain_unknown_rule_exits_two_with_close_matches(engine):
    result = invoke("explain", "S2S01")
    assert result.exit_code == 2
    assert result.stderr == "error: unknown rule 'S2S01'; did you mean S2S001, S2S002?\n"
    by_symbol = invoke("explain", "BasicDecoder")
    assert by_symbol.stderr == "error: unknown rule 'BasicDecoder'; did you mean S2S001?\n"
    nothing_close = invoke("explain", "XYZ")
    assert (nothing_close.exit_code, nothing_close.stderr) == (2, "error: unknown rule 'XYZ'\n")


def test_explain_without_id_lists_rules(engine):
    result = invoke("explain")
    assert result.stdout.splitlines() == [
        "S2S001  tf.contrib.seq2seq.BasicDecoder moves to the runtime",
        "S2S002  dynamic access to tf.contrib needs a manual edit",
    ]


def test_a_path_named_like_a_subcommand_works_after_double_dash(engine, tree):
    (tree / "explain").mkdir()
    (tree / "explain" / "model.py").write_text("x = 1\n")
    engine.script("model.py", Status.CHANGED, [finding("model.py")])
    result = invoke("--check", "--", "explain")
    assert result.exit_code == 1
    assert "would rewrite explain/model.py" in result.stdout
    assert engine.discover_calls == [(["explain"], ())]


def test_a_subcommand_that_is_not_installed_says_so(engine, monkeypatch):
    monkeypatch.setitem(cli.LAZY_SUBCOMMANDS, "frobnicate", ("tf_seq2seq_migrate.no_such_module", "cmd", "x"))
    result = invoke("frobnicate", "arg")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: 'frobnicate' is not available in this installation (")


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "markdown"])
def test_every_format_reaches_stdout_through_the_command(engine, tree, fmt):
    import json

    engine.script("m.py", Status.CHANGED, [finding("m.py", "S2S002", line=3, column=4, fixed=False)], diff=DIFF_M)
    result = invoke("--check", "--format", fmt, "m.py")
    assert result.exit_code == 1
    assert result.stderr == ""
    if fmt == "json":
        assert json.loads(result.stdout)["findings"][0]["rule_id"] == "S2S002"
    elif fmt == "sarif":
        driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
        assert [rule["id"] for rule in driver["rules"]] == ["S2S001", "S2S002"]  # the whole catalog
    elif fmt == "github":
        assert result.stdout.startswith("::warning file=m.py,line=3,col=4,title=S2S002::")
    else:
        assert engine.run_calls[0].want_diff is True  # markdown folds the diffs in
        assert "<summary>m.py</summary>" in result.stdout and DIFF_M in result.stdout


def test_a_reader_closing_the_pipe_early_is_not_an_error(engine, tree, monkeypatch):
    import tf_seq2seq_migrate.reports as reports

    def closed_pipe(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(reports, "render", closed_pipe)
    engine.script("a.py", Status.CHANGED, [finding("a.py")])
    result = invoke("--check", "--format", "json", "a.py")
    assert result.exit_code == 1  # the run's own verdict
    assert "internal error" not in result.stderr
