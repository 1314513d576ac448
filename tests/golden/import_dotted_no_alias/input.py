import tensorflow.contrib.seq2seq


def decode(cell, helper, state):
    return tensorflow.contrib.seq2seq.BasicDecoder(cell, helper, state)
