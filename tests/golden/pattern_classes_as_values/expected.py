"""Classes used as values: chosen by a flag, stored in tables, passed as arguments."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime import seq2seq

MECHANISMS = {
    "bahdanau": seq2seq.BahdanauAttention,
    "luong": seq2seq.LuongAttention,
}
CELLS = {"lstm": rnn.LSTMCell, "gru": rnn.GRUCell}


def build(kind, cell_kind, units, memory, cell_class=rnn.BasicLSTMCell):
    mechanism_class = seq2seq.LuongAttention if kind == "luong" else MECHANISMS[kind]
    cell = CELLS.get(cell_kind, cell_class)(units)
    return seq2seq.AttentionWrapper(cell, mechanism_class(units, memory))
