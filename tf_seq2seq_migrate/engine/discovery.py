"""Which files a run looks at: explicit files, *.py under directories, glob patterns."""

from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import Path
from typing import Iterable, Sequence

# Directories that hold no project source of their own.
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", "__pycache__", ".venv", "venv", "env", ".env", "build", "dist",
        ".tox", ".nox", ".eggs", "site-packages", "node_modules", ".mypy_cache", ".pytest_cache",
        ".ruff_cache",
    }
)  # fmt: skip
SOURCE_SUFFIX = ".py"
_GLOB_CHARACTERS = frozenset("*?[")


def _is_excluded(path: str, root: str | None, patterns: Sequence[str]) -> bool:
    """A pattern may name the base name, the path relative to the given root, or the path as given."""
    if not patterns:
        return False
    candidates = {os.path.basename(path), Path(path).as_posix()}
    if root is not None:
        relative = os.path.relpath(path, root)
        if not relative.startswith(".."):
            candidates.add(Path(relative).as_posix())
    return any(fnmatch.fnmatch(candidate, pattern) for candidate in candidates for pattern in patterns)


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


def _identity(path: str) -> tuple[int, int] | str:
    try:
        status = os.stat(path)
    except OSError:  # broken link, loop, vanished: still listed once, reading it will say why
        return os.path.abspath(path)
    return (status.st_dev, status.st_ino)


def _walk(root: str, exclude: Sequence[str], seen_directories: set[tuple[int, int]]) -> Iterable[str]:
    """*.py files under ``root``; follows directory links but never enters a directory twice."""
    found: list[str] = []
    for directory, subdirectories, files in os.walk(root, followlinks=True, onerror=None):
        kept = []
        for name in sorted(subdirectories):
            full = os.path.join(directory, name)
            if name in SKIPPED_DIRECTORIES or _is_virtualenv(full) or _is_excluded(full, root, exclude):
                continue
            try:
                status = os.stat(full)
            except OSError:
                continue  # a directory link into a loop or nowhere
            key = (status.st_dev, status.st_ino)
            if key in seen_directories:
                continue
            seen_directories.add(key)
            kept.append(name)
        subdirectories[:] = kept
        for name in sorted(files):  # the first spelling of a linked file wins, so be deterministic
            if name.endswith(SOURCE_SUFFIX):
                full = os.path.join(directory, name)
                if not _is_excluded(full, root, exclude):
                    found.append(full)
    return found


def _expand(path: Path) -> list[Path]:
    text = str(path)
    if path.exists() or os.path.islink(text) or not (_GLOB_CHARACTERS & set(text)):
        return [path]
    return [Path(match) for match in sorted(glob.glob(text, recursive=True))]


def discover(paths: Sequence[str | Path], exclude: Sequence[str] = ()) -> list[Path]:
    """Files to process, each once, sorted by path.

    Files named explicitly are taken whatever their extension (and reported if they cannot be read);
    directories contribute their ``*.py`` files, skipping VCS folders, virtual environments, caches,
    build output and anything matching an ``exclude`` glob.
    """
    exclude = tuple(exclude)
    results: dict[tuple[int, int] | str, Path] = {}
    seen_directories: set[tuple[int, int]] = set()
    for given in paths:
        for path in _expand(Path(given)):
            text = str(path)
            if os.path.isdir(text):
                if _is_virtualenv(text) or _is_excluded(text, None, exclude):
                    continue
                try:
                    status = os.stat(text)
                    seen_directories.add((status.st_dev, status.st_ino))
                except OSError:
                    continue
                candidates = _walk(text, exclude, seen_directories)
            else:
                candidates = [] if _is_excluded(text, None, exclude) else [text]
            for candidate in candidates:
                results.setdefault(_identity(candidate), Path(candidate))
    return sorted(results.values(), key=lambda p: p.as_posix())
