"""``tf-migrate convert-checkpoint``: a TF1 name-based checkpoint into a TF2 checkpoint of the runtime model.

Importing this module imports click only; TensorFlow is imported when the command runs.
"""

from __future__ import annotations

import logging
import os

import click

from tf_seq2seq_migrate.checkpoints.errors import CheckpointError

__all__ = ["convert_checkpoint_command"]

_EPILOG = """\b
Examples:
  tf-migrate convert-checkpoint --inspect old/model.ckpt
  tf-migrate convert-checkpoint old/model.ckpt new_ckpt --model mymodel:build
  tf-migrate convert-checkpoint old/ new_ckpt --model mymodel.py:build --keras-cells --allow-missing global_step

\b
The --model function takes no arguments, builds the model eagerly with the runtime (calling it once on
dummy inputs so every variable exists) and returns it, or a dict/list/tuple of model objects. Restore
the result with tf.train.Checkpoint(model=build()).restore(tf.train.latest_checkpoint("new_ckpt")).
"""


def _parse_cell_map(values) -> dict[str, str]:
    cell_map = {}
    for value in values:
        scope, separator, label = value.partition("=")
        if not separator or not scope or not label:
            raise click.BadParameter(f"expected TF1_SCOPE=KERAS_CELL, got {value!r}", param_hint="--keras-cell")
        cell_map[scope] = label
    return cell_map


@click.command(name="convert-checkpoint", epilog=_EPILOG)
@click.argument("checkpoint", type=click.Path(path_type=str))
@click.argument("output_dir", required=False, type=click.Path(path_type=str))
@click.option("--inspect", "inspect_only", is_flag=True,
              help="List the checkpoint's variables (name, shape, dtype) and exit.")
@click.option("--model", "model_spec", metavar="MODULE:FUNCTION",
              help="Function that builds and returns the eager runtime model (MODULE may be a .py path).")
@click.option("--allow-missing", multiple=True, metavar="NAME",
              help="A checkpoint or model variable name (or glob pattern) allowed to stay unmatched. Repeatable.")
@click.option("--keras-cells", is_flag=True,
              help="Convert TF1 LSTM/GRU cell weights into the model's Keras 3 LSTMCell/GRUCell layouts.")
@click.option("--keras-cell", "keras_cell_pairs", multiple=True, metavar="TF1_SCOPE=KERAS_CELL",
              help="Which TF1 cell scope fills which Keras cell (by name or path), where shapes do not tell. "
                   "Repeatable; implies --keras-cells.")
@click.option("--forget-bias", type=float, default=1.0, show_default=True,
              help="forget_bias of the TF1 LSTM cells, folded into the Keras LSTMCell bias.")
def convert_checkpoint_command(checkpoint, output_dir, inspect_only, model_spec, allow_missing, keras_cells,
                               keras_cell_pairs, forget_bias):
    """Convert a TF1 name-based CHECKPOINT into a TF2 object-based checkpoint in OUTPUT_DIR."""
    cell_map = _parse_cell_map(keras_cell_pairs)
    if not inspect_only:
        if output_dir is None:
            raise click.UsageError("missing OUTPUT_DIR (or pass --inspect to list the checkpoint)")
        if model_spec is None:
            raise click.UsageError("missing --model MODULE:FUNCTION (the function that builds the runtime model)")
    _quiet_tensorflow()
    try:
        if inspect_only:
            _print_inspection(checkpoint)
        else:
            _convert(checkpoint, output_dir, model_spec, allow_missing, keras_cells or bool(cell_map), cell_map,
                     forget_bias)
    except CheckpointError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None


def _quiet_tensorflow() -> None:
    """TensorFlow's start-up and deprecation logs would bury the command's own output (users may override)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)


def _print_inspection(checkpoint) -> None:
    from tf_seq2seq_migrate.checkpoints.reader import inspect

    entries = inspect(checkpoint)
    width = max((len(entry.name) for entry in entries), default=0)
    for entry in entries:
        click.echo(f"{entry.name:<{width}}  {list(entry.shape)!s:<16}  {entry.dtype}")
    click.echo(f"{len(entries)} variables")


def _convert(checkpoint, output_dir, model_spec, allow_missing, keras_cells, cell_map, forget_bias) -> None:
    from tf_seq2seq_migrate.checkpoints.convert import convert_checkpoint

    result = convert_checkpoint(checkpoint, output_dir, model_spec, allow_missing=allow_missing,
                                keras_cells=keras_cells, forget_bias=forget_bias, cell_map=cell_map)
    load = result.load
    for old, new in load.renamed:
        click.echo(f"renamed {old} -> {new}")
    for merged, shards in load.merged_shards:
        click.echo(f"merged {', '.join(shards)} -> {merged}")
    for match in load.keras_cells:
        click.echo(f"keras {match.kind} cell {match.keras_cell} <- {match.tf1_scope}")
    for name in load.ignored_checkpoint_names:
        click.echo(f"skipped checkpoint variable {name} (--allow-missing)")
    for name in load.uninitialized_model_names:
        click.echo(f"left model variable {name} at its initial value (--allow-missing)")
    objects = ", ".join(f"{name}=..." for name in result.object_names)
    click.echo(f"converted {load.assigned} variables from {load.checkpoint_prefix} into {result.output_prefix} "
               f"(verified {result.verified_variables} by reading back); restore with "
               f"tf.train.Checkpoint({objects}).restore(tf.train.latest_checkpoint({output_dir!r}))")
