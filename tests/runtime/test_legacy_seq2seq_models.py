"""legacy_seq2seq decoders and seq2seq models: TF 1.15 variable names and numpy re-derivations.

Every case runs in a v1 graph (names must be exactly TF 1.15's, listed explicitly from its
seq2seq.py / core_rnn_cell.py scopes) and eagerly (the same names through ``tf1_name``; a second call
reuses every weight), with the same seeded weights on both sides.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
import tensorflow as tf

from tests.runtime import legacy_seq2seq_reference as ref
from tf_seq2seq_migrate.runtime import legacy_seq2seq, rnn

BATCH, ENC_STEPS, DEC_STEPS, DEPTH, UNITS = 2, 3, 3, 4, 5
ENC_SYMBOLS, DEC_SYMBOLS, EMBED = 7, 8, 4
GRU_WEIGHTS = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")

_rng = np.random.default_rng(0)
VECTORS = [_rng.normal(size=(BATCH, DEPTH)).astype(np.float32) for _ in range(ENC_STEPS + DEC_STEPS)]
ENC_IDS = [_rng.integers(0, ENC_SYMBOLS, size=BATCH).astype(np.int32) for _ in range(ENC_STEPS)]
DEC_IDS = [_rng.integers(0, DEC_SYMBOLS, size=BATCH).astype(np.int32) for _ in range(DEC_STEPS)]
ENC_VECTORS, DEC_VECTORS = VECTORS[:ENC_STEPS], VECTORS[ENC_STEPS:]


def gru_names(prefix):
    return [f"{prefix}/{name}" for name in GRU_WEIGHTS]


def run_graph(make_cells, model, seed, feeds=(None,)):
    """Build ``model(make_cells())`` in a fresh graph, give every variable seeded random values and run
    it once per feed dict. Returns (sorted variable names, weights, [results per feed])."""
    with tf.Graph().as_default():
        result = model(make_cells())
        variables = ref.graph_variables()
        weights = ref.random_like({name: tuple(v.shape.as_list()) for name, v in variables.items()}, seed)
        with tf.compat.v1.Session() as session:
            ref.load_graph_weights(session, weights)
            results = [session.run(result, feed(result) if callable(feed) else feed) for feed in feeds]
    return sorted(variables), weights, results


def run_eager(make_cells, model, weights):
    """Build eagerly in a fresh store, load ``weights`` by TF1 name, run again (must reuse everything)."""
    store = legacy_seq2seq.LegacyVariableStore()
    cells = make_cells()
    with store.as_default():
        model(cells)
        created = len(store.weights)
        mapping = ref.eager_variable_map(store.weights, *(cell.weights for cell in cells))
        ref.assign_eager(mapping, weights)
        result = model(cells)
        assert len(store.weights) == created, "a second call created new weights"
    return tf.nest.map_structure(np.asarray, result)


def assert_steps_close(got, expected):
    assert len(got) == len(expected)
    for got_step, expected_step in zip(got, expected):
        np.testing.assert_allclose(got_step, expected_step, rtol=1e-5, atol=1e-5)


def gru_encode(weights, prefix, inputs, state=None):
    state = np.zeros((BATCH, UNITS), np.float32) if state is None else state
    outputs = []
    for x in inputs:
        output, state = ref.gru_step(weights, prefix, x, state)
        outputs.append(output)
    return outputs, state


def gru_decode(weights, cell_prefix, inputs, state, projection=None, loop_function=None):
    """rnn_decoder re-derived: the cell (then an optional output projection) over the inputs."""
    outputs = []
    for i, x in enumerate(inputs):
        if loop_function is not None and outputs:
            x = loop_function(outputs[-1], i)
        output, state = ref.gru_step(weights, cell_prefix, x, state)
        if projection is not None:
            output = ref.linear(weights, projection, [output])
        outputs.append(output)
    return outputs, state


def halve(prev, _):
    return prev[:, :DEPTH] * 0.5


# -- rnn_decoder / basic / tied -------------------------------------------------------------------

def test_rnn_decoder_with_loop_function():
    initial = VECTORS[0][:, :1].repeat(UNITS, 1)

    def model(cells):
        return legacy_seq2seq.rnn_decoder(DEC_VECTORS, initial, cells[0], loop_function=halve)

    def make_cells():
        return [rnn.GRUCell(UNITS)]

    names, weights, (got,) = run_graph(make_cells, model, seed=1)
    assert names == sorted(gru_names("rnn_decoder/gru_cell"))
    expected = gru_decode(weights, "rnn_decoder/gru_cell", DEC_VECTORS, initial, loop_function=halve)
    assert_steps_close(got[0], expected[0])
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-5, atol=1e-5)
    eager = run_eager(make_cells, model, weights)
    assert_steps_close(eager[0], expected[0])


def test_rnn_decoder_accepts_a_keras_cell():
    import keras

    cell = keras.layers.GRUCell(UNITS)
    outputs, state = legacy_seq2seq.rnn_decoder(DEC_VECTORS, tf.zeros([BATCH, UNITS]), cell)
    assert len(outputs) == DEC_STEPS and tuple(state.shape) == (BATCH, UNITS)
    np.testing.assert_allclose(outputs[-1].numpy(), state.numpy())


def test_basic_rnn_seq2seq_gives_the_encoder_its_own_copy_of_the_cell():
    def model(cells):
        return legacy_seq2seq.basic_rnn_seq2seq(ENC_VECTORS, DEC_VECTORS, cells[0])

    def make_cells():
        return [rnn.GRUCell(UNITS)]

    names, weights, (got,) = run_graph(make_cells, model, seed=2)
    assert names == sorted(gru_names("basic_rnn_seq2seq/rnn/gru_cell")
                           + gru_names("basic_rnn_seq2seq/rnn_decoder/gru_cell"))
    _, encoder_state = gru_encode(weights, "basic_rnn_seq2seq/rnn/gru_cell", ENC_VECTORS)
    expected = gru_decode(weights, "basic_rnn_seq2seq/rnn_decoder/gru_cell", DEC_VECTORS, encoder_state)
    assert_steps_close(got[0], expected[0])
    eager = run_eager(make_cells, model, weights)
    assert_steps_close(eager[0], expected[0])
    np.testing.assert_allclose(eager[1], expected[1], rtol=1e-5, atol=1e-5)


def test_tied_rnn_seq2seq_shares_one_cell_between_encoder_and_decoder():
    def model(cells):
        return legacy_seq2seq.tied_rnn_seq2seq(ENC_VECTORS, DEC_VECTORS, cells[0], loop_function=halve)

    def make_cells():
        return [rnn.GRUCell(UNITS)]

    names, weights, (got,) = run_graph(make_cells, model, seed=3)
    prefix = "combined_tied_rnn_seq2seq/tied_rnn_seq2seq/gru_cell"
    assert names == sorted(gru_names(prefix))
    _, encoder_state = gru_encode(weights, prefix, ENC_VECTORS)
    expected = gru_decode(weights, prefix, DEC_VECTORS, encoder_state, loop_function=halve)
    assert_steps_close(got[0], expected[0])
    eager = run_eager(make_cells, model, weights)
    assert_steps_close(eager[0], expected[0])


# -- embedding models -----------------------------------------------------------------------------

ERS = "embedding_rnn_seq2seq"
ERS_NAMES = sorted([f"{ERS}/rnn/embedding_wrapper/embedding", f"{ERS}/embedding_rnn_decoder/embedding",
                    f"{ERS}/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/kernel",
                    f"{ERS}/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/bias"]
                   + gru_names(f"{ERS}/rnn/embedding_wrapper/gru_cell")
                   + gru_names(f"{ERS}/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/gru_cell"))


def expected_embedding_rnn_seq2seq(weights, feed_previous, scope=ERS, enc_ids=ENC_IDS, dec_ids=DEC_IDS):
    _, encoder_state = gru_encode(weights, f"{scope}/rnn/embedding_wrapper/gru_cell",
                                  [weights[f"{scope}/rnn/embedding_wrapper/embedding"][i] for i in enc_ids])
    embedding = weights[f"{scope}/embedding_rnn_decoder/embedding"]
    wrapper = f"{scope}/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper"
    greedy = (lambda prev, _: embedding[np.argmax(prev, 1)]) if feed_previous else None
    return gru_decode(weights, f"{wrapper}/gru_cell", [embedding[i] for i in dec_ids], encoder_state,
                      projection=wrapper, loop_function=greedy)


def embedding_rnn_seq2seq_model(feed_previous):
    def model(cells):
        return legacy_seq2seq.embedding_rnn_seq2seq(ENC_IDS, DEC_IDS, cells[0], ENC_SYMBOLS, DEC_SYMBOLS, EMBED,
                                                    feed_previous=feed_previous)
    return model


def gru_cells():
    return [rnn.GRUCell(UNITS)]


@pytest.mark.parametrize("feed_previous", [False, True])
def test_embedding_rnn_seq2seq(feed_previous):
    names, weights, (got,) = run_graph(gru_cells, embedding_rnn_seq2seq_model(feed_previous), seed=4)
    assert names == ERS_NAMES
    expected = expected_embedding_rnn_seq2seq(weights, feed_previous)
    assert_steps_close(got[0], expected[0])
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-5, atol=1e-5)
    eager = run_eager(gru_cells, embedding_rnn_seq2seq_model(feed_previous), weights)
    assert_steps_close(eager[0], expected[0])


def test_embedding_rnn_seq2seq_feed_previous_tensor_builds_both_decoders_on_one_set_of_weights():
    def model(cells):
        flag = tf.compat.v1.placeholder_with_default(False, [], name="feed_previous")
        return legacy_seq2seq.embedding_rnn_seq2seq(ENC_IDS, DEC_IDS, cells[0], ENC_SYMBOLS, DEC_SYMBOLS, EMBED,
                                                    feed_previous=flag), flag

    feeds = [lambda result: {result[1]: True}, lambda result: {result[1]: False}]
    names, weights, results = run_graph(gru_cells, model, seed=5, feeds=feeds)
    assert names == ERS_NAMES
    for (got, _), feed_previous in zip(results, (True, False)):
        expected = expected_embedding_rnn_seq2seq(weights, feed_previous)
        assert_steps_close(got[0], expected[0])
        np.testing.assert_allclose(got[1], expected[1], rtol=1e-5, atol=1e-5)

    for feed_previous in (True, False):
        eager = run_eager(gru_cells, embedding_rnn_seq2seq_model(tf.constant(feed_previous)), weights)
        assert_steps_close(eager[0], expected_embedding_rnn_seq2seq(weights, feed_previous)[0])


@pytest.mark.parametrize("feed_previous", [False, True, "tensor"])
def test_embedding_tied_rnn_seq2seq(feed_previous):
    symbols, out_symbols = 9, 6
    ids_enc = [i % symbols for i in ENC_IDS]
    ids_dec = [i % symbols for i in DEC_IDS]

    def model(cells):
        flag = tf.constant(True) if feed_previous == "tensor" else feed_previous
        return legacy_seq2seq.embedding_tied_rnn_seq2seq(ids_enc, ids_dec, cells[0], symbols, EMBED,
                                                         num_decoder_symbols=out_symbols, feed_previous=flag)

    names, weights, (got,) = run_graph(gru_cells, model, seed=6)
    scope = "embedding_tied_rnn_seq2seq"
    wrapper = f"{scope}/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/output_projection_wrapper"
    assert names == sorted([f"{scope}/embedding", f"{wrapper}/kernel", f"{wrapper}/bias"]
                           + gru_names(f"{wrapper}/gru_cell"))
    embedding = weights[f"{scope}/embedding"]
    _, encoder_state = gru_encode(weights, f"{wrapper}/gru_cell", [embedding[i] for i in ids_enc])
    greedy = (lambda prev, _: embedding[np.argmax(prev, 1)]) if feed_previous else None
    expected = gru_decode(weights, f"{wrapper}/gru_cell", [embedding[i] for i in ids_dec], encoder_state,
                          projection=wrapper, loop_function=greedy)
    assert got[0][0].shape == (BATCH, out_symbols)
    assert_steps_close(got[0], expected[0])
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-5, atol=1e-5)


EAS = "embedding_attention_seq2seq"
EAD = f"{EAS}/embedding_attention_decoder"
EAS_WRAPPER = f"{EAD}/attention_decoder/output_projection_wrapper"
EAS_NAMES = sorted(
    [f"{EAS}/rnn/embedding_wrapper/embedding", f"{EAD}/embedding"]
    + gru_names(f"{EAS}/rnn/embedding_wrapper/gru_cell")
    + [f"{EAD}/attention_decoder/{name}" for name in (
        "AttnW_0", "AttnV_0", "AttnW_1", "AttnV_1", "kernel", "bias", "Attention_0/kernel", "Attention_0/bias",
        "Attention_1/kernel", "Attention_1/bias", "AttnOutputProjection/kernel", "AttnOutputProjection/bias")]
    + [f"{EAS_WRAPPER}/kernel", f"{EAS_WRAPPER}/bias"] + gru_names(f"{EAS_WRAPPER}/gru_cell"))


def expected_embedding_attention_seq2seq(weights, feed_previous):
    encoder_outputs, encoder_state = gru_encode(
        weights, f"{EAS}/rnn/embedding_wrapper/gru_cell",
        [weights[f"{EAS}/rnn/embedding_wrapper/embedding"][i] for i in ENC_IDS])
    attention_states = np.stack(encoder_outputs, 1)
    embedding = weights[f"{EAD}/embedding"]

    def projected_gru(x, state):
        output, state = ref.gru_step(weights, f"{EAS_WRAPPER}/gru_cell", x, state)
        return ref.linear(weights, EAS_WRAPPER, [output]), state

    greedy = (lambda prev, _: embedding[np.argmax(prev, 1)]) if feed_previous else None
    return ref.attention_decoder(weights, f"{EAD}/attention_decoder", projected_gru,
                                 [embedding[i] for i in DEC_IDS], encoder_state, attention_states, num_heads=2,
                                 loop_function=greedy)


def embedding_attention_model(feed_previous):
    def model(cells):
        return legacy_seq2seq.embedding_attention_seq2seq(ENC_IDS, DEC_IDS, cells[0], ENC_SYMBOLS, DEC_SYMBOLS,
                                                          EMBED, num_heads=2, feed_previous=feed_previous)
    return model


@pytest.mark.parametrize("feed_previous", [False, True])
def test_embedding_attention_seq2seq(feed_previous):
    names, weights, (got,) = run_graph(gru_cells, embedding_attention_model(feed_previous), seed=7)
    assert names == EAS_NAMES
    expected = expected_embedding_attention_seq2seq(weights, feed_previous)
    assert got[0][0].shape == (BATCH, DEC_SYMBOLS)
    assert_steps_close(got[0], expected[0])
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-5, atol=1e-5)
    eager = run_eager(gru_cells, embedding_attention_model(feed_previous), weights)
    assert_steps_close(eager[0], expected[0])


def test_embedding_attention_seq2seq_feed_previous_tensor_in_tf_function():
    _, weights, _ = run_graph(gru_cells, embedding_attention_model(False), seed=8)
    store = legacy_seq2seq.LegacyVariableStore()
    cells = gru_cells()

    @tf.function
    def decode(flag):
        with store.as_default():
            outputs, _ = embedding_attention_model(flag)(cells)
        return tf.stack(outputs)

    decode(tf.constant(False))
    ref.assign_eager(ref.eager_variable_map(store.weights, cells[0].weights), weights)
    for feed_previous in (True, False):
        got = decode(tf.constant(feed_previous)).numpy()
        expected, _ = expected_embedding_attention_seq2seq(weights, feed_previous)
        np.testing.assert_allclose(got, np.stack(expected), rtol=1e-5, atol=1e-5)


# -- one2many -------------------------------------------------------------------------------------

def test_one2many_rnn_seq2seq_one_encoder_one_decoder_per_task():
    tasks = {"a": DEC_SYMBOLS, "b": 5}
    dec_ids = {"a": DEC_IDS, "b": [i % 5 for i in DEC_IDS[:2]]}

    def make_cells():
        return [rnn.GRUCell(UNITS), rnn.GRUCell(UNITS), rnn.GRUCell(UNITS)]

    def model(cells):
        return legacy_seq2seq.one2many_rnn_seq2seq(ENC_IDS, dec_ids, cells[0], {"a": cells[1], "b": cells[2]},
                                                   ENC_SYMBOLS, tasks, EMBED, feed_previous=False)

    names, weights, (got,) = run_graph(make_cells, model, seed=9)
    scope = "one2many_rnn_seq2seq"
    expected_names = [f"{scope}/rnn/embedding_wrapper/embedding"] + gru_names(f"{scope}/rnn/embedding_wrapper/gru_cell")
    for task in tasks:
        decoder = f"{scope}/one2many_decoder_{task}/embedding_rnn_decoder"
        wrapper = f"{decoder}/rnn_decoder/output_projection_wrapper"
        expected_names += [f"{decoder}/embedding", f"{wrapper}/kernel", f"{wrapper}/bias"]
        expected_names += gru_names(f"{wrapper}/gru_cell")
    assert names == sorted(expected_names)

    outputs, states = got
    _, encoder_state = gru_encode(weights, f"{scope}/rnn/embedding_wrapper/gru_cell",
                                  [weights[f"{scope}/rnn/embedding_wrapper/embedding"][i] for i in ENC_IDS])
    for task, symbols in tasks.items():
        decoder = f"{scope}/one2many_decoder_{task}/embedding_rnn_decoder"
        wrapper = f"{decoder}/rnn_decoder/output_projection_wrapper"
        embedding = weights[f"{decoder}/embedding"]
        expected = gru_decode(weights, f"{wrapper}/gru_cell", [embedding[i] for i in dec_ids[task]],
                              encoder_state, projection=wrapper)
        assert outputs[task][0].shape == (BATCH, symbols)
        assert_steps_close(outputs[task], expected[0])
        np.testing.assert_allclose(states[task], expected[1], rtol=1e-5, atol=1e-5)


def test_one2many_rnn_seq2seq_rejects_non_cells_with_tf1s_messages():
    cell = rnn.GRUCell(UNITS)
    with pytest.raises(TypeError, match=r"^enc_cell is not an RNNCell: <class 'int'>$"):
        legacy_seq2seq.one2many_rnn_seq2seq(ENC_IDS, {"a": DEC_IDS}, 3, {"a": cell}, ENC_SYMBOLS, {"a": 4}, EMBED)
    with pytest.raises(ValueError, match=r"^keys of dec_cells_dict != keys of decodre_inputs_dict$"):
        legacy_seq2seq.one2many_rnn_seq2seq(ENC_IDS, {"a": DEC_IDS}, cell, {"b": cell}, ENC_SYMBOLS, {"a": 4}, EMBED)


# -- model_with_buckets ---------------------------------------------------------------------------

BUCKETS = [(2, 2), (3, 3)]
TARGETS = [np.roll(i, 1) for i in DEC_IDS]
TARGET_WEIGHTS = [np.array([1.0, 0.5], np.float32), np.ones(BATCH, np.float32), np.array([1.0, 0.0], np.float32)]


def buckets_model(per_example_loss):
    def model(cells):
        def seq2seq(encoder_inputs, decoder_inputs):
            return legacy_seq2seq.embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cells[0], ENC_SYMBOLS,
                                                        DEC_SYMBOLS, EMBED)
        return legacy_seq2seq.model_with_buckets(ENC_IDS, DEC_IDS, TARGETS, TARGET_WEIGHTS, BUCKETS, seq2seq,
                                                 per_example_loss=per_example_loss)
    return model


@pytest.mark.parametrize("per_example_loss", [False, True])
def test_model_with_buckets_shares_weights_across_buckets(per_example_loss):
    names, weights, (got,) = run_graph(gru_cells, buckets_model(per_example_loss), seed=10)
    assert names == ERS_NAMES  # created once, reused by the second bucket
    outputs, losses = got
    for (enc_len, dec_len), bucket_outputs, loss in zip(BUCKETS, outputs, losses):
        expected, _ = expected_embedding_rnn_seq2seq(weights, False, enc_ids=ENC_IDS[:enc_len],
                                                     dec_ids=DEC_IDS[:dec_len])
        assert_steps_close(bucket_outputs, expected)
        by_example = ref.sequence_loss_by_example(expected, TARGETS[:dec_len], TARGET_WEIGHTS[:dec_len])
        if per_example_loss:
            np.testing.assert_allclose(loss, by_example, rtol=1e-5, atol=1e-6)
        else:
            np.testing.assert_allclose(loss, by_example.sum() / BATCH, rtol=1e-5, atol=1e-6)

    eager_outputs, eager_losses = run_eager(gru_cells, buckets_model(per_example_loss), weights)
    for got_loss, eager_loss in zip(losses, eager_losses):
        np.testing.assert_allclose(eager_loss, got_loss, rtol=1e-5, atol=1e-6)


def test_model_with_buckets_length_errors_are_tf1s():
    def seq2seq(x, y):
        raise AssertionError("must not be built")

    with pytest.raises(ValueError, match=r"^Length of encoder_inputs \(3\) must be at least that of last bucket "
                                         r"\(4\)\.$"):
        legacy_seq2seq.model_with_buckets(ENC_IDS, DEC_IDS, TARGETS, TARGET_WEIGHTS, [(4, 2)], seq2seq)
    with pytest.raises(ValueError, match=r"^Length of targets \(2\) must be at least that of last bucket \(3\)\.$"):
        legacy_seq2seq.model_with_buckets(ENC_IDS, DEC_IDS, TARGETS[:2], TARGET_WEIGHTS, [(3, 3)], seq2seq)
    with pytest.raises(ValueError, match=r"^Length of weights \(1\) must be at least that of last bucket \(3\)\.$"):
        legacy_seq2seq.model_with_buckets(ENC_IDS, DEC_IDS, TARGETS, TARGET_WEIGHTS[:1], [(3, 3)], seq2seq)
