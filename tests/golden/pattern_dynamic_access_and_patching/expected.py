"""Dynamic access and monkey-patching: TODO comments, the rest of the file is converted."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn


def cell_by_name(name, units):
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.rnn cannot be converted; look the name up in tf_seq2seq_migrate.runtime.rnn by hand
    cell_class = getattr(tf.contrib.rnn, name)
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.rnn cannot be converted; look the name up in tf_seq2seq_migrate.runtime.rnn by hand
    known = name in tf.contrib.rnn.__dict__
    return cell_class(units), known


def patch(call):
    # TODO(tf-migrate): S2S903 monkey-patching tf.contrib.rnn.GRUCell cannot be converted; patch tf_seq2seq_migrate.runtime.rnn.GRUCell instead if it is still needed
    setattr(tf.contrib.rnn.GRUCell, "call", call)
    # TODO(tf-migrate): S2S903 monkey-patching tf.nn.rnn_cell.LSTMCell cannot be converted; patch tf_seq2seq_migrate.runtime.rnn.LSTMCell instead if it is still needed
    tf.nn.rnn_cell.LSTMCell.call = call
    return rnn.GRUCell(8)
