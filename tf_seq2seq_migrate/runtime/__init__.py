"""The TF2 + Keras 3 implementation of TF 1.15's contrib seq2seq API that migrated code imports.

``from tf_seq2seq_migrate.runtime import seq2seq, legacy_seq2seq, rnn, checkpoint`` (and ``hparams``
for tf.contrib.training.HParams, ``lookup`` for tf.contrib.lookup, ``contrib_layers`` for
tf.contrib.layers, ``cudnn_rnn`` for tf.contrib.cudnn_rnn, ``opt`` for tf.contrib.opt's optimizers, ``data`` for the
tf.contrib.data transformations TF 2 lacks). Submodules are
imported lazily so that ``import tf_seq2seq_migrate.runtime.rnn`` does not pull in the others.
"""

import importlib

__all__ = ["seq2seq", "legacy_seq2seq", "rnn", "checkpoint", "layers", "hparams", "lookup", "contrib_layers", "cudnn_rnn",
           "opt", "data"]


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
