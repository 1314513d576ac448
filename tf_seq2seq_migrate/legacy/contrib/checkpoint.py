"""``tf.contrib.checkpoint`` under the emulation: the runtime's implementation on TF 2's tracking."""

from tf_seq2seq_migrate.runtime.checkpoint import *  # noqa: F401,F403
