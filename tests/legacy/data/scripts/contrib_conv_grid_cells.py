"""An unmodified TF1 program with contrib.rnn's conv LSTM and grid LSTM cells in dynamic_rnn.

Prints one JSON line: the variable names, the inputs, the conv LSTM's outputs/state and weights, and the
grid LSTM's state type and output shape.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf

frames = tf.placeholder(tf.float32, [None, 3, 4, 4, 2], name="frames")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
with tf.variable_scope("video"):
    cell = tf.contrib.rnn.Conv2DLSTMCell(input_shape=[4, 4, 2], output_channels=3, kernel_shape=[3, 3])
    outputs, state = tf.nn.dynamic_rnn(cell, frames, sequence_length=lengths, dtype=tf.float32)
with tf.variable_scope("spectrum"):
    grid = tf.contrib.rnn.GridLSTMCell(2, use_peepholes=True, feature_size=4, frequency_skip=2,
                                       num_frequency_blocks=[3])
    spectrum = tf.placeholder(tf.float32, [None, 5, 8], name="spectrum")
    grid_outputs, grid_state = tf.nn.dynamic_rnn(grid, spectrum, dtype=tf.float32)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    x = np.random.RandomState(0).normal(size=(2, 3, 4, 4, 2)).astype(np.float32)
    feed = {frames: x, lengths: [2, 3], spectrum: np.ones([2, 5, 8], np.float32)}
    out, c, h, grid_out = session.run([outputs, state.c, state.h, grid_outputs], feed)
    weights = {v.op.name: session.run(v).tolist() for v in tf.global_variables() if v.op.name.startswith("video")}

print(json.dumps({"names": [v.op.name for v in tf.global_variables()], "x": x.tolist(), "outputs": out.tolist(),
                  "c": c.tolist(), "h": h.tolist(), "weights": weights,
                  "grid_state_type": type(grid_state).__name__, "grid_output_shape": list(grid_out.shape)}))
