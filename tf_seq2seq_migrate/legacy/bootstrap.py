"""Turn the current (fresh) process into a TF 1.15 process: see the package docstring for the steps."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import warnings

__all__ = ["install", "EmulationError"]

_INSTALLED = False


class EmulationError(RuntimeError):
    """The emulation cannot be installed in this process."""


def install(quiet: bool = True) -> None:
    """Install the TF1 emulation in this process (idempotent). Must run before TensorFlow is imported."""
    global _INSTALLED
    if _INSTALLED:
        return
    if "tensorflow" in sys.modules and os.environ.get("TF_USE_LEGACY_KERAS") != "1":
        raise EmulationError("TensorFlow was imported before the TF1 emulation was installed; the emulation "
                             "needs TF_USE_LEGACY_KERAS=1 before the first TensorFlow import. Run it in a fresh "
                             "process (python -m tf_seq2seq_migrate.legacy run script.py).")
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    if quiet:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

    import tensorflow as tf

    if quiet:
        tf.get_logger().setLevel(logging.ERROR)
        # TF1 APIs warn about their own deprecation on every use; TF1 programs did not see that.
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r".*(deprecated|will be removed)", category=UserWarning)

    # tf.compat.v1's rnn_cell and layers load tf_keras lazily; load them now, while `import tensorflow`
    # still means the real module for everyone.
    _ = (tf.compat.v1.nn.rnn_cell.LSTMCell, tf.compat.v1.nn.rnn_cell.DropoutWrapper, tf.compat.v1.layers.Dense)
    import tf_seq2seq_migrate.runtime.checkpoint  # noqa: F401
    import tf_seq2seq_migrate.runtime.layers  # noqa: F401
    import tf_seq2seq_migrate.runtime.legacy_seq2seq  # noqa: F401
    import tf_seq2seq_migrate.runtime.rnn  # noqa: F401
    import tf_seq2seq_migrate.runtime.seq2seq  # noqa: F401

    tf.compat.v1.disable_v2_behavior()
    # Two deliberate differences from TF 1.15, both TF 2's compat.v1 graph defaults that the runtime is
    # written for: resource variables (TF1's opt-in; a reference variable's dtype is float32_ref) and
    # control flow v2 (the runtime calls tf.functions inside its decode loops, which v1 while-loop
    # frames reject). Variable names, checkpoints, numerics and TF1 code's view of both are unchanged.
    tf.compat.v1.enable_resource_variables()
    tf.compat.v1.enable_control_flow_v2()
    from tf_seq2seq_migrate.legacy.shape_semantics import install_per_caller_shape_semantics

    install_per_caller_shape_semantics()

    from tf_seq2seq_migrate.legacy.facade import Tf1Module
    from tf_seq2seq_migrate.legacy.importer import install_import_hooks

    importlib.import_module("tensorflow.compat.v1")  # registers tensorflow.compat(.v1) in sys.modules
    tf1 = Tf1Module()
    facades = {}
    for real, facade in ((tf, tf1), (tf.compat, tf1.compat), (tf.compat.v1, tf1),
                         (sys.modules["tensorflow.compat"], tf1.compat), (sys.modules["tensorflow.compat.v1"], tf1)):
        facades[id(real)] = facade
    install_import_hooks(facades)
    _INSTALLED = True
