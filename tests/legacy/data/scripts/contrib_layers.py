"""An unmodified TF1 encoder in the style of NMT / Tacotron code: tf.contrib.layers for the embedding,
projections, layer norm, dropout, a convolution, regularizers and initializers, run in a session.

Prints one JSON line: the inputs, every variable's name and value, and the outputs.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf
from tensorflow.contrib import layers
from tensorflow.contrib.layers.python.layers import initializers

ids = tf.placeholder(tf.int32, [None, 4], name="ids")
training = tf.placeholder_with_default(False, [], name="training")

with tf.variable_scope("encoder"):
    emb = layers.embed_sequence(ids, vocab_size=7, embed_dim=6, scope="shared_embeddings")
    dec_emb = tf.contrib.layers.embed_sequence(ids, scope="shared_embeddings", reuse=True)
    reg = tf.contrib.layers.l2_regularizer(0.01)
    hidden = tf.contrib.layers.fully_connected(
        emb, 5, weights_regularizer=reg,
        weights_initializer=initializers.variance_scaling_initializer(factor=1.0, mode="FAN_AVG", seed=1))
    hidden = layers.layer_norm(hidden, begin_norm_axis=-1)
    hidden = layers.dropout(hidden, keep_prob=0.5, is_training=training)
    logits = tf.contrib.layers.linear(hidden, 3, scope="output_projection")
    image = tf.reshape(emb, [-1, 4, 6, 1])
    conv = tf.contrib.layers.conv2d(image, 2, [2, 3], padding="VALID",
                                    weights_initializer=tf.contrib.layers.xavier_initializer(uniform=False, seed=2))
    flat = tf.contrib.layers.flatten(conv)
    penalty = tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_regularizer(0.5), [flat])

errors = []
for thunk in (lambda: tf.contrib.layers.max_pool2d, lambda: tf.contrib.layers.l2_regularizer(1)):
    try:
        thunk()
        errors.append(None)
    except Exception as error:  # noqa: BLE001  (what a TF1 user would see)
        errors.append([type(error).__name__, str(error)])

feed_ids = np.array([[1, 2, 3, 0], [6, 5, 4, 4]], dtype=np.int32)
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    variables = {v.op.name: session.run(v).tolist() for v in tf.global_variables()}
    results = session.run({"emb": emb, "dec_emb": dec_emb, "logits": logits, "conv": conv, "flat": flat,
                           "penalty": penalty, "regularization": tf.losses.get_regularization_loss(),
                           "dropped": hidden}, {ids: feed_ids, training: True})
    inference = session.run(logits, {ids: feed_ids})

report = {key: np.asarray(value).tolist() for key, value in results.items()}
report.update(ids=feed_ids.tolist(), variables=variables, inference=np.asarray(inference).tolist(), errors=errors,
              model_variables=sorted(v.op.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)))
print(json.dumps(report))
