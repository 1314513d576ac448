"""An unmodified TF1 program with contrib.rnn's LSTM variants in dynamic_rnn (nmt-style NASCell, the
private-path LayerNormLSTMCell, and a GLSTMCell/IndyLSTMCell stack).

Prints one JSON line: the variable names, the inputs, each model's outputs and final state, and the weights.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf
from tensorflow.contrib.rnn.python.ops import rnn_cell as contrib_rnn_cell

inputs = tf.placeholder(tf.float32, [None, 3, 4], name="inputs")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
results = {}
with tf.variable_scope("nas", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=1)):
    cell = tf.contrib.rnn.NASCell(5, num_proj=3, use_biases=True)
    results["nas"] = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32)
with tf.variable_scope("layer_norm", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=2)):
    cell = contrib_rnn_cell.LayerNormLSTMCell(4, use_peepholes=True, layer_norm=True, norm_gain=0.8)
    results["layer_norm"] = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32)
with tf.variable_scope("stack"):
    cell = tf.contrib.rnn.MultiRNNCell([tf.contrib.rnn.GLSTMCell(4, number_of_groups=2),
                                        tf.contrib.rnn.IndyLSTMCell(3)])
    results["stack"] = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    x = np.random.RandomState(0).normal(size=(2, 3, 4)).astype(np.float32)
    fetched = session.run(results, {inputs: x, lengths: [3, 2]})
    weights = {v.op.name: session.run(v).tolist() for v in tf.global_variables()}

report = {"names": [v.op.name for v in tf.global_variables()], "x": x.tolist(), "weights": weights}
for key, (outputs, state) in fetched.items():
    report[key] = {"outputs": outputs.tolist(), "state": [s.tolist() for s in tf.contrib.framework.nest.flatten(state)]}
print(json.dumps(report))
