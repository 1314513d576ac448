"""TF 1.15's own contrib.seq2seq unit tests, re-stated against our runtime.

The scenarios and the expected numbers below are the ones published in TensorFlow 1.15's
``tensorflow/contrib/seq2seq/python/kernel_tests`` (beam_search_ops_test.py,
beam_search_decoder_test.py, loss_test.py, basic_decoder_test.py, decoder_test.py,
attention_wrapper_test.py). They are an independent reference: written by the original authors for
the original kernels, not derived from our implementation. Each block names the TF test its
numbers come from. The test bodies are our own.

Left out: attention_wrapper_test's weight-dependent ResultSummary means (see the attention block
for why they cannot be reproduced exactly), TestEosMasking (it calls contrib's private
``_mask_probs``, which our step inlines; test_beam_step_with_eos covers the behaviour), and the
random-draw-dependent parts of basic_decoder_test (its random weights are not published).
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import seq2seq
from tf_seq2seq_migrate.runtime.seq2seq import beam_search_decoder as bsd


def _batch_major_to_time_major(x, dtype=np.int32):
    """TF's tests write trees as [batch, time, beam] and transpose them to [time, batch, beam]."""
    return np.transpose(np.asarray(x), [1, 0, 2]).astype(dtype)


# -- gather_tree ----------------------------------------------------------------------------------

def test_gather_tree_one_batch_entry():
    # beam_search_ops_test.GatherTreeTest.testGatherTreeOne: max_time 4, batch 1, beam 3, end 10.
    step_ids = _batch_major_to_time_major([[[1, 2, 3], [4, 5, 6], [7, 8, 9], [-1, -1, -1]]])
    parent_ids = _batch_major_to_time_major([[[0, 0, 0], [0, 1, 1], [2, 1, 2], [-1, -1, -1]]])
    expected = _batch_major_to_time_major([[[2, 2, 2], [6, 5, 6], [7, 8, 9], [10, 10, 10]]])
    got = seq2seq.gather_tree(step_ids, parent_ids, max_sequence_lengths=[3], end_token=10)
    np.testing.assert_array_equal(got.numpy(), expected)


