import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def decode(cell, helper, state):
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, state)
    return tf.contrib.seq2seq.dynamic_decode(decoder)
