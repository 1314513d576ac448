"""Regularizers passed to the runtime's tf.layers equivalents are applied as TF1 applied them."""

import numpy as np
import tensorflow as tf

from tf_seq2seq_migrate.runtime import layers


def _l2(scale):
    return lambda weight: scale * tf.reduce_sum(tf.square(weight))


def test_graph_mode_puts_penalties_in_the_regularization_collection():
    graph = tf.Graph()
    with graph.as_default():
        inputs = tf.compat.v1.placeholder(tf.float32, [None, 3])
        layer = layers.Dense(2, kernel_regularizer=_l2(0.5), bias_regularizer=_l2(2.0),
                             bias_initializer=tf.compat.v1.constant_initializer(1.0))
        layer(inputs)
        collected = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES)
        total = tf.compat.v1.losses.get_regularization_loss()
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            kernel, value = session.run([layer.kernel, total])
    assert len(collected) == 2
    np.testing.assert_allclose(value, 0.5 * np.sum(kernel ** 2) + 2.0 * 2, rtol=1e-6)


def test_eager_penalties_are_layer_losses():
    layer = layers.Dense(2, kernel_regularizer=_l2(0.5))
    layer(tf.ones([1, 3]))
    assert len(layer.losses) == 1
    np.testing.assert_allclose(layer.losses[0].numpy(), 0.5 * np.sum(layer.kernel.numpy() ** 2), rtol=1e-6)


def test_conv_and_batch_norm_regularizers_are_collected_in_graph_mode():
    graph = tf.Graph()
    with graph.as_default():
        inputs = tf.compat.v1.placeholder(tf.float32, [None, 5, 3])
        layers.Conv1D(4, 2, kernel_regularizer=_l2(1.0))(inputs)
        layers.BatchNormalization(gamma_regularizer=_l2(1.0), beta_regularizer=_l2(1.0))(inputs)
        collected = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES)
    assert len(collected) == 3