def test_gather_tree_bad_parent_message_names_batch_time_beam():
    # beam_search_ops_test.GatherTreeTest.testBadParentValuesOnCPU: the CPU kernel reports
    # "parent id -1 at (batch, time, beam) == (0, 0, 1)".
    step_ids = _batch_major_to_time_major([[[1, 2, 3], [4, 5, 6], [7, 8, 9], [-1, -1, -1]]])
    parent_ids = _batch_major_to_time_major([[[0, 0, 0], [0, -1, 1], [2, 1, 2], [-1, -1, -1]]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"parent id -1 at \(batch, time, beam\) == \(0, 0, 1\)"):
        seq2seq.gather_tree(step_ids, parent_ids, max_sequence_lengths=[3], end_token=10)


def test_gather_tree_random_batch_properties():
    # beam_search_ops_test.GatherTreeTest.testGatherTreeBatch: batch 10, beam 15, max_time 8,
    # lengths [0, 1, 2, 4, 7, 8, 9, 10, 11, 0], end 5; the published checks are properties:
    # everything past a length is end_token, and after a beam's first end_token only end_tokens.
    max_time, batch_size, beam_width, end_token = 8, 10, 15, 5
    lengths = [0, 1, 2, 4, 7, 8, 9, 10, 11, 0]
    rng = np.random.default_rng(115)
    step_ids = rng.integers(0, end_token + 1, size=(max_time, batch_size, beam_width)).astype(np.int32)
    parent_ids = rng.integers(0, beam_width - 1, size=(max_time, batch_size, beam_width)).astype(np.int32)
    beams = seq2seq.gather_tree(step_ids, parent_ids, max_sequence_lengths=lengths, end_token=end_token)
    assert tuple(beams.shape) == (max_time, batch_size, beam_width)
    beams = beams.numpy()
    saw_an_end_token_inside_a_length = False
    for b in range(batch_size):
        np.testing.assert_array_equal(beams[lengths[b]:, b, :], end_token)
        for k in range(beam_width):
            path = beams[:, b, k]
            ends = np.flatnonzero(path == end_token)
            if ends.size:
                assert not (path == -1).any()
                first = ends[0]
                np.testing.assert_array_equal(path[first + 1:], end_token)
                assert (path[:first] >= 0).all()
                saw_an_end_token_inside_a_length |= first < min(lengths[b], max_time)
    assert saw_an_end_token_inside_a_length  # the draw exercises the early-end rule


def test_gather_tree_two_batch_entries():
    # beam_search_decoder_test.TestGatherTree.test_gather_tree: max_time 3, batch 2, beam 3, end 11.
    step_ids = _batch_major_to_time_major([[[1, 2, 3], [4, 5, 6], [7, 8, 9]],
                                           [[2, 3, 4], [5, 6, 7], [8, 9, 10]]])
    parent_ids = _batch_major_to_time_major([[[0, 0, 0], [0, 1, 1], [2, 1, 2]],
                                             [[0, 0, 0], [1, 2, 0], [2, 1, 1]]])
    expected = _batch_major_to_time_major([[[2, 2, 2], [6, 5, 6], [7, 8, 9]],
                                           [[2, 4, 4], [7, 6, 6], [8, 9, 10]]])
    got = seq2seq.gather_tree(step_ids, parent_ids, max_sequence_lengths=[3, 3], end_token=11)
    np.testing.assert_array_equal(got.numpy(), expected)


# -- gather_tree_from_array -----------------------------------------------------------------------

_FROM_ARRAY = dict(
    # beam_search_decoder_test.TestGatherTree._test_gather_tree_from_array (batch 2, time 4, beam 3).
    array=[[[1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 0, 0]],
           [[2, 3, 4], [5, 6, 7], [8, 9, 10], [11, 12, 0]]],
    parent_ids=[[[0, 0, 0], [0, 1, 1], [2, 1, 2], [-1, -1, -1]],
                [[0, 0, 0], [1, 1, 0], [2, 0, 1], [0, 1, 0]]],
    expected=[[[2, 2, 2], [6, 5, 6], [7, 8, 9], [0, 0, 0]],
              [[2, 3, 2], [7, 5, 7], [8, 9, 8], [11, 12, 0]]],
    sequence_length=[[3, 3, 3], [4, 4, 3]],
)


def _add_depth(t, depth_ndims):
    # As the published test does: stack t and t + 1 on a new last axis, depth_ndims times.
    for _ in range(depth_ndims):
        t = tf.stack([t, t + 1], -1)
    return t


@pytest.mark.parametrize("depth_ndims,merged_batch_beam", [(0, False), (1, False), (1, True), (2, False)],
                         ids=["scalar", "1d", "1d_merged_batch_beam", "2d"])
def test_gather_tree_from_array(depth_ndims, merged_batch_beam):
    # beam_search_decoder_test.TestGatherTree.test_gather_tree_from_array_{scalar,1d,
    # 1d_with_merged_batch_beam,2d}.
    array = tf.constant(_batch_major_to_time_major(_FROM_ARRAY["array"], np.float32))
    expected = tf.constant(_batch_major_to_time_major(_FROM_ARRAY["expected"], np.float32))
    parent_ids = tf.constant(_batch_major_to_time_major(_FROM_ARRAY["parent_ids"]))
    if merged_batch_beam:
        array = tf.reshape(array, [4, 2 * 3])
        expected = tf.reshape(expected, [4, 2 * 3])
    array, expected = _add_depth(array, depth_ndims), _add_depth(expected, depth_ndims)
    got = bsd.gather_tree_from_array(array, parent_ids, _FROM_ARRAY["sequence_length"])
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_gather_tree_from_array_complex_trajectory():
    # beam_search_decoder_test.TestGatherTree.test_gather_tree_from_array_complex_trajectory
    # (time 7, batch 1, beam 5, lengths [4, 6, 4, 7, 6]); data already time-major.
    array = np.array([[[25, 12, 114, 89, 97]], [[9, 91, 64, 11, 162]], [[34, 34, 34, 34, 34]],
                      [[2, 4, 2, 2, 4]], [[2, 3, 6, 2, 2]], [[2, 2, 2, 3, 2]], [[2, 2, 2, 2, 2]]],
                     np.float32)[..., None]
    parent_ids = np.array([[[0, 0, 0, 0, 0]], [[0, 0, 0, 0, 0]], [[0, 1, 2, 3, 4]], [[0, 0, 1, 2, 1]],
                           [[0, 1, 1, 2, 3]], [[0, 1, 3, 1, 2]], [[0, 1, 2, 3, 4]]], np.int32)
    expected = np.array([[[25, 25, 25, 25, 25]], [[9, 9, 91, 9, 9]], [[34, 34, 34, 34, 34]],
                         [[2, 4, 2, 4, 4]], [[2, 3, 6, 3, 6]], [[2, 2, 2, 3, 2]], [[2, 2, 2, 2, 2]]],
                        np.float32)[..., None]
    got = bsd.gather_tree_from_array(tf.constant(array), tf.constant(parent_ids), [[4, 6, 4, 7, 6]])
    np.testing.assert_array_equal(got.numpy(), expected)


# -- the run-time batch/beam check behind TensorArray reordering -----------------------------------

@pytest.mark.parametrize("static_shape,dynamic_shape,valid", [
    ((8, 4, 5, 10), (None, None, 5, 10), True),
    ((8, 20, 10), (None, None, 10), True),
    ((8, 21, 10), (None, None, 10), False),
    ((8, 4, 6, 10), (None, None, None, 10), False),
    ((8, 4), (None, None), False),
])
def test_array_shape_dynamic_checks(static_shape, dynamic_shape, valid):
    # beam_search_decoder_test.TestArrayShapeChecks.test_array_shape_dynamic_checks: batch 4, beam 5;
    # a stacked array must split into [batch * beam] or [batch, beam] after its time axis.
    with tf.Graph().as_default():
        t = tf.compat.v1.placeholder_with_default(np.zeros(static_shape, np.float32), shape=dynamic_shape)
        check = bsd._check_batch_beam(t, tf.constant(4), 5)
        with tf.compat.v1.Session() as sess:
            if valid:
                sess.run(check)
            else:
                with pytest.raises(tf.errors.InvalidArgumentError):
                    sess.run(check)


# -- one beam-search step -------------------------------------------------------------------------

@pytest.fixture(params=["xla_fused", "plain_ops"])
def fusion(request, monkeypatch):
    """Our step runs XLA-fused by default and with plain ops when TF_SEQ2SEQ_MIGRATE_FUSE_XLA=0."""
    monkeypatch.setenv("TF_SEQ2SEQ_MIGRATE_FUSE_XLA", "1" if request.param == "xla_fused" else "0")
    return request.param


def _published_logits(batch_size, beam_width, overrides):
    # All three beam-step tests start from 0.0001 everywhere plus a few hand-set entries.
    logits = np.full([batch_size, beam_width, 5], 0.0001)
    for index, value in overrides.items():
        logits[index] = value
    return tf.constant(logits, dtype=tf.float32)


_STEP_LOGITS = {(0, 0, 2): 1.9, (0, 0, 3): 2.1, (0, 1, 3): 3.1, (0, 1, 4): 0.9,
                (1, 0, 1): 0.5, (1, 1, 2): 2.7, (1, 2, 2): 10.0, (1, 2, 3): 0.2}


def _step(logits, log_probs, lengths, finished, batch_size, beam_width):
    # end_token 0, length_penalty_weight 0.6, coverage_penalty_weight 0.0 in every published case.
    cell_state = tf.zeros([batch_size, beam_width])
    state = bsd.BeamSearchDecoderState(cell_state=cell_state, log_probs=log_probs, finished=finished,
                                       lengths=lengths, accumulated_attention_probs=())
    return bsd._beam_search_step(time=2, logits=logits, next_cell_state=cell_state, beam_state=state,
                                 batch_size=tf.convert_to_tensor(batch_size), beam_width=beam_width,
                                 end_token=0, length_penalty_weight=0.6, coverage_penalty_weight=0.0)


def _expected_log_probs(start_log_probs, step_log_probs, parents, continuations):
    """The published recipe: the parent's log-prob plus the chosen token's log-prob (nothing is
    added for a parent that had already finished, marked by token None)."""
    expected = np.take_along_axis(start_log_probs, np.asarray(parents), axis=1).copy()
    for b, row in enumerate(continuations):
        for k, token in enumerate(row):
            if token is not None:
                expected[b, k] += step_log_probs[b, parents[b][k], token]
    return expected


def test_beam_step(fusion):
    # beam_search_decoder_test.TestBeamStep.test_step: batch 2, beam 3, vocab 5, every length 2.
    logits = _published_logits(2, 3, _STEP_LOGITS)
    log_probs = tf.nn.log_softmax(tf.ones([2, 3]))
    outputs, state = _step(logits, log_probs, tf.constant(2, tf.int64, shape=[2, 3]),
                           tf.zeros([2, 3], tf.bool), 2, 3)
    np.testing.assert_array_equal(outputs.predicted_ids.numpy(), [[3, 3, 2], [2, 2, 1]])
    np.testing.assert_array_equal(outputs.parent_ids.numpy(), [[1, 0, 0], [2, 1, 0]])
    np.testing.assert_array_equal(state.lengths.numpy(), [[3, 3, 3], [3, 3, 3]])
    np.testing.assert_array_equal(state.finished.numpy(), [[False] * 3, [False] * 3])
    expected = _expected_log_probs(log_probs.numpy(), tf.nn.log_softmax(logits).numpy(),
                                   [[1, 0, 0], [2, 1, 0]], [[3, 3, 2], [2, 2, 1]])
    np.testing.assert_array_equal(state.log_probs.numpy(), expected)  # TF asserts bit equality too


def test_beam_step_with_eos(fusion):
    # beam_search_decoder_test.TestBeamStep.test_step_with_eos: beam 1 of entry 0 and beam 2 of
    # entry 1 finished earlier (length 1); logits[1, 1, 2] = 5.7 and logits[1, 2, 2] = 1.0 here.
    logits = _published_logits(2, 3, {**_STEP_LOGITS, (1, 1, 2): 5.7, (1, 2, 2): 1.0})
    log_probs = tf.nn.log_softmax(tf.ones([2, 3]))
    outputs, state = _step(logits, log_probs, tf.constant([[2, 1, 2], [2, 2, 1]], tf.int64),
                           tf.constant([[False, True, False], [False, False, True]]), 2, 3)
    np.testing.assert_array_equal(outputs.parent_ids.numpy(), [[1, 0, 0], [1, 2, 0]])
    np.testing.assert_array_equal(outputs.predicted_ids.numpy(), [[0, 3, 2], [2, 0, 1]])
    np.testing.assert_array_equal(state.lengths.numpy(), [[1, 3, 3], [3, 1, 3]])
    np.testing.assert_array_equal(state.finished.numpy(), [[True, False, False], [False, True, False]])
    # A finished parent carries its log-prob unchanged.
    expected = _expected_log_probs(log_probs.numpy(), tf.nn.log_softmax(logits).numpy(),
                                   [[1, 0, 0], [1, 2, 0]], [[None, 3, 2], [2, None, 1]])
    np.testing.assert_array_equal(state.log_probs.numpy(), expected)  # TF asserts bit equality too


def test_large_beam_step(fusion):
    # beam_search_decoder_test.TestLargeBeamStep.test_step: beam 8 > vocab 5; only beam 0 is
    # live (log-prob 0, length 2), beams 1..7 are finished with log-prob -inf and length 0.
    batch_size, beam_width = 2, 8
    live = np.zeros([batch_size, beam_width], bool)
    live[:, 0] = True
    log_probs = tf.constant(np.where(live, 0.0, -np.inf), tf.float32)
    lengths = tf.constant(np.where(live, 2, 0), tf.int64)
    logits = _published_logits(batch_size, beam_width, _STEP_LOGITS)
    outputs, state = _step(logits, log_probs, lengths, tf.constant(~live), batch_size, beam_width)
    predicted, next_log_probs, next_lengths = (outputs.predicted_ids.numpy(), state.log_probs.numpy(),
                                               state.lengths.numpy())
    assert predicted[0, 0] == 3 and predicted[0, 1] == 2 and predicted[1, 0] == 1
    np.testing.assert_array_equal(next_log_probs[:, -3:], np.full([2, 3], -np.inf))
    assert (next_log_probs[:, :-3] > -np.inf).all()
    assert (next_lengths[:, :-3] > 0).all()
    np.testing.assert_array_equal(next_lengths[:, -3:], [[0, 0, 0], [0, 0, 0]])


def test_beam_step_in_a_v1_graph_session():
    # TestBeamStep.test_step again, built in a tf.compat.v1 graph and run in a session as TF did.
    with tf.Graph().as_default():
        logits = _published_logits(2, 3, _STEP_LOGITS)
        outputs, state = _step(logits, tf.nn.log_softmax(tf.ones([2, 3])),
                               tf.constant(2, tf.int64, shape=[2, 3]), tf.zeros([2, 3], tf.bool), 2, 3)
        with tf.compat.v1.Session() as sess:
            ids, parents, lengths = sess.run([outputs.predicted_ids, outputs.parent_ids, state.lengths])
    np.testing.assert_array_equal(ids, [[3, 3, 2], [2, 2, 1]])
    np.testing.assert_array_equal(parents, [[1, 0, 0], [2, 1, 0]])
    np.testing.assert_array_equal(lengths, [[3, 3, 3], [3, 3, 3]])


# -- sequence_loss / SequenceLoss -----------------------------------------------------------------

# loss_test.LossTest.config_default_values: batch 2, 3 steps, 5 classes; at step i every logit is
# i + 0.5 and the target is i, so every token's cross-entropy is log(5) = 1.60944.
_BATCH, _STEPS, _EXPECTED_LOSS = 2, 3, 1.60944


def _loss_inputs():
    logits = tf.stack([tf.fill([_BATCH, 5], i + 0.5) for i in range(_STEPS)], axis=1)
    targets = tf.stack([tf.fill([_BATCH], i) for i in range(_STEPS)], axis=1)
    return logits, tf.cast(targets, tf.int32), tf.ones([_BATCH, _STEPS])


_AVERAGING_CASES = [
    # (average_across_timesteps, average_across_batch, expected shape)
    (True, True, ()), (False, True, (_STEPS,)), (True, False, (_BATCH,)), (False, False, (_BATCH, _STEPS)),
]


@pytest.mark.parametrize("across_time,across_batch,shape", _AVERAGING_CASES)
def test_sequence_loss_averaging(across_time, across_batch, shape):
    # loss_test.LossTest.testSequenceLoss
    logits, targets, weights = _loss_inputs()
    got = seq2seq.sequence_loss(logits, targets, weights, average_across_timesteps=across_time,
                                average_across_batch=across_batch)
    np.testing.assert_allclose(got.numpy(), np.full(shape, _EXPECTED_LOSS), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("across_time,across_batch,shape", _AVERAGING_CASES)
def test_sequence_loss_class_averaging(across_time, across_batch, shape):
    # loss_test.LossTest.testSequenceLossClass (called as loss(targets, logits, weights)).
    logits, targets, weights = _loss_inputs()
    loss = seq2seq.SequenceLoss(average_across_timesteps=across_time, average_across_batch=across_batch,
                                sum_over_timesteps=False, sum_over_batch=False)
    np.testing.assert_allclose(loss(targets, logits, weights).numpy(), np.full(shape, _EXPECTED_LOSS),
                               rtol=1e-6, atol=1e-6)


_SUM_CASES = [
    # (sum_over_timesteps, sum_over_batch, expected shape)
    (True, True, ()), (False, True, (_STEPS,)), (True, False, (_BATCH,)), (False, False, (_BATCH, _STEPS)),
]


@pytest.mark.parametrize("over_time,over_batch,shape", _SUM_CASES)
def test_sequence_loss_sum_reduction(over_time, over_batch, shape):
    # loss_test.LossTest.testSumReduction: sums divided by the count of non-zero weights.
    logits, targets, weights = _loss_inputs()
    loss = seq2seq.SequenceLoss(average_across_timesteps=False, average_across_batch=False,
                                sum_over_timesteps=over_time, sum_over_batch=over_batch)
    np.testing.assert_allclose(loss(targets, logits, weights).numpy(), np.full(shape, _EXPECTED_LOSS),
                               rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("over_time,over_batch,shape", _SUM_CASES)
def test_sequence_loss_weighted_sum_reduction(over_time, over_batch, shape):
    # loss_test.LossTest.testWeightedSumReduction: the last step weighs 0. Sums over time still
    # give 1.60944 (zero-weight tokens are left out of the count); per-step results show 0 there.
    logits, targets, _ = _loss_inputs()
    weights = tf.constant([[1.0, 1.0, 0.0]] * _BATCH)
    loss = seq2seq.SequenceLoss(average_across_timesteps=False, average_across_batch=False,
                                sum_over_timesteps=over_time, sum_over_batch=over_batch)
    expected = np.full(shape, _EXPECTED_LOSS)
    if not over_time:
        expected[..., -1] = 0.0
    np.testing.assert_allclose(loss(targets, logits, weights).numpy(), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("across_time,across_batch,shape", _AVERAGING_CASES)
def test_sequence_loss_zero_weights(across_time, across_batch, shape):
    # loss_test.LossTest.testZeroWeights: all weights 0 gives 0 (not NaN) in every averaging mode.
    logits, targets, _ = _loss_inputs()
    got = seq2seq.sequence_loss(logits, targets, tf.zeros([_BATCH, _STEPS]), average_across_timesteps=across_time,
                                average_across_batch=across_batch)
    np.testing.assert_array_equal(got.numpy(), np.zeros(shape))


# -- BasicDecoder: one step ------------------------------------------------------------------------
# basic_decoder_test.BasicDecoderTest draws random inputs and weights, so what it publishes are
# exact structural facts and relations (finished flags from sequence_length [3, 4, 3, 1, 0],
# sample_id == argmax(rnn_output), next inputs == embedding rows); those are restated here, in a
# v1 graph run by a session as TF did.

def _first_step(decoder):
    first_finished, first_inputs, first_state = decoder.initialize()
    step = decoder.step(tf.constant(0), first_inputs, first_state)
    return first_finished, first_state, step


@pytest.mark.parametrize("use_output_layer", [False, True], ids=["no_output_layer", "output_layer"])
def test_basic_decoder_step_with_training_helper(use_output_layer):
    # basic_decoder_test.BasicDecoderTest.testStepWithTrainingHelper{No,With}OutputLayer:
    # batch 5, max_time 8, input depth 7, LSTM depth 10, output layer depth 3 without bias.
    from tf_seq2seq_migrate.runtime import rnn
    from tf_seq2seq_migrate.runtime.layers import Dense
    inputs = np.random.default_rng(0).standard_normal((5, 8, 7)).astype(np.float32)
    with tf.Graph().as_default():
        cell = rnn.LSTMCell(10)
        output_layer = Dense(3, use_bias=False) if use_output_layer else None
        helper = seq2seq.TrainingHelper(inputs, [3, 4, 3, 1, 0], time_major=False)
        decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(dtype=tf.float32, batch_size=5),
                                       output_layer=output_layer)
        depth = 3 if use_output_layer else 10
        assert decoder.output_size == seq2seq.BasicDecoderOutput(depth, tf.TensorShape([]))
        assert decoder.output_dtype == seq2seq.BasicDecoderOutput(tf.float32, tf.int32)
        first_finished, first_state, (outputs, state, _, finished) = _first_step(decoder)
        assert isinstance(first_state, rnn.LSTMStateTuple) and isinstance(state, rnn.LSTMStateTuple)
        assert isinstance(outputs, seq2seq.BasicDecoderOutput)
        assert outputs.rnn_output.shape.as_list() == [5, depth] and outputs.sample_id.shape.as_list() == [5]
        assert [t.shape.as_list() for t in (*first_state, *state)] == [[5, 10]] * 4
        if use_output_layer:
            assert len(output_layer.variables) == 1  # the layer was used: its kernel, no bias
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            got = sess.run({"first_finished": first_finished, "finished": finished, "outputs": outputs})
    np.testing.assert_array_equal(got["first_finished"], [False, False, False, False, True])
    np.testing.assert_array_equal(got["finished"], [False, False, False, True, True])
    assert got["outputs"].sample_id.dtype == np.int32
    np.testing.assert_array_equal(got["outputs"].sample_id, np.argmax(got["outputs"].rnn_output, -1))


def test_basic_decoder_step_with_greedy_embedding_helper():
    # basic_decoder_test.BasicDecoderTest.testStepWithGreedyEmbeddingHelper: batch 5, vocab 7
    # (the LSTM's depth, its outputs are the logits), embedding depth 10, end token 1.
    from tf_seq2seq_migrate.runtime import rnn
    rng = np.random.default_rng(1)
    start_tokens = rng.integers(0, 7, size=5)
    embeddings = rng.standard_normal((7, 10)).astype(np.float32)
    with tf.Graph().as_default():
        cell = rnn.LSTMCell(7)
        helper = seq2seq.GreedyEmbeddingHelper(embeddings, start_tokens, 1)
        decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(dtype=tf.float32, batch_size=5))
        assert decoder.output_size == seq2seq.BasicDecoderOutput(7, tf.TensorShape([]))
        assert decoder.output_dtype == seq2seq.BasicDecoderOutput(tf.float32, tf.int32)
        first_finished, _, (outputs, _, next_inputs, finished) = _first_step(decoder)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            got = sess.run({"first_finished": first_finished, "finished": finished, "outputs": outputs,
                            "next_inputs": next_inputs})
    expected_ids = np.argmax(got["outputs"].rnn_output, -1)
    np.testing.assert_array_equal(got["first_finished"], [False] * 5)
    np.testing.assert_array_equal(got["outputs"].sample_id, expected_ids)
    np.testing.assert_array_equal(got["finished"], expected_ids == 1)
    np.testing.assert_array_equal(got["next_inputs"], embeddings[expected_ids])


def test_basic_decoder_step_with_multilabel_inference_helper():
    # basic_decoder_test.BasicDecoderTest.testStepWithInferenceHelperMultilabel: Bernoulli samples
    # of shape [7] (bool), end when label 6 is on, next inputs the samples as floats; variables
    # initialised to the constant 0.01 by the enclosing scope.
    from tf_seq2seq_migrate.runtime import rnn
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("testStepWithInferenceHelper",
                                         initializer=tf.compat.v1.constant_initializer(0.01)):
            cell = rnn.LSTMCell(7)
            helper = seq2seq.InferenceHelper(
                sample_fn=lambda logits: tf.random.uniform(tf.shape(logits)) < tf.sigmoid(logits),
                sample_shape=[7], sample_dtype=tf.bool, start_inputs=tf.one_hot(np.zeros(5), 7),
                end_fn=lambda sample_ids: sample_ids[:, 6], next_inputs_fn=lambda s: tf.cast(s, tf.float32))
            decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(dtype=tf.float32, batch_size=5))
            assert decoder.output_size == seq2seq.BasicDecoderOutput(7, 7)
            assert decoder.output_dtype == seq2seq.BasicDecoderOutput(tf.float32, tf.bool)
            _, _, (outputs, _, next_inputs, finished) = _first_step(decoder)
            assert outputs.sample_id.shape.as_list() == [5, 7]
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            got = sess.run({"outputs": outputs, "finished": finished, "next_inputs": next_inputs})
    sample_ids = got["outputs"].sample_id
    assert sample_ids.dtype == np.bool_
    np.testing.assert_array_equal(got["finished"], sample_ids[:, 6])
    np.testing.assert_array_equal(got["next_inputs"], sample_ids.astype(np.float32))


def test_v1_graph_layers_list_their_get_variable_weights_like_tf1():
    # Regression for the bug basic_decoder_test's `len(output_layer.variables) == 1` exposed: in a v1
    # graph a layer's weights come from get_variable, and TF1's layers listed them (partitioned
    # variables by their parts); the graph's trainable collection is the independent reference.
    from tf_seq2seq_migrate.runtime import rnn
    from tf_seq2seq_migrate.runtime.layers import Dense
    with tf.Graph().as_default():
        cell = rnn.MultiRNNCell([rnn.LSTMCell(4), rnn.GRUCell(3)])
        cell(tf.zeros([2, 5]), cell.zero_state(2, tf.float32))
        with tf.compat.v1.variable_scope("split", partitioner=tf.compat.v1.fixed_size_partitioner(2)):
            split_dense = Dense(4)
            split_dense(tf.zeros([2, 6]))
        frozen_dense = Dense(3, trainable=False)
        frozen_dense(tf.zeros([2, 5]))
        trainable = {v.name for v in tf.compat.v1.trainable_variables()}
        cell_names = {v.name for v in cell.trainable_weights}
        assert cell_names == {n for n in trainable if n.startswith("multi_rnn_cell/")} and len(cell_names) == 6
        assert {v.name for v in split_dense.trainable_weights} == {n for n in trainable if n.startswith("split/")}
        assert len(split_dense.weights) == 4  # kernel and bias, two parts each
        assert frozen_dense.trainable_weights == [] and len(frozen_dense.non_trainable_weights) == 2


# -- AttentionWrapper: the weight-independent part of the published ResultSummaries ----------------
# attention_wrapper_test.AttentionWrapperTest._testWithMaybeMultiAttention publishes (shape, dtype,
# mean) of every decoded tensor. Their means of outputs and LSTM states cannot be reproduced: the
# memory layer is built outside the seeded 'root' scope, so its glorot initializer's op seed is
# TF1's graph op counter at that moment (a count of contrib's own graph ops), which our runtime does
# not and need not match. What does not depend on the weights is restated: every shape and dtype,
# time == 3 (= max(decoder_sequence_length)), and for the softmax mechanisms alignments,
# attention_state and alignment_history means of exactly 1/8 (each row is a distribution over 8
# memory slots, masked positions included as zeros).

def _attention_case(creators, depths, layer_sizes, is_multi, alignment_history):
    from tf_seq2seq_migrate.runtime import rnn
    rng = np.random.RandomState(87654321)  # TF's test-case numpy seed; the draws are not load-bearing here
    decoder_inputs = rng.randn(5, 4, 7).astype(np.float32)
    encoder_outputs = rng.randn(5, 8, 10).astype(np.float32)
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(87654321)
        memory = tf.compat.v1.placeholder_with_default(encoder_outputs, shape=(None, None, 10))
        inputs = tf.compat.v1.placeholder_with_default(decoder_inputs, shape=(None, None, 7))
        mechanisms = [create(num_units=depth, memory=memory, memory_sequence_length=[3, 2, 3, 1, 1])
                      for create, depth in zip(creators, depths)]
        with tf.compat.v1.variable_scope(
                "root", initializer=tf.compat.v1.random_normal_initializer(stddev=0.01, seed=3)):
            cell = seq2seq.AttentionWrapper(rnn.LSTMCell(9), mechanisms if is_multi else mechanisms[0],
                                            attention_layer_size=layer_sizes if is_multi else layer_sizes[0],
                                            alignment_history=alignment_history)
            helper = seq2seq.TrainingHelper(inputs, [2, 0, 1, 2, 3])
            decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(dtype=tf.float32, batch_size=5))
            outputs, state, _ = seq2seq.dynamic_decode(decoder)
        assert isinstance(outputs, seq2seq.BasicDecoderOutput)
        assert isinstance(state, seq2seq.AttentionWrapperState)
        assert isinstance(state.cell_state, rnn.LSTMStateTuple)
        history = ()
        if alignment_history:
            arrays = state.alignment_history if is_multi else (state.alignment_history,)
            history = tuple(a.stack() for a in arrays)
            for h in history:
                assert tuple(h.shape.as_list()) == (None, 5, None)
            state = state._replace(alignment_history=())
        static = (tuple(outputs.rnn_output.shape.as_list()), tuple(outputs.sample_id.shape.as_list()),
                  tuple(state.attention.shape.as_list()), tuple(state.cell_state.c.shape.as_list()))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            values = sess.run({"outputs": outputs, "state": state, "history": history})
    return static, values


