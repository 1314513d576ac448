import tensorflow as tf
from tensorflow.contrib.seq2seq import *
from tensorflow.contrib import slim


def cell_by_name(name, units):
    cell_class = getattr(tf.contrib.seq2seq, name)
    if hasattr(tf.contrib.seq2seq, "SomeFutureDecoder"):
        pass
    names = vars(tf.contrib.seq2seq)
    table = tf.contrib.seq2seq.__dict__
    return cell_class(units), names, table


def patch(step):
    tf.contrib.seq2seq.BasicDecoder.step = step
    setattr(tf.contrib.seq2seq.TrainingHelper, "sample", step)
    net = slim.fully_connected(step, 4)
    net = tf.contrib.layers.batch_norm(net)
    return tf.contrib.seq2seq.SomeFutureDecoder, net
