"""TF 0.x tf.split(split_dim, num_split, value) and tf.concat(concat_dim, values) with a list held in a name."""
import tensorflow as tf


def steps(embedded, seq_length, outputs, rnn_size):
    inputs = tf.split(1, seq_length, embedded)  # char-rnn's TF 0.x form
    halves = tf.split(-1, 2, embedded, "halves")  # TF 0.x's fourth parameter was the name
    named = tf.split(split_dim=2, num_split=2, value=embedded)
    tf1 = tf.split(embedded, seq_length, 1)  # already TF 1's order
    output = tf.reshape(tf.concat(1, outputs), [-1, rnn_size])
    return inputs, halves, named, tf1, output
