"""Convert a TF1 name-based checkpoint into a TF2 object-based checkpoint of an eager runtime model.

The output is written into a fresh temporary directory next to the output directory, read back and
compared variable by variable, and only then renamed into place: the output either appears complete and
verified or not at all, and the input is never written to.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass

import numpy as np

from tf_seq2seq_migrate.checkpoints.errors import CheckpointError
from tf_seq2seq_migrate.checkpoints.model_loader import load_model
from tf_seq2seq_migrate.checkpoints.name_map import display_name, model_variables
from tf_seq2seq_migrate.checkpoints.reader import resolve_checkpoint
from tf_seq2seq_migrate.checkpoints.restore import LoadResult, restore_tf1_checkpoint

__all__ = ["ConversionResult", "convert_checkpoint"]


@dataclass(frozen=True)
class ConversionResult:
    """A finished conversion: where the checkpoint is, under which object names, and what was loaded."""

    output_prefix: str
    object_names: tuple[str, ...]
    load: LoadResult
    verified_variables: int


def convert_checkpoint(input_path: str, output_dir: str, model: str, allow_missing=(), keras_cells: bool = False,
                       forget_bias: float = 1.0, cell_map: dict[str, str] | None = None) -> ConversionResult:
    """Load ``input_path`` into the model ``model`` (``MODULE:FUNCTION``) builds, write it to ``output_dir``."""
    input_prefix = resolve_checkpoint(input_path)
    output_dir = os.path.abspath(os.fspath(output_dir))
    _check_output(input_prefix, output_dir)
    named_objects = load_model(model)
    load = restore_tf1_checkpoint(input_prefix, named_objects, allow_missing=allow_missing,
                                  keras_cells=keras_cells, forget_bias=forget_bias, cell_map=cell_map)
    variables = model_variables(named_objects)
    expected = [np.array(v.numpy(), copy=True) for v in variables]

    parent = os.path.dirname(output_dir)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(output_dir)}.tmp-", dir=parent)
    try:
        written = _write(named_objects, staging)
        _verify(named_objects, variables, expected, written)
        if os.path.isdir(output_dir):
            os.rmdir(output_dir)  # checked empty above
        os.rename(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    output_prefix = os.path.join(output_dir, os.path.basename(written))
    return ConversionResult(output_prefix, tuple(named_objects), load, len(variables))


def _check_output(input_prefix: str, output_dir: str) -> None:
    input_dir = os.path.realpath(os.path.dirname(os.path.abspath(input_prefix)))
    real_output = os.path.realpath(output_dir)
    if real_output == input_dir or input_dir.startswith(real_output + os.sep):
        raise CheckpointError(f"the output directory {output_dir} holds the input checkpoint; choose a new directory")
    if os.path.exists(output_dir):
        if not os.path.isdir(output_dir):
            raise CheckpointError(f"the output {output_dir} exists and is not a directory")
        if os.listdir(output_dir):
            raise CheckpointError(f"the output directory {output_dir} is not empty; choose a new directory")


def _write(named_objects, directory: str) -> str:
    import tensorflow as tf

    manager = tf.train.CheckpointManager(tf.train.Checkpoint(**named_objects), directory, max_to_keep=1)
    return manager.save()


def _verify(named_objects, variables, expected, written_prefix: str) -> None:
    """Read the written checkpoint back into the (scrambled) model and compare every variable."""
    import tensorflow as tf

    for variable, value in zip(variables, expected):
        variable.assign(_different_from(value))
    status = tf.train.Checkpoint(**named_objects).restore(written_prefix)  # the way users will load it
    try:
        status.assert_consumed()
    except AssertionError as error:
        raise CheckpointError(f"the written checkpoint {written_prefix} does not read back: {error}") from error
    differing = [display_name(v) for v, value in zip(variables, expected) if not _same(v.numpy(), value)]
    if differing:
        raise CheckpointError(f"the written checkpoint {written_prefix} reads back different values for: "
                              + ", ".join(differing))


def _different_from(value: np.ndarray) -> np.ndarray:
    """A value differing from ``value`` in every element, so a missed restore cannot go unnoticed."""
    if value.dtype == np.bool_:
        return np.logical_not(value)
    if np.issubdtype(value.dtype, np.number):
        return np.where(value == 0, 1, 0).astype(value.dtype)
    return value


def _same(actual: np.ndarray, expected: np.ndarray) -> bool:
    if np.issubdtype(expected.dtype, np.inexact):
        return np.array_equal(actual, expected, equal_nan=True)
    return np.array_equal(actual, expected)
