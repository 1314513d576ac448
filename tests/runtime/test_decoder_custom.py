"""dynamic_decode's own rules on a hand-written Decoder subclass (finished/length bookkeeping,
impute_finished, scalar state pass-through, tracks_own_finished, finalize), and BasicDecoder with a
user RNNCell subclass and with a Keras 3 cell."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from runtime.decoder_case_tools import MODES, to_numpy
from tf_seq2seq_migrate.runtime import rnn, seq2seq

# Time x batch: what the toy decoder reports as finished at each step.
SCHEDULE = np.array([[True, False], [False, False], [False, True], [True, True]])


class ScheduledToyDecoder(seq2seq.Decoder):
    """Emits ``time + 1`` and counts steps in its state; finishes on a fixed schedule."""

    def __init__(self, tracks_own_finished=False):
        self._tracks = tracks_own_finished
        self.finalize_calls = []

    @property
    def batch_size(self):
        return 2

    @property
    def output_size(self):
        return tf.TensorShape([1])

    @property
    def output_dtype(self):
        return tf.float32

    @property
    def tracks_own_finished(self):
        return self._tracks

    def initialize(self, name=None):
        state = (tf.zeros([2]), tf.constant(0.0))  # per-entry counter and a scalar step counter
        return tf.constant([False, False]), tf.zeros([2, 1]), state

    def step(self, time, inputs, state, name=None):
        outputs = tf.fill([2, 1], tf.cast(time + 1, tf.float32))
        counter, steps = state
        finished = tf.gather(tf.constant(SCHEDULE), time)
        return outputs, (counter + 1.0, steps + 1.0), inputs, finished

    def finalize(self, outputs, final_state, sequence_lengths):
        self.finalize_calls.append((outputs.shape.as_list(), sequence_lengths))
        return outputs * 10.0, final_state


def _run_toy(mode, **kwargs):
    def decode(decoder):
        return seq2seq.dynamic_decode(decoder, maximum_iterations=4 if mode == "jit" else None, **kwargs)

    decoder = ScheduledToyDecoder(kwargs.pop("tracks_own_finished", False))
    if mode == "graph":
        with tf.Graph().as_default():
            result = decode(decoder)
            with tf.compat.v1.Session() as session:
                return session.run(result), decoder
    runner = {"eager": lambda: decode(decoder), "function": tf.function(lambda: decode(decoder)),
              "jit": tf.function(lambda: decode(decoder), jit_compile=True)}[mode]
    return to_numpy(runner()), decoder


@pytest.mark.parametrize("mode", MODES)
def test_finished_is_sticky_and_lengths_count_the_finishing_step(mode):
    (outputs, (counter, steps), lengths), decoder = _run_toy(mode)
    # Entry 0 finishes at step 0 (length 1); entry 1 at step 2 (length 3); finalize scaled by 10.
    np.testing.assert_array_equal(outputs[..., 0], [[10, 20, 30], [10, 20, 30]])
    np.testing.assert_array_equal(lengths, [1, 3])
    np.testing.assert_array_equal(counter, [3, 3])
    assert steps == 3
    assert decoder.finalize_calls[-1][0][1:] == [2, 1]  # finalize sees time-major outputs


@pytest.mark.parametrize("mode", MODES)
def test_impute_finished_zeroes_outputs_and_freezes_state_but_not_scalars(mode):
    (outputs, (counter, steps), lengths), _ = _run_toy(mode, impute_finished=True)
    np.testing.assert_array_equal(outputs[..., 0], [[10, 0, 0], [10, 20, 30]])
    np.testing.assert_array_equal(counter, [1, 3])
    assert steps == 3  # scalar state is passed through, never frozen
    np.testing.assert_array_equal(lengths, [1, 3])


@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_a_decoder_that_tracks_its_own_finished_can_unfinish(mode):
    (outputs, _, lengths), _ = _run_toy(mode, tracks_own_finished=True)
    # The decoder's flags are taken as they are: entry 0 resumes at step 1, all end at step 3.
    assert outputs.shape == (2, 4, 1)
    np.testing.assert_array_equal(lengths, [4, 3])


def test_output_time_major_skips_the_transpose():
    (outputs, _, _), _ = _run_toy("eager", output_time_major=True)
    assert outputs.shape == (3, 2, 1)


def test_missing_decoder_hooks_are_named():
    class Incomplete(seq2seq.Decoder):
        def initialize(self, name=None):
            return None

    with pytest.raises(TypeError) as error:
        Incomplete()
    assert str(error.value) == (
        "Can't instantiate Incomplete: it does not implement the abstract Decoder method step. Implement "
        "step: step(self, time, inputs, state, name=None) -> (outputs, next_state, next_inputs, finished).")


def test_maximum_iterations_zero_with_a_batch_known_only_at_run_time():
    with tf.Graph().as_default():
        inputs = tf.compat.v1.placeholder(tf.float32, [None, 3, 2])
        cell = rnn.GRUCell(4)
        helper = seq2seq.TrainingHelper(inputs, tf.fill([tf.shape(inputs)[0]], 3))
        decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(tf.shape(inputs)[0], tf.float32))
        outputs, _, lengths = seq2seq.dynamic_decode(decoder, maximum_iterations=0)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            rnn_output, sample_id, got_lengths = session.run(
                (outputs.rnn_output, outputs.sample_id, lengths), {inputs: np.ones((5, 3, 2), np.float32)})
    assert rnn_output.shape == (5, 0, 4) and sample_id.shape == (5, 0)
    np.testing.assert_array_equal(got_lengths, np.zeros(5))


# -- cells written by users and Keras 3 cells ---------------------------------------------------------

class LeakyTanhCell(rnn.RNNCell):
    """A TF1-style user cell: ``h' = tanh(x @ w) + 0.5 * h``."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self._units = units

    @property
    def state_size(self):
        return self._units

    @property
    def output_size(self):
        return self._units

    def build(self, inputs_shape):
        self._w = self.tf1_weight("w", [inputs_shape[-1], self._units])

    def call(self, inputs, state):
        new_state = tf.tanh(tf.matmul(inputs, self._w)) + 0.5 * state
        return new_state, new_state


