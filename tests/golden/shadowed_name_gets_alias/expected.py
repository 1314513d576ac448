import tensorflow as tf

from mymodels import build_seq2seq
from tf_seq2seq_migrate.runtime import seq2seq as tfm_seq2seq


def build(cell, helper, state):
    seq2seq = build_seq2seq()
    decoder = tfm_seq2seq.BasicDecoder(cell, helper, state)
    return seq2seq(decoder)
