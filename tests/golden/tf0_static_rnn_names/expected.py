"""TF 0.x static RNN names: tf.nn.rnn, tf.nn.bidirectional_rnn, tf.nn.state_saving_rnn."""
import tensorflow as tf
from tensorflow.python.ops import rnn
from tf_seq2seq_migrate.runtime import rnn as rnn_cell
from tf_seq2seq_migrate.runtime import rnn as tfm_rnn


def encode(inputs, sequence_length, saver):
    cell_fw = rnn_cell.BasicLSTMCell(32)
    cell_bw = tfm_rnn.BasicLSTMCell(32)
    outputs, state = tfm_rnn.static_rnn(cell_fw, inputs, dtype=tf.float32, sequence_length=sequence_length)
    bi_outputs, state_fw, state_bw = tfm_rnn.static_bidirectional_rnn(
        cell_fw, cell_bw, inputs, dtype=tf.float32, sequence_length=sequence_length, scope="birnn")
    saved, _ = tfm_rnn.static_state_saving_rnn(cell_fw, inputs, saver, "lstm_state", scope="saved")
    dynamic, _ = tfm_rnn.dynamic_rnn(cell_fw, tf.stack(inputs, 1), dtype=tf.float32, scope="dyn")
    return outputs, state, bi_outputs, state_fw, state_bw, saved, dynamic
