"""A call left alone with a TODO whose arguments are still rewritten keeps its finding on the call."""
import tensorflow as tf


def build(x):
    init = tf.contrib.layers.xavier_initializer(False, tf.placeholder(tf.int32))
    loss = tf.nn.seq2seq.sequence_loss([x], [x], [x], softmax_loss_function=lambda a, b: tf.to_float(a))
    init2 = tf.contrib.layers.xavier_initializer(True, 3, tf.to_float(x).dtype)
    return init, init2, loss
