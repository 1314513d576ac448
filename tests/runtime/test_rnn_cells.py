"""Every runtime cell against TF1's real cell (tf_keras legacy, subprocess) with identical weights.

Each case runs two steps from a random initial state (the second step reuses the weights) in a v1
graph and eagerly; the graph-mode variable names must equal the ones TF1 creates.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import (
    assign_eager_weights,
    assign_graph_weights,
    flatten_state,
    graph_variable_shapes,
    random_weights,
    runtime_namespace,
)
from tf1_reference import run_tf1

BATCH = 3

# name -> (cell expression over rnn_cell / tf, input depth)
CASES = {
    "basic_rnn": ("rnn_cell.BasicRNNCell(5)", 4),
    "basic_rnn_relu": ("rnn_cell.BasicRNNCell(5, activation=tf.nn.relu)", 4),
    "basic_lstm": ("rnn_cell.BasicLSTMCell(5, forget_bias=0.7)", 4),
    "basic_lstm_concat_state": ("rnn_cell.BasicLSTMCell(5, state_is_tuple=False)", 4),
    "lstm": ("rnn_cell.LSTMCell(5)", 4),
    "lstm_peephole_clip_proj": ("rnn_cell.LSTMCell(5, use_peepholes=True, cell_clip=0.3, num_proj=3, "
                                "proj_clip=0.2, forget_bias=0.5)", 4),
    "lstm_proj_concat_state": ("rnn_cell.LSTMCell(5, num_proj=3, state_is_tuple=False)", 4),
    "lstm_named": ("rnn_cell.LSTMCell(4, name='encoder_cell')", 3),
    "gru": ("rnn_cell.GRUCell(5)", 4),
    "gru_relu_bias_init": ("rnn_cell.GRUCell(5, activation=tf.nn.relu, "
                           "bias_initializer=tf.compat.v1.constant_initializer(0.5))", 4),
    "multi": ("rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(4), rnn_cell.GRUCell(3), rnn_cell.LSTMCell(2, "
              "num_proj=2)])", 4),
    "multi_concat_state": ("rnn_cell.MultiRNNCell([rnn_cell.GRUCell(3), rnn_cell.BasicRNNCell(3)], "
                           "state_is_tuple=False)", 4),
    "residual": ("rnn_cell.ResidualWrapper(rnn_cell.GRUCell(4))", 4),
    "residual_fn": ("rnn_cell.ResidualWrapper(rnn_cell.BasicRNNCell(4), residual_fn=lambda i, o: 2.0 * i - o)", 4),
    "device": ("rnn_cell.DeviceWrapper(rnn_cell.BasicLSTMCell(4), '/cpu:0')", 3),
    "dropout_keep_all": ("rnn_cell.DropoutWrapper(rnn_cell.BasicLSTMCell(4))", 3),
    "multi_of_wrappers": ("rnn_cell.MultiRNNCell([rnn_cell.ResidualWrapper(rnn_cell.GRUCell(3)), "
                          "rnn_cell.DropoutWrapper(rnn_cell.LSTMCell(3, use_peepholes=True))])", 3),
}

# Random dropout in a v1 graph with a graph seed and op seeds: TF1's masks are reproduced exactly.
# Sharded kernels (num_unit_shards) exist only in graphs: kernel/part_0, kernel/part_1.
GRAPH_ONLY_CASES = {
    "dropout_seeded": ("rnn_cell.DropoutWrapper(rnn_cell.LSTMCell(4), input_keep_prob=0.7, output_keep_prob=0.8, "
                       "state_keep_prob=0.6, seed=5)", 3),
    "dropout_variational": ("rnn_cell.DropoutWrapper(rnn_cell.GRUCell(4), input_keep_prob=0.7, "
                            "output_keep_prob=0.8, state_keep_prob=0.6, variational_recurrent=True, input_size=3, "
                            "dtype=tf.float32, seed=9)", 3),
    "dropout_custom_state_filter": ("rnn_cell.DropoutWrapper(rnn_cell.BasicLSTMCell(4), state_keep_prob=0.5, seed=2, "
                                    "dropout_state_filter_visitor=lambda s: True)", 3),
    "lstm_sharded": ("rnn_cell.LSTMCell(5, num_proj=3, num_unit_shards=2, num_proj_shards=3)", 4),
}

_TF1_SNIPPET = """
import json
cases = json.loads(inputs["cases"].item())
rnn_cell = tf.compat.v1.nn.rnn_cell
for name, (expression, depth) in cases.items():
    case_weights = {k[len(name) + 1:]: v for k, v in weights.items() if k.startswith(name + "/")}
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(11)
        cell = eval(expression)
        x1 = tf.constant(inputs[name + "/x1"])
        x2 = tf.constant(inputs[name + "/x2"])
        flat_state = [tf.constant(inputs[f"{name}/state{i}"]) for i in range(int(inputs[name + "/n_state"]))]
        state = tf.nest.pack_sequence_as(cell.state_size, flat_state)
        with tf.compat.v1.variable_scope("rnn"):
            y1, s1 = cell(x1, state)
            y2, s2 = cell(x2, s1)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assign_by_name(sess, case_weights)
            values = sess.run([y1, y2] + tf.nest.flatten(s2))
        for i, value in enumerate(values):
            outputs[f"{name}/out{i}"] = value
        outputs[name + "/names"] = variable_names()
