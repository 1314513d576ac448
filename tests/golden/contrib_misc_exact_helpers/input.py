"""Initializers and checkpoint helpers from tf.contrib next to a seq2seq model."""
import tensorflow as tf
from tensorflow.contrib.layers import xavier_initializer_conv2d


def attention_weights(units, seed):
    v = tf.get_variable("attention_v", [units], initializer=tf.contrib.layers.xavier_initializer())
    w = tf.get_variable(
        "attention_w",
        [units, units],
        initializer=tf.contrib.layers.xavier_initializer(True, seed, tf.float32),
    )
    # Truncated-normal Xavier: contrib's stddev differs from every TF2 initializer.
    u = tf.get_variable("attention_u", [units, 2], initializer=tf.contrib.layers.xavier_initializer(uniform=False))
    k = tf.get_variable("conv_k", [3, 3, 4, 8], initializer=xavier_initializer_conv2d(seed=seed))
    return v, w, u, k


def average_of(checkpoint_dir, name):
    names = [n for n, _ in tf.contrib.framework.list_variables(checkpoint_dir=checkpoint_dir)]
    reader = tf.contrib.framework.load_checkpoint(checkpoint_dir)
    return names, reader.get_tensor(name)
