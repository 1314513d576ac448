"""TF 0.x cell arguments: input_size= is dropped; a positional int where TF 1.x has a flag keeps a TODO."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn


def cells(size, depth):
    # TODO(tf-migrate): S2S107 tf.nn.rnn_cell.LSTMCell(use_peepholes=depth) cannot be rewritten as it is: TF 0.x took input_size as the second argument of LSTMCell, where TF 1.x takes the flag use_peepholes; drop input_size (the cell reads the input depth from its inputs) or pass use_peepholes by keyword, then run tf-migrate again
    ambiguous = tf.nn.rnn_cell.LSTMCell(size, depth)  # TF 0.x: input_size, TF 1.x: use_peepholes
    peepholes = rnn.LSTMCell(size, True, num_proj=64)
    gru = rnn.GRUCell(size)
    # TODO(tf-migrate): S2S105 tf.contrib.rnn.BasicLSTMCell(state_is_tuple=depth) cannot be rewritten as it is: TF 0.x took input_size as the third argument of BasicLSTMCell, where TF 1.x takes the flag state_is_tuple; drop input_size (the cell reads the input depth from its inputs) or pass state_is_tuple by keyword, then run tf-migrate again
    basic = rnn.BasicLSTMCell(size, 0.0, depth)  # TF 0.x: input_size, TF 1.x: state_is_tuple
    flagged = rnn.BasicLSTMCell(size, 0.0, True)
    keywords = rnn.BasicLSTMCell(size, forget_bias=0.0, state_is_tuple=True)
    plain = rnn.BasicRNNCell(size)
    return ambiguous, peepholes, gru, basic, flagged, keywords, plain


class ProjectedCell(rnn.LSTMCell):
    def __init__(self, size):
        super(ProjectedCell, self).__init__(size, num_proj=size // 2)
