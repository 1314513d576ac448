"""The golden rewrite cases through the real ``tf-migrate`` process: one run over all of them.

Each case's input is copied to ``<tmp>/<case>/input.py``; a single ``tf-migrate --format json``
run (two workers, so the process pool is exercised) must write every expected.py byte for byte,
report every expected finding, and a second run must find nothing left to change.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from golden import golden_cases

TF_MIGRATE = Path(sys.executable).with_name("tf-migrate")
CASES = golden_cases()


def run_json(*args: str, cwd: Path) -> tuple[int, dict]:
    completed = subprocess.run(
        [str(TF_MIGRATE), "--format", "json", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert completed.stderr == "", completed.stderr
    return completed.returncode, json.loads(completed.stdout)


def test_golden_cases_through_the_command_line(tmp_path):
    assert len(CASES) >= 10
    for case in CASES:
        (tmp_path / case.name).mkdir()
        shutil.copy2(case.input_path, tmp_path / case.name / "input.py")

    code, document = run_json("--jobs", "2", ".", cwd=tmp_path)

    any_manual = any(line.endswith(" manual") for case in CASES for line in case.expected_findings())
    assert code == (1 if any_manual else 0)
    by_path = {entry["path"].removeprefix("./"): entry for entry in document["files"]}
    for case in CASES:
        entry = by_path[f"{case.name}/input.py"]
        written = (tmp_path / case.name / "input.py").read_bytes()
        assert written == case.expected_path.read_bytes(), case.name
        if written == case.input_path.read_bytes():
            assert entry["status"] in ("unchanged", "skipped"), case.name
        else:
            assert entry["status"] == "changed", case.name
        reported = [
            f"{finding['line']}:{finding['column']} {finding['rule_id']} {'fixed' if finding['fixed'] else 'manual'}"
            for finding in entry["findings"]
        ]
        assert reported == case.expected_findings(), case.name
    assert document["summary"]["failed"] == 0

    _, second = run_json("--check", ".", cwd=tmp_path)
    assert [entry["path"] for entry in second["files"] if entry["status"] == "changed"] == []
