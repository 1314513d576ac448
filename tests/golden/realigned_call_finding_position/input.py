"""A converted call whose continuation line follows its bracket keeps its finding on its own line."""
import tensorflow as tf


def total(parts, name=None):
    with tf.name_scope(name, values=parts,
                       default_name="total"):
        return tf.add_n(parts)


def dropped(cell, keep):
    return tf.contrib.rnn.DropoutWrapper(tf.contrib.rnn.GRUCell(4,
                                                                name="g"),
                                         output_keep_prob=keep)
