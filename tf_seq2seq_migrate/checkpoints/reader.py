"""Reading TF1 name-based checkpoints: locate the files, list the variables, load every value.

Every failure is a :class:`CheckpointError` whose message names the path and what is wrong with it:
missing files, files that are not checkpoints, truncated or corrupted data.
"""

from __future__ import annotations

import glob
import os
from typing import NamedTuple

import numpy as np

from tf_seq2seq_migrate.checkpoints.errors import CheckpointError

__all__ = ["CheckpointEntry", "inspect", "read_values", "resolve_checkpoint", "OBJECT_GRAPH_KEY"]

# Present in every object-based (TF2 ``tf.train.Checkpoint``) checkpoint, absent from TF1 Saver ones.
OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"

_SUFFIXES = (".index", ".meta")


class CheckpointEntry(NamedTuple):
    """One saved variable: ``(name, shape, dtype)`` with the shape as a tuple and the dtype's name."""

    name: str
    shape: tuple[int, ...]
    dtype: str


def resolve_checkpoint(path: str) -> str:
    """The checkpoint prefix that ``path`` designates.

    Accepts a prefix (``model.ckpt`` next to ``model.ckpt.index``), one of its files (``.index``, ``.meta``,
    ``.data-00000-of-00001``), a directory holding a ``checkpoint`` state file, or a V1 checkpoint file.
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        state = os.path.join(path, "checkpoint")
        if not os.path.isfile(state):
            raise CheckpointError(f"checkpoint not found: {path} is a directory without a 'checkpoint' state file")
        prefix = _latest_in_state_file(path, state)
        if not _prefix_exists(prefix):
            raise CheckpointError(f"checkpoint not found: {path}/checkpoint names {prefix}, whose files are missing")
        return prefix
    if os.path.isfile(path + ".index"):
        return path
    for suffix in _SUFFIXES:
        if path.endswith(suffix) and os.path.isfile(path[: -len(suffix)] + ".index"):
            return path[: -len(suffix)]
    data_at = path.rfind(".data-")
    if data_at > 0 and os.path.isfile(path[:data_at] + ".index"):
        return path[:data_at]
    if os.path.isfile(path) or glob.glob(glob.escape(path) + "-?????-of-?????"):
        return path  # a V1 checkpoint (single file or shards), or not a checkpoint: reading will tell
    raise CheckpointError(f"checkpoint not found: {path} (expected {path}.index and {path}.data-*, "
                          "a V1 checkpoint file, or a directory with a 'checkpoint' state file)")


def _latest_in_state_file(directory: str, state_path: str) -> str:
    import tensorflow as tf

    state = tf.train.get_checkpoint_state(directory)
    if state is None or not state.model_checkpoint_path:
        raise CheckpointError(f"checkpoint not found: {state_path} names no checkpoint")
    prefix = state.model_checkpoint_path
    return prefix if os.path.isabs(prefix) else os.path.join(directory, prefix)


def _prefix_exists(prefix: str) -> bool:
    return os.path.isfile(prefix + ".index") or os.path.isfile(prefix)


def _open_reader(path: str):
    import tensorflow as tf

    prefix = resolve_checkpoint(path)
    try:
        return prefix, tf.train.load_checkpoint(prefix)
    except Exception as error:  # TF raises OpError / DataLossError / NotFoundError with C++ text
        raise CheckpointError(f"not a TensorFlow checkpoint: {path} ({_first_line(error)})") from error


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def inspect(ckpt_path: str) -> list[CheckpointEntry]:
    """Every variable stored in the checkpoint, sorted by name (read from the index; values not loaded)."""
    _, reader = _open_reader(ckpt_path)
    shapes = reader.get_variable_to_shape_map()
    dtypes = reader.get_variable_to_dtype_map()
    return [CheckpointEntry(name, tuple(int(d) for d in shapes[name]), dtypes[name].name)
            for name in sorted(shapes)]


def read_values(ckpt_path: str) -> tuple[str, dict[str, np.ndarray]]:
    """``(prefix, {name: value})`` for every variable; a value that cannot be read is a truncation error."""
    prefix, reader = _open_reader(ckpt_path)
    values: dict[str, np.ndarray] = {}
    for name in sorted(reader.get_variable_to_shape_map()):
        try:
            values[name] = np.asarray(reader.get_tensor(name))
        except Exception as error:
            raise CheckpointError(f"checkpoint is truncated or corrupted: {ckpt_path} (variable {name!r} could not "
                                  f"be read: {_first_line(error)})") from error
    return prefix, values