"""


def _step_inputs(name, depth, state_size, seed):
    generator = np.random.default_rng(seed)
    arrays = {f"{name}/x1": generator.normal(size=(BATCH, depth)).astype(np.float32),
              f"{name}/x2": generator.normal(size=(BATCH, depth)).astype(np.float32)}
    sizes = tf.nest.flatten(state_size)
    for i, size in enumerate(sizes):
        arrays[f"{name}/state{i}"] = generator.normal(scale=0.5, size=(BATCH, int(size))).astype(np.float32)
    arrays[f"{name}/n_state"] = np.array(len(sizes))
    return arrays


def _run_runtime_graph(expression, arrays, name, weights):
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(11)
        cell = eval(expression, runtime_namespace())
        flat = [tf.constant(arrays[f"{name}/state{i}"]) for i in range(int(arrays[f"{name}/n_state"]))]
        state = tf.nest.pack_sequence_as(cell.state_size, flat)
        with tf.compat.v1.variable_scope("rnn"):
            y1, s1 = cell(tf.constant(arrays[f"{name}/x1"]), state)
            y2, s2 = cell(tf.constant(arrays[f"{name}/x2"]), s1)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assign_graph_weights(sess, weights)
            values = sess.run([y1, y2] + tf.nest.flatten(s2))
        names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
    return values, names


def _run_runtime_eager(expression, arrays, name, weights):
    cell = eval(expression, runtime_namespace())
    flat = [tf.constant(arrays[f"{name}/state{i}"]) for i in range(int(arrays[f"{name}/n_state"]))]
    state = tf.nest.pack_sequence_as(cell.state_size, flat)
    with tf.compat.v1.variable_scope("rnn"):
        # Build first (zero step), then load the TF1 weights and run the two compared steps.
        cell(tf.constant(arrays[f"{name}/x1"]), state)
        assign_eager_weights(cell.weights, weights)
        y1, s1 = cell(tf.constant(arrays[f"{name}/x1"]), state)
        y2, s2 = cell(tf.constant(arrays[f"{name}/x2"]), s1)
    return [y1.numpy(), y2.numpy()] + flatten_state(s2)


@pytest.fixture(scope="module")
def prepared():
    all_cases = {**CASES, **GRAPH_ONLY_CASES}
    arrays, weights = {}, {}
    for index, (name, (expression, depth)) in enumerate(all_cases.items()):
        state_size = eval(expression, runtime_namespace()).state_size
        arrays.update(_step_inputs(name, depth, state_size, seed=100 + index))

        def build(expression=expression, name=name):
            cell = eval(expression, runtime_namespace())
            state = cell.zero_state(BATCH, tf.float32)
            with tf.compat.v1.variable_scope("rnn"):
                cell(tf.constant(arrays[f"{name}/x1"]), state)

        weights[name] = random_weights(graph_variable_shapes(build), seed=index)
    payload = dict(arrays)
    payload["cases"] = np.array(json.dumps(all_cases))
    for name, case_weights in weights.items():
        for var_name, value in case_weights.items():
            payload[f"weights/{name}/{var_name}"] = value
    reference = run_tf1(_TF1_SNIPPET, payload)
    return arrays, weights, reference


def _reference_values(reference, name):
    count = len([k for k in reference if k.startswith(name + "/out")])
    return [reference[f"{name}/out{i}"] for i in range(count)]


@pytest.mark.parametrize("name", sorted({**CASES, **GRAPH_ONLY_CASES}))
def test_graph_mode_matches_tf1_values_and_variable_names(prepared, name):
    arrays, weights, reference = prepared
    expression, _ = {**CASES, **GRAPH_ONLY_CASES}[name]
    values, names = _run_runtime_graph(expression, arrays, name, weights[name])
    assert names == list(reference[name + "/names"])
    expected = _reference_values(reference, name)
    assert len(values) == len(expected)
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", sorted(CASES))
def test_eager_matches_tf1(prepared, name):
    arrays, weights, reference = prepared
    expression, _ = CASES[name]
    values = _run_runtime_eager(expression, arrays, name, weights[name])
    expected = _reference_values(reference, name)
    assert len(values) == len(expected)
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_seeded_dropout_really_drops(prepared):
    """Guards the dropout cases above against comparing two no-op wrappers."""
    arrays, weights, reference = prepared
    y1 = reference["dropout_seeded/out0"]
    assert (y1 == 0).any()


def test_a_scope_path_as_cell_name_names_the_variables_like_tf1():
    """TF1 accepted `name="outer/lstm"` (a variable-scope path); Keras 3 refuses "/" in layer names."""
    from tf_seq2seq_migrate.runtime import rnn

    with tf.Graph().as_default():
        inputs = tf.zeros([2, 3])
        for cell in (rnn.LSTMCell(4, name="outer/my_lstm"), rnn.GRUCell(4, name="outer/my_gru"),
                     rnn.LSTMBlockCell(4, name="block/cell")):
            cell(inputs, cell.zero_state(2, tf.float32))
        names = [v.name for v in tf.compat.v1.global_variables()]
    assert names == ["outer/my_lstm/kernel:0", "outer/my_lstm/bias:0",
                     "outer/my_gru/gates/kernel:0", "outer/my_gru/gates/bias:0",
                     "outer/my_gru/candidate/kernel:0", "outer/my_gru/candidate/bias:0",
                     "block/cell/kernel:0", "block/cell/bias:0"]
