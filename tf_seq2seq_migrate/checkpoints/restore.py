"""Loading a TF1 name-based checkpoint into a model built eagerly with the runtime.

Matching, in order: runtime variables by their recorded TF1 name (after pre-1.2 names in the checkpoint
are renamed, and 0.x shards merged); with ``keras_cells``, Keras 3 ``LSTMCell`` / ``GRUCell`` weights
from the TF1 cell scope they stand for, converted to Keras layouts. Every checkpoint variable and every
model variable must be accounted for: what stays unmatched is an error listing it, unless an
``allow_missing`` name or glob pattern names it. Nothing is assigned unless everything matches.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

import numpy as np

from tf_seq2seq_migrate.checkpoints import keras_cells as keras_layouts
from tf_seq2seq_migrate.checkpoints.errors import CheckpointError
from tf_seq2seq_migrate.checkpoints.legacy_names import merge_shards, modern_name
from tf_seq2seq_migrate.checkpoints.name_map import display_name, model_variables, tf1_name_map
from tf_seq2seq_migrate.checkpoints.reader import OBJECT_GRAPH_KEY, read_values

__all__ = ["LoadResult", "plan_load", "restore_tf1_checkpoint"]


@dataclass(frozen=True)
class KerasCellMatch:
    """A Keras cell filled from the TF1 cell scope ``tf1_scope``."""

    tf1_scope: str
    keras_cell: str
    kind: str


@dataclass(frozen=True)
class LoadResult:
    """What a load did: how many model variables it set, and every name decision along the way."""

    checkpoint_prefix: str
    assigned: int
    renamed: tuple[tuple[str, str], ...]
    merged_shards: tuple[tuple[str, tuple[str, ...]], ...]
    keras_cells: tuple[KerasCellMatch, ...]
    ignored_checkpoint_names: tuple[str, ...]
    uninitialized_model_names: tuple[str, ...]


@dataclass(frozen=True)
class _Plan:
    result: LoadResult
    assignments: tuple[tuple[Any, np.ndarray], ...]


def restore_tf1_checkpoint(ckpt_path: str, named_objects, allow_missing=(), keras_cells: bool = False,
                           forget_bias: float = 1.0, cell_map: dict[str, str] | None = None) -> LoadResult:
    """Assign a TF1 checkpoint's values to the variables of eager model objects (see module doc).

    ``named_objects``: one model object, a list/tuple of them, or a ``{name: object}`` dict.
    """
    plan = plan_load(ckpt_path, named_objects, allow_missing=allow_missing, keras_cells=keras_cells,
                     forget_bias=forget_bias, cell_map=cell_map)
    for variable, value in plan.assignments:
        variable.assign(value)
    return plan.result


def plan_load(ckpt_path, named_objects, allow_missing=(), keras_cells=False, forget_bias=1.0, cell_map=None) -> _Plan:
    """Match everything and return the assignments without applying them; raises on any mismatch."""
    if not isinstance(named_objects, dict):
        named_objects = ({f"model_{i}": obj for i, obj in enumerate(named_objects)}
                         if isinstance(named_objects, (list, tuple)) else {"model": named_objects})
    prefix, raw_values = read_values(ckpt_path)
    if OBJECT_GRAPH_KEY in raw_values:
        raise CheckpointError(f"{ckpt_path} is already an object-based (TF2) checkpoint; restore it with "
                              "tf.train.Checkpoint instead of converting it")
    variables = model_variables(named_objects)
    by_tf1_name = tf1_name_map(variables)

    values, renamed = _modernize(raw_values, set(by_tf1_name))
    values, merged = merge_shards(values, set(by_tf1_name))

    assignments: list[tuple[Any, np.ndarray]] = []
    problems: list[str] = []
    claimed: set[str] = set()
    for name, variable in by_tf1_name.items():
        if name in values:
            claimed.add(name)
            _check_fit(name, values[name], variable, problems)
            assignments.append((variable, values[name]))

    cell_matches: list[KerasCellMatch] = []
    named_ids = {id(v) for v in by_tf1_name.values()}
    unnamed = [v for v in variables if id(v) not in named_ids]
    if keras_cells:
        cell_assignments, cell_matches, cell_vars, cell_names = _match_keras_cells(
            named_objects, values, claimed, forget_bias, cell_map or {}, problems)
        assignments.extend(cell_assignments)
        claimed |= cell_names
        unnamed = [v for v in unnamed if id(v) not in cell_vars]

    unmatched_checkpoint = sorted(set(values) - claimed)
    unmatched_model = sorted({display_name(v) for v in unnamed} |
                             {name for name in by_tf1_name if name not in values})
    patterns = tuple(allow_missing)
    ignored = tuple(n for n in unmatched_checkpoint if _allowed(n, patterns))
    uninitialized = tuple(n for n in unmatched_model if _allowed(n, patterns))
    left_checkpoint = [n for n in unmatched_checkpoint if n not in ignored]
    left_model = [n for n in unmatched_model if n not in uninitialized]
    if left_checkpoint or left_model:
        problems.append(_unmatched_message(left_checkpoint, left_model, keras_cells, unnamed, named_objects))
    if problems:
        raise CheckpointError("\n".join(problems))
    result = LoadResult(prefix, len(assignments), tuple(renamed), tuple((k, tuple(v)) for k, v in merged.items()),
                        tuple(cell_matches), ignored, uninitialized)
    return _Plan(result, tuple(assignments))


def _modernize(raw_values, model_names):
    values, renamed = {}, []
    for name, value in raw_values.items():
        new_name = name if name in model_names else modern_name(name)
        if new_name in values:
            raise CheckpointError(f"two checkpoint variables map onto {new_name!r} after renaming pre-TF1.2 names")
        values[new_name] = value
        if new_name != name:
            renamed.append((name, new_name))
    return values, sorted(renamed)


def _allowed(name: str, patterns) -> bool:
    return any(name == pattern or fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def _check_fit(name, value, variable, problems) -> None:
    model_shape = tuple(int(d) for d in variable.shape)
    if tuple(value.shape) != model_shape:
        problems.append(f"shape mismatch: {name} is {list(value.shape)} in the checkpoint and {list(model_shape)} "
                        "in the model")
    model_dtype = np.dtype(_dtype_name(variable))
    if value.dtype != model_dtype:
        problems.append(f"dtype mismatch: {name} is {value.dtype.name} in the checkpoint and {model_dtype.name} "
                        "in the model")


def _dtype_name(variable) -> str:
    dtype = variable.dtype
    return getattr(dtype, "name", dtype)


def _unmatched_message(left_checkpoint, left_model, keras_cells, unnamed, named_objects) -> str:
    lines = ["checkpoint and model do not match:"]
    if left_checkpoint:
        lines.append(f"  in the checkpoint but not in the model ({len(left_checkpoint)}): " + ", ".join(left_checkpoint))
    if left_model:
        lines.append(f"  in the model but not in the checkpoint ({len(left_model)}): " + ", ".join(left_model))
    hint = "pass --allow-missing NAME for each name that may stay unmatched"
    if not keras_cells and _has_keras_cells(named_objects):
        hint += "; the model has Keras LSTM/GRU cells: pass --keras-cells to convert TF1 cell weights for them"
    lines.append(hint)
    return "\n".join(lines)


# -- Keras cells ---------------------------------------------------------------------------------
def _keras_cells_in(named_objects) -> list:
    from tf_seq2seq_migrate.runtime.checkpoint import list_objects
    from tf_seq2seq_migrate.checkpoints.name_map import as_trackable_root

    cells, seen = [], set()
    for obj in list_objects(as_trackable_root(named_objects)):
        if keras_layouts.keras_cell_kind(obj) and id(obj) not in seen:
            seen.add(id(obj))
            cells.append(obj)
    return cells


def _has_keras_cells(named_objects) -> bool:
    return bool(_keras_cells_in(named_objects))


def _cell_path(cell) -> str:
    """The cell's variable path prefix (``encoder/lstm_cell``), from its kernel's Keras path."""
    path = getattr(cell.kernel, "path", "") or cell.name
    return path.rsplit("/", 1)[0] if "/" in path else cell.name


# Sub-scopes of GRU and projected LSTM cells: their kernel/bias pairs are not LSTM cells.
_GRU_AND_PROJECTION_PARTS = frozenset({"gates", "candidate", "projection"})


def _tf1_cell_groups(values, claimed) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Unclaimed TF1 cell scopes in the checkpoint: ``{scope: (kind, weight names)}``."""
    groups = {}
    for name in values:
        if name in claimed:
            continue
        if name.endswith("/gates/kernel"):
            scope = name[: -len("/gates/kernel")]
            members = tuple(f"{scope}/{suffix}" for suffix in ("gates/kernel", "gates/bias", "candidate/kernel",
                                                               "candidate/bias"))
            if all(m in values and m not in claimed for m in members):
                groups[scope] = ("gru", members)
        elif name.endswith("/kernel") and values[name].ndim == 2:
            scope = name[: -len("/kernel")]
            bias = f"{scope}/bias"
            if scope.rsplit("/", 1)[-1] in _GRU_AND_PROJECTION_PARTS or bias not in values or bias in claimed:
                continue
            if values[bias].shape[0] % 4 == 0 and values[name].shape[1] == values[bias].shape[0]:
                groups[scope] = ("lstm", (name, bias))
    return groups


