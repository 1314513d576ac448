"""contrib.rnn cells tf-migrate does not port: each use gets a TODO with what to do instead."""
import tensorflow as tf


def exotic_cells(units, base):
    cells = {}
    # TODO(tf-migrate): S2S150 tf.contrib.rnn.LSTMBlockCell (a fused-kernel LSTM cell) has no TF2 equivalent in tf-migrate: rnn.LSTMCell computes the same LSTM function; check the variable names before restoring a TF1 checkpoint
    cells["LSTMBlockCell"] = tf.contrib.rnn.LSTMBlockCell(units)
    # TODO(tf-migrate): S2S151 tf.contrib.rnn.LSTMBlockFusedCell (a fused LSTM over a whole time-major sequence) has no TF2 equivalent in tf-migrate: use rnn.dynamic_rnn(rnn.LSTMCell(...), inputs, time_major=True, sequence_length=...) and check the variable names before restoring a TF1 checkpoint
    cells["LSTMBlockFusedCell"] = tf.contrib.rnn.LSTMBlockFusedCell(units)
    # TODO(tf-migrate): S2S152 tf.contrib.rnn.LSTMBlockWrapper (the base class of the fused LSTM cells) has no TF2 equivalent in tf-migrate: derive from tf_seq2seq_migrate.runtime.rnn.RNNCell instead, or drop the custom fused cell
    cells["LSTMBlockWrapper"] = issubclass(type(base), tf.contrib.rnn.LSTMBlockWrapper)
    # TODO(tf-migrate): S2S153 tf.contrib.rnn.GRUBlockCell (a fused-kernel GRU cell) has no TF2 equivalent in tf-migrate: rnn.GRUCell computes the same GRU function; its variables are named gates/candidate instead of w_ru/w_c, so rename them before restoring a TF1 checkpoint
    cells["GRUBlockCell"] = tf.contrib.rnn.GRUBlockCell(units)
    # TODO(tf-migrate): S2S154 tf.contrib.rnn.GRUBlockCellV2 (a fused-kernel GRU cell with GRUCell-style variable names) has no TF2 equivalent in tf-migrate: rnn.GRUCell computes the same GRU function; check the variable names before restoring a TF1 checkpoint
    cells["GRUBlockCellV2"] = tf.contrib.rnn.GRUBlockCellV2(units)
    # TODO(tf-migrate): S2S155 tf.contrib.rnn.FusedRNNCell (the abstract fused-RNN interface) has no TF2 equivalent in tf-migrate: run a cell over the sequence with rnn.dynamic_rnn instead
    cells["FusedRNNCell"] = issubclass(type(base), tf.contrib.rnn.FusedRNNCell)
    # TODO(tf-migrate): S2S156 tf.contrib.rnn.FusedRNNCellAdaptor (an adaptor running an RNNCell through the fused-RNN interface) has no TF2 equivalent in tf-migrate: call rnn.dynamic_rnn (or rnn.static_rnn when use_dynamic_rnn=False) on the wrapped cell instead
    cells["FusedRNNCellAdaptor"] = tf.contrib.rnn.FusedRNNCellAdaptor(base)
    # TODO(tf-migrate): S2S157 tf.contrib.rnn.TimeReversedFusedRNN (a fused RNN run over reversed sequences) has no TF2 equivalent in tf-migrate: reverse the inputs with tf.reverse_sequence, run rnn.dynamic_rnn and reverse the outputs back
    cells["TimeReversedFusedRNN"] = tf.contrib.rnn.TimeReversedFusedRNN(base)
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
