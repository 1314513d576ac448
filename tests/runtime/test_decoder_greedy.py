"""Greedy decoding (BasicDecoder + GreedyEmbeddingHelper + output layer) against a numpy re-derivation,
in every execution mode: sample ids, logits, end-token lengths, maximum_iterations (0 included),
impute_finished, TF1 variable names and scopes."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from runtime.decoder_case_tools import MODES, np_basic_rnn, np_dynamic_decode, run_in_mode
from tf_seq2seq_migrate.runtime import rnn, seq2seq
from tf_seq2seq_migrate.runtime.layers import Dense

BATCH, VOCAB, EMBED, UNITS = 3, 5, 3, 4
END_TOKEN = 3  # with these weights the three entries emit it after 2, 4 and 3 steps
START_TOKENS = np.array([0, 1, 2], np.int32)

_generator = np.random.default_rng(4)
EMBEDDING = _generator.normal(size=(VOCAB, EMBED)).astype(np.float32)
KERNEL = _generator.uniform(-1, 1, size=(EMBED + UNITS, UNITS)).astype(np.float32)
BIAS = _generator.uniform(-0.5, 0.5, size=(UNITS,)).astype(np.float32)
OUT_KERNEL = _generator.uniform(-1, 1, size=(UNITS, VOCAB)).astype(np.float32)
OUT_BIAS = _generator.uniform(-0.5, 0.5, size=(VOCAB,)).astype(np.float32)
INITIAL_STATE = _generator.uniform(-1, 1, size=(BATCH, UNITS)).astype(np.float32)
WEIGHTS = {"decoder/basic_rnn_cell/kernel": KERNEL, "decoder/basic_rnn_cell/bias": BIAS,
           "decoder/dense/kernel": OUT_KERNEL, "decoder/dense/bias": OUT_BIAS}
CASES = {  # name: (maximum_iterations, impute_finished)
    "until_end": (None, True),
    "until_end_no_impute": (None, False),
    "truncated": (2, True),
    "zero_steps": (0, True),
}


def numpy_greedy(maximum_iterations, impute_finished):
    def step(time, inputs, state):
        h = np_basic_rnn(inputs, state[0], KERNEL, BIAS)
        logits = h @ OUT_KERNEL + OUT_BIAS
        top2 = np.sort(logits, axis=-1)[:, -2:]
        assert np.all(top2[:, 1] - top2[:, 0] > 1e-3), "argmax too close to a tie for a stable test"
        ids = logits.argmax(-1).astype(np.int32)
        return [logits, ids], [h], EMBEDDING[ids], ids == END_TOKEN
    outputs, state, lengths = np_dynamic_decode(step, np.zeros(BATCH, bool), EMBEDDING[START_TOKENS],
                                                [INITIAL_STATE], maximum_iterations, impute_finished)
    if not outputs:
        outputs = [np.zeros((BATCH, 0, VOCAB), np.float32), np.zeros((BATCH, 0), np.int32)]
    return outputs[0], outputs[1], state[0], lengths


def _make_layers():
    return {"cell": rnn.BasicRNNCell(UNITS), "output_layer": Dense(VOCAB)}


def _decode_all(layers, jit, building=False):
    results = {}
    for name, (maximum_iterations, impute) in CASES.items():
        if building:
            maximum_iterations = 1  # the initial random weights might never emit the end token
        elif jit and maximum_iterations is None:
            maximum_iterations = 10  # XLA needs a bound; all entries end before it
        helper = seq2seq.GreedyEmbeddingHelper(tf.constant(EMBEDDING), START_TOKENS, END_TOKEN)
        decoder = seq2seq.BasicDecoder(layers["cell"], helper, tf.constant(INITIAL_STATE),
                                       output_layer=layers["output_layer"])
        results[name] = seq2seq.dynamic_decode(decoder, impute_finished=impute,
                                               maximum_iterations=maximum_iterations)
    return results


def _build(layers):
    return _decode_all(layers, jit=False, building=True)


@pytest.fixture(scope="module")
def all_modes():
    return {mode: run_in_mode(mode, _make_layers, lambda layers: _decode_all(layers, mode == "jit"), WEIGHTS,
                              build=_build) for mode in MODES}


@pytest.fixture(params=MODES)
def runtime_results(request, all_modes):
    results, names = all_modes[request.param]
    return request.param, results, names


def test_reference_case_has_distinct_lengths():
    _, _, _, lengths = numpy_greedy(None, True)
    np.testing.assert_array_equal(lengths, [2, 4, 3])


@pytest.mark.parametrize("case", sorted(CASES))
def test_greedy_decoding_matches_numpy(runtime_results, case):
    mode, results, _ = runtime_results
    outputs, state, lengths = results[case]
    logits, ids, final_h, expected_lengths = numpy_greedy(*CASES[case])
    assert outputs.rnn_output.shape == logits.shape, (mode, case)
    np.testing.assert_array_equal(outputs.sample_id, ids, err_msg=f"{mode} {case}")
    np.testing.assert_allclose(outputs.rnn_output, logits, atol=1e-5, err_msg=f"{mode} {case}")
    np.testing.assert_allclose(state, final_h, atol=1e-5, err_msg=f"{mode} {case}")
    np.testing.assert_array_equal(lengths, expected_lengths)
    assert lengths.dtype == np.int32 and outputs.sample_id.dtype == np.int32


def test_zero_iterations_return_the_initial_state(runtime_results):
    _, results, _ = runtime_results
    outputs, state, lengths = results["zero_steps"]
    assert outputs.rnn_output.shape == (BATCH, 0, VOCAB)
    assert outputs.sample_id.shape == (BATCH, 0)
    np.testing.assert_array_equal(state, INITIAL_STATE)
    np.testing.assert_array_equal(lengths, [0, 0, 0])


def test_modes_agree_with_each_other(all_modes):
    """eager == tf.function == jit_compile == v1 graph, to 1e-6."""
    per_mode = {mode: results for mode, (results, _) in all_modes.items()}
    for mode in MODES[1:]:
        for case in CASES:
            for got, want in zip(tf.nest.flatten(per_mode[mode][case]), tf.nest.flatten(per_mode["eager"][case])):
                np.testing.assert_allclose(got, want, atol=1e-6, err_msg=f"{mode} {case}")


def test_variable_names_follow_tf1(runtime_results):
    _, _, names = runtime_results
    assert names == sorted(WEIGHTS)


def test_scope_argument_and_enclosing_variable_scope_name_the_variables():
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("model"):
            helper = seq2seq.GreedyEmbeddingHelper(EMBEDDING, START_TOKENS, END_TOKEN)
            cell = rnn.BasicLSTMCell(UNITS)
            decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(BATCH, tf.float32),
                                           output_layer=Dense(VOCAB, name="output_projection"))
            seq2seq.dynamic_decode(decoder, maximum_iterations=3, scope="my_decoder")
        names = sorted(v.name for v in tf.compat.v1.global_variables())
    assert names == ["model/my_decoder/basic_lstm_cell/bias:0", "model/my_decoder/basic_lstm_cell/kernel:0",
                     "model/my_decoder/output_projection/bias:0", "model/my_decoder/output_projection/kernel:0"]


def test_embedding_callable_is_used_for_start_and_next_inputs():
    calls = []

    def embed(ids):
        calls.append(ids)
        return tf.nn.embedding_lookup(EMBEDDING, ids)

    def make_layers():
        return {"cell": rnn.BasicRNNCell(UNITS), "output_layer": Dense(VOCAB)}

    def decode(layers):
        helper = seq2seq.GreedyEmbeddingHelper(embed, START_TOKENS, END_TOKEN)
        decoder = seq2seq.BasicDecoder(layers["cell"], helper, tf.constant(INITIAL_STATE),
                                       output_layer=layers["output_layer"])
        return seq2seq.dynamic_decode(decoder, maximum_iterations=10)

    (outputs, _, _), _ = run_in_mode("eager", make_layers, decode, WEIGHTS)
    _, ids, _, _ = numpy_greedy(None, False)
    np.testing.assert_array_equal(outputs.sample_id, ids)
    # The start inputs and the fed-back ids both went through the callable.
    looked_up = [np.asarray(c).tolist() for c in calls]
    assert START_TOKENS.tolist() in looked_up and ids[:, 0].tolist() in looked_up


def test_helper_argument_errors_match_tf1():
    with pytest.raises(ValueError, match="start_tokens must be a vector"):
        seq2seq.GreedyEmbeddingHelper(EMBEDDING, 0, END_TOKEN)
    with pytest.raises(ValueError, match="end_token must be a scalar"):
        seq2seq.GreedyEmbeddingHelper(EMBEDDING, START_TOKENS, [END_TOKEN])
    with pytest.raises(TypeError, match="helper must be a Helper"):
        seq2seq.BasicDecoder(rnn.BasicRNNCell(UNITS), object(), INITIAL_STATE)
    with pytest.raises(TypeError, match="output_layer must be a Layer"):
        seq2seq.BasicDecoder(rnn.BasicRNNCell(UNITS), seq2seq.GreedyEmbeddingHelper(EMBEDDING, START_TOKENS, 1),
                             INITIAL_STATE, output_layer=lambda x: x)
    with pytest.raises(TypeError, match="Expected decoder to be type Decoder"):
        seq2seq.dynamic_decode(object())
    helper = seq2seq.GreedyEmbeddingHelper(EMBEDDING, START_TOKENS, END_TOKEN)
    decoder = seq2seq.BasicDecoder(rnn.BasicRNNCell(UNITS), helper, INITIAL_STATE)
    with pytest.raises(ValueError, match="maximum_iterations must be a scalar"):
        seq2seq.dynamic_decode(decoder, maximum_iterations=[3])
    with pytest.raises(ValueError, match="maximum_iterations is required for XLA compilation."):
        tf.function(lambda: seq2seq.dynamic_decode(decoder), jit_compile=True)()
