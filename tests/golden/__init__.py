"""Golden rewrite cases: ``<case>/input.py`` -> ``<case>/expected.py`` (+ ``findings.txt``).

Shared by the engine tests (through the API) and the CLI tests (through ``tf-migrate``). A case's
``findings.txt`` lists the expected findings, one per line: ``LINE:COLUMN RULE fixed|manual``.
Adding a rule row = adding a case folder here with the three files.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent


@dataclasses.dataclass(frozen=True)
class GoldenCase:
    name: str
    directory: Path

    @property
    def input_path(self) -> Path:
        return self.directory / "input.py"

    @property
    def expected_path(self) -> Path:
        return self.directory / "expected.py"

    @property
    def findings_path(self) -> Path:
        return self.directory / "findings.txt"

    def expected_findings(self) -> list[str]:
        if not self.findings_path.exists():
            return []
        return [line.strip() for line in self.findings_path.read_text().splitlines() if line.strip()]


def golden_cases() -> list[GoldenCase]:
    """Every case folder, sorted by name."""
    return [
        GoldenCase(path.name, path)
        for path in sorted(GOLDEN_DIR.iterdir())
        if path.is_dir() and (path / "input.py").exists()
    ]


def format_finding(finding) -> str:
    """How a finding is written in ``findings.txt``."""
    return f"{finding.line}:{finding.column} {finding.rule_id} {'fixed' if finding.fixed else 'manual'}"
