"""The published pre-commit hooks, run by the real ``pre-commit try-repo`` on a throw-away repository.

try-repo needs the hooks repository to be a git repository with the hook file committed, so the
project's package files are copied into a temporary repository first. pre-commit then builds its
own virtualenv and pip-installs the package there (from PyPI / the configured wheel cache), which
takes a while (try-repo installs into a fresh store on every call): the test is marked slow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

CONTRIB_SOURCE = """\
import tensorflow as tf


def build_decoder(cell, helper, initial_state):
    return tf.contrib.seq2seq.BasicDecoder(cell, helper, initial_state)
"""

CLEAN_SOURCE = """\
def add(a, b):
    return a + b
"""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def make_hooks_repo(target: Path) -> Path:
    """A git repository holding the installable project and its .pre-commit-hooks.yaml."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(PROJECT / "tf_seq2seq_migrate", target / "tf_seq2seq_migrate", ignore=ignore)
    if (PROJECT / "rules").is_dir():
        shutil.copytree(PROJECT / "rules", target / "rules", ignore=ignore)
    for name in ("pyproject.toml", "setup.py", ".pre-commit-hooks.yaml", "README.md"):
        if (PROJECT / name).exists():
            shutil.copy2(PROJECT / name, target / name)
    if not (target / "README.md").exists():
        (target / "README.md").write_text("tf-seq2seq-migrate\n")
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "hooks")
    return target


def make_user_repo(target: Path) -> Path:
    target.mkdir()
    (target / "model.py").write_text(CONTRIB_SOURCE)
    (target / "clean.py").write_text(CLEAN_SOURCE)
    git(target, "init", "-q")
    git(target, "add", "-A")
    return target


def try_repo(hooks: Path, user: Path, hook_id: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PRE_COMMIT", "VIRTUAL_ENV"))}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hooks), hook_id, "--all-files", "--verbose"],
        cwd=user,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow
def test_check_hook_fails_and_lists_contrib_uses_then_fix_hook_rewrites(tmp_path):
    assert PRE_COMMIT.exists(), "pre-commit must be installed next to the test interpreter"
    hooks = make_hooks_repo(tmp_path / "hooks")
    user = make_user_repo(tmp_path / "user")
    home = tmp_path / "pre-commit-home"

    check = try_repo(hooks, user, "tf-migrate-check", home)
    output = check.stdout + check.stderr
    assert check.returncode == 1, output
    assert "tf-migrate (check)" in output and "Failed" in output
    assert "would rewrite model.py" in output
    assert "model.py:5:" in output and "S2S" in output  # the contrib use, listed with its rule
    assert "would rewrite clean.py" not in output
    assert (user / "model.py").read_text() == CONTRIB_SOURCE  # check mode writes nothing

    fix = try_repo(hooks, user, "tf-migrate", home)
    output = fix.stdout + fix.stderr
    assert fix.returncode == 1, output  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in output
    rewritten = (user / "model.py").read_text()
    assert "tf.contrib" not in rewritten
    assert "BasicDecoder(cell, helper, initial_state)" in rewritten
    assert (user / "clean.py").read_text() == CLEAN_SOURCE
