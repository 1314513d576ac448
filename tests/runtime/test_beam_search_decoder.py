"""BeamSearchDecoder against a numpy beam search (tests/runtime/beam_search_reference.py).

The cells here are deterministic and their numpy twins are written out by hand: a tanh RNN with known
weights, the same RNN with a masked dot-product attention whose state is an ``AttentionWrapperState``
(for the coverage penalty), and a lookup-table cell whose logits produce exact ties.
"""

from __future__ import annotations

import zlib

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.runtime.beam_search_reference import batch_beam_search_reference, beam_search_reference, log_softmax
from tf_seq2seq_migrate.runtime import rnn, seq2seq
from tf_seq2seq_migrate.runtime.layers import Dense

BATCH, BEAM, VOCAB, EMBED, UNITS, SOURCE = 3, 4, 7, 4, 5, 6
START, END = 1, 2


def _weights(seed=0):
    rng = np.random.default_rng(seed)
    w = {
        "embedding": rng.normal(size=(VOCAB, EMBED)).astype(np.float32),
        "wx": rng.uniform(-0.8, 0.8, size=(EMBED, UNITS)).astype(np.float32),
        "wh": rng.uniform(-0.8, 0.8, size=(UNITS, UNITS)).astype(np.float32),
        "wc": rng.uniform(-0.8, 0.8, size=(UNITS, UNITS)).astype(np.float32),
        "b": rng.uniform(-0.3, 0.3, size=(UNITS,)).astype(np.float32),
        "wo": rng.uniform(-1.5, 1.5, size=(UNITS, VOCAB)).astype(np.float32),
        "bo": np.zeros(VOCAB, np.float32),
        "h0": rng.normal(size=(BATCH, UNITS)).astype(np.float32),
        "memory": rng.normal(size=(BATCH, SOURCE, UNITS)).astype(np.float32),
        "memory_lengths": np.array([SOURCE, 4, 2], np.int32),
    }
    w["bo"][END] = 0.8  # beams do finish, so end-token handling and the coverage penalty matter
    return w


class TanhCell(rnn.RNNCell):
    """``h' = tanh(x Wx + h Wh + b)``; constant weights, so numpy re-derives it exactly."""

    def __init__(self, w):
        super().__init__()
        self._w = w

    @property
    def state_size(self):
        return UNITS

    @property
    def output_size(self):
        return UNITS

    def call(self, inputs, state):
        h = tf.tanh(inputs @ self._w["wx"] + state @ self._w["wh"] + self._w["b"])
        return h, h


class DotAttentionCell(rnn.RNNCell):
    """The tanh cell fed with its last attention; masked dot-product attention over tiled memory.
    Its state is an ``AttentionWrapperState`` so the beam search treats it as attentional."""

    def __init__(self, w, memory, memory_lengths):
        super().__init__()
        self._w, self._memory = w, memory
        self._mask = tf.sequence_mask(memory_lengths, SOURCE)

    @property
    def state_size(self):
        return seq2seq.AttentionWrapperState(cell_state=UNITS, attention=UNITS, time=tf.TensorShape([]),
                                             alignments=SOURCE, alignment_history=(), attention_state=SOURCE)

    @property
    def output_size(self):
        return UNITS

    def call(self, inputs, state):
        h = tf.tanh(inputs @ self._w["wx"] + state.cell_state @ self._w["wh"] + state.attention @ self._w["wc"]
                    + self._w["b"])
        scores = tf.einsum("nsu,nu->ns", self._memory, h)
        alignments = tf.nn.softmax(tf.where(self._mask, scores, -np.inf))
        context = tf.einsum("ns,nsu->nu", alignments, self._memory)
        return h, seq2seq.AttentionWrapperState(cell_state=h, attention=context, time=state.time + 1,
                                                alignments=alignments, alignment_history=(),
                                                attention_state=alignments)


def _numpy_tanh_step(w):
    def step(token, h):
        h = np.tanh(w["embedding"][token] @ w["wx"] + h @ w["wh"] + w["b"]).astype(np.float32)
        return h @ w["wo"] + w["bo"], h, None
    return step


