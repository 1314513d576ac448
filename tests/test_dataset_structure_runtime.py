"""S2S908's rewrite runs on TensorFlow 2.21: the migrated golden builds a reinitializable iterator from TF 2
datasets (which have no output_types / output_shapes) in a v1 graph, and the structure it reads is the one
TF 1 gave."""

from __future__ import annotations

import numpy as np
import pytest
from golden import golden_cases

tf = pytest.importorskip("tensorflow")


def _expected_module():
    case = next(c for c in golden_cases() if c.name == "dataset_structure_attributes")
    namespace: dict = {"__name__": "dataset_structure_expected"}
    exec(compile(case.expected_path.read_bytes(), str(case.expected_path), "exec"), namespace)
    return namespace


def test_tf2_datasets_have_no_structure_attributes():
    dataset = tf.data.Dataset.range(3)
    assert not hasattr(dataset, "output_types")  # what the rewrite is for


def test_migrated_reinitializable_iterator_runs_in_a_v1_graph():
    module = _expected_module()
    with tf.Graph().as_default():
        def pairs(n):
            return tf.data.Dataset.range(n).map(lambda x: (x, tf.cast(x, tf.float32) / 2)).batch(2)

        train, valid = pairs(4), pairs(6)
        iterator, classes, described = module["reinitializable_iterator"](train, valid)
        assert classes == (tf.Tensor, tf.Tensor)
        assert described is None  # the golden assigns None to the pipeline's own attribute (left as written)
        assert module["Pipeline"](valid).describe() == (tf.int64, tf.float32)  # read through the rewrite
        init_valid = iterator.make_initializer(valid)
        ids, halves = iterator.get_next()
        assert [d.as_list() for d in (ids.shape, halves.shape)] == [[None], [None]]
        with tf.compat.v1.Session() as session:
            session.run(init_valid)
            first = session.run([ids, halves])
    np.testing.assert_array_equal(first[0], [0, 1])
    np.testing.assert_allclose(first[1], [0.0, 0.5])
