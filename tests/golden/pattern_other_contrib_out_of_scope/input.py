"""Other contrib modules are reported as out of scope, never silently ignored."""
import tensorflow as tf
from tensorflow.contrib import slim
from tensorflow.contrib.training import HParams
import tensorflow.contrib.learn as learn


def model(x, vocab):
    hparams = HParams(units=32, beam_width=4)
    net = tf.contrib.layers.fully_connected(x, hparams.units)
    net = slim.dropout(net, 0.9)
    estimator = learn.Estimator(model_fn=None)
    cell = tf.contrib.rnn.GRUCell(hparams.units)
    return net, estimator, cell
