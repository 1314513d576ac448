"""Cells, wrappers and state tuples from tf.contrib.rnn and tf.nn.rnn_cell."""
import tensorflow as tf
from tensorflow.contrib import rnn
from tensorflow.python.ops import rnn_cell_impl as core_cells


class ZoneoutCell(tf.nn.rnn_cell.RNNCell):
    """A user cell on TF1's base class."""


class ProjectedCell(tf.contrib.rnn.LayerRNNCell):
    """A user cell that builds its weights in build()."""


def encoder_cell(units, layers, keep_prob, vocab):
    cells = []
    for index in range(layers):
        if index % 3 == 0:
            cell = tf.nn.rnn_cell.BasicLSTMCell(units)
        elif index % 3 == 1:
            cell = tf.contrib.rnn.LSTMCell(units, use_peepholes=True)
        else:
            cell = tf.nn.rnn_cell.GRUCell(units)
        cell = tf.contrib.rnn.DropoutWrapper(cell, output_keep_prob=keep_prob)
        if index > 0:
            cell = tf.nn.rnn_cell.ResidualWrapper(cell)
        cells.append(tf.contrib.rnn.DeviceWrapper(cell, "/cpu:0"))
    stacked = tf.nn.rnn_cell.MultiRNNCell(cells)
    embedded = tf.contrib.rnn.EmbeddingWrapper(tf.contrib.rnn.BasicRNNCell(units), vocab, units)
    projected_in = tf.contrib.rnn.InputProjectionWrapper(tf.nn.rnn_cell.BasicRNNCell(units), num_proj=units)
    projected_out = tf.contrib.rnn.OutputProjectionWrapper(embedded, output_size=vocab)
    normalized = tf.contrib.rnn.LayerNormBasicLSTMCell(units)
    return stacked, projected_in, projected_out, normalized


def lstm_state(c, h):
    return tf.contrib.rnn.LSTMStateTuple(c, h), tf.nn.rnn_cell.LSTMStateTuple(c=c, h=h)


def through_modules(units):
    return rnn.GRUCell(units), core_cells.LSTMCell(units)
