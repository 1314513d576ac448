"""contrib.rnn's LSTM variants in an unmodified TF1 script under the emulation (runtime cells).

The script builds NASCell (public name), LayerNormLSTMCell (through TF 1.15's private module path, the
only way TF 1.15 exposed it) and a MultiRNNCell of GLSTMCell and IndyLSTMCell under TF1's dynamic_rnn;
the numbers are checked against the numpy re-derivations of the runtime tests with the weights the
script's initializers drew.
"""

from __future__ import annotations

import functools

import numpy as np

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok
from runtime.test_rnn_contrib_lstm import np_glstm, np_indy, np_layer_norm_lstm, np_nas

LENGTHS = [3, 2]


def _relative(weights, scope):
    return {name[len(scope):]: np.asarray(value, np.float32) for name, value in weights.items()
            if name.startswith(scope)}


def _run_numpy(step, x, state):
    outputs = []
    for t in range(x.shape[1]):
        output, new_state = step(x[:, t], state)
        alive = (t < np.array(LENGTHS))[:, None]
        outputs.append(np.where(alive, output, 0.0))
        state = [np.where(alive, new, old) for new, old in zip(new_state, state)]
    return np.stack(outputs, 1), state


def test_tf1_script_with_contrib_lstm_variants_runs_with_tf1_names(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "contrib_lstm_cells.py", cwd=tmp_path).stdout)
    stack = "stack/rnn/multi_rnn_cell/"
    assert report["names"] == (
        [f"nas/rnn/nas_cell/{n}" for n in ("recurrent_kernel", "kernel", "bias", "projection_weights")]
        + [f"layer_norm/rnn/layer_norm_lstm_cell/{n}" for n in (
            "kernel", "bias", "input/gamma", "input/beta", "transform/gamma", "transform/beta", "forget/gamma",
            "forget/beta", "output/gamma", "output/beta", "w_f_diag", "w_i_diag", "w_o_diag", "state/gamma",
            "state/beta")]
        + [f"{stack}cell_0/glstm_cell/{n}" for n in ("group0/kernel", "group1/kernel", "bias_i", "bias_j",
                                                      "bias_f", "bias_o")]
        + [f"{stack}cell_1/indy_lstm_cell/{n}" for n in ("kernel_w", "kernel_u", "bias")])
    weights, x = report["weights"], np.asarray(report["x"], np.float32)
    np.testing.assert_allclose(weights["layer_norm/rnn/layer_norm_lstm_cell/forget/gamma"], [0.8] * 4)

    nas = _relative(weights, "nas/rnn/nas_cell/")
    norm = _relative(weights, "layer_norm/rnn/layer_norm_lstm_cell/")
    glstm = _relative(weights, f"{stack}cell_0/glstm_cell/")
    indy = _relative(weights, f"{stack}cell_1/indy_lstm_cell/")

    def stacked(inputs, state):
        middle, (c0, m0) = np_glstm(glstm, inputs, state[:2], units=4, number_of_groups=2)
        output, (c1, h1) = np_indy(indy, middle, state[2:])
        return output, [c0, m0, c1, h1]

    zeros = functools.partial(np.zeros, dtype=np.float32)
    expected = {
        "nas": _run_numpy(functools.partial(np_nas, nas, num_proj=3, use_biases=True), x, [zeros((2, 5)),
                                                                                            zeros((2, 3))]),
        "layer_norm": _run_numpy(functools.partial(np_layer_norm_lstm, norm, use_peepholes=True, layer_norm_on=True),
                                 x, [zeros((2, 4)), zeros((2, 4))]),
        "stack": _run_numpy(stacked, x, [zeros((2, 4))] * 2 + [zeros((2, 3))] * 2),
    }
    for key, (outputs, state) in expected.items():
        np.testing.assert_allclose(report[key]["outputs"], outputs, rtol=1e-5, atol=1e-5, err_msg=key)
        for got, want in zip(report[key]["state"], state):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, err_msg=key)
