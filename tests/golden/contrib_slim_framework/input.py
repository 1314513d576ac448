"""tf.contrib.slim, tf.contrib.layers as a module and contrib.framework's variable helpers (Attention-OCR,
Tacotron and conversation models): the ported members move to the runtime, the rest keep a TODO."""
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.contrib import framework
from tensorflow.contrib.framework import arg_scope, add_arg_scope

layers = tf.contrib.layers


@add_arg_scope
def conv_block(net, depth, scope=None):
    return slim.conv2d(net, depth, [3, 3], scope=scope)


def model(images, labels, training, hparams):
    with arg_scope([slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(1e-4)):
        net = conv_block(images, 16)
        net = slim.batch_norm(net, is_training=training, scale=True)
        net = slim.max_pool2d(net, [2, 2])
        net = slim.flatten(net)
        logits = slim.fully_connected(net, hparams.num_classes, activation_fn=None)
    targets = slim.one_hot_encoding(labels, hparams.num_classes)
    h = tf.contrib.layers.elu(net, 8) + tf.contrib.layers.relu(net, 8) + tf.contrib.layers.relu6(net, 8)
    h = tf.contrib.layers.dropout(h, keep_prob=0.9, is_training=training)
    h = tf.contrib.layers.convolution2d(tf.reshape(h, [-1, 2, 2, 2]), 4, 1)
    reg = tf.contrib.layers.l1_l2_regularizer(1e-5, 1e-4) or tf.contrib.layers.l1_regularizer(0.1)
    onehot = tf.contrib.layers.one_hot_encoding(labels, 4)
    pooled = tf.contrib.layers.max_pool2d(h, [2, 2])
    block = tf.contrib.layers.recompute_grad(conv_block)
    normed = layers.batch_norm(h, updates_collections=None)
    loss = tf.compat.v1.losses.softmax_cross_entropy(targets, logits) + slim.losses.get_total_loss()
    return logits, onehot, pooled, block, normed, reg, loss


def train(loss, global_step):
    step = slim.get_or_create_global_step()
    scale = slim.model_variable("scale", [], initializer=tf.compat.v1.ones_initializer())
    counter = framework.variable("counter", [], dtype=tf.int64, trainable=False)
    encoder = framework.get_variables("encoder") + slim.get_model_variables("encoder")
    kernels = tf.contrib.framework.get_variables_by_name("weights")
    trainable = framework.get_trainable_variables("decoder")
    restore = slim.get_variables_to_restore(exclude=["decoder/output"])
    init_fn = slim.assign_from_checkpoint_fn("/tmp/pretrained.ckpt", restore, ignore_missing_vars=True)
    train_op = tf.contrib.layers.optimize_loss(loss * scale, global_step, 0.001, "Adam", clip_gradients=5.0)
    other_op = layers.optimize_loss(loss, step, 0.01, "SGD", summaries=["loss"])
    slim.learning.train(train_op, "/tmp/logs")
    return train_op, other_op, counter, encoder, kernels, trainable, init_fn
