"""Attention mechanisms, hardmax, safe_cumprod and monotonic attention against numpy re-derivations."""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest
import tensorflow as tf

from runtime import attention_reference as ref
from tf_seq2seq_migrate.runtime import seq2seq
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map
from tf_seq2seq_migrate.runtime.layers import Dense

BATCH, TIME, MEMORY_DEPTH, UNITS = 3, 5, 4, 6
LENGTHS = [2, 5, 3]
ATOL = 1e-6


@pytest.fixture()
def rng():
    return np.random.default_rng(1234)


def _memory(rng):
    return rng.normal(size=(BATCH, TIME, MEMORY_DEPTH)).astype(np.float32)


def _named_values(mechanism):
    """``{TF1 name: float64 value}`` of every weight the mechanism owns (memory and query layer too)."""
    return {name: variable.numpy().astype(np.float64)
            for name, variable in tf1_variable_map(mechanism.trainable_variables).items()}


def _unsuffixed(name):
    """Eager scopes are made unique per process (``memory_layer_3``); compare without the counter."""
    return re.sub(r"_\d+(?=/)", "", name)


def _value_ending(values, suffix):
    matches = [value for name, value in values.items() if _unsuffixed(name).endswith(suffix)]
    assert len(matches) == 1, (suffix, sorted(values))
    return matches[0]


def _assign_ending(mechanism, suffix, value):
    for name, variable in tf1_variable_map(mechanism.trainable_variables).items():
        if _unsuffixed(name).endswith(suffix):
            variable.assign(np.asarray(value, np.float32).reshape(variable.shape))
            return
    raise AssertionError(f"no weight ending in {suffix}")


# -- Bahdanau --------------------------------------------------------------------------------------
@pytest.mark.parametrize("normalize", [False, True])
@pytest.mark.parametrize("lengths", [None, LENGTHS])
def test_bahdanau_alignments_match_numpy(rng, normalize, lengths):
    memory = _memory(rng)
    query = rng.normal(size=(BATCH, 7)).astype(np.float32)
    mechanism = seq2seq.BahdanauAttention(UNITS, memory, memory_sequence_length=lengths, normalize=normalize)
    previous = mechanism.initial_alignments(BATCH, tf.float32)
    mechanism(query, previous)  # creates the weights
    if normalize:  # move g and b away from their initial values so that they matter
        _assign_ending(mechanism, "attention_g", 0.8)
        _assign_ending(mechanism, "attention_b", rng.normal(size=UNITS))
    alignments, next_state = mechanism(query, previous)

    values = _named_values(mechanism)
    keys = ref.masked_values(memory, lengths) @ _value_ending(values, "memory_layer/kernel")
    scores = ref.bahdanau_scores(
        query, keys, _value_ending(values, "query_layer/kernel"), _value_ending(values, "attention_v"),
        g=_value_ending(values, "attention_g") if normalize else None,
        b=_value_ending(values, "attention_b") if normalize else None)
    expected = ref.softmax(ref.mask_scores(scores, lengths))
    np.testing.assert_allclose(alignments.numpy(), expected, atol=ATOL)
    np.testing.assert_allclose(next_state.numpy(), expected, atol=ATOL)
    np.testing.assert_allclose(mechanism.values.numpy(), ref.masked_values(memory, lengths), atol=ATOL)
    np.testing.assert_allclose(mechanism.keys.numpy(), keys, atol=ATOL)
    if lengths is not None:
        assert np.all(alignments.numpy()[~ref.sequence_mask(lengths, TIME)] == 0.0)


