"""contrib.rnn cells tf-migrate does not port: each use gets a TODO with what to do instead."""
import tensorflow as tf


def exotic_cells(units, base):
    cells = {}
    cells["CoupledInputForgetGateLSTMCell"] = tf.contrib.rnn.CoupledInputForgetGateLSTMCell(units)
    cells["TimeFreqLSTMCell"] = tf.contrib.rnn.TimeFreqLSTMCell(units)
    cells["NASCell"] = tf.contrib.rnn.NASCell(units)
    cells["PhasedLSTMCell"] = tf.contrib.rnn.PhasedLSTMCell(units)
    cells["GLSTMCell"] = tf.contrib.rnn.GLSTMCell(units)
    cells["IndyLSTMCell"] = tf.contrib.rnn.IndyLSTMCell(units)
    return cells
