"""tf.contrib.slim, tf.contrib.layers as a module and contrib.framework's variable helpers (Attention-OCR,
Tacotron and conversation models): the ported members move to the runtime, the rest keep a TODO."""
import tensorflow as tf
import tf_seq2seq_migrate.runtime.contrib_layers as slim
from tf_seq2seq_migrate.runtime.contrib_framework import arg_scope, add_arg_scope

from tf_seq2seq_migrate.runtime import contrib_layers as layers
from tf_seq2seq_migrate.runtime import contrib_framework
from tf_seq2seq_migrate.runtime import contrib_layers


@add_arg_scope
def conv_block(net, depth, scope=None):
    return slim.conv2d(net, depth, [3, 3], scope=scope)


def model(images, labels, training, hparams):
    with arg_scope([slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(1e-4)):
        net = conv_block(images, 16)
        net = slim.batch_norm(net, is_training=training, scale=True)
        # TODO(tf-migrate): S2S333 tf.contrib.slim.max_pool2d is not ported by tf-migrate: slim's training loop, losses, metrics, data pipeline, nets and these layers have no runtime counterpart; port it by hand (tf.keras, tf.compat.v1.losses / metrics / train, tf.data)
        net = slim.max_pool2d(net, [2, 2])
        net = slim.flatten(net)
        logits = slim.fully_connected(net, hparams.num_classes, activation_fn=None)
    targets = slim.one_hot_encoding(labels, hparams.num_classes)
    h = contrib_layers.elu(net, 8) + contrib_layers.relu(net, 8) + contrib_layers.relu6(net, 8)
    h = contrib_layers.dropout(h, keep_prob=0.9, is_training=training)
    h = contrib_layers.convolution2d(tf.reshape(h, [-1, 2, 2, 2]), 4, 1)
    reg = contrib_layers.l1_l2_regularizer(1e-5, 1e-4) or contrib_layers.l1_regularizer(0.1)
    onehot = contrib_layers.one_hot_encoding(labels, 4)
    # TODO(tf-migrate): S2S321 tf.contrib.layers.max_pool2d is not ported by tf-migrate's runtime.contrib_layers: port it by hand (Keras layers, tf.compat.v1.layers, tf.nn, tf.feature_column or tf.summary are the usual TF 2 homes)
    pooled = tf.contrib.layers.max_pool2d(h, [2, 2])
    block = tf.recompute_grad(conv_block)
    normed = layers.batch_norm(h, updates_collections=None)
    # TODO(tf-migrate): S2S333 tf.contrib.slim.losses.get_total_loss is not ported by tf-migrate: slim's training loop, losses, metrics, data pipeline, nets and these layers have no runtime counterpart; port it by hand (tf.keras, tf.compat.v1.losses / metrics / train, tf.data)
    loss = tf.compat.v1.losses.softmax_cross_entropy(targets, logits) + slim.losses.get_total_loss()
    return logits, onehot, pooled, block, normed, reg, loss


def train(loss, global_step):
    step = tf.compat.v1.train.get_or_create_global_step()
    scale = contrib_framework.model_variable("scale", [], initializer=tf.compat.v1.ones_initializer())
    counter = contrib_framework.variable("counter", [], dtype=tf.int64, trainable=False)
    encoder = contrib_framework.get_variables("encoder") + contrib_framework.get_model_variables("encoder")
    kernels = contrib_framework.get_variables_by_name("weights")
    trainable = contrib_framework.get_trainable_variables("decoder")
    restore = contrib_framework.get_variables_to_restore(exclude=["decoder/output"])
    init_fn = contrib_framework.assign_from_checkpoint_fn("/tmp/pretrained.ckpt", restore, ignore_missing_vars=True)
    train_op = contrib_layers.optimize_loss(loss * scale, global_step, 0.001, "Adam", clip_gradients=5.0)
    other_op = layers.optimize_loss(loss, step, 0.01, "SGD", summaries=["loss"])
    # TODO(tf-migrate): S2S333 tf.contrib.slim.learning.train is not ported by tf-migrate: slim's training loop, losses, metrics, data pipeline, nets and these layers have no runtime counterpart; port it by hand (tf.keras, tf.compat.v1.losses / metrics / train, tf.data)
    slim.learning.train(train_op, "/tmp/logs")
    return train_op, other_op, counter, encoder, kernels, trainable, init_fn