def _numpy_attention_step(w, b):
    memory, length = w["memory"][b], w["memory_lengths"][b]

    def step(token, state):
        h, context = state
        h = np.tanh(w["embedding"][token] @ w["wx"] + h @ w["wh"] + context @ w["wc"] + w["b"]).astype(np.float32)
        scores = memory[:length] @ h
        alignments = np.zeros(SOURCE, np.float32)
        alignments[:length] = np.exp(log_softmax(scores))
        return h @ w["wo"] + w["bo"], (h, alignments @ memory), alignments
    return step


def _output_layer(w):
    return Dense(VOCAB, kernel_initializer=tf.constant_initializer(w["wo"]),
                 bias_initializer=tf.constant_initializer(w["bo"]))


def _decode(cell, w, initial_state, max_steps, **kwargs):
    decoder = seq2seq.BeamSearchDecoder(cell, w["embedding"], tf.fill([BATCH], START), END, initial_state,
                                        BEAM, output_layer=_output_layer(w), **kwargs)
    return seq2seq.dynamic_decode(decoder, maximum_iterations=max_steps)


def _check_against_reference(outputs, final_state, references):
    predicted = outputs.predicted_ids.numpy()  # [batch, time, beam]
    scores = outputs.beam_search_decoder_output.scores.numpy()
    for b, (ref_ids, ref_scores, ref_lengths, ref_log_probs) in enumerate(references):
        np.testing.assert_array_equal(predicted[b], ref_ids, err_msg=f"predicted_ids of batch entry {b}")
        np.testing.assert_allclose(scores[b], ref_scores, rtol=0, atol=1e-5, err_msg=f"scores, entry {b}")
        np.testing.assert_array_equal(final_state.lengths.numpy()[b], ref_lengths)
        np.testing.assert_allclose(final_state.log_probs.numpy()[b], ref_log_probs, rtol=0, atol=1e-5)


@pytest.fixture(params=["xla-fused", "unfused"])
def fusion(request, monkeypatch):
    """Both implementations of the step arithmetic: compiled with XLA (default) and plain ops."""
    monkeypatch.setenv("TF_SEQ2SEQ_MIGRATE_FUSE_XLA", "1" if request.param == "xla-fused" else "0")
    return request.param


@pytest.mark.parametrize("length_penalty_weight", [0.0, 0.6])
def test_matches_numpy_beam_search(length_penalty_weight, fusion):
    w = _weights(1)
    outputs, final_state, _ = _decode(TanhCell(w), w, seq2seq.tile_batch(tf.constant(w["h0"]), BEAM), 8,
                                      length_penalty_weight=length_penalty_weight)
    references = batch_beam_search_reference([_numpy_tanh_step(w)] * BATCH, w["h0"], 8, start_token=START,
                                             end_token=END, beam_width=BEAM, vocab_size=VOCAB,
                                             length_penalty_weight=length_penalty_weight)
    _check_against_reference(outputs, final_state, references)
    ids = outputs.predicted_ids.numpy()
    assert (ids == END).any(), "the case should contain finished beams"


def _attention_initial_state(w):
    tiled_h0 = seq2seq.tile_batch(tf.constant(w["h0"]), BEAM)
    rows = BATCH * BEAM
    return seq2seq.AttentionWrapperState(
        cell_state=tiled_h0, attention=tf.zeros([rows, UNITS]), time=tf.constant(0),
        alignments=tf.zeros([rows, SOURCE]), alignment_history=(), attention_state=tf.zeros([rows, SOURCE]))


