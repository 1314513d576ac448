"""A small TF1 training script: placeholders, variable scopes, initializers, an optimizer, a session."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

tf.set_random_seed(42)

inputs = tf.placeholder(tf.float32, [None, 8], name="inputs")
labels = tf.placeholder(tf.int32, [None], name="labels")

initializer = tf.random_uniform_initializer(-0.1, 0.1, seed=1)
with tf.variable_scope("model", initializer=initializer):
    weights = tf.get_variable("weights", [8, 3])
    bias = tf.get_variable("bias", [3], initializer=tf.zeros_initializer())
    logits = tf.matmul(inputs, weights) + bias

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
global_step = tf.train.get_or_create_global_step()
optimizer = tf.train.AdamOptimizer(learning_rate=1e-2)
train_op = optimizer.minimize(loss, global_step=global_step)
tf.summary.scalar("loss", loss)
summaries = tf.summary.merge_all()
saver = tf.train.Saver(tf.global_variables(), max_to_keep=2)

with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    feed = {inputs: np.ones((4, 8), np.float32), labels: np.zeros(4, np.int32)}
    for step in range(3):
        _, value = sess.run([train_op, loss], feed)
    tf.logging.info("loss %f", value)
