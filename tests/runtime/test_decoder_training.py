"""BasicDecoder + TrainingHelper against TF1's real dynamic_rnn (tf_keras legacy BasicLSTMCell), in every
execution mode: teacher-forced decoding is an RNN over the inputs with TF1's length rules."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from runtime.decoder_case_tools import MODES, run_in_mode
from tf1_reference import run_tf1
from tf_seq2seq_migrate.runtime import rnn, seq2seq
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map

BATCH, TIME, DEPTH, UNITS = 3, 5, 4, 6
LENGTHS = {"full": np.array([5, 2, 0], np.int32), "short": np.array([3, 1, 2], np.int32)}
TF1_NAMES = {"kernel": "rnn/basic_lstm_cell/kernel", "bias": "rnn/basic_lstm_cell/bias"}

_generator = np.random.default_rng(11)
INPUTS = _generator.normal(size=(BATCH, TIME, DEPTH)).astype(np.float32)
KERNEL = _generator.uniform(-0.5, 0.5, size=(DEPTH + UNITS, 4 * UNITS)).astype(np.float32)
BIAS = _generator.uniform(-0.5, 0.5, size=(4 * UNITS,)).astype(np.float32)
WEIGHTS = {"decoder/basic_lstm_cell/kernel": KERNEL, "decoder/basic_lstm_cell/bias": BIAS}
PROJECTION = _generator.normal(size=(BATCH, TIME, UNITS)).astype(np.float32)


@pytest.fixture(scope="module")
def tf1_results():
    """TF1 dynamic_rnn with and without sequence_length, one subprocess for the whole module."""
    return run_tf1('''
with tf.Graph().as_default():
    cell = tf.compat.v1.nn.rnn_cell.BasicLSTMCell(%d)
    x = tf.constant(inputs["x"])
    fetches = {}
    for key in ("full", "short"):
        out, state = tf.compat.v1.nn.dynamic_rnn(cell, x, sequence_length=inputs["len_" + key], dtype=tf.float32)
        fetches["out_" + key], fetches["c_" + key], fetches["h_" + key] = out, state.c, state.h
    # No sequence_length: what impute_finished=False computes for every entry.
    out, state = tf.compat.v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    fetches["out_nolen"], fetches["c_nolen_5"], fetches["h_nolen_5"] = out, state.c, state.h
    _, state = tf.compat.v1.nn.dynamic_rnn(cell, x[:, :3], dtype=tf.float32)
    fetches["c_nolen_3"], fetches["h_nolen_3"] = state.c, state.h
    # Gradients of a fixed projection of the length-masked outputs.
    loss = tf.reduce_sum(fetches["out_full"] * inputs["projection"])
    by_name = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
    fetches["grad_kernel"], fetches["grad_bias"] = tf.gradients(
        loss, [by_name["rnn/basic_lstm_cell/kernel"], by_name["rnn/basic_lstm_cell/bias"]])
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        assign_by_name(sess, weights)
        outputs.update(sess.run(fetches))
        outputs["names"] = variable_names()
''' % UNITS, {"x": INPUTS, "len_full": LENGTHS["full"], "len_short": LENGTHS["short"], "projection": PROJECTION,
              f"weights/{TF1_NAMES['kernel']}": KERNEL, f"weights/{TF1_NAMES['bias']}": BIAS})


def _make_layers():
    return {"cell": rnn.BasicLSTMCell(UNITS)}


def _decode_all(layers, maximum_iterations=None):
    cell = layers["cell"]
    results = {}
    for key, lengths in LENGTHS.items():
        for impute in (True, False):
            helper = seq2seq.TrainingHelper(tf.constant(INPUTS), tf.constant(lengths))
            decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(BATCH, tf.float32))
            outputs, state, seq_lengths = seq2seq.dynamic_decode(decoder, impute_finished=impute,
                                                                 maximum_iterations=maximum_iterations)
            results[(key, impute)] = (outputs, state, seq_lengths)
    return results


@pytest.fixture(scope="module", params=MODES)
def runtime_results(request):
    maximum_iterations = TIME if request.param == "jit" else None  # XLA needs a bound
    results, names = run_in_mode(request.param, _make_layers,
                                 lambda layers: _decode_all(layers, maximum_iterations), WEIGHTS)
    return request.param, results, names


def test_tf1_reference_uses_the_names_we_assign(tf1_results):
    assert sorted(tf1_results["names"]) == sorted(TF1_NAMES.values())


@pytest.mark.parametrize("key", sorted(LENGTHS))
def test_impute_finished_equals_dynamic_rnn_with_sequence_length(tf1_results, runtime_results, key):
    mode, results, _ = runtime_results
    outputs, state, seq_lengths = results[(key, True)]
    steps = int(LENGTHS[key].max())
    assert outputs.rnn_output.shape == (BATCH, steps, UNITS), mode
    np.testing.assert_allclose(outputs.rnn_output, tf1_results[f"out_{key}"][:, :steps], atol=1e-6, err_msg=mode)
    np.testing.assert_allclose(state.c, tf1_results[f"c_{key}"], atol=1e-6, err_msg=mode)
    np.testing.assert_allclose(state.h, tf1_results[f"h_{key}"], atol=1e-6, err_msg=mode)
    np.testing.assert_array_equal(seq_lengths, LENGTHS[key])
    # Sample ids: argmax of the cell output while running, zeros once finished.
    running = np.arange(steps)[None, :] < LENGTHS[key][:, None]
    expected_ids = np.where(running, np.argmax(tf1_results[f"out_{key}"][:, :steps], axis=-1), 0)
    np.testing.assert_array_equal(outputs.sample_id, expected_ids)
    assert outputs.sample_id.dtype == np.int32


@pytest.mark.parametrize("key", sorted(LENGTHS))
def test_without_impute_finished_every_entry_runs_to_the_longest(tf1_results, runtime_results, key):
    mode, results, _ = runtime_results
    outputs, state, seq_lengths = results[(key, False)]
    steps = int(LENGTHS[key].max())
    np.testing.assert_allclose(outputs.rnn_output, tf1_results["out_nolen"][:, :steps], atol=1e-6, err_msg=mode)
    np.testing.assert_allclose(state.c, tf1_results[f"c_nolen_{steps}"], atol=1e-6, err_msg=mode)
    np.testing.assert_allclose(state.h, tf1_results[f"h_nolen_{steps}"], atol=1e-6, err_msg=mode)
    # Lengths follow the helper's finished flags, not the number of steps run.
    np.testing.assert_array_equal(seq_lengths, LENGTHS[key])


def test_decoder_variables_have_tf1_names(runtime_results):
    _, _, names = runtime_results
    assert names == sorted(WEIGHTS)


def test_time_major_inputs_and_outputs_match_batch_major():
    cell = rnn.BasicLSTMCell(UNITS)
    lengths = tf.constant(LENGTHS["short"])
    batch_major = seq2seq.BasicDecoder(cell, seq2seq.TrainingHelper(INPUTS, lengths),
                                       cell.zero_state(BATCH, tf.float32))
    time_major = seq2seq.BasicDecoder(cell, seq2seq.TrainingHelper(np.transpose(INPUTS, (1, 0, 2)), lengths,
                                                                   time_major=True),
                                      cell.zero_state(BATCH, tf.float32))
    expected, _, _ = seq2seq.dynamic_decode(batch_major)
    actual, _, _ = seq2seq.dynamic_decode(time_major, output_time_major=True)
    assert actual.rnn_output.shape == (3, BATCH, UNITS)
    np.testing.assert_allclose(np.transpose(actual.rnn_output, (1, 0, 2)), expected.rnn_output, atol=1e-6)
    np.testing.assert_array_equal(np.transpose(actual.sample_id), expected.sample_id)


@pytest.mark.parametrize("mode", ["eager", "function", "graph"])
def test_gradients_through_dynamic_decode_match_tf1(tf1_results, mode):
    def gradients(layers):
        cell = layers["cell"]
        helper = seq2seq.TrainingHelper(INPUTS, LENGTHS["full"])
        decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(BATCH, tf.float32))
        names = ["decoder/basic_lstm_cell/kernel", "decoder/basic_lstm_cell/bias"]
        if mode == "graph":
            outputs, _, _ = seq2seq.dynamic_decode(decoder, impute_finished=True)
            by_name = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
            return tf.gradients(tf.reduce_sum(outputs.rnn_output * PROJECTION), [by_name[n] for n in names])
        with tf.GradientTape() as tape:
            outputs, _, _ = seq2seq.dynamic_decode(decoder, impute_finished=True)
            loss = tf.reduce_sum(outputs.rnn_output * PROJECTION)
        by_name = tf1_variable_map(cell.weights)
        return tape.gradient(loss, [by_name[n] for n in names])

    (grad_kernel, grad_bias), _ = run_in_mode(mode, _make_layers, gradients, WEIGHTS)
    np.testing.assert_allclose(grad_kernel, tf1_results["grad_kernel"], atol=1e-5)
    np.testing.assert_allclose(grad_bias, tf1_results["grad_bias"], atol=1e-5)
