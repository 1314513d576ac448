"""A cell class picked by a flag through a module whose own import is rewritten."""
from tf_seq2seq_migrate.runtime import rnn as cells
from tf_seq2seq_migrate.runtime import seq2seq


def make_cell(kind, units):
    if kind == "gru":
        factory = cells.GRUCell
    else:
        factory = cells.BasicLSTMCell
    wrapper_class = seq2seq.AttentionWrapper
    return factory(units), wrapper_class
