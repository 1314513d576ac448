import tensorflow as tf
from tensorflow.contrib import seq2seq


def decode(cell, helper, state):
    decoder = seq2seq.BasicDecoder(cell, helper, state)
    return seq2seq.dynamic_decode(decoder)


def also_spelled_long(cell, memory):
    return tf.contrib.seq2seq.AttentionWrapper(cell, seq2seq.BahdanauAttention(8, memory))