def _assert_summary(value, shape, dtype, mean=None):
    assert value.shape == shape and value.dtype == np.dtype(dtype)
    if mean is not None:  # TF's assertAllCloseOrEqual used atol=1e-3; these are exact up to float32 sums
        np.testing.assert_allclose(value.mean(), mean, rtol=1e-6)


_SINGLE_ATTENTION_CASES = {
    # test name: (mechanism factory, attention_mechanism_depth, attention_layer_size, alignment_history)
    "testBahdanauNotNormalized": (lambda **kw: seq2seq.BahdanauAttention(**kw), 3, 6, True),
    "testBahdanauNormalized": (lambda **kw: seq2seq.BahdanauAttention(normalize=True, **kw), 3, 6, False),
    "testLuongNotNormalized": (lambda **kw: seq2seq.LuongAttention(**kw), 9, 6, False),
    "testLuongScaled": (lambda **kw: seq2seq.LuongAttention(scale=True, **kw), 9, 6, False),
    "testNotUseAttentionLayer": (lambda **kw: seq2seq.BahdanauAttention(**kw), 3, None, False),
}


@pytest.mark.parametrize("case", sorted(_SINGLE_ATTENTION_CASES))
def test_attention_wrapper_weight_independent_summaries(case):
    create, depth, layer_size, alignment_history = _SINGLE_ATTENTION_CASES[case]
    attention_depth = layer_size or 10  # without an attention layer the attention is the memory's depth
    static, got = _attention_case([create], [depth], [layer_size], False, alignment_history)
    assert static == ((5, None, attention_depth), (5, None), (5, attention_depth), (5, 9))
    outputs, state = got["outputs"], got["state"]
    _assert_summary(outputs.rnn_output, (5, 3, attention_depth), "float32")
    _assert_summary(outputs.sample_id, (5, 3), "int32")
    _assert_summary(state.cell_state.c, (5, 9), "float32")
    _assert_summary(state.cell_state.h, (5, 9), "float32")
    _assert_summary(state.attention, (5, attention_depth), "float32")
    assert state.time == 3
    _assert_summary(state.alignments, (5, 8), "float32", 0.125)
    _assert_summary(state.attention_state, (5, 8), "float32", 0.125)
    if alignment_history:  # published for testBahdanauNotNormalized: shape (3, 5, 8), mean 0.12500001
        (history,) = got["history"]
        _assert_summary(history, (3, 5, 8), "float32", 0.125)


