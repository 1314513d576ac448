try:
    from tensorflow.contrib import seq2seq
except ImportError:
    seq2seq = None

try:
    from tensorflow.contrib.seq2seq import BasicDecoder
except ImportError:
    from tensorflow.contrib.seq2seq.python.ops.basic_decoder import BasicDecoder


def make_helper(inputs, lengths):
    from tensorflow.contrib.seq2seq import TrainingHelper as Helper
    return Helper(inputs, lengths)


def decode(cell, helper, state):
    import tensorflow as tf
    decoder = BasicDecoder(cell, helper, state)
    return tf.contrib.seq2seq.dynamic_decode(decoder), seq2seq.AttentionWrapper
