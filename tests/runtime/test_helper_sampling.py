"""Sampling helpers: SampleEmbeddingHelper (seeded, reproducible, temperature), and the scheduled-sampling
training helpers at probability 0 (== TrainingHelper) and 1 (== a numpy re-derivation that feeds back
the sampled ids / outputs), in every execution mode."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from runtime.decoder_case_tools import MODES, np_basic_rnn, run_in_mode
from runtime.rnn_case_tools import assign_graph_weights
from tf_seq2seq_migrate.runtime import rnn, seq2seq
from tf_seq2seq_migrate.runtime.layers import Dense

BATCH, TIME, VOCAB, EMBED, UNITS, AUX = 3, 4, 6, 3, 4, 2
LENGTHS = np.array([4, 2, 4], np.int32)

_generator = np.random.default_rng(21)
EMBEDDING = _generator.normal(size=(VOCAB, EMBED)).astype(np.float32)
INPUTS = _generator.normal(size=(BATCH, TIME, EMBED)).astype(np.float32)
KERNEL = _generator.uniform(-1, 1, size=(EMBED + UNITS, UNITS)).astype(np.float32)
BIAS = _generator.uniform(-0.5, 0.5, size=(UNITS,)).astype(np.float32)
OUT_KERNEL = _generator.uniform(-1, 1, size=(UNITS, VOCAB)).astype(np.float32)
OUT_BIAS = _generator.uniform(-0.5, 0.5, size=(VOCAB,)).astype(np.float32)
EMBED_WEIGHTS = {"decoder/basic_rnn_cell/kernel": KERNEL, "decoder/basic_rnn_cell/bias": BIAS,
                 "decoder/dense/kernel": OUT_KERNEL, "decoder/dense/bias": OUT_BIAS}

# ScheduledOutputTrainingHelper: the cell output (UNITS wide) is fed back, with AUX auxiliary features.
OUTPUT_INPUTS = _generator.normal(size=(BATCH, TIME, UNITS)).astype(np.float32)
AUXILIARY = _generator.normal(size=(BATCH, TIME, AUX)).astype(np.float32)
OUTPUT_KERNEL = _generator.uniform(-0.8, 0.8, size=(2 * UNITS + AUX, UNITS)).astype(np.float32)
OUTPUT_BIAS = _generator.uniform(-0.5, 0.5, size=(UNITS,)).astype(np.float32)
OUTPUT_WEIGHTS = {"decoder/basic_rnn_cell/kernel": OUTPUT_KERNEL, "decoder/basic_rnn_cell/bias": OUTPUT_BIAS}


def _embedding_layers():
    return {"cell": rnn.BasicRNNCell(UNITS), "output_layer": Dense(VOCAB)}


def _decode(layers, helper):
    decoder = seq2seq.BasicDecoder(layers["cell"], helper, tf.zeros([BATCH, UNITS]),
                                   output_layer=layers.get("output_layer"))
    return seq2seq.dynamic_decode(decoder, maximum_iterations=TIME)


def _scheduled_embedding_cases(layers):
    def scheduled(probability):
        return seq2seq.ScheduledEmbeddingTrainingHelper(INPUTS, LENGTHS, EMBEDDING, probability, seed=3,
                                                        scheduling_seed=4)
    return {"teacher": _decode(layers, seq2seq.TrainingHelper(INPUTS, LENGTHS)),
            "p0": _decode(layers, scheduled(0.0)),
            "p1": _decode(layers, scheduled(1.0)),
            "per_entry": _decode(layers, scheduled(tf.constant([1.0, 0.0, 1.0])))}


def _scheduled_output_cases(layers):
    def scheduled(probability, **kwargs):
        return seq2seq.ScheduledOutputTrainingHelper(OUTPUT_INPUTS, LENGTHS, probability, seed=5,
                                                     auxiliary_inputs=AUXILIARY, **kwargs)
    teacher_inputs = np.concatenate([OUTPUT_INPUTS, AUXILIARY], axis=-1)
    return {"teacher": _decode(layers, seq2seq.TrainingHelper(teacher_inputs, LENGTHS)),
            "p0": _decode(layers, scheduled(0.0)),
            "p1": _decode(layers, scheduled(1.0, next_inputs_fn=lambda outputs: 2.0 * outputs))}


@pytest.fixture(scope="module")
def embedding_results():
    return {mode: run_in_mode(mode, _embedding_layers, _scheduled_embedding_cases, EMBED_WEIGHTS)[0]
            for mode in MODES}


@pytest.fixture(scope="module")
def output_results():
    return {mode: run_in_mode(mode, lambda: {"cell": rnn.BasicRNNCell(UNITS)}, _scheduled_output_cases,
                              OUTPUT_WEIGHTS)[0] for mode in MODES}


def numpy_feeding_back(first_inputs, next_inputs_of, kernel, bias, output_layer=True):
    """Run the BasicRNNCell (+ output layer) for TIME steps, feeding ``next_inputs_of(t, outputs)``."""
    h, x, logits_per_step = np.zeros((BATCH, UNITS), np.float32), first_inputs, []
    for t in range(TIME):
        h = np_basic_rnn(x, h, kernel, bias)
        outputs = h @ OUT_KERNEL + OUT_BIAS if output_layer else h
        logits_per_step.append(outputs)
        if t + 1 < TIME:
            x = next_inputs_of(t, outputs)
    return np.stack(logits_per_step, axis=1), h


@pytest.mark.parametrize("mode", MODES)
def test_scheduled_embedding_at_probability_0_is_teacher_forcing(embedding_results, mode):
    teacher, _, teacher_lengths = embedding_results[mode]["teacher"]
    outputs, _, lengths = embedding_results[mode]["p0"]
    np.testing.assert_allclose(outputs.rnn_output, teacher.rnn_output, atol=1e-6)
    np.testing.assert_array_equal(outputs.sample_id, -np.ones((BATCH, TIME), np.int32))
    np.testing.assert_array_equal(lengths, teacher_lengths)


@pytest.mark.parametrize("mode", MODES)
def test_scheduled_embedding_at_probability_1_feeds_back_the_sampled_ids(embedding_results, mode):
    outputs, _, lengths = embedding_results[mode]["p1"]
    ids = outputs.sample_id
    assert ids.min() >= 0 and ids.max() < VOCAB
    logits, _ = numpy_feeding_back(INPUTS[:, 0], lambda t, _: EMBEDDING[ids[:, t]], KERNEL, BIAS)
    np.testing.assert_allclose(outputs.rnn_output, logits, atol=1e-5)
    np.testing.assert_array_equal(lengths, LENGTHS)


@pytest.mark.parametrize("mode", MODES)
def test_scheduled_embedding_per_entry_probability(embedding_results, mode):
    outputs, _, _ = embedding_results[mode]["per_entry"]
    ids = outputs.sample_id
    np.testing.assert_array_equal(ids[1], -np.ones(TIME, np.int32))
    assert (ids[[0, 2]] >= 0).all()
    ids_or_truth = lambda t, _: np.stack([EMBEDDING[ids[0, t]], INPUTS[1, t + 1], EMBEDDING[ids[2, t]]])  # noqa: E731
    logits, _ = numpy_feeding_back(INPUTS[:, 0], ids_or_truth, KERNEL, BIAS)
    np.testing.assert_allclose(outputs.rnn_output, logits, atol=1e-5)


@pytest.mark.parametrize("mode", MODES)
def test_scheduled_output_at_probability_0_is_teacher_forcing(output_results, mode):
    teacher, teacher_state, _ = output_results[mode]["teacher"]
    outputs, state, _ = output_results[mode]["p0"]
    np.testing.assert_allclose(outputs.rnn_output, teacher.rnn_output, atol=1e-6)
    np.testing.assert_allclose(state, teacher_state, atol=1e-6)
    np.testing.assert_array_equal(outputs.sample_id, np.zeros((BATCH, TIME), np.int32))


@pytest.mark.parametrize("mode", MODES)
def test_scheduled_output_at_probability_1_feeds_back_outputs_with_auxiliary_inputs(output_results, mode):
    outputs, state, lengths = output_results[mode]["p1"]
    np.testing.assert_array_equal(outputs.sample_id, np.ones((BATCH, TIME), np.int32))
    first = np.concatenate([OUTPUT_INPUTS[:, 0], AUXILIARY[:, 0]], axis=-1)
    fed_back = lambda t, out: np.concatenate([2.0 * out, AUXILIARY[:, t + 1]], axis=-1)  # noqa: E731
    expected, final_h = numpy_feeding_back(first, fed_back, OUTPUT_KERNEL, OUTPUT_BIAS, output_layer=False)
    np.testing.assert_allclose(outputs.rnn_output, expected, atol=1e-5)
    np.testing.assert_allclose(state, final_h, atol=1e-5)
    np.testing.assert_array_equal(lengths, LENGTHS)


def test_scheduled_helpers_reject_a_matrix_probability():
    message = r"sampling_probability must be either a scalar or a vector. saw shape: \(1, 1\)"
    with pytest.raises(ValueError, match=message):
        seq2seq.ScheduledEmbeddingTrainingHelper(INPUTS, LENGTHS, EMBEDDING, [[0.5]])
    with pytest.raises(ValueError, match=message):
        seq2seq.ScheduledOutputTrainingHelper(OUTPUT_INPUTS, LENGTHS, [[0.5]])


# -- SampleEmbeddingHelper --------------------------------------------------------------------------

def _sampled_ids(layers, seed, temperature=None, steps=TIME):
    helper = seq2seq.SampleEmbeddingHelper(EMBEDDING, np.zeros(BATCH, np.int32), end_token=-1,
                                           softmax_temperature=temperature, seed=seed)
    decoder = seq2seq.BasicDecoder(layers["cell"], helper, tf.zeros([BATCH, UNITS]),
                                   output_layer=layers["output_layer"])
    outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=steps)
    return outputs.sample_id


def test_sampling_is_reproducible_with_seeds_eagerly_and_in_graphs():
    layers = _embedding_layers()
    runs = []
    for _ in range(2):
        tf.random.set_seed(1)
        runs.append(_sampled_ids(layers, seed=7, steps=12).numpy())
    np.testing.assert_array_equal(runs[0], runs[1])
    graph_runs = []
    for _ in range(2):
        with tf.Graph().as_default():
            tf.compat.v1.set_random_seed(1)
            graph_layers = _embedding_layers()
            ids = _sampled_ids(graph_layers, seed=7, steps=12)
            with tf.compat.v1.Session() as session:
                session.run(tf.compat.v1.global_variables_initializer())
                assign_graph_weights(session, EMBED_WEIGHTS)
                graph_runs.append(session.run(ids))
    np.testing.assert_array_equal(graph_runs[0], graph_runs[1])


def test_tiny_temperature_samples_the_argmax():
    (greedy, sampled), _ = run_in_mode("eager", _embedding_layers, lambda layers: (
        seq2seq.dynamic_decode(seq2seq.BasicDecoder(
            layers["cell"], seq2seq.GreedyEmbeddingHelper(EMBEDDING, np.zeros(BATCH, np.int32), -1),
            tf.zeros([BATCH, UNITS]), output_layer=layers["output_layer"]), maximum_iterations=TIME)[0].sample_id,
        _sampled_ids(layers, seed=2, temperature=1e-4)), EMBED_WEIGHTS)
    np.testing.assert_array_equal(sampled, greedy)


@pytest.mark.parametrize("temperature", [None, 2.0])
def test_sampled_frequencies_follow_the_tempered_softmax(temperature):
    """One step over many entries whose logits are all ``bias``: frequencies ~ softmax(bias / T)."""
    batch, bias = 4000, np.array([0.0, 1.0, 2.0, -1.0], np.float32)
    cell = rnn.BasicRNNCell(2)
    output_layer = Dense(4, kernel_initializer=tf.zeros_initializer(), bias_initializer=tf.constant_initializer(bias))
    helper = seq2seq.SampleEmbeddingHelper(np.eye(4, dtype=np.float32), np.zeros(batch, np.int32), -1,
                                           softmax_temperature=temperature, seed=11)
    tf.random.set_seed(3)
    outputs, _, _ = seq2seq.dynamic_decode(
        seq2seq.BasicDecoder(cell, helper, tf.zeros([batch, 2]), output_layer=output_layer), maximum_iterations=1)
    frequencies = np.bincount(outputs.sample_id.numpy()[:, 0], minlength=4) / batch
    scaled = bias / (temperature or 1.0)
    expected = np.exp(scaled) / np.exp(scaled).sum()
    np.testing.assert_allclose(frequencies, expected, atol=0.03)
