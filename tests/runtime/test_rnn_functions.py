"""dynamic_rnn / bidirectional / static / stacked RNNs against TF1's real functions (subprocess).

Every case is one program text run with ``rnn_cell`` + ``rnn_fn`` bound to the runtime here and to
``tf.compat.v1.nn.rnn_cell`` + TF1's functions in the reference process. contrib's stacked bidirectional
functions are not in TF 2.21, so the reference composes them from TF1's bidirectional functions exactly as
contrib's source did (scope ``stack_bidirectional_rnn/cell_i``, layer outputs concatenated).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_graph_weights, random_weights
from tf1_reference import run_tf1
from tf_seq2seq_migrate.runtime import rnn

BATCH, TIME, DEPTH = 3, 5, 4
LENGTHS = np.array([5, 2, 0], dtype=np.int32)

# Each program reads x (batch-major [3, 5, 4]), x_time_major, lengths; sets `result` (nested tensors).
CASES = {
    "dynamic_lstm_lengths": """
cell = rnn_cell.LSTMCell(4, use_peepholes=True, num_proj=3)
result = rnn_fn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
""",
    "dynamic_gru_time_major_initial_state": """
cell = rnn_cell.GRUCell(3)
init = tf.constant(np.linspace(-1, 1, 9, dtype=np.float32).reshape(3, 3))
result = rnn_fn.dynamic_rnn(cell, x_time_major, initial_state=init, time_major=True)
""",
    "dynamic_multi_lengths_scope": """
cell = rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(4), rnn_cell.GRUCell(3)])
result = rnn_fn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32, scope="encoder")
""",
    "dynamic_basic_rnn_loop_options": """
cell = rnn_cell.BasicRNNCell(3)
result = rnn_fn.dynamic_rnn(cell, x * 2.0, sequence_length=lengths, dtype=tf.float32, parallel_iterations=4,
                            swap_memory=True)
""",
    "static_state_saving": """
class Saver:
    saved = {}

    def state(self, name):
        return tf.fill([3, 3], 0.25 if name == "c" else -0.5)

    def save_state(self, name, value):
        self.saved[name] = value
        return tf.no_op()


cell = rnn_cell.LSTMCell(3)
result = rnn_fn.static_state_saving_rnn(cell, tf.unstack(x, axis=1), Saver(), ("c", "h"), sequence_length=lengths)
result = (result, Saver.saved["c"])
""",
    "bidirectional_lengths": """
result = rnn_fn.bidirectional_dynamic_rnn(rnn_cell.BasicLSTMCell(3), rnn_cell.GRUCell(2), x,
                                          sequence_length=lengths, dtype=tf.float32)
""",
    "bidirectional_time_major_no_lengths": """
result = rnn_fn.bidirectional_dynamic_rnn(rnn_cell.GRUCell(3), rnn_cell.GRUCell(3), x_time_major,
                                          dtype=tf.float32, time_major=True, scope="birnn")
""",
    "static_lstm_lengths": """
cell = rnn_cell.LSTMCell(3, forget_bias=0.3)
result = rnn_fn.static_rnn(cell, tf.unstack(x, axis=1), sequence_length=lengths, dtype=tf.float32)
""",
    "static_bidirectional_lengths": """
result = rnn_fn.static_bidirectional_rnn(rnn_cell.GRUCell(3), rnn_cell.BasicLSTMCell(2), tf.unstack(x, axis=1),
                                         sequence_length=lengths, dtype=tf.float32)
""",
    "stack_bidirectional_dynamic": """
result = rnn_fn.stack_bidirectional_dynamic_rnn([rnn_cell.GRUCell(3), rnn_cell.BasicLSTMCell(2)],
                                                [rnn_cell.GRUCell(3), rnn_cell.GRUCell(2)], x,
                                                sequence_length=lengths, dtype=tf.float32)
""",
    "stack_bidirectional_static": """
result = rnn_fn.stack_bidirectional_rnn([rnn_cell.GRUCell(3), rnn_cell.GRUCell(2)],
                                        [rnn_cell.BasicRNNCell(3), rnn_cell.GRUCell(2)], tf.unstack(x, axis=1),
                                        sequence_length=lengths, dtype=tf.float32)
