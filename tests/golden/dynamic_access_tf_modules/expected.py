"""Optimizers, losses and dtypes picked by name from TF modules (getattr / hasattr / vars / __dict__)."""
import tensorflow as tf
from tensorflow import nn as tfnn


def optimizer(name, learning_rate):
    # A computed name: tf.train holds names tf_upgrade_v2 renames (tf.train.AdamOptimizer -> tf.compat.v1...).
    # TODO(tf-migrate): S2S902 dynamic access to tf.train cannot be converted: tf_upgrade_v2 renames members of it (tf.train.AdadeltaOptimizer -> tf.compat.v1.train.AdadeltaOptimizer, tf.train.AdagradDAOptimizer -> tf.compat.v1.train.AdagradDAOptimizer, ...); find the names the lookup reaches and use their TF 2 spellings
    return getattr(tf.train, name + "Optimizer")(learning_rate)


def pieces(activation, dtype_name):
    # TODO(tf-migrate): S2S902 dynamic access to tf.train.AdamOptimizer cannot be converted: tf_upgrade_v2 renames it to tf.compat.v1.train.AdamOptimizer; write tf.compat.v1.train.AdamOptimizer instead
    adam = getattr(tf.train, "AdamOptimizer")  # a literal renamed member
    # TODO(tf-migrate): S2S902 dynamic access to tf.nn cannot be converted: tf_upgrade_v2 renames members of it (tf.nn.avg_pool -> tf.nn.avg_pool2d, tf.nn.avg_pool_v2 -> tf.nn.avg_pool, ...); find the names the lookup reaches and use their TF 2 spellings
    act = getattr(tfnn, activation)
    relu = getattr(tf.nn, "relu")  # TF 2 still has tf.nn.relu: nothing to say
    dtype = getattr(tf, dtype_name)  # the root module: dtype lookups by name are left alone
    # TODO(tf-migrate): S2S902 dynamic access to tf.train.GradientDescentOptimizer cannot be converted: tf_upgrade_v2 renames it to tf.compat.v1.train.GradientDescentOptimizer; write tf.compat.v1.train.GradientDescentOptimizer instead
    known = hasattr(tf.train, "GradientDescentOptimizer")
    # TODO(tf-migrate): S2S902 dynamic access to tf.losses cannot be converted: tf_upgrade_v2 renames members of it (tf.losses.Reduction -> tf.compat.v1.losses.Reduction, tf.losses.absolute_difference -> tf.compat.v1.losses.absolute_difference, ...); find the names the lookup reaches and use their TF 2 spellings
    names = sorted(vars(tf.losses))
    # TODO(tf-migrate): S2S902 dynamic access to tf.train cannot be converted: tf_upgrade_v2 renames members of it (tf.train.AdadeltaOptimizer -> tf.compat.v1.train.AdadeltaOptimizer, tf.train.AdagradDAOptimizer -> tf.compat.v1.train.AdagradDAOptimizer, ...); find the names the lookup reaches and use their TF 2 spellings
    table = tf.train.__dict__
    # TODO(tf-migrate): S2S902 dynamic access to tf.image.resize_images cannot be converted: tf_upgrade_v2 renames it to tf.image.resize; write tf.image.resize instead
    image = getattr(tf.image, "resize_images")
    return adam, act, relu, dtype, known, names, table, image


def already_v1(name):
    return getattr(tf.compat.v1.train, name)
