import tensorflow as tf
from tensorflow.contrib import seq2seq, layers  # models


def decode(cell, helper, state, x):
    return seq2seq.BasicDecoder(cell, helper, state), layers.batch_norm(x)
