"""TF 0.x names rewritten by this round's rules and run on TF 2.21: the summary functions
(rules/tf0_summary.toml, in a v1 graph: the renamed keywords exist and merge_all finds every summary),
TensorArray.pack/unpack (S2S906: stack along a new first axis, unstack its inverse), tf.split's and
tf.concat's TF 0.x argument orders, and the renamed ops of rules/tf0_ops.toml, checked against numpy
restatements of what TF 0.12 documented."""

from __future__ import annotations

import numpy as np
import pytest

from tf_seq2seq_migrate.api import migrate_source

tf = pytest.importorskip("tensorflow")

TF0_SOURCE = b"""import tensorflow as tf


def build(loss, weights, images, audio, values):
    tf.scalar_summary("loss", loss)
    tf.histogram_summary(tag="weights", values=weights)
    tf.image_summary("inputs", images, max_images=2)
    tf.audio_summary("samples", audio, 8000, max_outputs=1)
    merged = tf.merge_summary([tf.scalar_summary(tags="again", values=loss)])
    ta = tf.TensorArray(tf.float32, size=3)
    ta = ta.unpack(values)
    doubled = tf.TensorArray(tf.float32, size=3)
    for t in range(3):
        doubled = doubled.write(t, 2.0 * ta.read(t))
    return tf.merge_all_summaries(), merged, doubled.pack()
"""


def test_migrated_tf0_summaries_and_tensor_arrays_run_in_a_v1_graph(tmp_path):
    migrated = migrate_source(TF0_SOURCE, path="old.py")
    assert {f.rule_id for f in migrated.findings} == {"S2S790", "S2S791", "S2S792", "S2S793", "S2S794", "S2S795", "S2S906"}
    assert all(f.fixed for f in migrated.findings)
    namespace: dict = {}
    exec(compile(migrated.output, "old.py", "exec"), namespace)
    values = np.arange(6, dtype=np.float32).reshape(3, 2)
    graph = tf.Graph()
    with graph.as_default():
        summary_op, merged, doubled = namespace["build"](
            tf.constant(1.5),
            tf.constant([0.1, 0.2]),
            tf.zeros([2, 4, 4, 3]),
            tf.zeros([1, 80]),
            tf.constant(values),
        )
        writer = tf.compat.v1.summary.FileWriter(str(tmp_path), graph)
        with tf.compat.v1.Session(graph=graph) as session:
            all_summaries, one, stacked = session.run([summary_op, merged, doubled])
        writer.close()
    parsed = tf.compat.v1.Summary.FromString(all_summaries)
    assert sorted(value.tag for value in parsed.value) == sorted(
        ["loss", "weights", "inputs/image/0", "inputs/image/1", "samples/audio", "again"]
    )
    assert [v.tag for v in tf.compat.v1.Summary.FromString(one).value] == ["again"]
    np.testing.assert_array_equal(stacked, 2.0 * values)


TF0_SPLIT_SOURCE = b"""import tensorflow as tf


def cut(x, parts):
    return tf.split(1, 3, x), tf.split(-1, 2, x, "halves"), tf.concat(0, parts)
"""


def test_migrated_tf0_split_and_concat_orders_match_numpy():
    migrated = migrate_source(TF0_SPLIT_SOURCE, path="old.py")
    namespace: dict = {}
    exec(compile(migrated.output, "old.py", "exec"), namespace)
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    parts = [np.ones((1, 4), np.float32), np.zeros((2, 4), np.float32)]
    thirds, halves, joined = namespace["cut"](tf.constant(x), [tf.constant(p) for p in parts])
    for got, want in zip(thirds, np.split(x, 3, axis=1)):
        np.testing.assert_array_equal(got.numpy(), want)
    for got, want in zip(halves, np.split(x, 2, axis=-1)):
        np.testing.assert_array_equal(got.numpy(), want)
    np.testing.assert_array_equal(joined.numpy(), np.concatenate(parts, axis=0))


TF0_OPS_SOURCE = b"""import tensorflow as tf


def ops(image, spectrum, all_ids, dropped_ids):
    kept, idx = tf.listdiff(all_ids, dropped_ids, out_idx=tf.int64)
    return tf.image.per_image_whitening(image), tf.complex_abs(spectrum), kept, idx
"""


def test_migrated_tf0_renamed_ops_match_what_tf_0_12_documented():
    migrated = migrate_source(TF0_OPS_SOURCE, path="old.py")
    assert {f.rule_id for f in migrated.findings} == {"S2S797", "S2S798", "S2S799"}
    namespace: dict = {}
    exec(compile(migrated.output, "old.py", "exec"), namespace)
    rng = np.random.default_rng(5)
    image = rng.normal(size=(4, 5, 3)).astype(np.float32)
    spectrum = (rng.normal(size=6) + 1j * rng.normal(size=6)).astype(np.complex64)
    ids, dropped = np.array([3, 1, 4, 1, 5, 9, 2, 6]), np.array([1, 9])
    whitened, magnitude, kept, idx = namespace["ops"](image, spectrum, ids, dropped)
    # per_image_whitening: (x - mean) / max(stddev, 1 / sqrt(N)); complex_abs: sqrt(re^2 + im^2);
    # listdiff: the values of x not in y, in order, and their positions in x.
    adjusted = max(image.std(), 1.0 / np.sqrt(image.size))
    np.testing.assert_allclose(whitened.numpy(), (image - image.mean()) / adjusted, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(magnitude.numpy(), np.hypot(spectrum.real, spectrum.imag), rtol=1e-6)
    keep = ~np.isin(ids, dropped)
    np.testing.assert_array_equal(kept.numpy(), ids[keep])
    np.testing.assert_array_equal(idx.numpy(), np.flatnonzero(keep))
    assert idx.dtype == tf.int64
