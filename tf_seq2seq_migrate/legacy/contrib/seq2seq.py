"""``tf.contrib.seq2seq`` under the emulation: the runtime's implementation, TF1 names in graph mode."""

from tf_seq2seq_migrate.runtime.seq2seq import *  # noqa: F401,F403  (the whole public namespace)
from tf_seq2seq_migrate.runtime.seq2seq import attention_wrapper, basic_decoder, beam_search_decoder  # noqa: F401
from tf_seq2seq_migrate.runtime.seq2seq import beam_search_ops, decoder, helper  # noqa: F401


def __getattr__(name):
    # sequence_loss lives in the runtime's loss module, imported on first use.
    if name in ("sequence_loss", "SequenceLoss", "loss"):
        from tf_seq2seq_migrate.runtime.seq2seq import loss

        return loss if name == "loss" else getattr(loss, name)
    raise AttributeError(f"module 'tensorflow.contrib.seq2seq' has no attribute {name!r}")
