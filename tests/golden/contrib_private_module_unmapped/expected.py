"""Private contrib implementation modules: mapped ones are rewritten, an unknown one keeps a TODO."""
import tensorflow as tf

try:
    # TODO(tf-migrate): S2S907 tf.contrib.rnn.python.ops.rnn_cell_impl is reached through a private implementation module path that tf-migrate does not map (the runtime has no such module): import it from the public module instead, then run tf-migrate again
    from tensorflow.contrib.rnn.python.ops import rnn_cell_impl  # no alias maps this path
except ImportError:
    from tf_seq2seq_migrate.runtime import rnn as rnn_cell_impl
from tf_seq2seq_migrate.runtime import rnn as core_rnn_cell  # mapped onto tf.contrib.rnn


def project(query, size):
    return rnn_cell_impl._linear(query, size, True), core_rnn_cell.GRUCell(size)
