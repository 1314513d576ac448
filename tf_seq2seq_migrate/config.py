"""Project configuration: the ``[tool.tf-migrate]`` table of the nearest pyproject.toml.

Supported keys (dashes and underscores are interchangeable)::

    [tool.tf-migrate]
    exclude = ["build/**", "third_party/*"]   # glob patterns, passed to file discovery
    skip-rules = ["S2S004"]                     # rule ids never applied nor reported
    jobs = 4                                    # worker processes

Precedence, strongest first: command-line flags, then (for ``jobs`` only) the ``PRE_COMMIT``
environment variable, which pre-commit sets and which means "pre-commit already runs hooks in
parallel, use one process", then this table, then the defaults (no excludes, no skipped rules,
``os.cpu_count()`` jobs).

The nearest pyproject.toml is the closest one, walking upward from the common parent of the
given paths (or the working directory), that contains a ``[tool.tf-migrate]`` table; files
without the table are passed over, as ruff does, so a nested package's pyproject does not
hide the repository's configuration.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

SECTION = "tf-migrate"
_KNOWN_KEYS = {"exclude": "exclude", "skip_rules": "skip_rules", "jobs": "jobs"}


class ConfigError(Exception):
    """The configuration table is malformed; the message names the file and the key."""


@dataclasses.dataclass(frozen=True)
class ProjectConfig:
    """What a pyproject.toml says, before command-line overrides."""

    source: Path | None = None  # the pyproject.toml read, None when there is none
    exclude: tuple[str, ...] | None = None
    skip_rules: tuple[str, ...] | None = None
    jobs: int | None = None


@dataclasses.dataclass(frozen=True)
class Settings:
    """The effective settings of one run."""

    exclude: tuple[str, ...]
    skip_rules: tuple[str, ...]
    jobs: int
    source: Path | None  # where the project part came from, for messages


def common_parent(paths: Sequence[str | Path], cwd: Path) -> Path:
    """Deepest directory containing every given path (files count by their folder)."""
    if not paths:
        return cwd
    folders = []
    for raw in paths:
        path = Path(raw)
        path = path if path.is_absolute() else cwd / path
        path = Path(os.path.normpath(path))
        folders.append(str(path if path.is_dir() else path.parent))
    return Path(os.path.commonpath(folders))


def find_pyproject(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """Walk upward from ``start``; return the first pyproject.toml holding our table."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if not candidate.is_file():
            continue
        import tomllib  # only paid for when a pyproject.toml exists

        try:
            with candidate.open("rb") as handle:
                document = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{candidate}: cannot read: {error}") from error
        table = document.get("tool", {}).get(SECTION)
        if table is not None:
            return candidate, table
    return None


def parse_table(table: Any, source: Path) -> ProjectConfig:
    """Validate the ``[tool.tf-migrate]`` table; every mistake is a ConfigError naming the key."""
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.{SECTION}] must be a table")
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = _KNOWN_KEYS.get(raw_key.replace("-", "_"))
        if key is None:
            known = ", ".join(sorted(k.replace("_", "-") for k in _KNOWN_KEYS))
            raise ConfigError(f"{source}: unknown key '{raw_key}' in [tool.{SECTION}] (known: {known})")
        if key in values:
            raise ConfigError(f"{source}: '{raw_key}' given twice in [tool.{SECTION}]")
        values[key] = _check_value(key, raw_key, value, source)
    return ProjectConfig(source=source, **values)


def _check_value(key: str, raw_key: str, value: Any, source: Path) -> Any:
    if key == "jobs":
        # bool is an int subclass; `jobs = true` is a mistake, not 1
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{source}: '{raw_key}' must be a positive integer, got {value!r}")
        return value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{source}: '{raw_key}' must be a list of strings, got {value!r}")
    return tuple(value)


def load_project_config(paths: Sequence[str | Path], cwd: Path | None = None) -> ProjectConfig:
    """Find and parse the configuration that applies to ``paths``; empty when there is none."""
    cwd = Path.cwd() if cwd is None else cwd
    found = find_pyproject(common_parent(paths, cwd))
    if found is None:
        return ProjectConfig()
    source, table = found
    return parse_table(table, source)


def resolve_settings(
    project: ProjectConfig,
    *,
    exclude: Sequence[str] = (),
    skip_rules: Sequence[str] = (),
    jobs: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Apply command-line values over the project's. Empty flag lists mean "not given"."""
    environ = os.environ if environ is None else environ
    if jobs is None:
        if environ.get("PRE_COMMIT"):
            jobs = 1
        elif project.jobs is not None:
            jobs = project.jobs
        else:
            jobs = os.cpu_count() or 1
    return Settings(
        exclude=tuple(exclude) if exclude else (project.exclude or ()),
        skip_rules=tuple(skip_rules) if skip_rules else (project.skip_rules or ()),
        jobs=jobs,
        source=project.source,
    )
