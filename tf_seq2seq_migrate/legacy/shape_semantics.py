"""TF1 ``TensorShape`` indexing for user code, TF2's for the runtime and Keras 3.

TF1 code reads static dimensions as ``Dimension`` objects (``x.get_shape()[-1].value``); the runtime and
Keras 3 are written for TF2, where ``shape[i]`` is an ``int`` or ``None``. TensorFlow decides through
one switch, ``TensorShape._v2_behavior``, consulted by ``__getitem__`` and ``__iter__``. Under the
emulation that switch answers per caller: TF2 semantics when the code indexing the shape belongs to
the runtime or to Keras 3, TF1 semantics everywhere else (user code, tf_keras's TF1 cells, TF itself
in v1 mode).
"""

from __future__ import annotations

import sys

from tensorflow.python import tf2
from tensorflow.python.framework import tensor_shape

__all__ = ["install_per_caller_shape_semantics", "V2_SHAPE_PACKAGES"]

V2_SHAPE_PACKAGES = ("tf_seq2seq_migrate.runtime", "keras")


def _caller_wants_v2(frame_depth: int) -> bool:
    try:
        module_name = sys._getframe(frame_depth).f_globals.get("__name__") or ""
    except ValueError:  # shallower stack than expected
        return False
    return any(module_name == package or module_name.startswith(package + ".") for package in V2_SHAPE_PACKAGES)


def _per_caller_v2_behavior(self) -> bool:
    override = tensor_shape._TENSORSHAPE_V2_OVERRIDE
    if override is None:
        return tf2.enabled()
    if override:
        return True
    # Frames seen from _caller_wants_v2: 1 this getter, 2 TensorShape.__getitem__ / __iter__, 3 the code
    # indexing the shape.
    return _caller_wants_v2(3)


def install_per_caller_shape_semantics() -> None:
    """Make ``TensorShape`` indexing TF2-style for runtime/Keras 3 callers while v1 shapes are on."""
    tensor_shape.TensorShape._v2_behavior = property(_per_caller_v2_behavior)