_MULTI_ATTENTION_CASES = {
    # test name: (mechanisms, attention_mechanism_depths, attention_layer_sizes, attention depth)
    "testMultiAttention": ((seq2seq.BahdanauAttention, seq2seq.LuongAttention), [9, 9], [3, 4], 7),
    # Without attention layers the attention is both memories' 10-deep contexts concatenated.
    "testMultiAttentionNoAttentionLayer": ((seq2seq.BahdanauAttention, seq2seq.LuongAttention), [9, 9], None,
                                           20),
    "testSingleAttentionAsList": ((seq2seq.BahdanauAttention,), [9], [3], 3),
}


@pytest.mark.parametrize("case", sorted(_MULTI_ATTENTION_CASES))
def test_multi_attention_weight_independent_summaries(case):
    # attention_wrapper_test.AttentionWrapperTest.<case>: mechanisms passed as a list, alignment
    # history on; alignments, attention_state and histories are tuples with one entry per mechanism.
    creators, depths, layer_sizes, attention_depth = _MULTI_ATTENTION_CASES[case]
    static, got = _attention_case(list(creators), depths, layer_sizes, True, True)
    assert static == ((5, None, attention_depth), (5, None), (5, attention_depth), (5, 9))
    outputs, state = got["outputs"], got["state"]
    _assert_summary(outputs.rnn_output, (5, 3, attention_depth), "float32")
    _assert_summary(outputs.sample_id, (5, 3), "int32")
    _assert_summary(state.attention, (5, attention_depth), "float32")
    assert state.time == 3
    assert len(state.alignments) == len(state.attention_state) == len(got["history"]) == len(creators)
    for alignments, attention_state, history in zip(state.alignments, state.attention_state, got["history"]):
        _assert_summary(alignments, (5, 8), "float32", 0.125)
        _assert_summary(attention_state, (5, 8), "float32", 0.125)
        _assert_summary(history, (3, 5, 8), "float32", 0.125)
    if layer_sizes is None:
        # Without attention layers the cell's output is the attention itself (TF's summaries show equal
        # means); entry 4 decodes all 3 steps, so its last output is the final state's attention.
        np.testing.assert_array_equal(outputs.rnn_output[4, -1], state.attention[4])


