"""Exits with the status given as its first argument, or raises if it is "raise"."""
import sys

import tensorflow as tf

import user_helper

assert user_helper.TF_SEEN_BY_USER_MODULE is tf
if sys.argv[1] == "raise":
    raise RuntimeError("boom from a TF1 script")
print("graph mode:", not tf.executing_eagerly())
sys.exit(int(sys.argv[1]))
