"""tf.contrib.cudnn_rnn in an unmodified TF1 script under the emulation (runtime layers and cells).

The script builds a bidirectional CudnnLSTM, a CudnnGRU through the private layers path, and a
MultiRNNCell of CudnnCompatibleGRUCell under TF1's dynamic_rnn; names must be TF1's canonical ones and
the numbers are checked against the cuDNN numpy formulas of the runtime tests, read back through the
canonical layout from the weights the script's initializers drew.
"""

from __future__ import annotations

import numpy as np

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok
from runtime.test_cudnn_rnn import cudnn_direction

UNITS, DEPTH = 3, 4
LENGTHS = np.array([3, 2])


def lstm_params(kernel, bias):
    """cuDNN's per-gate parameters from a canonical LSTM kernel / bias (gates i, c, f, o; the summed
    bias put on the input side, which computes the same)."""
    blocks = dict(zip(("i", "c", "f", "o"), np.split(np.asarray(kernel, np.float32).T, 4)))
    biases = dict(zip(("i", "c", "f", "o"), np.split(np.asarray(bias, np.float32), 4)))
    zeros = np.zeros(UNITS, np.float32)
    return {"W": {g: b[:, :-UNITS] for g, b in blocks.items()}, "R": {g: b[:, -UNITS:] for g, b in blocks.items()},
            "bW": biases, "bR": {g: zeros for g in biases}}


def gru_params(w):
    gates = dict(zip(("r", "u"), np.split(np.asarray(w["gates/kernel"], np.float32).T, 2)))
    gate_bias = dict(zip(("r", "u"), np.split(np.asarray(w["gates/bias"], np.float32), 2)))
    zeros = np.zeros(UNITS, np.float32)
    return {"W": {**{g: b[:, :-UNITS] for g, b in gates.items()},
                  "h": np.asarray(w["candidate/input_projection/kernel"], np.float32).T},
            "R": {**{g: b[:, -UNITS:] for g, b in gates.items()},
                  "h": np.asarray(w["candidate/hidden_projection/kernel"], np.float32).T},
            "bW": {**gate_bias, "h": np.asarray(w["candidate/input_projection/bias"], np.float32)},
            "bR": {"r": zeros, "u": zeros, "h": np.asarray(w["candidate/hidden_projection/bias"], np.float32)}}


def test_tf1_script_with_cudnn_rnn_runs_with_canonical_names(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "contrib_cudnn_rnn.py", cwd=tmp_path).stdout)
    bidi = "encoder/cudnn_lstm/stack_bidirectional_rnn/cell_0/bidirectional_rnn"
    gru_names = ("gates/kernel", "gates/bias", "candidate/input_projection/kernel",
                 "candidate/hidden_projection/kernel", "candidate/input_projection/bias",
                 "candidate/hidden_projection/bias")
    assert report["names"] == (
        [f"{bidi}/{d}/cudnn_compatible_lstm_cell/{n}" for d in ("fw", "bw") for n in ("kernel", "bias")]
        + [f"encoder/cudnn_gru/rnn/multi_rnn_cell/cell_0/cudnn_compatible_gru_cell/{n}" for n in gru_names]
        + [f"decoder/rnn/multi_rnn_cell/cell_0/cudnn_compatible_gru_cell/{n}" for n in gru_names])
    weights, x = report["weights"], np.asarray(report["x"], np.float32)
    zeros = np.zeros((2, UNITS), np.float32)

    outputs, states_h, states_c = [], [], []
    for direction, reverse in (("fw", False), ("bw", True)):
        prefix = f"{bidi}/{direction}/cudnn_compatible_lstm_cell"
        p = lstm_params(weights[f"{prefix}/kernel"], weights[f"{prefix}/bias"])
        out, h, c = cudnn_direction("lstm", p, x, zeros, zeros, LENGTHS, reverse)
        outputs.append(out)
        states_h.append(h)
        states_c.append(c)
    lstm_outputs, lstm_h, lstm_c = report["lstm"]
    np.testing.assert_allclose(lstm_outputs, np.concatenate(outputs, 2), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(lstm_h, np.stack(states_h), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(lstm_c, np.stack(states_c), rtol=1e-5, atol=1e-5)

    prefix = "decoder/rnn/multi_rnn_cell/cell_0/cudnn_compatible_gru_cell/"
    p = gru_params({n: weights[prefix + n] for n in gru_names})
    out, h, _ = cudnn_direction("gru", p, x, zeros, None, LENGTHS, reverse=False)
    gru_outputs, gru_h = report["gru"]
    np.testing.assert_allclose(gru_outputs, out, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(gru_h, h, rtol=1e-5, atol=1e-5)
