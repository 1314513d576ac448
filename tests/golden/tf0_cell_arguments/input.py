"""TF 0.x cell arguments: input_size= is dropped; a positional int where TF 1.x has a flag keeps a TODO."""
import tensorflow as tf
from tensorflow.contrib import rnn


def cells(size, depth):
    ambiguous = tf.nn.rnn_cell.LSTMCell(size, depth)  # TF 0.x: input_size, TF 1.x: use_peepholes
    peepholes = tf.nn.rnn_cell.LSTMCell(size, True, num_proj=64)
    gru = tf.nn.rnn_cell.GRUCell(size, input_size=depth)
    basic = rnn.BasicLSTMCell(size, 0.0, depth)  # TF 0.x: input_size, TF 1.x: state_is_tuple
    flagged = rnn.BasicLSTMCell(size, 0.0, True)
    keywords = rnn.BasicLSTMCell(size, forget_bias=0.0, input_size=depth, state_is_tuple=True)
    plain = tf.nn.rnn_cell.BasicRNNCell(size,
                                        input_size=depth)
    return ambiguous, peepholes, gru, basic, flagged, keywords, plain


class ProjectedCell(tf.nn.rnn_cell.LSTMCell):
    def __init__(self, size):
        super(ProjectedCell, self).__init__(size, num_proj=size // 2)
