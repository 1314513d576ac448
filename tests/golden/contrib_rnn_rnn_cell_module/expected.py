"""TF 1.0-rc code reached the cells through tf.contrib.rnn.rnn_cell: the same classes as tf.contrib.rnn."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn as cells
from tf_seq2seq_migrate.runtime import rnn


def stacked(kind, units, layers, keep):
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.rnn cannot be converted; look the name up in tf_seq2seq_migrate.runtime.rnn by hand
    base = getattr(tf.contrib.rnn.rnn_cell, kind)(units)
    wrapped = rnn.DropoutWrapper(base, output_keep_prob=keep)
    return cells.MultiRNNCell([wrapped] * layers), rnn.GRUCell(units)
