"""Dynamic access and monkey-patching: TODO comments, the rest of the file is converted."""
import tensorflow as tf


def cell_by_name(name, units):
    cell_class = getattr(tf.contrib.rnn, name)
    known = name in tf.contrib.rnn.__dict__
    return cell_class(units), known


def patch(call):
    setattr(tf.contrib.rnn.GRUCell, "call", call)
    tf.nn.rnn_cell.LSTMCell.call = call
    return tf.contrib.rnn.GRUCell(8)
