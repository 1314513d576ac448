"""TF1 fixture with a numpy-checkable model: a tanh dense layer and a BasicLSTMCell dynamic_rnn."""
import tensorflow as tf


def build(inputs, mode):
    features, lengths = inputs["features"], inputs["lengths"]
    hidden = tf.layers.dense(features, 3, activation=tf.tanh, name="hidden")
    cell = tf.nn.rnn_cell.BasicLSTMCell(2, forget_bias=1.0)
    outputs, state = tf.nn.dynamic_rnn(cell, hidden, sequence_length=lengths, dtype=tf.float32)
    result = {"hidden": hidden, "state": state}
    if mode == "infer":
        result["outputs"] = outputs
    return result
