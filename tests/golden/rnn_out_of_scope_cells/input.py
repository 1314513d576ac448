"""contrib.rnn cells tf-migrate does not port: each use gets a TODO with what to do instead."""
import tensorflow as tf


def exotic_cells(units, base):
    cells = {}
    cells["CoupledInputForgetGateLSTMCell"] = tf.contrib.rnn.CoupledInputForgetGateLSTMCell(units)
    cells["TimeFreqLSTMCell"] = tf.contrib.rnn.TimeFreqLSTMCell(units)
    cells["NASCell"] = tf.contrib.rnn.NASCell(units)
    cells["UGRNNCell"] = tf.contrib.rnn.UGRNNCell(units)
    cells["IntersectionRNNCell"] = tf.contrib.rnn.IntersectionRNNCell(units)
    cells["PhasedLSTMCell"] = tf.contrib.rnn.PhasedLSTMCell(units)
    cells["HighwayWrapper"] = tf.contrib.rnn.HighwayWrapper(base)
    cells["GLSTMCell"] = tf.contrib.rnn.GLSTMCell(units)
    cells["SRUCell"] = tf.contrib.rnn.SRUCell(units)
    cells["IndRNNCell"] = tf.contrib.rnn.IndRNNCell(units)
    cells["IndyGRUCell"] = tf.contrib.rnn.IndyGRUCell(units)
    cells["IndyLSTMCell"] = tf.contrib.rnn.IndyLSTMCell(units)
    cells["AttentionCellWrapper"] = tf.contrib.rnn.AttentionCellWrapper(base)
    cells["CompiledWrapper"] = tf.contrib.rnn.CompiledWrapper(base)
    return cells
