"""S2S905's rewrite of static dimension reads, run on TF 2.21.

The unmigrated `.value` reads fail on TF 2 (the index is an int or None); the migrated code must give
the static sizes the shapes were built with, None for an unknown dimension, through both spellings of
TensorFlow's import.
"""

from __future__ import annotations

import pytest

from tf_seq2seq_migrate.api import migrate_source

tf = pytest.importorskip("tensorflow")

BODY = b"""

def sizes(inputs):
    return (
        inputs.get_shape()[2].value,
        inputs.shape[-1].value,
        inputs.get_shape()[1:3][0].value,
        (inputs.get_shape()[0]).value,
    )
"""


def _migrated_sizes(header: bytes):
    source = header + BODY
    migrated = migrate_source(source, path="m.py")
    assert [f.rule_id for f in migrated.findings] == ["S2S905"] * 4
    assert all(f.fixed for f in migrated.findings)
    namespace: dict = {}
    exec(compile(migrated.output, "m.py", "exec"), namespace)
    return source, namespace["sizes"]


@pytest.mark.parametrize("header", [b"import tensorflow as tf", b"import tensorflow.compat.v1 as tf"])
def test_migrated_reads_give_the_static_sizes(header):
    source, sizes = _migrated_sizes(header)
    tensor = tf.zeros([2, 5, 7])
    assert sizes(tensor) == (7, 7, 5, 2)
    unmigrated: dict = {}
    exec(compile(source, "m.py", "exec"), unmigrated)
    with pytest.raises(AttributeError):
        unmigrated["sizes"](tensor)


def test_unknown_dimensions_read_as_none_in_a_graph():
    _, sizes = _migrated_sizes(b"import tensorflow as tf")
    seen = []

    @tf.function(input_signature=[tf.TensorSpec([None, 4, None], tf.float32)])
    def trace(inputs):
        seen.append(sizes(inputs))
        return inputs

    trace.get_concrete_function()
    assert seen == [(None, None, 4, None)]
