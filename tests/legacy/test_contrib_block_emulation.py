"""contrib.rnn's block and fused cells in an unmodified TF1 training script under the emulation."""

from __future__ import annotations

import numpy as np

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok
from runtime.test_rnn_contrib_block import np_block_lstm


def test_tf1_script_with_block_and_fused_cells_trains_with_tf1_names(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "contrib_block_cells.py", cwd=tmp_path).stdout)
    lstm, gru = "encoder/rnn/multi_rnn_cell/cell_0/lstm_cell/", "encoder/rnn/multi_rnn_cell/cell_1/gru_cell/"
    assert report["names"] == (
        [lstm + name for name in ("kernel", "bias", "w_i_diag", "w_f_diag", "w_o_diag")]
        + [gru + name for name in ("w_ru", "b_ru", "w_c", "b_c")]
        + ["fw/kernel", "fw/bias", "bw/kernel", "bw/bias"]
        + ["adapted/gru_cell/gates/kernel", "adapted/gru_cell/gates/bias", "adapted/gru_cell/candidate/kernel",
           "adapted/gru_cell/candidate/bias"])
    # The fused cell against numpy, on the encoder outputs the script computed, with its initial weights.
    encoded = np.asarray(report["encoded"], np.float32)
    zeros = np.zeros((2, 4), np.float32)
    outputs, (c, h) = np_block_lstm(encoded, zeros, zeros, np.asarray(report["weights"]["fw/kernel"]),
                                    np.asarray(report["weights"]["fw/bias"]), np.array([4, 2]), cell_clip=2.0)
    np.testing.assert_allclose(report["outputs"], outputs, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(report["c"], c, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(report["h"], h, rtol=1e-5, atol=1e-5)
    losses = report["losses"]
    assert losses[-1] < losses[0]
