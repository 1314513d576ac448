"""An unmodified TF1 training step in the style of Tacotron / conversation models: contrib.layers'
batch_norm (moving statistics through UPDATE_OPS), one_hot_encoding and optimize_loss, with
contrib.framework's model_variable, arg_scope and get_variables_to_restore, run in a session.

Prints one JSON line: the inputs, every variable's value before and after one step, and the outputs.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf
from tensorflow.contrib import framework, layers

features = tf.placeholder(tf.float32, [None, 3], name="features")
labels = tf.placeholder(tf.int32, [None], name="labels")
global_step = tf.train.get_or_create_global_step()

with tf.variable_scope("model"):
    with framework.arg_scope([layers.batch_norm], scale=True, decay=0.9):
        normed = layers.batch_norm(features, is_training=True)
        inferred = layers.batch_norm(normed, is_training=False, scope="frozen")
    projection = framework.model_variable("projection", [3, 2], initializer=tf.constant_initializer(0.5))
    logits = tf.matmul(normed, projection)
    targets = layers.one_hot_encoding(labels, 2)
loss = tf.reduce_mean(tf.reduce_sum(tf.square(logits - targets), axis=1))
train_op = layers.optimize_loss(loss, global_step, 0.1, "SGD", summaries=["loss"])

feed = {features: np.array([[1.0, 2.0, 0.5], [3.0, -1.0, 1.5], [0.0, 1.0, -0.5], [2.0, 0.0, 0.5]], np.float32),
        labels: np.array([0, 1, 1, 0], np.int32)}
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    before = {v.op.name: session.run(v).tolist() for v in tf.global_variables()}
    returned, frozen = session.run([train_op, inferred], feed)
    after = {v.op.name: session.run(v).tolist() for v in tf.global_variables()}

print(json.dumps({
    "features": feed[features].tolist(), "labels": feed[labels].tolist(), "loss": float(returned),
    "frozen": np.asarray(frozen).tolist(), "before": before, "after": after,
    "update_ops": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
    "summaries": sorted(s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)),
    "model_variables": sorted(v.op.name for v in framework.get_model_variables()),
    "to_restore": [v.op.name for v in framework.get_variables_to_restore(include=["model"], exclude=["model/frozen"])],
}))
