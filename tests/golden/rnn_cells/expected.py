"""Cells, wrappers and state tuples from tf.contrib.rnn and tf.nn.rnn_cell."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime import rnn as core_cells


class ZoneoutCell(rnn.RNNCell):
    """A user cell on TF1's base class."""


class ProjectedCell(rnn.LayerRNNCell):
    """A user cell that builds its weights in build()."""


def encoder_cell(units, layers, keep_prob, vocab):
    cells = []
    for index in range(layers):
        if index % 3 == 0:
            cell = rnn.BasicLSTMCell(units)
        elif index % 3 == 1:
            cell = rnn.LSTMCell(units, use_peepholes=True)
        else:
            cell = rnn.GRUCell(units)
        cell = rnn.DropoutWrapper(cell, output_keep_prob=keep_prob)
        if index > 0:
            cell = rnn.ResidualWrapper(cell)
        cells.append(rnn.DeviceWrapper(cell, "/cpu:0"))
    stacked = rnn.MultiRNNCell(cells)
    embedded = rnn.EmbeddingWrapper(rnn.BasicRNNCell(units), vocab, units)
    projected_in = rnn.InputProjectionWrapper(rnn.BasicRNNCell(units), num_proj=units)
    projected_out = rnn.OutputProjectionWrapper(embedded, output_size=vocab)
    normalized = rnn.LayerNormBasicLSTMCell(units)
    return stacked, projected_in, projected_out, normalized


def lstm_state(c, h):
    return rnn.LSTMStateTuple(c, h), rnn.LSTMStateTuple(c=c, h=h)


def through_modules(units):
    return rnn.GRUCell(units), core_cells.LSTMCell(units)
