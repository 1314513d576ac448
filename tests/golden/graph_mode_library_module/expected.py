"""Graph pieces for a program (as tensorflow/nmt's model_helper.py): no graph-mode switch at import time."""
from __future__ import print_function

import tensorflow as tf


def get_iterator_inputs(batch_size):
    src = tf.compat.v1.placeholder(tf.string, shape=[None])
    batch = tf.compat.v1.placeholder_with_default(batch_size, shape=[])
    return src, batch


def load_model(model, ckpt_path, session, name):
    # The session is the caller's: this module never creates one.
    model.saver.restore(session, ckpt_path)
    session.run(tf.compat.v1.tables_initializer())
    print("  loaded %s model parameters from %s" % (name, ckpt_path))
    return model


def is_session(obj):
    return isinstance(obj, tf.compat.v1.Session)
