import tensorflow as tf
from tensorflow.contrib import seq2seq, metrics  # models


def decode(cell, helper, state, x):
    return seq2seq.BasicDecoder(cell, helper, state), metrics.streaming_mean(x)