INPUTS = np.random.default_rng(8).normal(size=(2, 3, 5)).astype(np.float32)


def test_user_rnncell_subclass_decodes_with_tf1_names():
    w = np.random.default_rng(9).normal(size=(5, 4)).astype(np.float32)
    with tf.Graph().as_default():
        cell = LeakyTanhCell(4)
        decoder = seq2seq.BasicDecoder(cell, seq2seq.TrainingHelper(INPUTS, [3, 3]), cell.zero_state(2, tf.float32))
        outputs, state, _ = seq2seq.dynamic_decode(decoder)
        assert [v.name for v in tf.compat.v1.global_variables()] == ["decoder/leaky_tanh_cell/w:0"]
        with tf.compat.v1.Session() as session:
            tf.compat.v1.global_variables()[0].load(w, session)
            rnn_output, final_state = session.run((outputs.rnn_output, state))
    h, expected = np.zeros((2, 4), np.float32), []
    for t in range(3):
        h = np.tanh(INPUTS[:, t] @ w) + 0.5 * h
        expected.append(h)
    np.testing.assert_allclose(rnn_output, np.stack(expected, 1), atol=1e-6)
    np.testing.assert_allclose(final_state, h, atol=1e-6)


@pytest.mark.parametrize("mode", ["eager", "function"])
def test_keras3_cell_and_keras3_output_layer_are_accepted(mode):
    cell, output_layer = keras.layers.SimpleRNNCell(4), keras.layers.Dense(3)

    def decode():
        helper = seq2seq.TrainingHelper(INPUTS, [3, 2])
        decoder = seq2seq.BasicDecoder(cell, helper, [tf.zeros([2, 4])], output_layer=output_layer)
        return seq2seq.dynamic_decode(decoder, impute_finished=True)

    outputs, _, lengths = decode() if mode == "eager" else tf.function(decode)()
    kernel, recurrent, bias = (np.asarray(v) for v in (cell.kernel, cell.recurrent_kernel, cell.bias))
    h, logits = np.zeros((2, 4), np.float32), []
    for t in range(3):
        h_next = np.tanh(INPUTS[:, t] @ kernel + h @ recurrent + bias)
        h = np.where([[True], [t < 2]], h_next, h)
        logits.append(np.where([[True], [t < 2]], h_next @ np.asarray(output_layer.kernel)
                               + np.asarray(output_layer.bias), 0.0))
    np.testing.assert_allclose(outputs.rnn_output, np.stack(logits, 1), atol=1e-5)
    np.testing.assert_array_equal(lengths, [3, 2])