@pytest.mark.parametrize("length_penalty_weight, coverage_penalty_weight", [(0.0, 0.4), (0.6, 0.4)])
def test_coverage_penalty_with_attentional_state_matches_numpy(length_penalty_weight, coverage_penalty_weight,
                                                             fusion):
    w = _weights(2)
    cell = DotAttentionCell(w, seq2seq.tile_batch(tf.constant(w["memory"]), BEAM),
                            seq2seq.tile_batch(tf.constant(w["memory_lengths"]), BEAM))
    outputs, final_state, _ = _decode(cell, w, _attention_initial_state(w), 8,
                                      length_penalty_weight=length_penalty_weight,
                                      coverage_penalty_weight=coverage_penalty_weight)
    references = batch_beam_search_reference(
        [_numpy_attention_step(w, b) for b in range(BATCH)],
        [(w["h0"][b], np.zeros(UNITS, np.float32)) for b in range(BATCH)], 8, start_token=START, end_token=END,
        beam_width=BEAM, vocab_size=VOCAB, length_penalty_weight=length_penalty_weight,
        coverage_penalty_weight=coverage_penalty_weight, source_length=SOURCE)
    _check_against_reference(outputs, final_state, references)
    # The accumulated attention of the chosen beams is carried in the state, [batch, beam, source].
    assert final_state.accumulated_attention_probs.shape == (BATCH, BEAM, SOURCE)


def test_coverage_penalty_changes_the_choice():
    # Guard against a test that cannot fail: with these weights the penalty alters some beam.
    w = _weights(2)

    def run(weight):
        cell = DotAttentionCell(w, seq2seq.tile_batch(tf.constant(w["memory"]), BEAM),
                                seq2seq.tile_batch(tf.constant(w["memory_lengths"]), BEAM))
        outputs, _, _ = _decode(cell, w, _attention_initial_state(w), 8, coverage_penalty_weight=weight)
        return outputs.beam_search_decoder_output.scores.numpy()
    assert not np.allclose(run(0.0), run(0.4))


# -- ties -----------------------------------------------------------------------------------------

class LookupCell(rnn.RNNCell):
    """Outputs its input (a one-hot row of the identity embedding); logits come from a table row."""

    @property
    def state_size(self):
        return 1

    @property
    def output_size(self):
        return VOCAB

    def call(self, inputs, state):
        return inputs, state


def _tie_table():
    table = np.full((VOCAB, VOCAB), -2.0, np.float32)
    table[START, [3, 5]] = 1.0       # two equal best first tokens
    table[START, 4] = 0.5
    table[3, [4, 6]] = 0.75          # beams 3 and 5 then tie with each other and within themselves
    table[5, [4, 6]] = 0.75
    table[3, END] = table[5, END] = 0.75
    table[4, END] = 1.5
    table[6, [3, 4]] = 0.25
    table[END] = 0.0
    return table


@pytest.mark.parametrize("jit", [False, True])
def test_ties_are_broken_like_top_k(jit, fusion):
    table = _tie_table()
    w = {"embedding": np.eye(VOCAB, dtype=np.float32), "wo": table, "bo": np.zeros(VOCAB, np.float32)}
    cell = LookupCell()
    output_layer = _output_layer(w)

    def run():
        decoder = seq2seq.BeamSearchDecoder(cell, w["embedding"], tf.fill([BATCH], START), END,
                                            tf.zeros([BATCH * BEAM, 1]), BEAM, output_layer=output_layer,
                                            length_penalty_weight=0.5)
        outputs, state, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=5)
        return (outputs.predicted_ids, outputs.beam_search_decoder_output.scores,
                outputs.beam_search_decoder_output.parent_ids, state.lengths)

    run()  # builds the output layer's variables outside any tf.function
    ids, scores, parents, lengths = tf.function(run, jit_compile=True)() if jit else run()
    reference = beam_search_reference(lambda token, s: (table[token], s, None), None, START, END, BEAM, VOCAB, 5,
                                      length_penalty_weight=0.5)
    for b in range(BATCH):
        np.testing.assert_array_equal(ids.numpy()[b], reference[0])
        np.testing.assert_allclose(scores.numpy()[b], reference[1], rtol=0, atol=1e-6)
        np.testing.assert_array_equal(lengths.numpy()[b], reference[2])
    # The first step really had a tie: tokens 3 and 5 with equal scores, lower index first.
    np.testing.assert_array_equal(parents.numpy()[0, 0], [0, 0, 0, 0])
    first_scores = scores.numpy()[0, 0]
    assert first_scores[0] == first_scores[1]


