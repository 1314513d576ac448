"""Plain Python API of the rewriter: no printing, no TensorFlow.

Contract shared by the engine, the CLI and the reports. The engine fills these in.
"""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import Sequence


class Status(str, enum.Enum):
    CHANGED = "changed"  # the rewrite produced different bytes (written unless dry run)
    UNCHANGED = "unchanged"  # parsed, nothing to do (may still carry findings)
    FAILED = "failed"  # could not parse / decode / write; file left byte-identical
    SKIPPED = "skipped"  # prefilter says no TF1 symbol can be in it, or excluded


@dataclasses.dataclass(frozen=True)
class Finding:
    rule_id: str  # e.g. "S2S001"
    path: str  # as given / discovered, posix style
    line: int  # 1-based
    column: int  # 1-based
    message: str
    fixed: bool  # True: the rewrite handled it; False: needs a manual edit (TODO written)


@dataclasses.dataclass(frozen=True)
class Result:
    """Outcome of rewriting one source text."""

    source: bytes
    output: bytes  # == source when nothing changed or when failed
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # "line N: reason" for parse failures, or an internal error

    @property
    def changed(self) -> bool:
        return self.error is None and self.output != self.source


@dataclasses.dataclass(frozen=True)
class FileResult:
    path: str
    status: Status
    findings: tuple[Finding, ...] = ()
    reason: str | None = None  # for FAILED / SKIPPED
    diff: str = ""  # unified diff (only filled when options.diff or a report needs it)


@dataclasses.dataclass(frozen=True)
class Options:
    write: bool = True  # False for --diff / --check
    want_diff: bool = False
    jobs: int = 1
    exclude: tuple[str, ...] = ()  # glob patterns
    skip_rules: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Report:
    files: tuple[FileResult, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for fr in self.files for f in fr.findings)

    @property
    def changed(self) -> tuple[FileResult, ...]:
        return tuple(fr for fr in self.files if fr.status is Status.CHANGED)

    @property
    def failed(self) -> tuple[FileResult, ...]:
        return tuple(fr for fr in self.files if fr.status is Status.FAILED)


def migrate_source(text: str | bytes, *, path: str = "<string>", skip_rules: Sequence[str] = ()) -> Result:
    """Rewrite one Python source. Accepts str or bytes; returns bytes in the same encoding."""
    from tf_seq2seq_migrate.engine.rewrite import rewrite_source

    return rewrite_source(text, path=path, skip_rules=tuple(skip_rules))


def migrate_paths(paths: Sequence[str | Path], options: Options = Options()) -> Report:
    """Discover files under ``paths``, rewrite each (in parallel), write atomically when asked."""
    from tf_seq2seq_migrate.engine.runner import run_paths

    return run_paths([Path(p) for p in paths], options)
