"""``tensorflow.contrib`` under the emulation: the seq2seq family is in scope, the rest is refused.

In scope: ``seq2seq``, ``legacy_seq2seq``, ``rnn``, ``checkpoint``, ``framework`` (``nest``),
``eager`` (its checkpoint and variable names), ``training`` (``HParams``), ``lookup`` (vocabulary
tables), ``layers`` (fully_connected, layer_norm, embed_sequence, regularizers, initializers, ...),
``data`` (input-pipeline transformations), ``learn`` (``ModeKeys`` only), ``opt`` (LazyAdam, AdamW,
MomentumW), ``cudnn_rnn`` (the cuDNN layers and compatible cells, on any device) and ``slim`` (its
re-exports of those contrib.layers functions, contrib.framework's variable helpers and ``arg_scope``).
Every other contrib module (``metrics``, ``tpu``, ...) raises an ImportError on
import, or an AttributeError on ``tf.contrib.<name>``, whose message names the module and says it is
out of scope.

This package itself imports no TensorFlow; its submodules (imported only inside the emulation) do.
"""

from __future__ import annotations

__all__ = ["IN_SCOPE", "out_of_scope_message", "ContribOutOfScopeError"]

IN_SCOPE = ("seq2seq", "legacy_seq2seq", "rnn", "checkpoint", "framework", "eager", "training", "lookup",
            "layers", "data", "learn", "opt", "cudnn_rnn", "slim")


class ContribOutOfScopeError(ImportError):
    """Raised for ``tensorflow.contrib`` modules (and contrib.rnn cells) the emulation does not provide."""


def out_of_scope_message(module: str) -> str:
    return (f"tensorflow.contrib.{module} is out of scope for tf-migrate's TF1 emulation: it provides only "
            f"tf.contrib.{', tf.contrib.'.join(IN_SCOPE)} (the seq2seq code tf-migrate migrates). "
            f"Port the tf.contrib.{module} calls by hand, or run this program on TensorFlow 1.15.")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(out_of_scope_message(name))
