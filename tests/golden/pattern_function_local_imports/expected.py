"""Imports inside functions and try/except blocks."""
import tensorflow as tf


def make_decoder(cell, helper, state):
    from tf_seq2seq_migrate.runtime.seq2seq import BasicDecoder
    return BasicDecoder(cell, helper, state)


def make_cell(units):
    import tf_seq2seq_migrate.runtime.rnn as contrib_rnn
    return contrib_rnn.GRUCell(units)


def loss(logits, targets, weights):
    try:
        from tf_seq2seq_migrate.runtime.legacy_seq2seq import sequence_loss
    except ImportError:
        sequence_loss = None
    return sequence_loss(logits, targets, weights)
