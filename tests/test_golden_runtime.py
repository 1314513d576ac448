"""The rewritten golden outputs run on TensorFlow 2 + Keras 3 with the runtime.

Every expected.py compiles; one case per module area is imported and executed eagerly on small
shapes, with results checked against numpy re-derivations where the math is simple.
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest
from golden import golden_cases

tf = pytest.importorskip("tensorflow")

from tf_seq2seq_migrate.runtime import rnn, seq2seq  # noqa: E402

CASES = {case.name: case for case in golden_cases()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_expected_output_compiles(name):
    compile(CASES[name].expected_path.read_bytes(), str(CASES[name].expected_path), "exec")


def load(name: str):
    """Import a case's expected.py as a fresh module."""
    path = CASES[name].expected_path
    module_name = f"golden_expected_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


RNG = np.random.default_rng(7)


def floats(*shape):
    return tf.constant(RNG.standard_normal(shape).astype(np.float32))


def test_contrib_seq2seq_attention_runs():
    case = load("contrib_seq2seq_attention")
    memory, lengths = floats(2, 5, 4), tf.constant([5, 3])
    for kind in ("bahdanau", "luong", "bahdanau_monotonic", "luong_monotonic"):
        cell = case.attention_cell(rnn.LSTMCell(4), memory, lengths, 4, kind)
        state = cell.zero_state(2, tf.float32)
        output, state = cell(floats(2, 3), state)
        assert output.shape == (2, 4)
        assert case.final_alignments(state).shape == (1, 2, 5)
        # No attention past each memory's length.
        np.testing.assert_array_equal(state.alignments.numpy()[1, 3:], 0.0)

    p_choose = tf.constant([[0.2, 0.5, 0.9]])
    previous = tf.constant([[1.0, 0.0, 0.0]])
    scores = tf.constant([[0.1, 3.0, -1.0], [2.0, 2.0, 0.0]])
    keep, expected, one_hot = case.monotonic_step(p_choose, previous, scores)
    np.testing.assert_allclose(keep.numpy(), [[1.0, 0.8, 0.8 * 0.5]], rtol=1e-6)
    # The first step from [1, 0, 0]: attend j with p_j * prod_{k<j}(1 - p_k).
    np.testing.assert_allclose(expected.numpy(), [[0.2, 0.8 * 0.5, 0.8 * 0.5 * 0.9]], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(one_hot.numpy(), [[0, 1, 0], [1, 0, 0]])


def test_contrib_seq2seq_decoding_runs():
    case = load("contrib_seq2seq_decoding")
    batch, time, depth, vocab = 2, 4, 3, 5
    inputs, lengths = floats(batch, time, depth), tf.constant([4, 2])
    embedding = floats(vocab, depth)
    projection = tf.keras.layers.Dense(vocab)
    cell = rnn.GRUCell(6)
    helper = case.make_helper("train", inputs, lengths, embedding, None, None)
    outputs, state, out_lengths = case.decode(cell, helper, cell.zero_state(batch, tf.float32), projection, None)
    assert outputs.rnn_output.shape == (batch, time, vocab)
    np.testing.assert_array_equal(out_lengths.numpy(), [4, 2])
    np.testing.assert_array_equal(outputs.sample_id.numpy(), np.argmax(outputs.rnn_output.numpy(), -1))

    start, end = tf.constant([1, 1]), 0
    greedy = case.make_helper("greedy", None, None, embedding, start, end)
    outputs, _, _ = case.decode(cell, greedy, cell.zero_state(batch, tf.float32), projection, 3)
    assert outputs.rnn_output.shape[0] == batch and outputs.rnn_output.shape[1] <= 3

    encoder_state = floats(batch, 6)
    ids = case.beam_search(cell, embedding, start, end, encoder_state, 3, projection)
    assert ids.shape[0] == batch and ids.shape[2] == 3 and ids.shape[1] <= 6

    step_ids = tf.constant([[[2, 3]], [[4, 5]], [[6, 7]]])  # [time, batch=1, beam=2]
    parents = tf.constant([[[0, 0]], [[1, 0]], [[1, 1]]])
    tree = case.backtrack(step_ids, parents, tf.constant([3]), 9)
    # Beam 0 at t=2 came from beam 1 at t=1, which came from beam 0 at t=0.
    np.testing.assert_array_equal(tree.numpy()[:, 0, 0], [2, 5, 6])


def test_contrib_seq2seq_loss_runs():
    case = load("contrib_seq2seq_loss")
    logits, targets = floats(2, 3, 4), tf.constant([[1, 0, 3], [2, 2, 1]])
    weights = tf.constant([[1.0, 1.0, 1.0], [1.0, 1.0, 0.0]])
    per_batch, total = case.losses(logits, targets, weights)
    values = logits.numpy()
    log_probs = values - np.log(np.exp(values).sum(-1, keepdims=True))
    picked = -np.take_along_axis(log_probs, targets.numpy()[..., None], -1)[..., 0] * weights.numpy()
    np.testing.assert_allclose(per_batch.numpy(), picked.sum(0) / weights.numpy().sum(0), rtol=1e-5)
    np.testing.assert_allclose(total.numpy(), picked.sum() / np.count_nonzero(weights.numpy()), rtol=1e-5)


def test_legacy_seq2seq_functions_run():
    case = load("legacy_seq2seq_functions")
    logits = [floats(2, 4) for _ in range(3)]
    targets = [tf.constant([1, 3]), tf.constant([0, 2]), tf.constant([3, 3])]
    weights = [tf.ones([2]), tf.ones([2]), tf.constant([1.0, 0.0])]
    by_example, mean = case.losses(logits, targets, weights)

    def cross_entropy(logit, target):
        logit = logit.numpy()
        log_probs = logit - np.log(np.exp(logit).sum(-1, keepdims=True))
        return -log_probs[np.arange(len(target)), target.numpy()]

    total = sum(cross_entropy(lg, tg) * w.numpy() for lg, tg, w in zip(logits, targets, weights))
    expected = total / (sum(w.numpy() for w in weights) + 1e-12)
    np.testing.assert_allclose(by_example.numpy(), expected, rtol=1e-5)
    np.testing.assert_allclose(mean.numpy(), expected.sum() / 2, rtol=1e-5)

    outputs, state = case.through_the_module([floats(2, 3)] * 2, [floats(2, 3)] * 3, rnn.GRUCell(4))
    assert len(outputs) == 3 and outputs[0].shape == (2, 4) and state.shape == (2, 4)


def test_rnn_cells_and_functions_run():
    cells = load("rnn_cells")
    stacked, projected_in, projected_out, normalized = cells.encoder_cell(4, 3, 1.0, 7)
    functions = load("rnn_functions")
    inputs, lengths = floats(2, 5, 4), tf.constant([5, 2])
    outputs, state, both = functions.encode(stacked, cells.through_modules(4)[0], inputs, lengths)
    assert outputs.shape == (2, 5, 4) and both.shape == (2, 5, 8) and len(state) == 3
    # Outputs past a sequence's length are zeros, as TF1's dynamic_rnn wrote them.
    np.testing.assert_array_equal(outputs.numpy()[1, 2:], 0.0)
    assert isinstance(state[0], rnn.LSTMStateTuple)
    c_h = cells.lstm_state(tf.zeros([1, 2]), tf.ones([1, 2]))
    assert all(isinstance(s, rnn.LSTMStateTuple) for s in c_h)
    for cell, depth in ((projected_in, 3), (normalized, 3)):
        out, _ = rnn.dynamic_rnn(cell, floats(2, 2, depth), dtype=tf.float32)
        assert out.shape == (2, 2, 4)
    ids = tf.constant([[[1], [2]], [[3], [6]]])  # EmbeddingWrapper reads [batch, 1] ids per step
    out, _ = rnn.dynamic_rnn(projected_out, ids, dtype=tf.float32)
    assert out.shape == (2, 2, 7)


def test_checkpoint_contrib_runs(tmp_path):
    case = load("checkpoint_contrib")
    vocabulary = case.Vocabulary()
    vocabulary.counts.seen = np.arange(3)
    vocabulary.layers.append(tf.Variable(2.0))
    root = tf.train.Checkpoint(vocabulary=vocabulary)
    manager = case.manage(root, str(tmp_path))
    save_path = manager.save()
    graph, dot, objects = case.inspect(root, save_path)
    assert len(graph.nodes) >= 3 and dot.startswith("digraph")
    assert any(obj is vocabulary for obj in objects)
    restored = case.Vocabulary()
    tf.train.Checkpoint(vocabulary=restored).restore(save_path)
    np.testing.assert_array_equal(restored.counts.seen, [0, 1, 2])


def test_framework_nest_and_beam_tiling_run():
    nest_case = load("framework_nest")
    state = rnn.LSTMStateTuple(c=tf.constant([[1.0], [2.0]]), h=tf.constant([[3.0], [4.0]]))
    doubled, nested = nest_case.reorder(state, tf.constant([1, 0]))
    assert nested is True and isinstance(doubled, rnn.LSTMStateTuple)
    np.testing.assert_array_equal(doubled.c.numpy(), [[4.0], [2.0]])
    np.testing.assert_array_equal(doubled.h.numpy(), [[8.0], [6.0]])

    tiling = load("pattern_tile_batch_in_map_structure")
    memory, tiled_state, lengths = tiling.tile_for_beam_search(tf.constant([[1.0], [2.0]]), state, tf.constant([3, 1]), 2)
    np.testing.assert_array_equal(memory.numpy(), np.repeat([[1.0], [2.0]], 2, axis=0))
    np.testing.assert_array_equal(tiled_state.h.numpy(), np.repeat(state.h.numpy(), 2, axis=0))
    np.testing.assert_array_equal(lengths.numpy(), [3, 3, 1, 1])


def test_patterns_run():
    memory, lengths = floats(2, 5, 4), tf.constant([5, 3])
    clone_case = load("pattern_zero_state_clone")
    encoder_state = rnn.LSTMStateTuple(floats(2, 4), floats(2, 4))
    mechanism = seq2seq.LuongAttention(4, memory, lengths)
    cell, state = clone_case.initial_decoder_state(rnn.LSTMCell(4), mechanism, encoder_state, 2)
    np.testing.assert_array_equal(state.cell_state.h.numpy(), encoder_state.h.numpy())
    assert isinstance(state, seq2seq.AttentionWrapperState)

    values = load("pattern_classes_as_values")
    wrapper = values.build("luong", "gru", 4, memory)
    assert isinstance(wrapper, seq2seq.AttentionWrapper)

    subclasses = load("pattern_subclasses")
    attention = subclasses.LocationSensitiveAttention(4, memory, lengths)
    assert isinstance(attention, seq2seq.BahdanauAttention)
    assert issubclass(subclasses.CopyDecoder, seq2seq.Decoder)
    assert issubclass(subclasses.TacotronTrainingHelper, seq2seq.Helper)

    local = load("pattern_function_local_imports")
    assert isinstance(local.make_cell(3), rnn.GRUCell)

    # MultiRNNCell([cell] * n) shares one cell's weights across layers, as it did in TF1.
    multi = load("pattern_multirnncell_list_multiply")
    shared = multi.stacked(4, 2)
    outputs, _ = rnn.dynamic_rnn(shared, floats(2, 3, 4), dtype=tf.float32)
    assert outputs.shape == (2, 3, 4) and len(shared.trainable_variables) == 2
    fresh = multi.stacked_fresh(4, 2)
    rnn.dynamic_rnn(fresh, floats(2, 3, 5), dtype=tf.float32)
    assert len(fresh.trainable_variables) == 8

    isinstance_case = load("pattern_isinstance_state")
    assert isinstance_case.unwrap(encoder_state) is encoder_state.h


def test_private_layers_base_isinstance_accepts_runtime_and_keras_layers():
    # Tacotron-style decoders check `isinstance(output_layer, layers_base.Layer)`: after the rewrite the
    # check must let through what migrated code passes (runtime tf.layers ports and Keras 3 layers).
    import keras

    from tf_seq2seq_migrate.runtime import layers as runtime_layers

    class Decoder(load("private_layers_base_isinstance").CustomDecoder):
        initialize = step = None  # the constructor's checks are under test, not decoding

    cell = rnn.LSTMCell(4)
    for output_layer in (runtime_layers.Dense(3), keras.layers.Dense(3), None):
        made = Decoder(cell, helper=None, initial_state=None, output_layer=output_layer)
        assert made._output_layer is output_layer
    with pytest.raises(TypeError, match="output_layer must be a Layer"):
        Decoder(cell, helper=None, initial_state=None, output_layer=lambda x: x)
    with pytest.raises(TypeError, match="cell must be a Layer"):
        Decoder(object(), helper=None, initial_state=None)
