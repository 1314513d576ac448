"""Initializers and checkpoint helpers from tf.contrib next to a seq2seq model."""
import tensorflow as tf
from tensorflow.compat.v1 import glorot_uniform_initializer as xavier_initializer_conv2d


def attention_weights(units, seed):
    v = tf.compat.v1.get_variable("attention_v", [units], initializer=tf.compat.v1.glorot_uniform_initializer())
    w = tf.compat.v1.get_variable(
        "attention_w",
        [units, units],
        initializer=tf.compat.v1.glorot_uniform_initializer(seed=seed),
    )
    # Truncated-normal Xavier: contrib's stddev differs from every TF2 initializer.
    # TODO(tf-migrate): S2S250 tf.contrib.layers.xavier_initializer(uniform=False) has no exact TF2 equivalent (tf.compat.v1.glorot_uniform_initializer covers only the default); port this call by hand
    u = tf.compat.v1.get_variable("attention_u", [units, 2], initializer=tf.contrib.layers.xavier_initializer(uniform=False))
    k = tf.compat.v1.get_variable("conv_k", [3, 3, 4, 8], initializer=xavier_initializer_conv2d(seed=seed))
    return v, w, u, k


def average_of(checkpoint_dir, name):
    names = [n for n, _ in tf.train.list_variables(ckpt_dir_or_file=checkpoint_dir)]
    reader = tf.train.load_checkpoint(checkpoint_dir)
    return names, reader.get_tensor(name)
