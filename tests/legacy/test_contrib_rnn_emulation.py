"""contrib.rnn's RNN/GRU variants and wrappers in an unmodified TF1 script under the emulation (runtime cells).

The script builds every cell of tests/runtime/test_rnn_contrib_rnn.py the TF1 way (public and private
import paths, TF1's own LSTMCell/GRUCell inside the wrappers) under TF1's dynamic_rnn with
sequence_length; the numbers are checked against that module's numpy re-derivations with the weights the
script's initializers drew, and the variable names against TF 1.15's.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok
from runtime.test_rnn_contrib_rnn import CASES, numpy_dynamic_rnn


def test_tf1_script_with_contrib_rnn_variants_and_wrappers_runs_with_tf1_names(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "contrib_rnn_cells.py", cwd=tmp_path).stdout)
    expected_names = {f"{key}/rnn/{name}" for key, (_, names, _, _) in CASES.items() for name in names}
    assert sorted(report["names"]) == sorted(expected_names)
    weights = {name: np.asarray(value, np.float64) for name, value in report["weights"].items()}
    x = np.asarray(report["x"], np.float64)
    for key, (make_cell, _, step, scope) in CASES.items():
        zeros = tf.nest.map_structure(lambda z: np.zeros(z.shape, np.float64), make_cell().zero_state(3, tf.float32))
        outputs, state = numpy_dynamic_rnn(step, x, zeros, weights, f"{key}/rnn/{scope}")
        np.testing.assert_allclose(report[key]["outputs"], outputs, rtol=1e-5, atol=1e-5, err_msg=key)
        assert len(report[key]["state"]) == len(state), key
        for got, want in zip(report[key]["state"], state):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, err_msg=key)
