"""Atomic file replacement: a reader sees the old bytes or the new ones, never half a file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def describe_os_error(error: OSError) -> str:
    """``[Errno 13] Permission denied: 'x'`` -> ``permission denied``."""
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def atomic_write(path: Path, data: bytes) -> str | None:
    """Replace the file's content; returns why it could not (the file is then untouched), or None.

    Writes a temporary file in the same directory with the original permission bits, fsyncs it and
    renames it over the original (through symlinks, onto the file they point at). A file without write
    permission is refused even where the rename would succeed (and even for root).
    """
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target)
    except OSError as error:
        return f"cannot write: {describe_os_error(error)}"
    if not status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        return "cannot write: permission denied"
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tf-migrate")
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), stat.S_IMODE(status.st_mode))
            os.fsync(stream.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        return f"cannot write: {describe_os_error(error)}"
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
    return None
