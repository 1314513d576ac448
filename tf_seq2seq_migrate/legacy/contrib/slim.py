"""``tf.contrib.slim`` under the emulation: slim's re-exports that the runtime ports.

slim re-exported contrib.layers and contrib.framework; here it provides the contrib.layers functions of
:mod:`tf_seq2seq_migrate.legacy.contrib.layers`, the variable helpers and ``arg_scope`` of
:mod:`tf_seq2seq_migrate.runtime.contrib_framework` and the global step functions. slim's training and
evaluation loops, losses, metrics, data decoders and nets are out of scope and say so.
"""

import tensorflow as tf

from tf_seq2seq_migrate.legacy.contrib.layers import *  # noqa: F401,F403
from tf_seq2seq_migrate.legacy.contrib.layers import OPTIMIZER_CLS_NAMES, OPTIMIZER_SUMMARIES  # noqa: F401
from tf_seq2seq_migrate.runtime.contrib_framework import *  # noqa: F401,F403
from tf_seq2seq_migrate.runtime.contrib_framework import __all__ as _FRAMEWORK
from tf_seq2seq_migrate.runtime.contrib_layers import __all__ as _LAYERS

get_global_step = tf.compat.v1.train.get_global_step
get_or_create_global_step = tf.compat.v1.train.get_or_create_global_step
create_global_step = tf.compat.v1.train.create_global_step

_PROVIDED = (*_LAYERS, *_FRAMEWORK, "get_global_step", "get_or_create_global_step", "create_global_step")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.slim.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         f"tf.contrib.slim it provides {', '.join(_PROVIDED)}.")
