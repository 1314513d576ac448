import tensorflow as tf
# TODO(tf-migrate): S2S900 tf.contrib.layers has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
from tensorflow.contrib import layers  # models
from tf_seq2seq_migrate.runtime import seq2seq


def decode(cell, helper, state, x):
    # TODO(tf-migrate): S2S900 tf.contrib.layers.batch_norm has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
    return seq2seq.BasicDecoder(cell, helper, state), layers.batch_norm(x)
