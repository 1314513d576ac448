"""The beam search's exact two-stage top-k (used under XLA) against ``tf.math.top_k`` on the flat row.

Ties are the point: the blocks must give the same indices as a top-k that prefers the lower flat index.
"""

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime.seq2seq import beam_search_decoder as bsd


def _reference(scores, k):
    values, indices = tf.math.top_k(tf.reshape(scores, [scores.shape[0], -1]), k=k)
    return values.numpy(), indices.numpy()


def _cases():
    rng = np.random.default_rng(7)
    # Few distinct values: most of the top k are ties spread over many blocks and beams.
    yield "ties", rng.integers(0, 4, size=(5, 3, 256)).astype(np.float32), 10
    yield "all_equal", np.zeros((2, 4, 64), np.float32), 7
    yield "normal", rng.normal(size=(4, 10, 1000)).astype(np.float32), 10
    minus_inf = rng.normal(size=(3, 2, 130)).astype(np.float32)
    minus_inf[:, :, 5:] = -np.inf  # only 10 finite values per entry, k larger
    yield "minus_inf", minus_inf, 12
    lowest = np.full((2, 3, 40), np.finfo(np.float32).min, np.float32)  # finished beams' filler
    lowest[:, 1, 7] = -2.0
    yield "dtype_min", lowest, 5


def _block_cases():
    for name, scores, k in _cases():
        row_length = scores.shape[1] * scores.shape[2]
        for block in (2, 16, 64):
            if row_length % block == 0 and row_length // block >= k:
                yield pytest.param(scores, k, block, id=f"{name}-block{block}")


@pytest.mark.parametrize("scores,k,block", list(_block_cases()))
def test_blocks_match_flat_top_k(scores, k, block):
    flat = scores.reshape(scores.shape[0], -1)
    want_values, want_indices = _reference(scores, k)
    got_values, got_indices = bsd._top_k_by_blocks(tf.constant(flat), k, block)
    np.testing.assert_array_equal(got_indices.numpy(), want_indices)
    np.testing.assert_array_equal(got_values.numpy(), want_values)


@pytest.mark.parametrize("name,scores,k", list(_cases()), ids=[case[0] for case in _cases()])
def test_two_stage_under_xla_matches_flat_top_k(name, scores, k):
    compiled = tf.function(lambda s: bsd._top_k_over_beams(s, k, two_stage=True), jit_compile=True)
    want_values, want_indices = _reference(scores, k)
    got_values, got_indices = compiled(tf.constant(scores))
    np.testing.assert_array_equal(got_indices.numpy(), want_indices)
    np.testing.assert_array_equal(got_values.numpy(), want_values)


def test_block_size_divides_the_row_into_at_least_k_blocks():
    assert bsd._block_size(10 * 16000, 10) == 128
    assert bsd._block_size(3 * 256, 10) == 64  # 128 and the sizes nearer to it give fewer than 10 blocks
    for row_length, k in [(10 * 16000, 10), (5 * 30000, 5), (4 * 32000, 4), (12 * 8001, 12), (3 * 256, 10)]:
        block = bsd._block_size(row_length, k)
        assert row_length % block == 0 and row_length // block >= k and 32 <= block <= 224
    # No divisor near 128 (a prime length, or too few blocks): the per-beam two-stage path is used.
    assert bsd._block_size(3 * 1009, 10) is None
    assert bsd._block_size(2 * 130, 12) is None
