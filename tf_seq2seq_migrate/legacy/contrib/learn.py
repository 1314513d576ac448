"""``tf.contrib.learn`` under the emulation: only ``ModeKeys``, and ``tf.estimator``'s ``ModeKeys``.

Seq2seq projects (tensorflow/nmt) read ``tf.contrib.learn.ModeKeys.TRAIN / EVAL / INFER`` to switch their
graphs; TF 2 ships neither contrib.learn nor (since 2.16) tf.estimator, so both classes are given here
with TF 1.15's string values. The rest of contrib.learn (Estimators, Experiment, learn_runner, ...) is
out of scope and says so.
"""

from __future__ import annotations

import types

__all__ = ["ModeKeys", "estimator"]


class ModeKeys:
    """``tf.contrib.learn.ModeKeys``: the mode names of contrib.learn's model functions."""

    TRAIN = "train"
    EVAL = "eval"
    INFER = "infer"


class EstimatorModeKeys:
    """``tf.estimator.ModeKeys``: as contrib.learn's, with ``PREDICT`` for inference."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


class _EstimatorModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"tf.estimator.{name} is out of scope for tf-migrate's TF1 emulation: of "
                             "tf.estimator it provides ModeKeys.")


# ``tf.estimator`` as the facade serves it (TF 2.21 has no tensorflow_estimator).
estimator = _EstimatorModule("tensorflow.estimator", "tf.estimator under tf-migrate's legacy emulation")
estimator.ModeKeys = EstimatorModeKeys
EstimatorModeKeys.__name__ = EstimatorModeKeys.__qualname__ = "ModeKeys"


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.learn.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.learn it provides ModeKeys.")
