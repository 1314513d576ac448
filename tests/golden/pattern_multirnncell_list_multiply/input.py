"""MultiRNNCell([cell] * n): one cell object repeated, as many TF1 tutorials wrote it."""
import tensorflow as tf


def stacked(units, layers):
    cell = tf.contrib.rnn.BasicLSTMCell(units)
    return tf.contrib.rnn.MultiRNNCell([cell] * layers)


def stacked_fresh(units, layers):
    return tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(units) for _ in range(layers)])
