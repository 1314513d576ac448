"""Imports inside functions and try/except blocks."""
import tensorflow as tf


def make_decoder(cell, helper, state):
    from tensorflow.contrib.seq2seq import BasicDecoder
    return BasicDecoder(cell, helper, state)


def make_cell(units):
    import tensorflow.contrib.rnn as contrib_rnn
    return contrib_rnn.GRUCell(units)


def loss(logits, targets, weights):
    try:
        from tensorflow.contrib.legacy_seq2seq import sequence_loss
    except ImportError:
        sequence_loss = None
    return sequence_loss(logits, targets, weights)
