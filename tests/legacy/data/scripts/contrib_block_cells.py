"""An unmodified TF1 program with contrib.rnn's block and fused cells, trained for a few steps.

An LSTMBlockCell + GRUBlockCell encoder (tf.nn.dynamic_rnn), an LSTMBlockFusedCell and a
TimeReversedFusedRNN over the time-major outputs, GRUBlockCellV2 through a FusedRNNCellAdaptor from the
private fused_rnn_cell module. Prints one JSON line: variable names, inputs, the fused cell's outputs and
final state with its weights, and the losses of the training steps.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf
from tensorflow.contrib.rnn.python.ops import fused_rnn_cell

inputs = tf.placeholder(tf.float32, [None, 4, 3], name="inputs")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
with tf.variable_scope("encoder"):
    cell = tf.contrib.rnn.MultiRNNCell([tf.contrib.rnn.LSTMBlockCell(5, use_peephole=True),
                                        tf.contrib.rnn.GRUBlockCell(5)])
    encoded, _ = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32)
time_major = tf.transpose(encoded, [1, 0, 2])
fused = tf.contrib.rnn.LSTMBlockFusedCell(4, cell_clip=2.0)
fw_out, fw_state = fused(time_major, dtype=tf.float32, sequence_length=lengths, scope="fw")
bw = tf.contrib.rnn.TimeReversedFusedRNN(tf.contrib.rnn.LSTMBlockFusedCell(4))
bw_out, _ = bw(time_major, dtype=tf.float32, sequence_length=lengths, scope="bw")
adaptor = fused_rnn_cell.FusedRNNCellAdaptor(tf.contrib.rnn.GRUBlockCellV2(4), use_dynamic_rnn=True)
adapted, _ = adaptor(time_major, dtype=tf.float32, sequence_length=lengths, scope="adapted")
loss = tf.reduce_sum(tf.square(fw_out - 0.5)) + tf.reduce_sum(tf.square(bw_out)) + tf.reduce_sum(adapted)
train = tf.train.AdamOptimizer(0.05).minimize(loss)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    x = np.random.RandomState(0).normal(size=(2, 4, 3)).astype(np.float32)
    feed = {inputs: x, lengths: [4, 2]}
    enc, out, c, h = session.run([time_major, fw_out, fw_state.c, fw_state.h], feed)
    weights = {v.op.name: session.run(v).tolist() for v in tf.global_variables() if v.op.name.startswith("fw/")}
    losses = [float(session.run([train, loss], feed)[1]) for _ in range(5)]

print(json.dumps({"names": [v.op.name for v in tf.trainable_variables()], "encoded": enc.tolist(),
                  "outputs": out.tolist(), "c": c.tolist(), "h": h.tolist(), "weights": weights,
                  "losses": losses}))
