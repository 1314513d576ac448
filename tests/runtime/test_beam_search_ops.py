"""gather_tree, gather_tree_from_array and tile_batch against numpy re-derivations, in every mode."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tests.runtime.beam_search_reference import gather_tree_reference
from tf_seq2seq_migrate.runtime import seq2seq
from tf_seq2seq_migrate.runtime.rnn import LSTMStateTuple

END = 3


def _random_tree(seed, max_time=7, batch=3, beam=4, vocab=6):
    rng = np.random.default_rng(seed)
    step_ids = rng.integers(0, vocab, size=(max_time, batch, beam)).astype(np.int32)
    parent_ids = rng.integers(0, beam, size=(max_time, batch, beam)).astype(np.int32)
    return step_ids, parent_ids


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gather_tree_matches_numpy_with_end_tokens_and_short_lengths(seed):
    step_ids, parent_ids = _random_tree(seed)
    # One entry longer than max_time (clipped), one short, one empty.
    lengths = np.array([9, 4, 0], np.int32)
    expected = gather_tree_reference(step_ids, parent_ids, lengths, END)
    got = seq2seq.gather_tree(step_ids, parent_ids, lengths, END).numpy()
    np.testing.assert_array_equal(got, expected)
    assert (expected == END).any() and (expected != END).any()  # the case exercises both


def test_gather_tree_hand_worked_example():
    # batch 1, beam 2, 3 steps; beam 0 ends with end_token 3 at step 1.
    step_ids = np.array([[[5, 6]], [[3, 7]], [[8, 9]]], np.int32)
    parent_ids = np.array([[[0, 0]], [[1, 0]], [[0, 0]]], np.int32)
    got = seq2seq.gather_tree(step_ids, parent_ids, [3], END).numpy()[:, 0, :]
    # beam 0 traces 8 <- 3 (beam 0 at t1, parent 1) <- 6; after the 3 everything is 3.
    # beam 1 traces 9 <- 3 (beam 0 at t1) <- 6 as well.
    np.testing.assert_array_equal(got, [[6, 6], [3, 3], [3, 3]])


def test_gather_tree_int64():
    step_ids, parent_ids = _random_tree(5)
    lengths = np.array([7, 5, 6], np.int32)
    got = seq2seq.gather_tree(step_ids.astype(np.int64), parent_ids.astype(np.int64), lengths, np.int64(END))
    assert got.dtype == tf.int64
    np.testing.assert_array_equal(got.numpy(), gather_tree_reference(step_ids, parent_ids, lengths, END))


def _bad_tree(parent):
    step_ids, parent_ids = _random_tree(3, batch=2, beam=3)
    parent_ids[6, 1, :] = 0  # every final beam of batch 1 traces through beam 0 at step 6 ...
    parent_ids[6, 1, 0] = parent  # ... whose parent is invalid
    return step_ids, parent_ids, np.array([7, 7], np.int32)


@pytest.mark.parametrize("parent", [3, -1])
def test_gather_tree_bad_parent_eager_message(parent):
    step_ids, parent_ids, lengths = _bad_tree(parent)
    with pytest.raises(tf.errors.InvalidArgumentError) as error:
        seq2seq.gather_tree(step_ids, parent_ids, lengths, END)
    # TF 1.15's kernel's wording: the bad parent stored at step 6 would pick step 5's id; final beam 0.
    assert error.value.message == f"Saw invalid parent id {parent} at (batch, time, beam) == (1, 5, 0)"


def test_gather_tree_bad_parent_in_tf_function_and_session():
    step_ids, parent_ids, lengths = _bad_tree(7)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Saw invalid parent id 7 at"):
        tf.function(seq2seq.gather_tree)(step_ids, parent_ids, lengths, END)
    with tf.Graph().as_default():
        ids = seq2seq.gather_tree(step_ids, parent_ids, lengths, END)
        with tf.compat.v1.Session() as session:
            with pytest.raises(tf.errors.InvalidArgumentError) as error:
                session.run(ids)
    message = error.value.message
    assert "Saw invalid parent id 7 at (batch, time, beam) == (1, 5, 0)" in message


def test_gather_tree_parent_at_step_zero_is_never_followed():
    # TF1's kernel never reads the parent stored at step 0, so a junk value there is harmless.
    step_ids, parent_ids = _random_tree(4)
    parent_ids[0] = 99
    lengths = np.array([7, 7, 7], np.int32)
    np.testing.assert_array_equal(seq2seq.gather_tree(step_ids, parent_ids, lengths, END).numpy(),
                                  gather_tree_reference(step_ids, parent_ids, lengths, END))


def test_gather_tree_same_in_every_mode():
    step_ids, parent_ids = _random_tree(8)
    lengths = np.array([6, 7, 2], np.int32)
    expected = gather_tree_reference(step_ids, parent_ids, lengths, END)
    results = {
        "tf.function": tf.function(seq2seq.gather_tree)(step_ids, parent_ids, lengths, END),
        "xla": tf.function(seq2seq.gather_tree, jit_compile=True)(step_ids, parent_ids, lengths, END),
    }
    with tf.Graph().as_default():
        graph_ids = seq2seq.gather_tree(tf.compat.v1.placeholder(tf.int32, [None, None, None], "s"),
                                        tf.compat.v1.placeholder(tf.int32, [None, None, None], "p"),
                                        tf.compat.v1.placeholder(tf.int32, [None], "l"), END)
        with tf.compat.v1.Session() as session:
            results["v1 graph"] = session.run(graph_ids, {"s:0": step_ids, "p:0": parent_ids, "l:0": lengths})
    for mode, got in results.items():
        np.testing.assert_array_equal(np.asarray(got), expected, err_msg=mode)


def test_gather_tree_xla_with_a_time_known_only_at_run_time():
    step_ids, parent_ids = _random_tree(9)
    lengths = np.array([5, 3, 5], np.int32)

    @tf.function(jit_compile=True)
    def decode_then_gather(steps_run):
        # Like dynamic_decode under XLA: the outputs are cut to the steps a while_loop ran.
        final_time, _ = tf.while_loop(lambda t, x: t < steps_run, lambda t, x: (t + 1, x), (0, 0),
                                      maximum_iterations=7)
        return seq2seq.gather_tree(tf.constant(step_ids)[:final_time], tf.constant(parent_ids)[:final_time],
                                   lengths, END)

    np.testing.assert_array_equal(decode_then_gather(tf.constant(5)).numpy(),
                                  gather_tree_reference(step_ids[:5], parent_ids[:5], lengths, END))


def test_gather_tree_from_array_reorders_along_traced_beams():
    rng = np.random.default_rng(11)
    max_time, batch, beam, depth = 5, 2, 3, 4
    parent_ids = rng.integers(0, beam, size=(max_time, batch, beam)).astype(np.int32)
    lengths = np.array([[5, 5, 3], [2, 4, 4]], np.int64)
    values = rng.normal(size=(max_time, batch * beam, depth)).astype(np.float32)
    got = seq2seq.gather_tree_from_array(tf.constant(values), tf.constant(parent_ids), tf.constant(lengths))

    expected = values.reshape(max_time, batch, beam, depth).copy()
    source = values.reshape(max_time, batch, beam, depth)
    for b in range(batch):
        max_length = lengths[b].max()
        for k in range(beam):
            beam_at = k
            for t in range(max_length - 1, -1, -1):
                if t < lengths[b, k]:  # in-bound steps follow the trace; the rest keep their own beam
                    expected[t, b, k] = source[t, b, beam_at]
                beam_at = parent_ids[t, b, beam_at]
    np.testing.assert_allclose(got.numpy(), expected.reshape(values.shape), rtol=0, atol=0)


def test_tile_batch_nested_structure():
    rng = np.random.default_rng(0)
    c, h = rng.normal(size=(2, 3)).astype(np.float32), rng.normal(size=(2, 3)).astype(np.float32)
    memory = rng.normal(size=(2, 5, 4)).astype(np.float32)
    lengths = np.array([5, 2], np.int32)
    structure = {"state": (LSTMStateTuple(c, h), memory), "lengths": lengths}
    tiled = seq2seq.tile_batch(structure, multiplier=3)
    assert isinstance(tiled["state"][0], LSTMStateTuple)
    np.testing.assert_array_equal(tiled["state"][0].c.numpy(), c[[0, 0, 0, 1, 1, 1]])
    np.testing.assert_array_equal(tiled["state"][0].h.numpy(), h[[0, 0, 0, 1, 1, 1]])
    np.testing.assert_array_equal(tiled["state"][1].numpy(), memory[[0, 0, 0, 1, 1, 1]])
    np.testing.assert_array_equal(tiled["lengths"].numpy(), [5, 5, 5, 2, 2, 2])


def test_tile_batch_static_shapes_in_a_graph_and_rank_error():
    with tf.Graph().as_default():
        known = seq2seq.tile_batch(tf.compat.v1.placeholder(tf.float32, [2, None, 4]), 5)
        unknown = seq2seq.tile_batch(tf.compat.v1.placeholder(tf.float32, [None, 7]), 5)
    assert known.shape.as_list() == [10, None, 4]
    assert unknown.shape.as_list() == [None, 7]
    with pytest.raises(ValueError, match="t must have statically known rank"):
        seq2seq.tile_batch(tf.constant(1.0), 2)