def test_bahdanau_weight_shapes_initial_values_and_properties(rng):
    memory = _memory(rng)
    mechanism = seq2seq.BahdanauAttention(UNITS, memory, normalize=True)
    mechanism(tf.zeros([BATCH, 7]), mechanism.initial_state(BATCH, tf.float32))
    values = _named_values(mechanism)
    expected_shapes = {"memory_layer/kernel": (MEMORY_DEPTH, UNITS), "query_layer/kernel": (7, UNITS),
                       "attention_v": (UNITS,), "attention_g": (), "attention_b": (UNITS,)}
    assert len(values) == len(expected_shapes)
    for suffix, shape in expected_shapes.items():
        assert _value_ending(values, suffix).shape == shape
    assert _value_ending(values, "attention_g") == pytest.approx(np.sqrt(1.0 / UNITS))
    assert np.all(_value_ending(values, "attention_b") == 0.0)
    assert mechanism.batch_size == BATCH and mechanism.alignments_size == TIME
    assert mechanism.state_size == TIME
    assert np.all(mechanism.initial_alignments(BATCH, tf.float32).numpy() == 0.0)
    assert mechanism.initial_alignments(BATCH, tf.float32).shape == (BATCH, TIME)
    # Weights are created once: a second call adds none.
    count = len(mechanism.trainable_variables)
    mechanism(tf.zeros([BATCH, 7]), mechanism.initial_state(BATCH, tf.float32))
    assert len(mechanism.trainable_variables) == count


def test_custom_layers_kernel_initializer_and_score_mask_value(rng):
    memory = _memory(rng)
    memory_kernel = rng.normal(size=(MEMORY_DEPTH, UNITS))
    query_kernel = rng.normal(size=(2, UNITS))
    v = rng.normal(size=UNITS)
    mechanism = seq2seq.BahdanauAttention(
        UNITS, memory, memory_sequence_length=LENGTHS, score_mask_value=-3.0,
        memory_layer=keras.layers.Dense(UNITS, use_bias=False,
                                        kernel_initializer=keras.initializers.Constant(memory_kernel)),
        query_layer=Dense(UNITS, use_bias=False, kernel_initializer=tf.constant_initializer(query_kernel)),
        kernel_initializer=tf.constant_initializer(v))
    query = rng.normal(size=(BATCH, 2)).astype(np.float32)
    alignments, _ = mechanism(query, mechanism.initial_alignments(BATCH, tf.float32))
    keys = ref.masked_values(memory, LENGTHS) @ memory_kernel
    expected = ref.softmax(ref.mask_scores(ref.bahdanau_scores(query, keys, query_kernel, v), LENGTHS, -3.0))
    np.testing.assert_allclose(alignments.numpy(), expected, atol=ATOL)
    assert np.all(alignments.numpy()[~ref.sequence_mask(LENGTHS, TIME)] > 0.0)


def test_custom_key_value_fn_and_hardmax_probability_fn(rng):
    memory = _memory(rng)
    mechanism = seq2seq.LuongAttention(
        MEMORY_DEPTH, memory, probability_fn=seq2seq.hardmax,
        custom_key_value_fn=lambda keys, values: (2.0 * keys, values + 1.0))
    query = rng.normal(size=(BATCH, MEMORY_DEPTH)).astype(np.float32)
    alignments, _ = mechanism(query, mechanism.initial_alignments(BATCH, tf.float32))
    kernel = _value_ending(_named_values(mechanism), "memory_layer/kernel")
    scores = ref.luong_scores(query, 2.0 * (memory @ kernel))
    np.testing.assert_array_equal(alignments.numpy(), np.eye(TIME)[scores.argmax(axis=1)])
    np.testing.assert_allclose(mechanism.values.numpy(), memory + 1.0, atol=ATOL)


# -- Luong ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [False, True])
@pytest.mark.parametrize("lengths", [None, LENGTHS])
def test_luong_alignments_match_numpy(rng, scale, lengths):
    memory = _memory(rng)
    query = rng.normal(size=(BATCH, UNITS)).astype(np.float32)
    mechanism = seq2seq.LuongAttention(UNITS, memory, memory_sequence_length=lengths, scale=scale)
    previous = mechanism.initial_alignments(BATCH, tf.float32)
    mechanism(query, previous)
    if scale:
        assert _value_ending(_named_values(mechanism), "attention_g") == 1.0
        _assign_ending(mechanism, "attention_g", 1.7)
    alignments, _ = mechanism(query, previous)
    values = _named_values(mechanism)
    keys = ref.masked_values(memory, lengths) @ _value_ending(values, "memory_layer/kernel")
    scores = ref.luong_scores(query, keys, g=_value_ending(values, "attention_g") if scale else None)
    np.testing.assert_allclose(alignments.numpy(), ref.softmax(ref.mask_scores(scores, lengths)), atol=ATOL)