def test_decoding_stops_once_every_beam_has_finished():
    table = np.full((VOCAB, VOCAB), -3.0, np.float32)
    table[:, END] = 3.0  # end_token is by far the likeliest continuation everywhere
    w = {"embedding": np.eye(VOCAB, dtype=np.float32), "wo": table, "bo": np.zeros(VOCAB, np.float32)}
    decoder = seq2seq.BeamSearchDecoder(LookupCell(), w["embedding"], tf.fill([BATCH], START), END,
                                        tf.zeros([BATCH * BEAM, 1]), BEAM, output_layer=_output_layer(w))
    outputs, state, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=10)
    reference = beam_search_reference(lambda token, s: (table[token], s, None), None, START, END, BEAM, VOCAB, 10)
    assert outputs.predicted_ids.shape[1] == reference[0].shape[0] < 10
    np.testing.assert_array_equal(outputs.predicted_ids.numpy()[0], reference[0])
    assert state.finished.numpy().all()


# -- errors ---------------------------------------------------------------------------------------

def test_untiled_initial_state_names_tile_batch():
    w = _weights()
    with pytest.raises(ValueError) as error:
        seq2seq.BeamSearchDecoder(TanhCell(w), w["embedding"], tf.fill([BATCH], START), END,
                                  tf.constant(w["h0"]), BEAM, output_layer=_output_layer(w))
    assert str(error.value) == (
        "BeamSearchDecoder: an initial_state tensor has shape (3, 5), but its first dimension must be "
        "batch_size * beam_width = 3 * 4 = 12. Tile the encoder outputs, the encoder final state and the "
        "memory sequence lengths with tile_batch(t, multiplier=beam_width) (not tf.tile), and create the "
        "cell's zero_state with batch_size=batch_size * beam_width.")


def test_untiled_initial_state_with_unknown_batch_fails_at_run_time():
    w = _weights()
    with tf.Graph().as_default():
        h0 = tf.compat.v1.placeholder(tf.float32, [None, UNITS])
        start = tf.compat.v1.placeholder(tf.int32, [None])
        decoder = seq2seq.BeamSearchDecoder(TanhCell(w), w["embedding"], start, END, h0, BEAM,
                                            output_layer=_output_layer(w))
        outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=3)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError, match="tile_batch"):
                session.run(outputs.predicted_ids, {h0: w["h0"], start: [START] * BATCH})


def test_coverage_penalty_needs_an_attentional_cell():
    w = _weights()
    with pytest.raises(ValueError, match="coverage_penalty_weight must be 0.0 if no cell is attentional."):
        seq2seq.BeamSearchDecoder(TanhCell(w), w["embedding"], tf.fill([BATCH], START), END,
                                  seq2seq.tile_batch(tf.constant(w["h0"]), BEAM), BEAM,
                                  output_layer=_output_layer(w), coverage_penalty_weight=0.2).initialize()


def test_argument_errors_match_tf1():
    w = _weights()
    state = seq2seq.tile_batch(tf.constant(w["h0"]), BEAM)
    with pytest.raises(TypeError, match="output_layer must be a Layer, received: <class 'function'>"):
        seq2seq.BeamSearchDecoder(TanhCell(w), w["embedding"], tf.fill([BATCH], START), END, state, BEAM,
                                  output_layer=lambda x: x)
    with pytest.raises(ValueError, match="start_tokens must be a vector"):
        seq2seq.BeamSearchDecoder(TanhCell(w), w["embedding"], START, END, state, BEAM)
    with pytest.raises(ValueError, match="end_token must be a scalar"):
        seq2seq.BeamSearchDecoder(TanhCell(w), w["embedding"], tf.fill([BATCH], START), [END], state, BEAM)


def test_decoder_properties():
    w = _weights()
    decoder = seq2seq.BeamSearchDecoder(TanhCell(w), w["embedding"], tf.fill([BATCH], START), END,
                                        seq2seq.tile_batch(tf.constant(w["h0"]), BEAM), BEAM,
                                        output_layer=_output_layer(w))
    assert decoder.tracks_own_finished is True
    assert decoder.batch_size == BATCH
    assert decoder.output_size == seq2seq.BeamSearchDecoderOutput(
        tf.TensorShape([BEAM]), tf.TensorShape([BEAM]), tf.TensorShape([BEAM]))
    assert decoder.output_dtype == seq2seq.BeamSearchDecoderOutput(tf.float32, tf.int32, tf.int32)
    finished, inputs, state = decoder.initialize()
    np.testing.assert_array_equal(finished.numpy(), [[False, True, True, True]] * BATCH)
    np.testing.assert_array_equal(state.log_probs.numpy(), [[0.0, -np.inf, -np.inf, -np.inf]] * BATCH)
    assert inputs.shape == (BATCH, BEAM, EMBED) and state.cell_state.shape == (BATCH, BEAM, UNITS)
    assert state.lengths.dtype == tf.int64 and state.accumulated_attention_probs == ()


