"""User helpers: a Tacotron-style Helper subclass (frames fed back, per-entry stop), the same logic
through CustomHelper, and InferenceHelper, against numpy re-derivations; the missing-hook message."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from runtime.decoder_case_tools import MODES, np_basic_rnn, np_dynamic_decode, run_in_mode
from tf_seq2seq_migrate.runtime import rnn, seq2seq

BATCH, FRAME = 3, 4
STOP_AFTER = np.array([2, 5, 3], np.int32)
_generator = np.random.default_rng(31)
KERNEL = _generator.uniform(-0.8, 0.8, size=(2 * FRAME, FRAME)).astype(np.float32)
BIAS = _generator.uniform(-0.3, 0.3, size=(FRAME,)).astype(np.float32)
GO_FRAME = _generator.normal(size=(BATCH, FRAME)).astype(np.float32)
WEIGHTS = {"decoder/basic_rnn_cell/kernel": KERNEL, "decoder/basic_rnn_cell/bias": BIAS}


class FrameFeedbackHelper(seq2seq.Helper):
    """Tacotron-style: feed back the predicted frame; entry ``b`` stops after ``stop_after[b]`` frames."""

    def __init__(self, go_frames, stop_after):
        self._go_frames = tf.convert_to_tensor(go_frames)
        self._stop_after = tf.convert_to_tensor(stop_after)

    @property
    def batch_size(self):
        return BATCH  # a Python int, as many user helpers return

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return tf.int32

    def initialize(self, name=None):
        return tf.tile([False], [BATCH]), self._go_frames

    def sample(self, time, outputs, state, name=None):
        return tf.zeros([BATCH], tf.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        return time + 1 >= self._stop_after, outputs, state


def _custom_helper():
    return seq2seq.CustomHelper(
        initialize_fn=lambda: (tf.tile([False], [BATCH]), tf.constant(GO_FRAME)),
        sample_fn=lambda time, outputs, state: tf.zeros([BATCH], tf.int32),
        next_inputs_fn=lambda time, outputs, state, sample_ids: (time + 1 >= STOP_AFTER, outputs, state))


def numpy_frames(impute_finished):
    def step(time, inputs, state):
        h = np_basic_rnn(inputs, state[0], KERNEL, BIAS)
        return [h], [h], h, time + 1 >= STOP_AFTER
    outputs, state, lengths = np_dynamic_decode(step, np.zeros(BATCH, bool), GO_FRAME,
                                                [np.zeros((BATCH, FRAME), np.float32)], None, impute_finished)
    return outputs[0], state[0], lengths


def _decode(layers, helper_factory, jit):
    cell = layers["cell"]
    decoder = seq2seq.BasicDecoder(cell, helper_factory(), cell.zero_state(BATCH, tf.float32))
    return seq2seq.dynamic_decode(decoder, impute_finished=True, maximum_iterations=8 if jit else None)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["subclass", "custom_helper"])
def test_frame_feedback_helper_matches_numpy(mode, kind):
    factory = (lambda: FrameFeedbackHelper(GO_FRAME, STOP_AFTER)) if kind == "subclass" else _custom_helper
    (outputs, state, lengths), names = run_in_mode(
        mode, lambda: {"cell": rnn.BasicRNNCell(FRAME)}, lambda layers: _decode(layers, factory, mode == "jit"),
        WEIGHTS)
    frames, final_h, expected_lengths = numpy_frames(impute_finished=True)
    np.testing.assert_allclose(outputs.rnn_output, frames, atol=1e-6)
    np.testing.assert_allclose(state, final_h, atol=1e-6)
    np.testing.assert_array_equal(lengths, STOP_AFTER)
    np.testing.assert_array_equal(expected_lengths, STOP_AFTER)
    np.testing.assert_array_equal(outputs.sample_id, np.zeros((BATCH, 5), np.int32))
    assert names == sorted(WEIGHTS)


def test_custom_helper_batch_size_needs_initialize():
    helper = _custom_helper()
    with pytest.raises(ValueError, match="^batch_size accessed before initialize was called$"):
        helper.batch_size
    helper.initialize()
    assert int(helper.batch_size) == BATCH
    assert helper.sample_ids_shape == tf.TensorShape([]) and helper.sample_ids_dtype == tf.int32


@pytest.mark.parametrize("mode", ["eager", "jit", "graph"])
def test_inference_helper_with_continuous_samples(mode):
    """sample_fn keeps the frame, end_fn stops once its first feature passes 0.4, next_inputs_fn halves it."""
    threshold = 0.4

    def decode(layers):
        helper = seq2seq.InferenceHelper(
            sample_fn=lambda outputs: outputs, sample_shape=[FRAME], sample_dtype=tf.float32,
            start_inputs=GO_FRAME, end_fn=lambda samples: samples[:, 0] > threshold,
            next_inputs_fn=lambda samples: 0.5 * samples)
        cell = layers["cell"]
        decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(BATCH, tf.float32))
        return seq2seq.dynamic_decode(decoder, maximum_iterations=6)

    (outputs, _, lengths), _ = run_in_mode(mode, lambda: {"cell": rnn.BasicRNNCell(FRAME)}, decode, WEIGHTS)

    def step(time, inputs, state):
        h = np_basic_rnn(inputs, state[0], KERNEL, BIAS)
        assert np.all(np.abs(h[:, 0] - threshold) > 1e-4), "too close to the threshold for a stable test"
        return [h, h], [h], 0.5 * h, h[:, 0] > threshold
    (frames, samples), _, expected_lengths = np_dynamic_decode(
        step, np.zeros(BATCH, bool), GO_FRAME, [np.zeros((BATCH, FRAME), np.float32)], 6, False)
    assert outputs.sample_id.shape == (BATCH, frames.shape[1], FRAME) and outputs.sample_id.dtype == np.float32
    np.testing.assert_allclose(outputs.rnn_output, frames, atol=1e-6)
    np.testing.assert_allclose(outputs.sample_id, samples, atol=1e-6)
    np.testing.assert_array_equal(lengths, expected_lengths)


def test_inference_helper_without_next_inputs_fn_feeds_the_samples():
    helper = seq2seq.InferenceHelper(lambda outputs: outputs + 1.0, [FRAME], tf.float32, GO_FRAME,
                                     end_fn=lambda samples: tf.zeros([BATCH], tf.bool))
    finished, next_inputs, _ = helper.next_inputs(0, None, None, tf.ones([BATCH, FRAME]))
    np.testing.assert_array_equal(next_inputs, np.ones((BATCH, FRAME)))
    assert int(helper.batch_size) == BATCH


def test_missing_helper_hooks_are_named():
    class HalfHelper(seq2seq.Helper):
        @property
        def batch_size(self):
            return 1

        @property
        def sample_ids_shape(self):
            return tf.TensorShape([])

        @property
        def sample_ids_dtype(self):
            return tf.int32

        def initialize(self, name=None):
            return None

    with pytest.raises(TypeError) as error:
        HalfHelper()
    assert str(error.value) == (
        "Can't instantiate HalfHelper: it does not implement the abstract Helper methods next_inputs, sample. "
        "Implement next_inputs: next_inputs(self, time, outputs, state, sample_ids, name=None) -> (finished, "
        "next_inputs, next_state); sample: sample(self, time, outputs, state, name=None) -> sample_ids.")


def test_training_helper_reads_nested_inputs_step_by_step():
    words = np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2)
    features = -np.arange(2 * 3, dtype=np.float32).reshape(2, 3, 1)
    helper = seq2seq.TrainingHelper({"words": words, "features": features}, [3, 1])
    finished, first = helper.initialize()
    np.testing.assert_array_equal(finished, [False, False])
    np.testing.assert_array_equal(first["words"], words[:, 0])
    np.testing.assert_array_equal(first["features"], features[:, 0])
    finished, second, _ = helper.next_inputs(tf.constant(0), None, None)
    np.testing.assert_array_equal(finished, [False, True])
    np.testing.assert_array_equal(second["features"], features[:, 1])
    # Once every entry is finished the inputs are zeros, never read past the end.
    finished, last, _ = helper.next_inputs(tf.constant(2), None, None)
    np.testing.assert_array_equal(finished, [True, True])
    np.testing.assert_array_equal(last["words"], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="Expected sequence_length to be a vector, but received shape: "):
        seq2seq.TrainingHelper(words, 3)
