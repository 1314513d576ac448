"""Test doubles for the CLI tests: a scripted engine and rule catalog installed in sys.modules.

The CLI reaches the engine only through ``engine.discovery.discover``, ``engine.runner.run_files``
and ``rules.catalog.load_rules``; these doubles return scripted results so that exit codes,
ordering and rendering can be checked independently of what the real rules do.
"""

from __future__ import annotations

import dataclasses
import sys
import types
from pathlib import Path

from tf_seq2seq_migrate.api import FileResult, Finding, Options, Report, Status


@dataclasses.dataclass(frozen=True)
class FakeRule:
    id: str
    summary: str
    why: str
    before: str
    after: str
    fix_safety: str
    replacement: str
    canonical_names: tuple[str, ...]


RULES = {
    "S2S001": FakeRule(
        "S2S001",
        "tf.contrib.seq2seq.BasicDecoder moves to the runtime",
        "tf.contrib is gone in TF 2.",
        "decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, state)",
        "decoder = seq2seq.BasicDecoder(cell, helper, state)",
        "safe",
        "tf_seq2seq_migrate.runtime.seq2seq.BasicDecoder",
        ("tf.contrib.seq2seq.BasicDecoder",),
    ),
    "S2S002": FakeRule(
        "S2S002",
        "dynamic access to tf.contrib needs a manual edit",
        "getattr on a module cannot be resolved statically.",
        "cls = getattr(tf.contrib.rnn, name)",
        "",
        "manual",
        "",
        (),
    ),
}


def finding(path: str, rule_id: str = "S2S001", line: int = 1, column: int = 1, fixed: bool = True,
            message: str = "tf.contrib.seq2seq.BasicDecoder -> seq2seq.BasicDecoder") -> Finding:
    return Finding(rule_id=rule_id, path=path, line=line, column=column, message=message, fixed=fixed)


class FakeEngine:
    """Scripted outcome per file name; unknown files are UNCHANGED. Records every call."""

    def __init__(self) -> None:
        self.outcomes: dict[str, FileResult] = {}
        self.discover_calls: list[tuple[list[str], tuple[str, ...]]] = []
        self.run_calls: list[Options] = []
        self.progress_calls = 0

    def script(self, name: str, status: Status, findings=(), reason=None, diff="") -> None:
        self.outcomes[name] = FileResult(path=name, status=status, findings=tuple(findings), reason=reason, diff=diff)

    def discover(self, paths, exclude=()):
        self.discover_calls.append(([str(p) for p in paths], tuple(exclude)))
        found: list[Path] = []
        for raw in paths:
            path = Path(raw)
            found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
        return found

    def run_files(self, files, options, on_result=None):
        self.run_calls.append(options)
        results = []
        for path in reversed(list(files)):  # workers finish in any order
            name = Path(path).as_posix()
            template = self.outcomes.get(Path(path).name) or self.outcomes.get(name)
            if template is None:
                result = FileResult(path=name, status=Status.UNCHANGED)
            else:
                result = dataclasses.replace(
                    template,
                    path=name,
                    findings=tuple(dataclasses.replace(f, path=name) for f in template.findings),
                    diff=template.diff if options.want_diff else "",
                )
            if on_result is not None:
                on_result(result)
                self.progress_calls += 1
            results.append(result)
        return Report(files=tuple(results))

    def install(self, monkeypatch) -> "FakeEngine":
        discovery = types.ModuleType("tf_seq2seq_migrate.engine.discovery")
        discovery.discover = self.discover
        runner = types.ModuleType("tf_seq2seq_migrate.engine.runner")
        runner.run_files = self.run_files
        catalog = types.ModuleType("tf_seq2seq_migrate.rules.catalog")
        catalog.load_rules = lambda: dict(RULES)
        import tf_seq2seq_migrate.engine as engine_package
        import tf_seq2seq_migrate.rules as rules_package

        for name, module in (
            ("tf_seq2seq_migrate.engine.discovery", discovery),
            ("tf_seq2seq_migrate.engine.runner", runner),
            ("tf_seq2seq_migrate.rules.catalog", catalog),
        ):
            monkeypatch.setitem(sys.modules, name, module)
        monkeypatch.setattr(engine_package, "discovery", discovery, raising=False)
        monkeypatch.setattr(engine_package, "runner", runner, raising=False)
        monkeypatch.setattr(rules_package, "catalog", catalog, raising=False)
        return self
