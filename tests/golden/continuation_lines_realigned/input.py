"""Continuation lines aligned with a renamed call's bracket follow it; other layouts stay as written."""
import tensorflow as tf


def build_cell(cell, device, num_units, keep_prob):
    cell = tf.contrib.rnn.DeviceWrapper(cell,
                                        device)
    if keep_prob < 1.0:
        cell = tf.contrib.rnn.DropoutWrapper(cell=cell,
                                             input_keep_prob=keep_prob,  # why: TF1 default
                                             output_keep_prob=1.0)
    longer = tf.contrib.rnn.LSTMCell(num_units,
                                     initializer=tf.contrib.layers.xavier_initializer(),
                                     forget_bias=1.0)
    hanging = tf.contrib.rnn.DeviceWrapper(
        cell, device)
    ragged = tf.contrib.rnn.DeviceWrapper(cell,
                                            device)
    nested = tf.contrib.rnn.DeviceWrapper(tf.contrib.rnn.GRUCell(num_units,
                                                                 name="gru"),
                                          device)
    text = tf.contrib.rnn.DeviceWrapper(cell, """a
                                        b""")
    return cell, longer, hanging, ragged, nested, text


def wrapped(cell, keep_prob):
    return tf.contrib.rnn.ResidualWrapper(tf.contrib.rnn.DropoutWrapper(cell,
                                                                        tf.contrib.rnn.GRUCell(2),
                                                                        keep_prob))
