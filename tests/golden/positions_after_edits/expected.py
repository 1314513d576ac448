import tensorflow as tf
# TODO(tf-migrate): S2S900 tf.contrib.metrics has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
import os; from tensorflow.contrib import metrics; from tf_seq2seq_migrate.runtime import seq2seq; import sys
# TODO(tf-migrate): S2S900 tf.contrib.metrics.streaming_mean has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
from tensorflow.contrib.metrics import streaming_mean as LSTMCell


def f(a, b):
    # TODO(tf-migrate): S2S900 tf.contrib.metrics.streaming_mean has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
    x = (seq2seq.AttentionWrapper, tf.contrib.metrics.streaming_mean, seq2seq.TrainingHelper(a, b))
    # TODO(tf-migrate): S2S904 tf.contrib.seq2seq.SomeFutureDecoder has no tf-migrate rule yet; rewritten to tf_seq2seq_migrate.runtime.seq2seq.SomeFutureDecoder by module, check that it exists there and behaves the same
    # TODO(tf-migrate): S2S902 dynamic access to tf.contrib.seq2seq cannot be converted; look the name up in tf_seq2seq_migrate.runtime.seq2seq by hand
    cell = LSTMCell(4); y = seq2seq.SomeFutureDecoder(cell), getattr(tf.contrib.seq2seq, a)
    return seq2seq.dynamic_decode(
        seq2seq.BasicDecoder(cell, seq2seq.TrainingHelper(a, b), x),
        maximum_iterations=os.sep), y, sys
