import tensorflow as tf
import os; from tensorflow.contrib import seq2seq, layers; import sys
from tensorflow.contrib.layers import conv1d as LSTMCell


def f(a, b):
    x = (tf.contrib.seq2seq.AttentionWrapper, tf.contrib.layers.conv1d, tf.contrib.seq2seq.TrainingHelper(a, b))
    cell = LSTMCell(4); y = tf.contrib.seq2seq.SomeFutureDecoder(cell), getattr(tf.contrib.seq2seq, a)
    return tf.contrib.seq2seq.dynamic_decode(
        tf.contrib.seq2seq.BasicDecoder(cell, tf.contrib.seq2seq.TrainingHelper(a, b), x),
        maximum_iterations=os.sep), y, sys
