"""``tf.contrib.eager`` (tfe) under the emulation: checkpoint and variable names from the runtime, the
names TF 2 kept from ``tf``; the removed ones (``Network``, ``implicit_gradients``, ...) are refused."""

import tensorflow as tf

from tf_seq2seq_migrate.legacy.facade import enable_eager_execution  # noqa: F401
from tf_seq2seq_migrate.runtime.checkpoint import Checkpoint, Saver, Variable  # noqa: F401

GradientTape = tf.GradientTape
defun = tf.function
function = tf.function
executing_eagerly = tf.executing_eagerly
in_eager_mode = tf.executing_eagerly
py_func = tf.py_function


def num_gpus():
    return len(tf.config.list_physical_devices("GPU"))


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.eager.{name} is out of scope for tf-migrate's TF1 emulation: of tfe it "
                         "provides Checkpoint, Saver, Variable, GradientTape, defun, executing_eagerly, "
                         "in_eager_mode, enable_eager_execution, num_gpus and py_func.")

