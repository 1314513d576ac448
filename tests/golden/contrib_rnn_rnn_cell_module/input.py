"""TF 1.0-rc code reached the cells through tf.contrib.rnn.rnn_cell: the same classes as tf.contrib.rnn."""
import tensorflow as tf
from tensorflow.contrib.rnn import rnn_cell as cells


def stacked(kind, units, layers, keep):
    base = getattr(tf.contrib.rnn.rnn_cell, kind)(units)
    wrapped = tf.contrib.rnn.rnn_cell.DropoutWrapper(base, output_keep_prob=keep)
    return cells.MultiRNNCell([wrapped] * layers), tf.contrib.rnn.rnn_cell.GRUCell(units)
