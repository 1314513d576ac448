"""The real ``tf-migrate`` entry point with the real engine and rule catalog, in subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TF_MIGRATE = Path(sys.executable).with_name("tf-migrate")

CONTRIB_SOURCE = """\
import tensorflow as tf


def build_decoder(cell, helper, initial_state):
    return tf.contrib.seq2seq.BasicDecoder(cell, helper, initial_state)
"""

PYTHON2_SOURCE = """\
import tensorflow as tf

print "decoding with", tf.contrib.seq2seq.BasicDecoder
"""

CLEAN_SOURCE = "def add(a, b):\n    return a + b\n"


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TF_MIGRATE), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def modules_loaded_after(code: str, cwd: Path) -> set[str]:
    """Top-level package names present in sys.modules after running ``code`` in a fresh interpreter."""
    probe = code + "\nimport sys\nprint('MODULES', *sorted({name.split('.')[0] for name in sys.modules}))\n"
    completed = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    listing = [line for line in completed.stdout.splitlines() if line.startswith("MODULES ")]
    return set(listing[-1].split()[1:])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "model.py").write_text(CONTRIB_SOURCE)
    (tmp_path / "legacy.py").write_text(PYTHON2_SOURCE)
    (tmp_path / "clean.py").write_text(CLEAN_SOURCE)
    return tmp_path


def test_importing_the_cli_does_not_import_tensorflow(project):
    loaded = modules_loaded_after("import tf_seq2seq_migrate.cli", project)
    assert "click" in loaded  # the probe sees real imports
    assert not loaded & {"tensorflow", "keras", "tf_keras", "rich", "libcst"}


def test_a_whole_check_run_does_not_import_tensorflow(project):
    code = (
        "from tf_seq2seq_migrate.cli import main\n"
        "try:\n    main(['--check', 'model.py', 'clean.py', '--format', 'json'])\n"
        "except SystemExit as exit:\n    assert exit.code == 1, exit.code\n"
    )
    loaded = modules_loaded_after(code, project)
    assert "tf_seq2seq_migrate" in loaded
    assert not loaded & {"tensorflow", "keras", "tf_keras"}


CHECK_CLEAN = (
    "from tf_seq2seq_migrate.cli import main\ntry:\n    main(['--check', 'clean.py'])\nexcept SystemExit:\n    pass\n"
)


def test_checking_a_clean_file_does_not_load_rich(project):
    loaded = modules_loaded_after(CHECK_CLEAN, project)
    assert "tf_seq2seq_migrate" in loaded
    assert not loaded & {"rich", "tensorflow"}


def test_checking_a_clean_file_does_not_load_libcst(project):
    loaded = modules_loaded_after(CHECK_CLEAN, project)
    assert "tf_seq2seq_migrate" in loaded
    assert "libcst" not in loaded


def test_python2_file_is_reported_with_line_and_left_untouched(project):
    result = run_cli("legacy.py", cwd=project)
    assert result.returncode == 2
    assert "error: legacy.py:3: cannot parse: " in result.stdout
    assert (project / "legacy.py").read_text() == PYTHON2_SOURCE


def test_check_lists_the_contrib_use_and_writes_nothing(project):
    result = run_cli("--check", "model.py", "clean.py", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "would rewrite model.py"
    assert any(line.startswith("model.py:5:") and "BasicDecoder" in line for line in lines)
    assert lines[-1] == "1 file would be rewritten (2 files checked)."
    assert (project / "model.py").read_text() == CONTRIB_SOURCE


def test_write_mode_rewrites_then_a_second_run_has_nothing_to_do(project):
    first = run_cli("model.py", "clean.py", cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.startswith("rewrote model.py (")
    rewritten = (project / "model.py").read_text()
    assert "tf.contrib" not in rewritten
    assert (project / "clean.py").read_text() == CLEAN_SOURCE
    second = run_cli("--check", "model.py", "clean.py", cwd=project)
    assert (second.returncode, second.stdout) == (0, "Nothing to migrate (2 files checked).\n")


def test_diff_is_a_patch_of_the_rewrite(project):
    result = run_cli("--diff", "model.py", "clean.py", cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("--- ")
    assert "-    return tf.contrib.seq2seq.BasicDecoder(cell, helper, initial_state)" in result.stdout
    assert (project / "model.py").read_text() == CONTRIB_SOURCE
    written = run_cli("model.py", cwd=project)
    assert written.returncode == 0
    added = [line[1:] for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    for line in added:
        assert line in (project / "model.py").read_text().splitlines()


def test_json_report_of_a_real_run(project):
    result = run_cli("--check", "--format", "json", ".", cwd=project)
    assert result.returncode == 2  # legacy.py cannot be parsed
    document = json.loads(result.stdout)
    statuses = {entry["path"].removeprefix("./"): entry["status"] for entry in document["files"]}
    assert statuses["model.py"] == "changed"
    assert statuses["legacy.py"] == "failed"
    assert statuses["clean.py"] in ("unchanged", "skipped")
    assert any(finding["path"].endswith("model.py") and finding["line"] == 5 for finding in document["findings"])


def test_explain_prints_a_real_rule(project):
    from tf_seq2seq_migrate.rules.catalog import load_rules

    rule_id, rule = next(iter(sorted(load_rules().items())))
    result = run_cli("explain", rule_id, cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith(f"# {rule_id}: {rule.summary}\n")
    unknown = run_cli("explain", "S2S9999", cwd=project)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("error: unknown rule 'S2S9999'")


def test_pre_commit_environment_runs_in_one_process(project):
    import os

    env = dict(os.environ, PRE_COMMIT="1")
    code = (
        "import tf_seq2seq_migrate.engine.runner as runner\n"
        "real = runner.run_files\n"
        "def spy(files, options, on_result=None):\n"
        "    print('jobs', options.jobs)\n"
        "    return real(files, options, on_result)\n"
        "runner.run_files = spy\n"
        "from tf_seq2seq_migrate.cli import main\n"
        "try:\n    main(['--check', 'model.py', '--format', 'github'])\nexcept SystemExit:\n    pass\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True)
    assert completed.stdout.splitlines()[0] == "jobs 1"
    assert "::warning file=model.py,line=5," in completed.stdout


def test_convert_checkpoint_subcommand_is_registered_lazily(project):
    help_listing = run_cli("--help", cwd=project)
    assert "convert-checkpoint" in help_listing.stdout
    result = run_cli("convert-checkpoint", "--help", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: tf-migrate convert-checkpoint ")
