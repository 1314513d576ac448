"""contrib.rnn's conv and grid LSTMs in an unmodified TF1 script under the emulation (runtime cells)."""

from __future__ import annotations

import numpy as np

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok
from runtime.test_rnn_contrib_conv_grid import np_conv_lstm_step


def test_tf1_script_with_conv_and_grid_lstm_cells_runs_with_tf1_names(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "contrib_conv_grid_cells.py", cwd=tmp_path).stdout)
    grid = "spectrum/rnn/grid_lstm_cell/"
    assert report["names"] == ["video/rnn/conv_lstm_cell/kernel", "video/rnn/conv_lstm_cell/biases"] + [
        grid + name for name in ("W_f_0_0", "B_f_0", "W_t_0_0", "B_t_0", "W_F_diag_freqf_0", "W_F_diag_freqt_0",
                                 "W_I_diag_freqf_0", "W_I_diag_freqt_0", "W_O_diag_freqf_0", "W_O_diag_freqt_0",
                                 "W_F_diag_timef_0", "W_F_diag_timet_0", "W_I_diag_timef_0", "W_I_diag_timet_0",
                                 "W_O_diag_timef_0", "W_O_diag_timet_0")]
    assert report["grid_state_type"] == "GridLSTMStateTuple"
    assert report["grid_output_shape"] == [2, 5, 2 * 2 * 3]
    # The conv LSTM against numpy, with the weights the script's initializers drew (the rnn/ prefix as in
    # the reference's names).
    weights = {name.replace("video/", ""): np.asarray(value) for name, value in report["weights"].items()}
    x, outputs = np.asarray(report["x"]), np.asarray(report["outputs"])
    for b, length in enumerate([2, 3]):
        c = h = np.zeros([1, 4, 4, 3])
        for t in range(3):
            if t < length:
                out, (c, h) = np_conv_lstm_step(x[b:b + 1, t], c, h, weights)
                np.testing.assert_allclose(outputs[b, t], out[0], rtol=1e-5, atol=1e-5)
            else:
                np.testing.assert_array_equal(outputs[b, t], 0.0)
        np.testing.assert_allclose(report["c"][b], c[0], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(report["h"][b], h[0], rtol=1e-5, atol=1e-5)
