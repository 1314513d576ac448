"""``tf.contrib.framework`` under the emulation: ``nest`` and the few TF1 names seq2seq code used here.

The rest of contrib.framework (arg_scope, model variables, ...) is out of scope and says so.
"""

import tensorflow as tf

from tf_seq2seq_migrate.legacy.contrib import framework_nest as nest  # noqa: F401

get_global_step = tf.compat.v1.train.get_global_step
get_or_create_global_step = tf.compat.v1.train.get_or_create_global_step
is_tensor = tf.is_tensor


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.framework.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.framework it provides nest, get_global_step, get_or_create_global_step "
                         "and is_tensor.")