def test_keras3_cell_is_accepted():
    w = _weights()
    cell = keras.layers.GRUCell(UNITS)
    decoder = seq2seq.BeamSearchDecoder(cell, w["embedding"], tf.fill([BATCH], START), END,
                                        seq2seq.tile_batch(tf.constant(w["h0"]), BEAM), BEAM,
                                        output_layer=_output_layer(w))
    outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=4)
    assert outputs.predicted_ids.shape == (BATCH, 4, BEAM)


# -- the real AttentionWrapper in every execution mode --------------------------------------------

def _deterministic_initializer(shape, dtype=None, partition_info=None):
    """Same values for the same variable in eager and graph mode: seeded by scope name and shape."""
    seed = zlib.crc32(f"{tf.compat.v1.get_variable_scope().name}{list(shape)}".encode())
    values = np.random.default_rng(seed).uniform(-0.7, 0.7, size=tuple(shape))
    return tf.constant(values, dtype=dtype or tf.float32)


def _build_nmt(w):
    """LSTMCell + BahdanauAttention(AttentionWrapper) + Dense projection, weights by initializer."""
    with tf.compat.v1.variable_scope("model", initializer=_deterministic_initializer):
        memory, lengths, h0 = (tf.constant(w[k]) for k in ("memory", "memory_lengths", "h0"))
        mechanism = seq2seq.BahdanauAttention(UNITS, seq2seq.tile_batch(memory, BEAM),
                                              memory_sequence_length=seq2seq.tile_batch(lengths, BEAM))
        cell = seq2seq.AttentionWrapper(rnn.LSTMCell(UNITS), mechanism, attention_layer_size=UNITS)
        state = cell.zero_state(BATCH * BEAM, tf.float32).clone(
            cell_state=rnn.LSTMStateTuple(*seq2seq.tile_batch((h0, h0), BEAM)))
        output_layer = Dense(VOCAB, name="output_projection")

    def decode():
        with tf.compat.v1.variable_scope("model", initializer=_deterministic_initializer):
            decoder = seq2seq.BeamSearchDecoder(cell, w["embedding"], tf.fill([BATCH], START), END, state, BEAM,
                                                output_layer=output_layer, length_penalty_weight=0.6,
                                                coverage_penalty_weight=0.3)
            outputs, final_state, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=6)
        return (outputs.predicted_ids, outputs.beam_search_decoder_output.scores, final_state.log_probs,
                final_state.accumulated_attention_probs)
    return decode


def test_eager_tf_function_xla_and_v1_graph_agree():
    w = _weights(3)
    decode = _build_nmt(w)
    results = {"eager": decode()}  # also builds every layer outside the tf.functions below
    results["tf.function"] = tf.function(decode)()
    results["xla"] = tf.function(decode, jit_compile=True)()
    with tf.Graph().as_default():
        fetches = _build_nmt(w)()
        names = sorted(v.name[:-2] for v in tf.compat.v1.global_variables())
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            results["v1 graph"] = session.run(fetches)
    assert "model/decoder/attention_wrapper/lstm_cell/kernel" in names
    assert "model/decoder/output_projection/kernel" in names

    eager = [np.asarray(x) for x in results.pop("eager")]
    assert (eager[0] != END).any()
    for mode, values in results.items():
        np.testing.assert_array_equal(np.asarray(values[0]), eager[0], err_msg=f"{mode}: predicted_ids")
        for name, got, want in zip(("scores", "log_probs", "accumulated_attention_probs"), values[1:], eager[1:]):
            np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6, atol=1e-6, err_msg=f"{mode}: {name}")