""",
}

_TF1_SNIPPET = '''
import json, types
cases = json.loads(inputs["cases"].item())


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                                    dtype=None, sequence_length=None, parallel_iterations=None, time_major=False,
                                    scope=None):
    states_fw, states_bw, layer = [], [], inputs
    with tf.compat.v1.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (fw, bw) in enumerate(zip(cells_fw, cells_bw)):
            with tf.compat.v1.variable_scope("cell_%d" % i):
                outs, (sf, sb) = tf.compat.v1.nn.bidirectional_dynamic_rnn(
                    fw, bw, layer, sequence_length=sequence_length, dtype=dtype, time_major=time_major)
                layer = tf.concat(outs, 2)
            states_fw.append(sf)
            states_bw.append(sb)
    return layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                            dtype=None, sequence_length=None, scope=None):
    states_fw, states_bw, layer = [], [], inputs
    with tf.compat.v1.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (fw, bw) in enumerate(zip(cells_fw, cells_bw)):
            with tf.compat.v1.variable_scope("cell_%d" % i) as cell_scope:
                layer, sf, sb = tf.compat.v1.nn.static_bidirectional_rnn(
                    fw, bw, layer, sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(sf)
            states_bw.append(sb)
    return layer, tuple(states_fw), tuple(states_bw)


rnn_fn = types.SimpleNamespace(
    dynamic_rnn=tf.compat.v1.nn.dynamic_rnn, bidirectional_dynamic_rnn=tf.compat.v1.nn.bidirectional_dynamic_rnn,
    static_rnn=tf.compat.v1.nn.static_rnn, static_state_saving_rnn=tf.compat.v1.nn.static_state_saving_rnn,
    static_bidirectional_rnn=tf.compat.v1.nn.static_bidirectional_rnn,
    stack_bidirectional_dynamic_rnn=stack_bidirectional_dynamic_rnn, stack_bidirectional_rnn=stack_bidirectional_rnn)
for name, program in cases.items():
    case_weights = {k[len(name) + 1:]: v for k, v in weights.items() if k.startswith(name + "/")}
    with tf.Graph().as_default():
        namespace = dict(tf=tf, np=np, rnn_cell=tf.compat.v1.nn.rnn_cell, rnn_fn=rnn_fn,
                         x=tf.constant(inputs["x"]), x_time_major=tf.constant(inputs["x"].transpose(1, 0, 2)),
                         lengths=tf.constant(inputs["lengths"]))
        exec(program, namespace)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assign_by_name(sess, case_weights)
            values = sess.run(tf.nest.flatten(namespace["result"]))
        for i, value in enumerate(values):
            outputs[f"{name}/out{i}"] = value
        outputs[name + "/names"] = variable_names()
'''


def _runtime_graph(program, x, weights=None):
    """Run ``program`` with the runtime in a v1 graph; returns (flat values, variable shapes)."""
    with tf.Graph().as_default():
        namespace = dict(tf=tf, np=np, rnn_cell=rnn, rnn_fn=rnn, x=tf.constant(x),
                         x_time_major=tf.constant(x.transpose(1, 0, 2)), lengths=tf.constant(LENGTHS))
        exec(program, namespace)
        shapes = {v.name[:-2]: tuple(v.shape.as_list()) for v in tf.compat.v1.global_variables()}
        if weights is None:
            return None, shapes
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assign_graph_weights(sess, weights)
            return sess.run(tf.nest.flatten(namespace["result"])), shapes


@pytest.fixture(scope="module")
def prepared():
    x = np.random.default_rng(7).normal(size=(BATCH, TIME, DEPTH)).astype(np.float32)
    weights = {}
    for index, (name, program) in enumerate(CASES.items()):
        _, shapes = _runtime_graph(program, x)
        weights[name] = random_weights(shapes, seed=50 + index)
    payload = {"x": x, "lengths": LENGTHS, "cases": np.array(json.dumps(CASES))}
    for name, case_weights in weights.items():
        for var_name, value in case_weights.items():
            payload[f"weights/{name}/{var_name}"] = value
    return x, weights, run_tf1(_TF1_SNIPPET, payload)


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_mode_matches_tf1(prepared, name):
    x, weights, reference = prepared
    values, shapes = _runtime_graph(CASES[name], x, weights[name])
    assert sorted(shapes) == list(reference[name + "/names"])
    expected = [reference[f"{name}/out{i}"] for i in range(len([k for k in reference if k.startswith(name + "/out")]))]
    assert len(values) == len(expected)
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_lengths_zero_outputs_and_copy_state_through_eagerly(prepared):
    """Row 1 has length 2: outputs from t=2 on are zero and its final state is the state after step 2;
    row 2 has length 0: all zero. Checked on the runtime run eagerly (no session)."""
    x, _, _ = prepared
    cell = rnn.LSTMCell(4, use_peepholes=True, num_proj=3)
    outputs, (final_c, final_h) = rnn.dynamic_rnn(cell, tf.constant(x), sequence_length=LENGTHS, dtype=tf.float32)
    outputs, final_c, final_h = outputs.numpy(), final_c.numpy(), final_h.numpy()
    assert np.all(outputs[1, 2:] == 0) and np.all(outputs[1, :2] != 0)
    assert np.all(outputs[2] == 0) and np.all(final_c[2] == 0)
    np.testing.assert_array_equal(final_h[1], outputs[1, 1])
    np.testing.assert_array_equal(final_h[0], outputs[0, -1])
    _, (c_two_steps, _) = rnn.dynamic_rnn(cell, tf.constant(x[1:2, :2]), dtype=tf.float32)
    np.testing.assert_allclose(final_c[1], c_two_steps.numpy()[0], rtol=1e-6, atol=1e-6)
