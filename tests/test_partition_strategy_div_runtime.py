"""partition_strategy="div" dropped from TF1 calls (tests/golden/tf1_partition_strategy_div), run on TF 2.21.

The reference is TF 1's own function, which TF 2.21 still ships as tf.compat.v1.nn.*: with the
parameters sharded over several variables, the migrated call must give what TF 1 gave with 'div',
and 'mod' must give something else (the argument mattered, so only 'div' may be dropped).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tf_seq2seq_migrate.api import migrate_source

tf = pytest.importorskip("tensorflow")

CASE = Path(__file__).parent / "golden" / "tf1_partition_strategy_div"


def _migrated() -> dict:
    result = migrate_source((CASE / "input.py").read_bytes(), path="input.py")
    code = result.output.split(b"\n", 1)[1]  # past the docstring
    assert b'strategy="div"' not in code and b"strategy='div'" not in code and b'ids, "div"' not in code
    namespace: dict = {}
    exec(compile(result.output, "input.py", "exec"), namespace)
    return namespace


def _shards(rng, rows, width, count):
    table = rng.standard_normal((rows, width)).astype(np.float32)
    return table, np.array_split(table, count)


def test_lookups_match_tf1_div_sharding():
    rng = np.random.default_rng(0)
    _, shards = _shards(rng, 10, 3, 3)
    ids = np.array([0, 3, 4, 9, 7], np.int64)
    sp_ids = tf.sparse.from_dense(np.array([[1, 5], [8, 0]], np.int64))
    by_keyword, positional, sparse = _migrated()["lookups"](shards, ids, sp_ids)
    div = tf.compat.v1.nn.embedding_lookup(shards, ids, partition_strategy="div")
    mod = tf.compat.v1.nn.embedding_lookup(shards, ids, partition_strategy="mod")
    np.testing.assert_array_equal(by_keyword, div)
    np.testing.assert_array_equal(positional, div)
    assert not np.array_equal(div, mod)
    sparse_div = tf.compat.v1.nn.embedding_lookup_sparse(shards, sp_ids, None, partition_strategy="div")
    np.testing.assert_allclose(sparse, sparse_div, rtol=1e-6)


def test_sampled_softmax_loss_matches_tf1_div_sharding():
    rng = np.random.default_rng(1)
    _, weight_shards = _shards(rng, 100, 4, 3)
    biases = rng.standard_normal(100).astype(np.float32)
    labels = np.array([[1], [50], [99]], np.int64)
    inputs = rng.standard_normal((3, 4)).astype(np.float32)
    sampled_loss = _migrated()["sampled_loss"]
    tf.random.set_seed(7)  # the candidate sampler draws the same classes after each reset
    migrated = sampled_loss(weight_shards, biases, labels, inputs, 100)

    def tf1(strategy):
        tf.random.set_seed(7)
        return tf.compat.v1.nn.sampled_softmax_loss(
            weights=weight_shards, biases=biases, labels=labels, inputs=inputs, num_sampled=64,
            num_classes=100, partition_strategy=strategy, seed=1)

    np.testing.assert_allclose(migrated, tf1("div"), rtol=1e-5)
    assert not np.allclose(tf1("div"), tf1("mod"))
