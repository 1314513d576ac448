"""Per-step seeded DropoutWrapper masks inside ``dynamic_rnn`` against TF1's real wrapper (tf_keras legacy).

TF1 draws each step's mask from one stateful ``RandomUniform`` kernel per dropped leaf, so a step's mask is
the k-th draw of that kernel. In a TF1 graph with the default ``parallel_iterations=32`` the steps race
for draws (the order changes between processes), so the graph reference runs with
``parallel_iterations=1``, TF1's only reproducible order; the runtime must give that order whatever its
``parallel_iterations``. Eagerly TF1 continues one stream per seed across steps, wrappers with equal seeds
and repeated calls; the runtime must do the same, including on the first call of an unbuilt cell (whose
throw-away build call must not draw). Every run starts from ``tf.random.set_seed(11)`` /
``set_random_seed(11)`` on both sides.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import tensorflow as tf

from runtime.rnn_case_tools import assign_eager_weights, assign_graph_weights, graph_variable_shapes, random_weights
from tf1_reference import run_tf1
from tf_seq2seq_migrate.runtime import rnn

SEED = 11
BATCH, TIME, DEPTH = 2, 6, 3

CASES = {
    # The two reproducers of the bug report.
    "lstm_output": "rnn_cell.DropoutWrapper(rnn_cell.BasicLSTMCell(4), output_keep_prob=0.5, seed=1)",
    "multi_gru_input": ("rnn_cell.MultiRNNCell([rnn_cell.DropoutWrapper(rnn_cell.GRUCell(4), input_keep_prob=0.5, "
                        "seed=1), rnn_cell.DropoutWrapper(rnn_cell.GRUCell(4), input_keep_prob=0.5, seed=2)])"),
    # Input, state (LSTM h only) and output dropout; both wrappers share seed 3, so eagerly their equal op
    # seeds share one stream.
    "multi_all_probs_shared_seed": (
        "rnn_cell.MultiRNNCell([rnn_cell.DropoutWrapper(rnn_cell.LSTMCell(4), input_keep_prob=0.6, "
        "state_keep_prob=0.7, output_keep_prob=0.8, seed=3), rnn_cell.DropoutWrapper(rnn_cell.GRUCell(3), "
        "input_keep_prob=0.5, output_keep_prob=0.5, seed=3)])"),
}

_TF1_SNIPPET = """
import json
rnn_cell = tf.compat.v1.nn.rnn_cell
cases = json.loads(str(inputs["cases"]))


def cell_variables(cell):
    # tf_keras's legacy wrappers do not list the wrapped cell's weights eagerly.
    found = list(cell.weights)
    for inner in list(getattr(cell, "_cells", [])) + [getattr(cell, "cell", None)]:
        if inner is not None:
            found += cell_variables(inner)
    return found


for name, expression in cases.items():
    case_weights = {k[len(name) + 1:]: v for k, v in weights.items() if k.startswith(name + "/")}
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(11)
        y, _ = tf.compat.v1.nn.dynamic_rnn(eval(expression), tf.constant(inputs["x"]), dtype=tf.float32,
                                           parallel_iterations=1)
        with tf.compat.v1.Session() as sess:
            assign_by_name(sess, case_weights)
            outputs[name + "/graph_run1"] = sess.run(y)
            outputs[name + "/graph_run2"] = sess.run(y)
    tf.random.set_seed(11)
    x = tf.constant(inputs["x"])
    cell = eval(expression)
    tf.compat.v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)  # builds (random weights) and draws
    for variable in cell_variables(cell):
        variable.assign(case_weights[variable.name[:-2]])
    outputs[name + "/eager_call2"] = tf.compat.v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)[0].numpy()
    outputs[name + "/eager_call3"] = tf.compat.v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)[0].numpy()
"""


def _new_cell(name):
    return eval(CASES[name], {"rnn_cell": rnn, "tf": tf})


@pytest.fixture(scope="module")
def prepared():
    x = np.random.default_rng(7).normal(size=(BATCH, TIME, DEPTH)).astype(np.float32)
    weights = {}
    for index, name in enumerate(CASES):
        shapes = graph_variable_shapes(lambda name=name: rnn.dynamic_rnn(_new_cell(name), tf.constant(x),
                                                                         dtype=tf.float32))
        weights[name] = random_weights(shapes, seed=40 + index)
    payload = {"x": x, "cases": np.array(json.dumps(CASES))}
    for name, case_weights in weights.items():
        payload.update({f"weights/{name}/{var}": value for var, value in case_weights.items()})
    return x, weights, run_tf1(_TF1_SNIPPET, payload)


@pytest.fixture
def global_seed():
    tf.random.set_seed(SEED)
    yield
    tf.random.set_seed(None)


def _close(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("parallel_iterations", [None, 1])
@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_masks_equal_tf1_sequential_order(prepared, name, parallel_iterations):
    x, weights, reference = prepared
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(SEED)
        y, _ = rnn.dynamic_rnn(_new_cell(name), tf.constant(x), dtype=tf.float32,
                               parallel_iterations=parallel_iterations)
        # Unordered draws would race; a few fresh sessions (fresh kernels, streams from the start) give a
        # race several chances to show.
        for _ in range(3):
            with tf.compat.v1.Session() as sess:
                assign_graph_weights(sess, weights[name])
                run1, run2 = sess.run(y), sess.run(y)
            _close(run1, reference[name + "/graph_run1"])
            # A second session.run continues the same streams, as in TF1.
            _close(run2, reference[name + "/graph_run2"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_eager_masks_equal_eager_tf1_from_the_first_call(prepared, global_seed, name):
    x, weights, reference = prepared
    cell = _new_cell(name)
    # The first call builds the cell: a build call that drew masks would shift the later calls by one step.
    rnn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
    assign_eager_weights(cell.weights, weights[name])
    _close(rnn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)[0].numpy(), reference[name + "/eager_call2"])
    _close(rnn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)[0].numpy(), reference[name + "/eager_call3"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_tf_function_masks_equal_tf1_sequential_graph(prepared, global_seed, name):
    """A function owns its random kernels: its streams start at its first call and continue on later calls,
    like one TF1 graph run by session.run twice."""
    x, weights, reference = prepared
    cell = _new_cell(name)
    rnn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
    assign_eager_weights(cell.weights, weights[name])
    run = tf.function(lambda: rnn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)[0])
    _close(run().numpy(), reference[name + "/graph_run1"])
    _close(run().numpy(), reference[name + "/graph_run2"])


def test_references_really_drop_and_continue_the_stream(prepared):
    """Guards the comparisons above: output masks zero values, and each run/call takes new draws (a no-op
    wrapper would give equal runs)."""
    _, _, reference = prepared
    assert (reference["lstm_output/graph_run1"] == 0).any()
    for name in CASES:
        assert not np.allclose(reference[name + "/graph_run1"], reference[name + "/graph_run2"])
        assert not np.allclose(reference[name + "/eager_call2"], reference[name + "/eager_call3"])
