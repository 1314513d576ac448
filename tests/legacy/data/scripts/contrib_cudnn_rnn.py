"""An unmodified TF1 program with tf.contrib.cudnn_rnn: a bidirectional CudnnLSTM encoder (nmt-style) and
the CPU inference path TF1 documented, a MultiRNNCell of CudnnCompatibleGRUCell under dynamic_rnn.

Prints one JSON line: the variable names, the inputs, the outputs and states, and the weights.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf
from tensorflow.contrib.cudnn_rnn.python.layers import cudnn_rnn as cudnn_layers

inputs = tf.placeholder(tf.float32, [3, 2, 4], name="inputs")  # time-major
lengths = tf.placeholder(tf.int32, [2], name="lengths")
with tf.variable_scope("encoder"):
    lstm = tf.contrib.cudnn_rnn.CudnnLSTM(1, 3, direction="bidirectional",
                                          kernel_initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=1),
                                          bias_initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=2))
    lstm_outputs, (lstm_h, lstm_c) = lstm(inputs, sequence_lengths=lengths, training=False)
    gru_layer = cudnn_layers.CudnnGRU(1, 3)
    gru_layer(inputs)
with tf.variable_scope("decoder", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=3)):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell(3)])
    gru_outputs, gru_state = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32,
                                               time_major=True)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    x = np.random.RandomState(0).normal(size=(3, 2, 4)).astype(np.float32)
    fetched = session.run({"lstm": [lstm_outputs, lstm_h, lstm_c], "gru": [gru_outputs, gru_state[0]]},
                          {inputs: x, lengths: [3, 2]})
    weights = {v.op.name: session.run(v).tolist() for v in tf.global_variables()}

report = {"names": [v.op.name for v in tf.global_variables()], "x": x.tolist(), "weights": weights,
          "lstm": [a.tolist() for a in fetched["lstm"]], "gru": [a.tolist() for a in fetched["gru"]]}
print(json.dumps(report))
