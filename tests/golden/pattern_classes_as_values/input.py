"""Classes used as values: chosen by a flag, stored in tables, passed as arguments."""
import tensorflow as tf

MECHANISMS = {
    "bahdanau": tf.contrib.seq2seq.BahdanauAttention,
    "luong": tf.contrib.seq2seq.LuongAttention,
}
CELLS = {"lstm": tf.contrib.rnn.LSTMCell, "gru": tf.nn.rnn_cell.GRUCell}


def build(kind, cell_kind, units, memory, cell_class=tf.contrib.rnn.BasicLSTMCell):
    mechanism_class = tf.contrib.seq2seq.LuongAttention if kind == "luong" else MECHANISMS[kind]
    cell = CELLS.get(cell_kind, cell_class)(units)
    return tf.contrib.seq2seq.AttentionWrapper(cell, mechanism_class(units, memory))
