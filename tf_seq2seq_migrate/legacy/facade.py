"""The ``tensorflow`` module user code sees under the emulation: TF 1.15's API plus ``tf.contrib``.

Everything comes from TF2's ``tf.compat.v1`` (with tf_keras's real TF1 cells and layers behind
``tf.nn.rnn_cell`` and ``tf.layers``), except ``contrib``, ``compat`` (so that ``tf.compat.v1`` is this
facade again) and ``enable_eager_execution`` (TF1 programs written for tfe call it at start-up).
"""

from __future__ import annotations

import importlib
import types

import tensorflow as tf
from tensorflow.python.eager import context

__all__ = ["Tf1Module", "CompatModule", "enable_eager_execution"]


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """TF1's ``tf.enable_eager_execution``: the emulation starts in graph mode, as TF1 did, so a
    program that asks for eager execution at start-up gets TF 2's eager mode back."""
    if context.default_execution_mode == context.EAGER_MODE:
        return None
    # TF refuses once the default graph has been used, exactly as TF1 did.
    tf.compat.v1.enable_eager_execution(config=config, device_policy=device_policy,
                                        execution_mode=execution_mode)
    return None


_OVERRIDES = {"enable_eager_execution": enable_eager_execution}


class Tf1Module(types.ModuleType):
    """``import tensorflow as tf`` in user code: ``tf.compat.v1`` with ``contrib`` restored."""

    def __init__(self):
        super().__init__("tensorflow", "TensorFlow 1.15 API (tf-migrate legacy emulation on TF 2.x)")
        self.__dict__["_compat"] = CompatModule(self)

    def __getattr__(self, name):
        if name == "contrib":
            return importlib.import_module("tensorflow.contrib")
        if name == "compat":
            return self.__dict__["_compat"]
        if name in _OVERRIDES:
            return _OVERRIDES[name]
        if name == "estimator":  # TF 2.21 has no tf.estimator; TF1 code reads its ModeKeys
            return importlib.import_module("tf_seq2seq_migrate.legacy.contrib.learn").estimator
        try:
            return getattr(tf.compat.v1, name)
        except AttributeError:
            raise AttributeError(f"module 'tensorflow' has no attribute {name!r} (TensorFlow 1.15 API "
                                 "under tf-migrate's legacy emulation)") from None

    def __dir__(self):
        return sorted(set(dir(tf.compat.v1)) | {"contrib", "compat"})


class CompatModule(types.ModuleType):
    """``tf.compat``: TF's own, except that ``tf.compat.v1`` is the TF1 facade (with ``contrib``)."""

    def __init__(self, tf1_module: Tf1Module):
        super().__init__("tensorflow.compat", "tf.compat under tf-migrate's legacy emulation")
        self.__dict__["v1"] = tf1_module

    def __getattr__(self, name):
        return getattr(tf.compat, name)

    def __dir__(self):
        return sorted(set(dir(tf.compat)) | {"v1"})
