import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq


def decode(cell, helper, state):
    return seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, state))
