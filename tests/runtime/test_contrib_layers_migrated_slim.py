"""A TF1 model written with tf.contrib.slim, migrated by tf-migrate and run on TF 2 against numpy.

The source uses slim as TF1 projects did (module alias, arg_scope over slim's layers, batch_norm,
one_hot_encoding, model_variable, get_variables_to_restore, optimize_loss). The test migrates it with the
real rewriter, checks no TODO is left, runs the result in a tf.compat.v1 graph and recomputes the training
step in numpy under the TF1 variable names.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tf_seq2seq_migrate.api import migrate_source

TF1_SOURCE = b'''
import tensorflow as tf
slim = tf.contrib.slim


def build(features, labels):
    with slim.arg_scope([slim.fully_connected], activation_fn=None,
                        weights_initializer=tf.constant_initializer(0.25)):
        net = slim.batch_norm(features, decay=0.5, scale=True, is_training=True, updates_collections=None)
        logits = slim.fully_connected(net, 2, scope="logits")
    scale = slim.model_variable("scale", [], initializer=tf.constant_initializer(2.0))
    targets = slim.one_hot_encoding(labels, 2)
    loss = tf.reduce_mean(tf.square(logits * scale - targets))
    step = tf.train.get_or_create_global_step()
    train_op = tf.contrib.layers.optimize_loss(loss, step, 0.5, "SGD", variables=[scale], summaries=[])
    return train_op, slim.get_variables_to_restore(exclude=["logits"])
'''


def test_migrated_slim_model_trains_like_tf1():
    result = migrate_source(TF1_SOURCE)
    migrated = result.output.decode()
    assert "TODO(tf-migrate)" not in migrated and "tf.contrib" not in migrated
    assert "import contrib_layers as slim" in migrated
    namespace: dict = {}
    exec(compile(migrated, "migrated_slim.py", "exec"), namespace)

    x = np.array([[1.0, 2.0, 0.0], [3.0, 0.0, 1.0], [2.0, 1.0, 2.0]], np.float32)
    y = np.array([0, 1, 1], np.int32)
    with tf.Graph().as_default():
        train_op, to_restore = namespace["build"](tf.constant(x), tf.constant(y))
        assert [v.op.name for v in to_restore] == [
            "BatchNorm/beta", "BatchNorm/gamma", "BatchNorm/moving_mean", "BatchNorm/moving_variance", "scale",
            "global_step", "OptimizeLoss/learning_rate"]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            loss = session.run(train_op)
            values = {v.op.name: session.run(v) for v in tf.compat.v1.global_variables()}

    normed = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    logits = normed @ np.full((3, 2), 0.25)
    targets = np.eye(2)[y]
    np.testing.assert_allclose(loss, np.mean((2.0 * logits - targets) ** 2), rtol=1e-5)
    grad_scale = np.mean(2 * (2.0 * logits - targets) * logits)
    np.testing.assert_allclose(values["scale"], 2.0 - 0.5 * grad_scale, rtol=1e-5)
    np.testing.assert_allclose(values["BatchNorm/moving_mean"], 0.5 * x.mean(0), rtol=1e-5)
    n = len(x)
    np.testing.assert_allclose(values["BatchNorm/moving_variance"], 0.5 + 0.5 * x.var(0) * n / (n - 1), rtol=1e-5)
    # Only `scale` was in optimize_loss's `variables`: the layer's weights and biases kept their initial values.
    np.testing.assert_array_equal(values["logits/weights"], np.full((3, 2), 0.25))
    np.testing.assert_array_equal(values["logits/biases"], np.zeros(2))
