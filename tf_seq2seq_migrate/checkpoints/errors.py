"""The one error type of the checkpoint tools: its message is what the user reads (the command exits 2)."""

from __future__ import annotations

__all__ = ["CheckpointError"]


class CheckpointError(Exception):
    """A checkpoint cannot be read, does not fit the model, or cannot be written."""
