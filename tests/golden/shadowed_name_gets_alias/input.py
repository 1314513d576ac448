import tensorflow as tf

from mymodels import build_seq2seq


def build(cell, helper, state):
    seq2seq = build_seq2seq()
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, state)
    return seq2seq(decoder)
