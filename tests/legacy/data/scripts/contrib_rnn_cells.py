"""An unmodified TF1 program with contrib.rnn's RNN/GRU variants and wrappers in dynamic_rnn: each model
under its own variable scope, some cells through TF 1.15's private module path, TF1's own LSTMCell and
GRUCell inside the wrappers.

Prints one JSON line: the variable names, the inputs, each model's outputs and final state, and the weights.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf
from tensorflow.contrib.rnn.python.ops import rnn_cell as contrib_rnn_cell

inputs = tf.placeholder(tf.float32, [None, 4, 3], name="inputs")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
models = {
    "UGRNNCell": lambda: tf.contrib.rnn.UGRNNCell(4, forget_bias=0.7),
    "IntersectionRNNCell": lambda: contrib_rnn_cell.IntersectionRNNCell(4, num_in_proj=4, forget_bias=0.7),
    "SRUCell": lambda: tf.contrib.rnn.SRUCell(4),
    "IndRNNCell": lambda: tf.contrib.rnn.IndRNNCell(4),
    "IndyGRUCell": lambda: tf.contrib.rnn.IndyGRUCell(4),
    "MinimalRNNCell": lambda: contrib_rnn_cell.MinimalRNNCell(4),
    "CFNCell": lambda: contrib_rnn_cell.CFNCell(4),
    "AttentionCellWrapper": lambda: tf.contrib.rnn.AttentionCellWrapper(
        tf.contrib.rnn.LSTMCell(4), 3, attn_size=5, attn_vec_size=6),
    "AttentionCellWrapper-concat": lambda: tf.contrib.rnn.AttentionCellWrapper(
        tf.nn.rnn_cell.GRUCell(4), 3, attn_size=5, attn_vec_size=6, state_is_tuple=False),
    "HighwayWrapper": lambda: tf.contrib.rnn.HighwayWrapper(tf.contrib.rnn.GRUCell(3),
                                                            couple_carry_transform_gates=False),
    "CompiledWrapper": lambda: tf.contrib.rnn.CompiledWrapper(tf.contrib.rnn.GRUCell(4)),
}
results = {}
for seed, (name, make_cell) in enumerate(sorted(models.items())):
    with tf.variable_scope(name, initializer=tf.random_uniform_initializer(-0.6, 0.6, seed=seed)):
        results[name] = tf.nn.dynamic_rnn(make_cell(), inputs, sequence_length=lengths, dtype=tf.float32)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    x = np.random.RandomState(0).normal(size=(3, 4, 3)).astype(np.float32)
    fetched = session.run(results, {inputs: x, lengths: [4, 1, 3]})
    weights = {v.op.name: session.run(v).tolist() for v in tf.global_variables()}

report = {"names": [v.op.name for v in tf.global_variables()], "x": x.tolist(), "weights": weights}
for key, (outputs, state) in fetched.items():
    report[key] = {"outputs": outputs.tolist(), "state": [s.tolist() for s in tf.contrib.framework.nest.flatten(state)]}
print(json.dumps(report))
