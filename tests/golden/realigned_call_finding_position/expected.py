"""A converted call whose continuation line follows its bracket keeps its finding on its own line."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn


def total(parts, name=None):
    with tf.compat.v1.name_scope(name, values=parts,
                                 default_name="total"):
        return tf.add_n(parts)


def dropped(cell, keep):
    return rnn.DropoutWrapper(rnn.GRUCell(4,
                                          name="g"),
                              output_keep_prob=keep)