# -- dynamic_decode ----------------------------------------------------------------------------------
# decoder_test.DynamicDecodeRNNTest: TrainingHelper over sequence_length [3, 4, 3, 1, 0] (batch 5,
# max_time 8, input depth 7, LSTM depth 10) decodes max(sequence_length) == 4 steps, or
# min(4, maximum_iterations); and with impute_finished it reproduces dynamic_rnn exactly.

@pytest.mark.parametrize("time_major,maximum_iterations", [(False, None), (True, None), (True, 0), (True, 1)],
                         ids=["BatchMajor", "TimeMajor", "ZeroMaxIters", "OneMaxIter"])
def test_dynamic_decode_output_shapes(time_major, maximum_iterations):
    # decoder_test.DynamicDecodeRNNTest.testDynamicDecodeRNN{BatchMajor,TimeMajor,ZeroMaxIters,OneMaxIter}
    from tf_seq2seq_migrate.runtime import rnn
    shape = (8, 5, 7) if time_major else (5, 8, 7)
    inputs = np.random.default_rng(2).standard_normal(shape).astype(np.float32)

    def _t(batch_major_shape):
        return (batch_major_shape[1], batch_major_shape[0]) + batch_major_shape[2:] if time_major \
            else batch_major_shape

    with tf.Graph().as_default():
        cell = rnn.LSTMCell(10)
        helper = seq2seq.TrainingHelper(inputs, [3, 4, 3, 1, 0], time_major=time_major)
        decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(dtype=tf.float32, batch_size=5))
        outputs, state, _ = seq2seq.dynamic_decode(decoder, output_time_major=time_major,
                                                   maximum_iterations=maximum_iterations)
        assert isinstance(outputs, seq2seq.BasicDecoderOutput) and isinstance(state, rnn.LSTMStateTuple)
        assert tuple(outputs.rnn_output.shape.as_list()) == _t((5, None, 10))
        assert tuple(outputs.sample_id.shape.as_list()) == _t((5, None))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            got = sess.run(outputs)
    steps = 4 if maximum_iterations is None else min(4, maximum_iterations)
    assert got.rnn_output.shape == _t((5, steps, 10))
    assert got.sample_id.shape == _t((5, steps))


