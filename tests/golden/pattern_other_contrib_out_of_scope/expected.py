"""Other contrib modules are reported as out of scope, never silently ignored."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import contrib_layers as slim
from tf_seq2seq_migrate.runtime.hparams import HParams
# TODO(tf-migrate): S2S900 tf.contrib.learn has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
import tensorflow.contrib.learn as learn
from tf_seq2seq_migrate.runtime import contrib_layers
from tf_seq2seq_migrate.runtime import rnn


def model(x, vocab):
    hparams = HParams(units=32, beam_width=4)
    net = contrib_layers.fully_connected(x, hparams.units)
    net = slim.dropout(net, 0.9)
    # TODO(tf-migrate): S2S900 tf.contrib.learn.Estimator has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
    estimator = learn.Estimator(model_fn=None)
    cell = rnn.GRUCell(hparams.units)
    return net, estimator, cell
