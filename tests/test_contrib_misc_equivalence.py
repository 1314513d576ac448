"""The rows of rules/contrib_misc.toml claim exact TF2 equivalents; check them against TF1's formulas.

The references are re-derived from TF 1.15's contrib sources (variance_scaling_initializer with
factor=1, FAN_AVG; checkpoint_utils.list_variables / load_checkpoint), written here with plain
TensorFlow ops, and compared with what the rewritten code calls.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")


def contrib_xavier_uniform(shape, seed, dtype):
    """TF 1.15 contrib xavier_initializer(uniform=True): fans from the last two dims times the rest."""
    fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
    fan_out = float(shape[-1])
    for dim in shape[:-2]:
        fan_in *= dim
        fan_out *= dim
    limit = math.sqrt(3.0 / ((fan_in + fan_out) / 2.0))
    return tf.random.uniform(shape, -limit, limit, dtype, seed=seed), limit


def contrib_xavier_truncated_normal(shape, seed, dtype):
    """TF 1.15 contrib xavier_initializer(uniform=False): truncated normal, stddev sqrt(1.3 / fan_avg)."""
    fan_in, fan_out = float(shape[-2]), float(shape[-1])
    return tf.random.truncated_normal(shape, 0.0, math.sqrt(1.3 / ((fan_in + fan_out) / 2.0)), dtype, seed=seed)


def run_in_graph(build):
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.set_random_seed(1234)
        fetches = build()
        with tf.compat.v1.Session(graph=graph) as session:
            return session.run(fetches)


@pytest.mark.parametrize(
    "shape, seed, dtype",
    [([5, 7], 3, tf.float32), ([3, 3, 4, 8], 11, tf.float32), ([6], 0, tf.float32), ([40, 2], 5, tf.float64)],
)
def test_glorot_uniform_draws_exactly_what_contrib_xavier_drew(shape, seed, dtype):
    def build():
        reference, limit = contrib_xavier_uniform(shape, seed, dtype)
        # get_variable passes the variable's dtype to the initializer; so does this call.
        migrated = tf.compat.v1.glorot_uniform_initializer(seed=seed)(shape, dtype=dtype)
        return reference, migrated, tf.constant(limit, tf.float64)

    reference, migrated, limit = run_in_graph(build)
    assert migrated.dtype == reference.dtype == dtype.as_numpy_dtype
    np.testing.assert_array_equal(migrated, reference)
    assert np.abs(reference).max() <= limit and np.abs(reference).max() > 0.5 * limit


def test_glorot_uniform_ignores_a_constructor_dtype_so_a_non_float32_dtype_stays_a_todo():
    def build():
        reference, _ = contrib_xavier_uniform([4, 4], 2, tf.float64)
        migrated = tf.compat.v1.glorot_uniform_initializer(seed=2, dtype=tf.float64)([4, 4])
        return reference, migrated

    reference, migrated = run_in_graph(build)
    assert reference.dtype == np.float64 and migrated.dtype == np.float32


def test_glorot_normal_is_not_contrib_truncated_xavier_so_that_call_stays_a_todo():
    shape = [64, 32]

    def build():
        reference = contrib_xavier_truncated_normal(shape, 7, tf.float32)
        nearest = tf.compat.v1.glorot_normal_initializer(seed=7)(shape)
        return reference, nearest

    reference, nearest = run_in_graph(build)
    # Same random stream, scaled differently: sqrt(1.3) against 1 / 0.87962566.
    ratio = np.std(reference) / np.std(nearest)
    assert ratio == pytest.approx(math.sqrt(1.3) * 0.87962566103423978, rel=1e-3)
    assert not np.allclose(reference, nearest)


@pytest.fixture(scope="module")
def checkpoint_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("ckpt")
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.get_variable("decoder/kernel", initializer=np.arange(6, dtype=np.float32).reshape(2, 3))
        tf.compat.v1.get_variable("attention_v", initializer=np.ones(4, dtype=np.float32))
        saver = tf.compat.v1.train.Saver()
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            saver.save(session, str(directory / "model.ckpt"), global_step=3)
    return directory


def test_list_variables_returns_contribs_sorted_name_shape_pairs(checkpoint_dir):
    # contrib: load the latest checkpoint of the directory, sort the variable-to-shape map by name.
    latest = tf.train.latest_checkpoint(str(checkpoint_dir))
    shapes = tf.compat.v1.train.NewCheckpointReader(latest).get_variable_to_shape_map()
    reference = [(name, shapes[name]) for name in sorted(shapes)]
    assert tf.train.list_variables(ckpt_dir_or_file=str(checkpoint_dir)) == reference
    assert [name for name, _ in reference] == ["attention_v", "decoder/kernel"]


def test_load_checkpoint_reads_the_latest_checkpoint_of_a_directory(checkpoint_dir):
    reader = tf.train.load_checkpoint(str(checkpoint_dir))
    np.testing.assert_array_equal(reader.get_tensor("decoder/kernel"), np.arange(6).reshape(2, 3))
    # A file path works too, as contrib's filepattern did.
    by_path = tf.train.load_checkpoint(str(checkpoint_dir / "model.ckpt-3"))
    np.testing.assert_array_equal(by_path.get_tensor("attention_v"), np.ones(4))


def test_load_checkpoint_of_an_empty_directory_raises_value_error_like_contrib(tmp_path):
    with pytest.raises(ValueError):
        tf.train.load_checkpoint(str(tmp_path))
