import tensorflow.compat.v1 as tf
from tf_seq2seq_migrate.runtime import seq2seq

tf.disable_v2_behavior()


def decode(cell, helper, state):
    decoder = seq2seq.BasicDecoder(cell, helper, state)
    return seq2seq.dynamic_decode(decoder)
