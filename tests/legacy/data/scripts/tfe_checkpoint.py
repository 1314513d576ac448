"""A TF1 program written for eager execution (tfe): enable it at start-up, then save and restore.

usage: tfe_checkpoint.py CHECKPOINT_PREFIX
"""
from __future__ import print_function

import json
import sys

import tensorflow as tf
import tensorflow.contrib.eager as tfe

tf.enable_eager_execution()
prefix = sys.argv[1]
step = tfe.Variable(3, name="step")
weights = tfe.Variable([[1.0, 2.0]], name="weights")
checkpoint = tfe.Checkpoint(step=step, weights=weights)
saved_path = checkpoint.save(prefix)
step.assign(10)
weights.assign([[0.0, 0.0]])
checkpoint.restore(saved_path)
print(json.dumps({"eager": tf.executing_eagerly(), "step": int(step.numpy()),
                  "weights": weights.numpy().tolist(), "saved": saved_path}))