@pytest.mark.parametrize("use_sequence_length", [True, False], ids=["WithSeqLen", "NoSeqLen"])
def test_dynamic_decode_with_training_helper_matches_dynamic_rnn(use_sequence_length):
    # decoder_test.DynamicDecodeRNNTest.testDynamicDecodeRNNWithTrainingHelperMatchesDynamicRNN{WithSeqLen,
    # NoSeqLen}: same cell, variables shared through scope "root"; outputs equal dynamic_rnn's first 4
    # steps, and with impute_finished (and dynamic_rnn's sequence_length) the final states are equal.
    from tf_seq2seq_migrate.runtime import rnn
    inputs = np.random.default_rng(3).standard_normal((5, 8, 7)).astype(np.float32)
    lengths = [3, 4, 3, 1, 0]
    with tf.Graph().as_default():
        cell = rnn.LSTMCell(10)
        zero_state = cell.zero_state(dtype=tf.float32, batch_size=5)
        decoder = seq2seq.BasicDecoder(cell, seq2seq.TrainingHelper(inputs, lengths), zero_state)
        with tf.compat.v1.variable_scope("root") as scope:
            decoder_outputs, decoder_state, _ = seq2seq.dynamic_decode(
                decoder, impute_finished=use_sequence_length, scope=scope)
        with tf.compat.v1.variable_scope(scope, reuse=True) as scope:
            rnn_outputs, rnn_state = rnn.dynamic_rnn(
                cell, inputs, sequence_length=lengths if use_sequence_length else None,
                initial_state=zero_state, scope=scope)
        assert len(tf.compat.v1.trainable_variables()) == 2  # one kernel and one bias, shared
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            got = sess.run({"decoder_outputs": decoder_outputs, "decoder_state": decoder_state,
                            "rnn_outputs": rnn_outputs, "rnn_state": rnn_state})
    np.testing.assert_allclose(got["decoder_outputs"].rnn_output, got["rnn_outputs"][:, :4, :], rtol=1e-6,
                               atol=1e-6)
    if use_sequence_length:
        for decoded, reference in zip(got["decoder_state"], got["rnn_state"]):
            np.testing.assert_allclose(decoded, reference, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("mechanism", ["BahdanauMonotonicAttention", "LuongMonotonicAttention"])
def test_hard_monotonic_attention_is_hard(mechanism):
    # attention_wrapper_test.AttentionWrapperTest.test{Bahdanau,Luong}MonotonicHard: batch 10, memory
    # time 20 and depth 30, 40 units and a 40-deep query; with the previous attention [1, 0, 0, ...]
    # every alignment is 0 or 1 and every row sums to 0 or 1.
    b, t, u, d = 10, 20, 30, 40
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(1)
        attention = getattr(seq2seq, mechanism)(d, tf.random.normal((b, t, u)), mode="hard")
        alignments, _ = attention(tf.random.normal((b, d)), tf.one_hot([0] * b, t))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            got = sess.run(alignments)
    assert np.logical_or(got == 0, got == 1).all()
    assert np.isin(got.sum(axis=1), [0.0, 1.0]).all()
    assert got.sum() > 0  # some row did attend, so the check is not vacuous
