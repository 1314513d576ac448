"""A small TF1 training script: placeholders, variable scopes, initializers, an optimizer, a session."""
from __future__ import print_function

import numpy as np
import tensorflow as tf
tf.compat.v1.disable_eager_execution()

tf.compat.v1.set_random_seed(42)

inputs = tf.compat.v1.placeholder(tf.float32, [None, 8], name="inputs")
labels = tf.compat.v1.placeholder(tf.int32, [None], name="labels")

initializer = tf.compat.v1.random_uniform_initializer(-0.1, 0.1, seed=1)
with tf.compat.v1.variable_scope("model", initializer=initializer):
    weights = tf.compat.v1.get_variable("weights", [8, 3])
    bias = tf.compat.v1.get_variable("bias", [3], initializer=tf.compat.v1.zeros_initializer())
    logits = tf.matmul(inputs, weights) + bias

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
global_step = tf.compat.v1.train.get_or_create_global_step()
optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate=1e-2)
train_op = optimizer.minimize(loss, global_step=global_step)
tf.compat.v1.summary.scalar("loss", loss)
summaries = tf.compat.v1.summary.merge_all()
saver = tf.compat.v1.train.Saver(tf.compat.v1.global_variables(), max_to_keep=2)

with tf.compat.v1.Session(config=tf.compat.v1.ConfigProto(allow_soft_placement=True)) as sess:
    sess.run([tf.compat.v1.global_variables_initializer(), tf.compat.v1.local_variables_initializer()])
    feed = {inputs: np.ones((4, 8), np.float32), labels: np.zeros(4, np.int32)}
    for step in range(3):
        _, value = sess.run([train_op, loss], feed)
    tf.compat.v1.logging.info("loss %f", value)
