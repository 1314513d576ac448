"""A tiny TF1 training program: attention decoder, sequence_loss, Adam, Saver save and restore.

usage: train_tiny.py CHECKPOINT_DIR STEPS
"""
from __future__ import print_function

import json
import os
import sys

import numpy as np
import tensorflow as tf

checkpoint_dir, steps = sys.argv[1], int(sys.argv[2])
VOCAB, UNITS, LENGTH = 6, 8, 4


def build():
    source = tf.placeholder(tf.int32, [None, LENGTH], name="source")
    target = tf.placeholder(tf.int32, [None, LENGTH], name="target")
    batch = tf.shape(source)[0]
    lengths = tf.fill([batch], LENGTH)
    embedding = tf.get_variable("embedding", [VOCAB, UNITS])
    memory, state = tf.nn.dynamic_rnn(tf.contrib.rnn.GRUCell(UNITS), tf.nn.embedding_lookup(embedding, source),
                                      dtype=tf.float32, scope="encoder")
    with tf.variable_scope("decoder") as scope:
        mechanism = tf.contrib.seq2seq.LuongAttention(UNITS, memory, memory_sequence_length=lengths)
        cell = tf.contrib.seq2seq.AttentionWrapper(tf.contrib.rnn.GRUCell(UNITS), mechanism, attention_layer_size=UNITS)
        helper = tf.contrib.seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, source), lengths)
        decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(batch, tf.float32).clone(cell_state=state),
                                                  output_layer=tf.layers.Dense(VOCAB))
        outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder, scope=scope)
    loss = tf.contrib.seq2seq.sequence_loss(outputs.rnn_output, target, tf.ones([batch, LENGTH]))
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step)
    return source, target, loss, train_op


tf.set_random_seed(0)
rng = np.random.RandomState(0)
source_value = rng.randint(0, VOCAB, (8, LENGTH)).astype(np.int32)
target_value = source_value[:, ::-1].copy()  # learn to reverse
source, target, loss, train_op = build()
feed = {source: source_value, target: target_value}
saver = tf.train.Saver()
losses = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(steps):
        losses.append(float(sess.run([loss, train_op], feed)[0]))
    final_loss = float(sess.run(loss, feed))
    path = saver.save(sess, os.path.join(checkpoint_dir, "model.ckpt"), global_step=steps)

tf.reset_default_graph()
source, target, loss, _ = build()
with tf.Session() as sess:
    tf.train.Saver().restore(sess, tf.train.latest_checkpoint(checkpoint_dir))
    restored_loss = float(sess.run(loss, {source: source_value, target: target_value}))
print(json.dumps({"losses": losses, "final_loss": final_loss, "restored_loss": restored_loss, "path": path}))
