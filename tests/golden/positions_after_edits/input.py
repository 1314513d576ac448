import tensorflow as tf
import os; from tensorflow.contrib import seq2seq, metrics; import sys
from tensorflow.contrib.metrics import streaming_mean as LSTMCell


def f(a, b):
    x = (tf.contrib.seq2seq.AttentionWrapper, tf.contrib.metrics.streaming_mean, tf.contrib.seq2seq.TrainingHelper(a, b))
    cell = LSTMCell(4); y = tf.contrib.seq2seq.SomeFutureDecoder(cell), getattr(tf.contrib.seq2seq, a)
    return tf.contrib.seq2seq.dynamic_decode(
        tf.contrib.seq2seq.BasicDecoder(cell, tf.contrib.seq2seq.TrainingHelper(a, b), x),
        maximum_iterations=os.sep), y, sys
