"""tf.summary.scalar & co. in TF1 code move to tf.compat.v1.summary (rules/tf_upgrade_calls.py _summary_v1).

The claim behind the rewrite: on TF 2.21 the compat.v1 op still lands in the graph's summary collection,
so the unchanged tf.compat.v1.summary.merge_all() of a TF1 training loop finds it and the session run
yields the value; TF 2's tf.summary.scalar of the same name does not (it writes to a default writer).
"""

from __future__ import annotations

import pytest

from tf_seq2seq_migrate.api import migrate_source

tf = pytest.importorskip("tensorflow")

TF1_SOURCE = b"""import tensorflow as tf


def build(loss):
    tf.summary.scalar("loss", loss)
    return tf.summary.merge_all()
"""


def test_migrated_summary_op_is_collected_and_evaluates_to_the_value():
    migrated = migrate_source(TF1_SOURCE, path="train.py")
    assert b"tf.compat.v1.summary.scalar(\"loss\", loss)" in migrated.output
    namespace: dict = {}
    exec(compile(migrated.output, "train.py", "exec"), namespace)
    graph = tf.Graph()
    with graph.as_default():
        merged = namespace["build"](tf.constant(2.5))
        assert merged is not None
        assert len(graph.get_collection(tf.compat.v1.GraphKeys.SUMMARIES)) == 1
        with tf.compat.v1.Session(graph=graph) as session:
            serialized = session.run(merged)
    summary = tf.compat.v1.Summary.FromString(serialized)
    assert [(v.tag, v.simple_value) for v in summary.value] == [("loss", 2.5)]


def test_tf2_call_with_step_is_left_alone():
    source = b'import tensorflow as tf\ntf.summary.scalar("loss", loss, step=step)\n'
    result = migrate_source(source, path="train.py")
    assert result.output == source
    assert result.findings == ()
