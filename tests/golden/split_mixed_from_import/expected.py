import tensorflow as tf
# TODO(tf-migrate): S2S900 tf.contrib.metrics has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
from tensorflow.contrib import metrics  # models
from tf_seq2seq_migrate.runtime import seq2seq


def decode(cell, helper, state, x):
    # TODO(tf-migrate): S2S900 tf.contrib.metrics.streaming_mean has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
    return seq2seq.BasicDecoder(cell, helper, state), metrics.streaming_mean(x)
