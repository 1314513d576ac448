"""tf.nn / tf.contrib.rnn RNN functions, including the private helpers contrib re-exported."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime.rnn import stack_bidirectional_dynamic_rnn
from tf_seq2seq_migrate.runtime import rnn


def encode(cell, cell_bw, inputs, lengths):
    outputs, state = rnn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32)
    (fw, bw), _ = rnn.bidirectional_dynamic_rnn(cell, cell_bw, inputs, sequence_length=lengths, dtype=tf.float32)
    return outputs, state, tf.concat([fw, bw], -1)


def encode_static(cell, cell_bw, input_list, lengths, saver):
    outputs, state = rnn.static_rnn(cell, input_list, dtype=tf.float32, sequence_length=lengths)
    outputs_nn, _ = rnn.static_rnn(cell, input_list, dtype=tf.float32)
    bi, _, _ = rnn.static_bidirectional_rnn(cell, cell_bw, input_list, dtype=tf.float32)
    bi_nn, _, _ = rnn.static_bidirectional_rnn(cell, cell_bw, input_list, dtype=tf.float32)
    saved, _ = rnn.static_state_saving_rnn(cell, input_list, saver, "state")
    return outputs, outputs_nn, bi, bi_nn, saved


def encode_stacked(cells_fw, cells_bw, inputs, input_list):
    deep, _, _ = stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, dtype=tf.float32)
    deep_static, _, _ = rnn.stack_bidirectional_rnn(cells_fw, cells_bw, input_list, dtype=tf.float32)
    return deep, deep_static


def private_helpers(outputs, flat_inputs):
    time_major = rnn.transpose_batch_time(outputs)
    batch_size = rnn.best_effort_input_batch_size(flat_inputs)
    return time_major, batch_size
