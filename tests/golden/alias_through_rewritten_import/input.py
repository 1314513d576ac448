"""A cell class picked by a flag through a module whose own import is rewritten."""
from tensorflow.contrib import rnn as cells
from tensorflow.contrib import seq2seq


def make_cell(kind, units):
    if kind == "gru":
        factory = cells.GRUCell
    else:
        factory = cells.BasicLSTMCell
    wrapper_class = seq2seq.AttentionWrapper
    return factory(units), wrapper_class