def test_luong_depth_mismatch_message(rng):
    mechanism = seq2seq.LuongAttention(UNITS, _memory(rng))
    with pytest.raises(ValueError, match=r"(?s)Incompatible or unknown inner dimensions between query and keys\."
                                         r".*has units: 5\..*have units: 6\..*Perhaps you need to set "
                                         r"num_units to the keys' dimension \(6\)\?"):
        mechanism(tf.zeros([BATCH, 5]), mechanism.initial_alignments(BATCH, tf.float32))


def test_constructor_errors(rng):
    with pytest.raises(TypeError, match="query_layer is not a Layer: object"):
        seq2seq.BahdanauAttention(UNITS, _memory(rng), query_layer=object())
    with pytest.raises(TypeError, match="memory_layer is not a Layer: str"):
        seq2seq.LuongAttention(UNITS, _memory(rng), memory_layer="dense")
    with pytest.raises(TypeError, match="probability_fn must be callable, saw type: int"):
        seq2seq.LuongAttention(UNITS, _memory(rng), probability_fn=3)
    with pytest.raises(ValueError, match="Expected memory .* to have fully defined inner dims"):
        @tf.function(input_signature=[tf.TensorSpec([None, None, None])])
        def build(memory):
            seq2seq.LuongAttention(UNITS, memory)
            return memory
        build.get_concrete_function()


