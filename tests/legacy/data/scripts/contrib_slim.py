"""An unmodified TF1 model in slim's style (Attention-OCR, im2txt): `slim = tf.contrib.slim`, arg_scope over
slim.conv2d / slim.fully_connected, slim.batch_norm as normalizer_fn, model variables and a partial restore
list, run in a session; then one refused slim name.

Prints one JSON line: the inputs, every variable's value and name lists, the outputs and the error.
"""
from __future__ import print_function

import json

import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim

images = tf.placeholder(tf.float32, [None, 3, 3, 1], name="images")

with tf.variable_scope("net"):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], normalizer_fn=slim.batch_norm,
                        normalizer_params={"is_training": False, "scale": True}):
        conv = slim.conv2d(images, 2, [2, 2], padding="VALID", scope="conv")
        flat = slim.flatten(conv)
        logits = slim.fully_connected(flat, 3, activation_fn=None, normalizer_fn=None, scope="logits")
global_step = slim.get_or_create_global_step()

try:
    slim.learning.train
    error = None
except AttributeError as exc:
    error = str(exc)

feed = np.arange(18, dtype=np.float32).reshape(2, 3, 3, 1) / 10.0
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    variables = {v.op.name: session.run(v).tolist() for v in tf.global_variables()}
    outputs = session.run({"conv": conv, "logits": logits}, {images: feed})

print(json.dumps({
    "images": feed.tolist(), "variables": variables, "error": error,
    "conv": outputs["conv"].tolist(), "logits": outputs["logits"].tolist(),
    "model_variables": sorted(v.op.name for v in slim.get_model_variables()),
    "to_restore": sorted(v.op.name for v in slim.get_variables_to_restore(exclude=["net/logits", "global_step"])),
}))
