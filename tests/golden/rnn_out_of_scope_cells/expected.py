"""contrib.rnn cells tf-migrate does not port: each use gets a TODO with what to do instead."""
import tensorflow as tf


def exotic_cells(units, base):
    cells = {}
    # TODO(tf-migrate): S2S158 tf.contrib.rnn.CoupledInputForgetGateLSTMCell (an LSTM variant with coupled input and forget gates) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["CoupledInputForgetGateLSTMCell"] = tf.contrib.rnn.CoupledInputForgetGateLSTMCell(units)
    # TODO(tf-migrate): S2S159 tf.contrib.rnn.TimeFreqLSTMCell (a time-frequency LSTM cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["TimeFreqLSTMCell"] = tf.contrib.rnn.TimeFreqLSTMCell(units)
    # TODO(tf-migrate): S2S162 tf.contrib.rnn.NASCell (the Neural Architecture Search cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["NASCell"] = tf.contrib.rnn.NASCell(units)
    # TODO(tf-migrate): S2S165 tf.contrib.rnn.PhasedLSTMCell (the Phased LSTM cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["PhasedLSTMCell"] = tf.contrib.rnn.PhasedLSTMCell(units)
    # TODO(tf-migrate): S2S171 tf.contrib.rnn.GLSTMCell (the group LSTM cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["GLSTMCell"] = tf.contrib.rnn.GLSTMCell(units)
    # TODO(tf-migrate): S2S175 tf.contrib.rnn.IndyLSTMCell (the IndyLSTM cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["IndyLSTMCell"] = tf.contrib.rnn.IndyLSTMCell(units)
    return cells
