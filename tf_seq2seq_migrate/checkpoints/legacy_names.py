"""Variable names of TF < 1.2 RNN cells, renamed to the names TF 1.2+ (and the runtime) create.

The table holds the facts TensorFlow shipped in ``tensorflow/contrib/rnn/python/tools/checkpoint_convert.py``:
TF 1.0/1.1 cells named their weights ``weights`` / ``biases`` (TF 1.2: ``kernel`` / ``bias``), and TF 0.x
used CamelCase scopes with sharded matrices (``LSTMCell/W_0``) and ``MultiRNNCell/Cell0``. Two
differences from that script, both deliberate: a pattern matches whole path segments only (so a user scope
``my_gru_cell`` is left alone), and a 0.x name is carried all the way to the 1.2 name
(``LSTMCell/W_0`` -> ``lstm_cell/weights/part_0`` -> ``lstm_cell/kernel/part_0``); 0.x shards are then
concatenated by :func:`merge_shards`, as TF 0.x concatenated them at run time (along axis 0).
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["modern_name", "merge_shards"]

# TF 1.0/1.1 -> TF 1.2 (first matching entry wins, as in TF's script).
_WEIGHTS_TO_KERNEL: tuple[tuple[str, str], ...] = tuple(
    (f"{scope}/{old}", f"{scope}/{new}")
    for scope, pairs in (
        ("basic_rnn_cell", (("weights", "kernel"), ("biases", "bias"))),
        ("gru_cell", (("weights", "kernel"), ("biases", "bias"))),
        ("gru_cell/gates", (("weights", "kernel"), ("biases", "bias"))),
        ("gru_cell/candidate", (("weights", "kernel"), ("biases", "bias"))),
        ("basic_lstm_cell", (("weights", "kernel"), ("biases", "bias"))),
        ("lstm_cell", (("weights", "kernel"), ("biases", "bias"))),
        ("lstm_cell/projection", (("weights", "kernel"), ("biases", "bias"))),
        ("output_projection_wrapper", (("weights", "kernel"), ("biases", "bias"))),
        ("input_projection_wrapper", (("weights", "kernel"), ("biases", "bias"))),
        ("lstm_block_wrapper", (("weights", "kernel"), ("biases", "bias"))),
        ("layer_norm_basic_lstm_cell", (("weights", "kernel"), ("biases", "bias"))),
        ("ugrnn_cell", (("weights", "kernel"), ("biases", "bias"))),
        ("nas_rnn", (("weights", "kernel"), ("recurrent_weights", "recurrent_kernel"))),
        ("intersection_rnn_cell", (("weights", "kernel"), ("biases", "bias"))),
        ("intersection_rnn_cell/in_projection", (("weights", "kernel"), ("biases", "bias"))),
        ("phased_lstm_cell/mask_gates", (("weights", "kernel"), ("biases", "bias"))),
        ("phased_lstm_cell/new_input", (("weights", "kernel"), ("biases", "bias"))),
        ("phased_lstm_cell/output_gate", (("weights", "kernel"), ("biases", "bias"))),
        ("attention_cell_wrapper", (("weights", "kernel"), ("biases", "bias"))),
        ("attention_cell_wrapper/attn_output_projection", (("weights", "kernel"), ("biases", "bias"))),
        ("attention_cell_wrapper/attention", (("weights", "kernel"), ("biases", "bias"))),
    )
    for old, new in pairs
)

# TF 0.x -> TF 1.0; each applies where it matches, followed by a shard or cell number.
_SHARDED_TO_1_0: tuple[tuple[str, str], ...] = (
    ("LSTMCell/W_", "lstm_cell/weights/part_"),
    ("BasicLSTMCell/Linear/Matrix_", "basic_lstm_cell/weights/part_"),
    ("GRUCell/W_", "gru_cell/weights/part_"),
    ("MultiRNNCell/Cell", "multi_rnn_cell/cell_"),
)

_SEGMENT_START = r"(?:(?<=/)|^)"
_WEIGHTS_PATTERNS = tuple((re.compile(_SEGMENT_START + re.escape(old) + r"(?=/|$)"), new)
                          for old, new in _WEIGHTS_TO_KERNEL)
_SHARDED_PATTERNS = tuple((re.compile(_SEGMENT_START + re.escape(old) + r"(?=\d+(?:/|$))"), new)
                          for old, new in _SHARDED_TO_1_0)
_SHARD = re.compile(r"^(?P<base>.+)/part_(?P<index>\d+)$")


def modern_name(name: str) -> str:
    """The TF 1.2+ name of a checkpoint variable name (unchanged when no pre-1.2 pattern matches)."""
    for pattern, replacement in _SHARDED_PATTERNS:
        name = pattern.sub(replacement, name)
    for pattern, replacement in _WEIGHTS_PATTERNS:
        renamed, count = pattern.subn(replacement, name, count=1)
        if count:
            return renamed
    return name


def merge_shards(values: dict[str, np.ndarray], wanted: set[str]) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
    """Concatenate ``X/part_0``, ``X/part_1``, ... along axis 0 into ``X`` where ``X`` is wanted and absent.

    Returns the new ``{name: value}`` and ``{merged name: [shard names in order]}``. Shards must be
    numbered 0..n-1 without gaps; otherwise they are left as they are (and reported as unmatched later).
    """
    groups: dict[str, dict[int, str]] = {}
    for name in values:
        match = _SHARD.match(name)
        if match and match["base"] in wanted and match["base"] not in values:
            groups.setdefault(match["base"], {})[int(match["index"])] = name
    merged = dict(values)
    sources: dict[str, list[str]] = {}
    for base, shards in groups.items():
        if sorted(shards) != list(range(len(shards))):
            continue
        ordered = [shards[index] for index in range(len(shards))]
        merged[base] = np.concatenate([values[shard] for shard in ordered], axis=0)
        for shard in ordered:
            del merged[shard]
        sources[base] = ordered
    return merged, sources
