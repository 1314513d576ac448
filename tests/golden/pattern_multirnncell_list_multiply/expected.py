"""MultiRNNCell([cell] * n): one cell object repeated, as many TF1 tutorials wrote it."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn


def stacked(units, layers):
    cell = rnn.BasicLSTMCell(units)
    return rnn.MultiRNNCell([cell] * layers)


def stacked_fresh(units, layers):
    return rnn.MultiRNNCell([rnn.GRUCell(units) for _ in range(layers)])
