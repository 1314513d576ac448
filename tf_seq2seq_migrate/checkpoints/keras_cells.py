"""TF1 LSTM / GRU cell weights in the layouts of Keras 3's ``LSTMCell`` and ``GRUCell``.

TF1 ``BasicLSTMCell`` / ``LSTMCell``: one ``kernel`` over ``concat([inputs, h])`` of shape
``[input_depth + units, 4 * units]``, gate blocks in the order i, j (candidate), f, o, and ``forget_bias``
added to f at run time (not stored). Keras ``LSTMCell``: ``kernel`` ``[input_depth, 4 * units]`` for the
inputs, ``recurrent_kernel`` ``[units, 4 * units]`` for h, blocks i, f, c (candidate), o, and one ``bias``.
So the TF1 kernel is split by rows, its column blocks reordered, and ``forget_bias`` folded into f's bias.

TF1 ``GRUCell``: ``gates/kernel`` ``[d + units, 2 * units]`` (blocks r, u), ``gates/bias``,
``candidate/kernel`` ``[d + units, units]`` over ``concat([inputs, r * h])`` and ``candidate/bias``;
``h' = u * h + (1 - u) * tanh(...)``. Keras ``GRUCell`` blocks are z (= TF1's u), r, h. Only
``reset_after=False`` computes TF1's candidate (the reset gate applied to h before the matmul); Keras 3's
default ``reset_after=True`` applies it after, which is a different function, so it is refused.

TF1 cells this cannot express in Keras (peepholes, projection, cell clipping) are refused too.
"""

from __future__ import annotations

import numpy as np

from tf_seq2seq_migrate.checkpoints.errors import CheckpointError

__all__ = ["lstm_to_keras", "gru_to_keras", "keras_cell_kind", "check_keras_cell"]


def lstm_to_keras(kernel: np.ndarray, bias: np.ndarray, forget_bias: float = 1.0) -> dict[str, np.ndarray]:
    """``{kernel, recurrent_kernel, bias}`` for Keras ``LSTMCell`` from a TF1 LSTM kernel and bias."""
    units = bias.shape[0] // 4
    input_depth = kernel.shape[0] - units
    if kernel.shape[1] != 4 * units or input_depth < 0:
        raise CheckpointError(f"LSTM kernel of shape {list(kernel.shape)} does not fit a bias of shape "
                              f"{list(bias.shape)}")
    i, j, f, o = np.split(kernel, 4, axis=1)
    reordered = np.concatenate([i, f, j, o], axis=1)
    b_i, b_j, b_f, b_o = np.split(bias, 4)
    return {
        "kernel": reordered[:input_depth],
        "recurrent_kernel": reordered[input_depth:],
        "bias": np.concatenate([b_i, b_f + np.asarray(forget_bias, bias.dtype), b_j, b_o]).astype(bias.dtype),
    }


def gru_to_keras(gate_kernel: np.ndarray, gate_bias: np.ndarray, candidate_kernel: np.ndarray,
                 candidate_bias: np.ndarray) -> dict[str, np.ndarray]:
    """``{kernel, recurrent_kernel, bias}`` for Keras ``GRUCell(reset_after=False)`` from TF1 GRU weights."""
    units = candidate_bias.shape[0]
    input_depth = candidate_kernel.shape[0] - units
    if gate_kernel.shape != (input_depth + units, 2 * units) or gate_bias.shape != (2 * units,):
        raise CheckpointError(f"GRU gate weights {list(gate_kernel.shape)}/{list(gate_bias.shape)} do not fit "
                              f"candidate weights {list(candidate_kernel.shape)}/{list(candidate_bias.shape)}")
    reset, update = np.split(gate_kernel, 2, axis=1)
    combined = np.concatenate([update, reset, candidate_kernel], axis=1)
    bias_reset, bias_update = np.split(gate_bias, 2)
    return {
        "kernel": combined[:input_depth],
        "recurrent_kernel": combined[input_depth:],
        "bias": np.concatenate([bias_update, bias_reset, candidate_bias]),
    }


def keras_cell_kind(cell) -> str | None:
    """``"lstm"`` or ``"gru"`` for Keras 3 ``LSTMCell`` / ``GRUCell`` instances, else ``None``."""
    import keras

    if isinstance(cell, keras.layers.LSTMCell):
        return "lstm"
    if isinstance(cell, keras.layers.GRUCell):
        return "gru"
    return None


def check_keras_cell(cell) -> None:
    """Refuse Keras cell configurations that compute something other than the TF1 cell."""
    import keras

    problems = []
    if not cell.use_bias:
        problems.append("use_bias=False (TF1 cells always add a bias)")
    if cell.activation is not keras.activations.tanh:
        problems.append("an activation other than tanh")
    if cell.recurrent_activation is not keras.activations.sigmoid:
        problems.append("a recurrent_activation other than sigmoid")
    if keras_cell_kind(cell) == "gru" and cell.reset_after:
        problems.append("reset_after=True (TF1's GRUCell applies the reset gate before the matmul: "
                        "use keras.layers.GRUCell(..., reset_after=False))")
    if problems:
        raise CheckpointError(f"Keras cell {cell.name!r} cannot hold TF1 weights: it has " + "; ".join(problems))
