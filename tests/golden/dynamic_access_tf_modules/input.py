"""Optimizers, losses and dtypes picked by name from TF modules (getattr / hasattr / vars / __dict__)."""
import tensorflow as tf
from tensorflow import nn as tfnn


def optimizer(name, learning_rate):
    # A computed name: tf.train holds names tf_upgrade_v2 renames (tf.train.AdamOptimizer -> tf.compat.v1...).
    return getattr(tf.train, name + "Optimizer")(learning_rate)


def pieces(activation, dtype_name):
    adam = getattr(tf.train, "AdamOptimizer")  # a literal renamed member
    act = getattr(tfnn, activation)
    relu = getattr(tf.nn, "relu")  # TF 2 still has tf.nn.relu: nothing to say
    dtype = getattr(tf, dtype_name)  # the root module: dtype lookups by name are left alone
    known = hasattr(tf.train, "GradientDescentOptimizer")
    names = sorted(vars(tf.losses))
    table = tf.train.__dict__
    image = getattr(tf.image, "resize_images")
    return adam, act, relu, dtype, known, names, table, image


def already_v1(name):
    return getattr(tf.compat.v1.train, name)
