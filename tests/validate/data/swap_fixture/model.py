"""A tiny TF1 model whose rewrite the tests break on purpose (two arguments swapped)."""
import tensorflow as tf


def build(inputs, mode):
    with tf.variable_scope("encoder"):
        cell = tf.nn.rnn_cell.BasicLSTMCell(4)
        outputs, state = tf.nn.dynamic_rnn(cell, inputs["x"], sequence_length=inputs["length"], dtype=tf.float32)
    return {
        "outputs": outputs,
        "gap": tf.subtract(state.h, state.c),
        "length": inputs["length"] * 2,
    }
