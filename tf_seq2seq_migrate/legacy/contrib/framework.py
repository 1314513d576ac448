"""``tf.contrib.framework`` under the emulation: ``nest``, the global step functions, and the variable helpers
and ``arg_scope`` of :mod:`tf_seq2seq_migrate.runtime.contrib_framework`.

The rest of contrib.framework is out of scope and says so.
"""

import tensorflow as tf

from tf_seq2seq_migrate.legacy.contrib import framework_nest as nest  # noqa: F401
from tf_seq2seq_migrate.runtime.contrib_framework import *  # noqa: F401,F403
from tf_seq2seq_migrate.runtime.contrib_framework import __all__ as _VARIABLE_HELPERS

get_global_step = tf.compat.v1.train.get_global_step
get_or_create_global_step = tf.compat.v1.train.get_or_create_global_step
is_tensor = tf.is_tensor


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.framework.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.framework it provides nest, get_global_step, get_or_create_global_step, "
                         f"is_tensor, {', '.join(_VARIABLE_HELPERS)}.")