def test_non_positive_memory_length_is_rejected(rng):
    mechanism = seq2seq.LuongAttention(UNITS, _memory(rng), memory_sequence_length=[0, 5, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="All values in memory_sequence_length must be greater than zero."):
        mechanism(tf.zeros([BATCH, UNITS]), mechanism.initial_alignments(BATCH, tf.float32))


# -- hardmax, safe_cumprod ------------------------------------------------------------------------
def test_hardmax_is_one_hot_of_argmax(rng):
    logits = rng.normal(size=(4, 3, 7)).astype(np.float32)
    result = seq2seq.hardmax(logits)
    np.testing.assert_array_equal(result.numpy(), np.eye(7)[logits.argmax(-1)])
    assert result.dtype == tf.float32
    # Ties go to the first maximum (argmax).
    np.testing.assert_array_equal(seq2seq.hardmax([[1.0, 3.0, 3.0]]).numpy(), [[0.0, 1.0, 0.0]])


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_safe_cumprod_matches_cumprod(rng, exclusive, reverse):
    x = rng.uniform(0.05, 1.0, size=(3, 8))
    result = seq2seq.safe_cumprod(tf.constant(x), axis=1, exclusive=exclusive, reverse=reverse).numpy()
    source = x[:, ::-1] if reverse else x
    expected = np.cumprod(source, axis=1)
    if exclusive:
        expected = np.concatenate([np.ones((3, 1)), expected[:, :-1]], axis=1)
    expected = expected[:, ::-1] if reverse else expected
    np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_safe_cumprod_clips_to_tiny_and_one_and_keeps_gradients_finite():
    x = tf.constant([[0.5, 0.0, 2.0, 0.25]], tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        result = seq2seq.safe_cumprod(x, axis=1)
        total = tf.reduce_sum(result)
    gradient = tape.gradient(total, x).numpy()
    result = result.numpy()
    tiny = np.finfo(np.float32).tiny
    assert result[0, 0] == pytest.approx(0.5)
    # 0 is clipped up to the smallest normal float (the log stays finite), 2 down to 1.
    assert 0.0 <= result[0, 1] <= 0.5 * tiny * 1.0001
    assert result[0, 2] == result[0, 1]
    assert np.all(np.isfinite(gradient))


# -- monotonic attention -----------------------------------------------------------------------
def _previous_distribution(rng, batch, time):
    previous = rng.uniform(size=(batch, time))
    previous[0] = np.eye(time)[0]  # the dirac start
    return previous / previous.sum(axis=1, keepdims=True) * np.array([[1.0], [0.9], [0.7]])[:batch]


@pytest.mark.parametrize("mode", ["recursive", "parallel"])
def test_monotonic_attention_solves_the_recurrence(rng, mode):
    p_choose = rng.uniform(0.05, 0.95, size=(3, 6))
    previous = _previous_distribution(rng, 3, 6)
    expected = ref.monotonic_recurrence(p_choose, previous)
    result = seq2seq.monotonic_attention(tf.constant(p_choose, tf.float32), tf.constant(previous, tf.float32),
                                         mode).numpy()
    np.testing.assert_allclose(result, expected, atol=1e-6 if mode == "recursive" else 1e-5)


def test_monotonic_attention_is_the_expectation_of_sampled_trajectories(rng):
    p_choose = rng.uniform(0.1, 0.9, size=(3, 6))
    previous = _previous_distribution(rng, 3, 6)
    estimate = ref.monotonic_monte_carlo(p_choose, previous, samples=200_000, rng=rng)
    for mode in ("recursive", "parallel"):
        result = seq2seq.monotonic_attention(p_choose, previous, mode).numpy()
        # Binomial standard error <= 0.5 / sqrt(200k) ~ 0.0011; 5e-3 is ~4.5 sigma.
        np.testing.assert_allclose(result, estimate, atol=5e-3)


def test_monotonic_attention_hard_mode_picks_first_choice_at_or_after_previous(rng):
    p_choose = np.array([[1, 0, 1, 1, 0, 1], [0, 0, 0, 1, 0, 1], [1, 1, 0, 0, 0, 0]], np.float32)
    previous = np.eye(6, dtype=np.float32)[[0, 4, 2]]
    result = seq2seq.monotonic_attention(p_choose, previous, "hard").numpy()
    np.testing.assert_array_equal(result, np.eye(6)[[0, 5, 0]] * np.array([[1], [1], [0]]))
    np.testing.assert_allclose(result, ref.monotonic_recurrence(p_choose, previous), atol=0)
    # With binary choices the recursive mode is exact too; 'parallel' is not (TF1 documents that its
    # clipped closed form breaks down for choosing probabilities of exactly 0 or 1).
    np.testing.assert_array_equal(seq2seq.monotonic_attention(p_choose, previous, "recursive").numpy(), result)


def test_monotonic_attention_rejects_unknown_mode():
    with pytest.raises(ValueError, match=r"mode must be 'recursive', 'parallel', or 'hard'\."):
        seq2seq.monotonic_attention([[0.5]], [[1.0]], "soft")
    with pytest.raises(ValueError, match=r"mode must be 'recursive', 'parallel', or 'hard'\."):
        seq2seq.LuongMonotonicAttention(UNITS, np.zeros((1, 2, 3), np.float32), mode="soft")


@pytest.mark.parametrize("mode", ["recursive", "parallel", "hard"])
def test_bahdanau_monotonic_matches_numpy(rng, mode):
    memory = _memory(rng)
    query = rng.normal(size=(BATCH, 7)).astype(np.float32)
    mechanism = seq2seq.BahdanauMonotonicAttention(UNITS, memory, memory_sequence_length=LENGTHS, normalize=True,
                                                   score_bias_init=-0.5, mode=mode)
    previous = mechanism.initial_alignments(BATCH, tf.float32)
    np.testing.assert_array_equal(previous.numpy(), np.eye(TIME)[[0, 0, 0]])
    first, _ = mechanism(query, previous)
    values = _named_values(mechanism)
    assert _value_ending(values, "attention_score_bias") == -0.5
    keys = ref.masked_values(memory, LENGTHS) @ _value_ending(values, "memory_layer/kernel")
    scores = ref.bahdanau_scores(query, keys, _value_ending(values, "query_layer/kernel"),
                                 _value_ending(values, "attention_v"), g=_value_ending(values, "attention_g"),
                                 b=_value_ending(values, "attention_b")) - 0.5
    scores = ref.mask_scores(scores, LENGTHS)
    p_choose = (scores > 0).astype(np.float64) if mode == "hard" else ref.sigmoid(scores)
    expected = ref.monotonic_recurrence(p_choose, previous.numpy())
    np.testing.assert_allclose(first.numpy(), expected, atol=1e-5)
    # Second step starts from the first step's alignments.
    second, _ = mechanism(query, first)
    np.testing.assert_allclose(second.numpy(), ref.monotonic_recurrence(p_choose, first.numpy()), atol=1e-5)


@pytest.mark.parametrize("scale", [False, True])
def test_luong_monotonic_matches_numpy(rng, scale):
    memory = _memory(rng)
    query = rng.normal(size=(BATCH, UNITS)).astype(np.float32)
    mechanism = seq2seq.LuongMonotonicAttention(UNITS, memory, scale=scale, score_bias_init=0.3,
                                                mode="recursive")
    previous = mechanism.initial_alignments(BATCH, tf.float32)
    mechanism(query, previous)
    if scale:
        _assign_ending(mechanism, "attention_g", 0.4)
    alignments, _ = mechanism(query, previous)
    values = _named_values(mechanism)
    keys = memory @ _value_ending(values, "memory_layer/kernel")
    scores = ref.luong_scores(query, keys, g=_value_ending(values, "attention_g") if scale else None) + 0.3
    expected = ref.monotonic_recurrence(ref.sigmoid(scores), previous.numpy())
    np.testing.assert_allclose(alignments.numpy(), expected, atol=1e-5)


def test_sigmoid_noise_is_seeded_and_hard_mode_stays_one_hot(rng):
    memory = _memory(rng)
    query = rng.normal(size=(BATCH, UNITS)).astype(np.float32)
    mechanism = seq2seq.LuongMonotonicAttention(UNITS, memory, sigmoid_noise=5.0, mode="hard")
    previous = mechanism.initial_alignments(BATCH, tf.float32)
    tf.random.set_seed(7)
    noisy = np.stack([mechanism(query, previous)[0].numpy() for _ in range(30)])
    # Every row is one-hot or empty (nothing chosen), and the noise makes the choice vary.
    assert set(np.unique(noisy)) <= {0.0, 1.0}
    assert np.all(noisy.sum(axis=-1) <= 1.0)
    assert len({row.tobytes() for row in noisy.reshape(30, -1)}) > 1


def test_unknown_query_depth_is_not_an_error_and_float64_works(rng):
    # TF1 compared Dimensions: an unknown depth is not "different"; the matmul checks it at run time.
    with tf.Graph().as_default():
        query = tf.compat.v1.placeholder(tf.float32, [None, None])
        memory = tf.compat.v1.placeholder(tf.float32, [None, None, MEMORY_DEPTH])
        mechanism = seq2seq.LuongAttention(UNITS, memory)
        alignments, _ = mechanism(query, mechanism.initial_alignments(tf.shape(query)[0], tf.float32))
        assert alignments.shape.as_list() == [None, None]
    memory64 = _memory(rng).astype(np.float64)
    mechanism = seq2seq.BahdanauMonotonicAttention(UNITS, memory64, dtype=tf.float64, mode="recursive")
    alignments, _ = mechanism(tf.ones([BATCH, 2], tf.float64), mechanism.initial_alignments(BATCH, tf.float64))
    assert alignments.dtype == tf.float64
    assert all(variable.dtype == "float64" for variable in mechanism.trainable_variables)
