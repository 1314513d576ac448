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
    # TODO(tf-migrate): S2S163 tf.contrib.rnn.UGRNNCell (the Update Gate RNN cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["UGRNNCell"] = tf.contrib.rnn.UGRNNCell(units)
    # TODO(tf-migrate): S2S164 tf.contrib.rnn.IntersectionRNNCell (the Intersection RNN cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["IntersectionRNNCell"] = tf.contrib.rnn.IntersectionRNNCell(units)
    # TODO(tf-migrate): S2S165 tf.contrib.rnn.PhasedLSTMCell (the Phased LSTM cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["PhasedLSTMCell"] = tf.contrib.rnn.PhasedLSTMCell(units)
    # TODO(tf-migrate): S2S170 tf.contrib.rnn.HighwayWrapper (a cell wrapper adding a highway connection) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["HighwayWrapper"] = tf.contrib.rnn.HighwayWrapper(base)
    # TODO(tf-migrate): S2S171 tf.contrib.rnn.GLSTMCell (the group LSTM cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["GLSTMCell"] = tf.contrib.rnn.GLSTMCell(units)
    # TODO(tf-migrate): S2S172 tf.contrib.rnn.SRUCell (the Simple Recurrent Unit cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["SRUCell"] = tf.contrib.rnn.SRUCell(units)
    # TODO(tf-migrate): S2S173 tf.contrib.rnn.IndRNNCell (the independently recurrent (IndRNN) cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["IndRNNCell"] = tf.contrib.rnn.IndRNNCell(units)
    # TODO(tf-migrate): S2S174 tf.contrib.rnn.IndyGRUCell (the IndyGRU cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["IndyGRUCell"] = tf.contrib.rnn.IndyGRUCell(units)
    # TODO(tf-migrate): S2S175 tf.contrib.rnn.IndyLSTMCell (the IndyLSTM cell) has no TF2 equivalent in tf-migrate: port the cell as a subclass of tf_seq2seq_migrate.runtime.rnn.RNNCell (same call(inputs, state) contract, so the rest of the model keeps working) or keep this part on TF 1.15
    cells["IndyLSTMCell"] = tf.contrib.rnn.IndyLSTMCell(units)
    # TODO(tf-migrate): S2S176 tf.contrib.rnn.AttentionCellWrapper (the pre-seq2seq attention cell wrapper over a window of past outputs) has no TF2 equivalent in tf-migrate: seq2seq.AttentionWrapper is the supported attention wrapper but computes a different function (attention over an encoder memory), so the model must be re-trained or the wrapper ported as an RNNCell subclass
    cells["AttentionCellWrapper"] = tf.contrib.rnn.AttentionCellWrapper(base)
    # TODO(tf-migrate): S2S177 tf.contrib.rnn.CompiledWrapper (a wrapper compiling each cell step with XLA) has no TF2 equivalent in tf-migrate: drop the wrapper and compile the whole computation with tf.function(jit_compile=True)
    cells["CompiledWrapper"] = tf.contrib.rnn.CompiledWrapper(base)
    return cells