def _cell_signature(kind, members, values) -> tuple[int, int]:
    """``(input_depth, units)`` of a TF1 cell group."""
    if kind == "lstm":
        kernel = values[members[0]]
        units = kernel.shape[1] // 4
    else:
        kernel = values[members[2]]
        units = kernel.shape[1]
    return kernel.shape[0] - units, units


def _match_keras_cells(named_objects, values, claimed, forget_bias, cell_map, problems):
    cells = _keras_cells_in(named_objects)
    groups = _tf1_cell_groups(values, claimed)
    by_label = {}
    for cell in cells:
        by_label[cell.name] = cell
        by_label[_cell_path(cell)] = cell
    pairs: dict[int, str] = {}
    for scope, label in cell_map.items():
        if label not in by_label:
            problems.append(f"--keras-cell {scope}={label}: the model has no Keras LSTMCell/GRUCell named {label!r}")
        elif scope not in groups:
            problems.append(f"--keras-cell {scope}={label}: the checkpoint has no unclaimed TF1 cell scope {scope!r}")
        else:
            pairs[id(by_label[label])] = scope
    taken = set(pairs.values())
    for cell in cells:
        if id(cell) in pairs:
            continue
        kind = keras_layouts.keras_cell_kind(cell)
        signature = (int(cell.kernel.shape[0]), int(cell.units))
        candidates = [scope for scope, (group_kind, members) in sorted(groups.items())
                      if scope not in taken and group_kind == kind
                      and _cell_signature(group_kind, members, values) == signature]
        rivals = [other for other in cells if other is not cell and id(other) not in pairs
                  and keras_layouts.keras_cell_kind(other) == kind
                  and (int(other.kernel.shape[0]), int(other.units)) == signature]
        if len(candidates) == 1 and not rivals:
            pairs[id(cell)] = candidates[0]
            taken.add(candidates[0])
        elif candidates:
            problems.append(f"cannot tell which TF1 cell scope the Keras cell {_cell_path(cell)!r} takes "
                            f"(candidates: {', '.join(candidates)}); pass --keras-cell SCOPE={cell.name}")

    assignments, matches, cell_vars, used_names = [], [], set(), set()
    for cell in cells:
        scope = pairs.get(id(cell))
        if scope is None:
            continue
        kind, members = groups[scope]
        try:
            if kind != keras_layouts.keras_cell_kind(cell):
                raise CheckpointError(f"--keras-cell {scope}={cell.name}: a TF1 {kind.upper()} cell cannot fill the "
                                      f"Keras {type(cell).__name__} {cell.name!r}")
            keras_layouts.check_keras_cell(cell)
            _refuse_unsupported_tf1_cell(scope, values)
            if kind == "lstm":
                converted = keras_layouts.lstm_to_keras(values[members[0]], values[members[1]], forget_bias)
            else:
                converted = keras_layouts.gru_to_keras(*(values[m] for m in members))
        except CheckpointError as error:
            # Reported as this pair's problem, not again as unmatched names on both sides.
            problems.append(str(error))
            used_names.update(members)
            cell_vars.update(id(v) for v in cell.weights)
            continue
        for attribute, value in converted.items():
            variable = getattr(cell, attribute)
            _check_fit(f"{scope} -> {_cell_path(cell)}/{attribute}", value, variable, problems)
            assignments.append((variable, value))
            cell_vars.add(id(variable))
        used_names.update(members)
        matches.append(KerasCellMatch(tf1_scope=scope, keras_cell=_cell_path(cell), kind=kind))
    return assignments, matches, cell_vars, used_names


def _refuse_unsupported_tf1_cell(scope, values) -> None:
    extras = [f"{scope}/{name}" for name in ("w_f_diag", "w_i_diag", "w_o_diag", "projection/kernel")
              if f"{scope}/{name}" in values]
    if extras:
        raise CheckpointError(f"TF1 cell {scope!r} uses peepholes or a projection ({', '.join(extras)}), which "
                              "Keras 3's LSTMCell cannot express; keep the runtime's LSTMCell for it")
