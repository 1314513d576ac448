"""S2S905 on dimensions held in names (``d = x.get_shape().with_rank(2)[1]`` then ``d.value``), run on TF 2.21.

TF 1.x's legacy_seq2seq decoders, and the many projects that copied them, keep the input depth in a
name and test ``.value`` later; on TF 2 the name holds an int and the unmigrated read fails. So does
iterating a shape (``[d.value for d in x.get_shape()]``). The migrated code must give the static
sizes, None for an unknown dimension, and keep TensorShape's own rank check.
"""

from __future__ import annotations

import pytest

from tf_seq2seq_migrate.api import migrate_source

tf = pytest.importorskip("tensorflow")

SOURCE = b'''import tensorflow as tf


def input_depth(inputs):
    depth = inputs.get_shape().with_rank(2)[1]
    if depth.value is None:
        raise ValueError("unknown depth")
    return depth.value


def batch_rows(tensor):
    rows = tensor.shape[0]
    return rows.value


def all_sizes(tensor):
    return [d.value for d in tensor.get_shape()]
'''


def _load(source: bytes) -> dict:
    namespace: dict = {}
    exec(compile(source, "m.py", "exec"), namespace)
    return namespace


def _migrated() -> dict:
    migrated = migrate_source(SOURCE, path="m.py")
    assert [(f.rule_id, f.line, f.fixed) for f in migrated.findings] == [
        ("S2S905", 6, True), ("S2S905", 8, True), ("S2S905", 13, True), ("S2S905", 17, True)]
    return _load(migrated.output)


def test_named_dimensions_give_the_static_sizes_where_the_unmigrated_reads_fail():
    functions = _migrated()
    tensor = tf.zeros([3, 5])
    assert functions["input_depth"](tensor) == 5
    assert functions["batch_rows"](tensor) == 3
    assert functions["all_sizes"](tensor) == [3, 5]
    unmigrated = _load(SOURCE)
    with pytest.raises(AttributeError, match="'int' object has no attribute 'value'"):
        unmigrated["input_depth"](tensor)


def test_unknown_dimensions_read_as_none_and_the_rank_check_stays():
    functions = _migrated()
    seen = []

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    def trace(inputs):
        seen.append((functions["input_depth"](inputs), functions["batch_rows"](inputs), functions["all_sizes"](inputs)))
        return inputs

    trace.get_concrete_function()
    assert seen == [(4, None, [None, 4])]

    @tf.function(input_signature=[tf.TensorSpec([2, None], tf.float32)])
    def unknown_depth(inputs):
        return functions["input_depth"](inputs)

    with pytest.raises(ValueError, match="unknown depth"):
        unknown_depth.get_concrete_function()
    with pytest.raises(ValueError, match="must have rank 2"):
        functions["input_depth"](tf.zeros([2, 3, 4]))
