"""Builds TF1 graphs from real TF1 cells and contrib (runtime-backed) pieces; saves names and values.

usage: tf1_graph_probe.py OUT.npz
"""
import sys

import numpy as np
import tensorflow as tf
from tensorflow.contrib import legacy_seq2seq, seq2seq
from tensorflow.contrib.rnn import GRUCell, MultiRNNCell, OutputProjectionWrapper

out_path = sys.argv[1]
tf.set_random_seed(5)
rng = np.random.RandomState(0)
x_value = rng.uniform(-1, 1, (3, 5, 2)).astype(np.float32)
lengths_value = np.array([5, 2, 3], np.int32)

x = tf.placeholder(tf.float32, [None, None, 2], name="x")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
cell = tf.nn.rnn_cell.BasicLSTMCell(4)
encoder_outputs, encoder_state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)

with tf.variable_scope("decoder"):
    mechanism = seq2seq.BahdanauAttention(4, encoder_outputs, memory_sequence_length=lengths, normalize=True)
    attention_cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(4), mechanism, attention_layer_size=3)
    helper = seq2seq.TrainingHelper(x, lengths)
    decoder = seq2seq.BasicDecoder(attention_cell, helper, attention_cell.zero_state(tf.shape(x)[0], tf.float32),
                                   output_layer=tf.layers.Dense(6))
    decoded, _, decoded_lengths = seq2seq.dynamic_decode(decoder)

with tf.variable_scope("stacked"):
    stack = MultiRNNCell([tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True, num_proj=2), GRUCell(2)])
    projected = OutputProjectionWrapper(stack, 5)
    stacked_outputs, _ = tf.nn.dynamic_rnn(projected, x, sequence_length=lengths, dtype=tf.float32)

encoder_ids = [tf.constant([1, 2, 3]), tf.constant([4, 0, 1])]
decoder_ids = [tf.constant([0, 1, 2]), tf.constant([3, 3, 1]), tf.constant([2, 0, 0])]
legacy_outputs, _ = legacy_seq2seq.embedding_attention_seq2seq(
    encoder_ids, decoder_ids, GRUCell(3), num_encoder_symbols=5, num_decoder_symbols=4, embedding_size=2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    variables = tf.global_variables()
    by_name = {v.name: v for v in variables}
    fetched = sess.run({"encoder_outputs": encoder_outputs, "c": encoder_state.c, "h": encoder_state.h,
                        "decoded": decoded.rnn_output, "decoded_lengths": decoded_lengths,
                        "stacked": stacked_outputs, "legacy_first": legacy_outputs[0],
                        "kernel": by_name["rnn/basic_lstm_cell/kernel:0"],
                        "bias": by_name["rnn/basic_lstm_cell/bias:0"]},
                       {x: x_value, lengths: lengths_value})
names = sorted(v.name[:-2] for v in variables)
np.savez(out_path, names=np.array(names), x=x_value, lengths=lengths_value,
         cell_class=np.array(type(cell).__module__ + "." + type(cell).__name__), **fetched)
