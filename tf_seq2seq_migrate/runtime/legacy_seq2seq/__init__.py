"""TF 1.15's ``tf.contrib.legacy_seq2seq`` on TF2 + Keras 3: the same 13 functions, names and variables.

``from tf_seq2seq_migrate.runtime import legacy_seq2seq`` replaces ``tf.contrib.legacy_seq2seq``.
:class:`LegacyVariableStore` / :func:`get_variable_store` (TF2 additions) hold the functions' own
weights outside a ``tf.compat.v1`` graph.
"""

from tf_seq2seq_migrate.runtime.legacy_seq2seq.seq2seq import (
    attention_decoder,
    basic_rnn_seq2seq,
    embedding_attention_decoder,
    embedding_attention_seq2seq,
    embedding_rnn_decoder,
    embedding_rnn_seq2seq,
    embedding_tied_rnn_seq2seq,
    model_with_buckets,
    one2many_rnn_seq2seq,
    rnn_decoder,
    sequence_loss,
    sequence_loss_by_example,
    tied_rnn_seq2seq,
)
from tf_seq2seq_migrate.runtime.legacy_seq2seq.variables import LegacyVariableStore, get_variable_store

__all__ = [
    "attention_decoder",
    "basic_rnn_seq2seq",
    "embedding_attention_decoder",
    "embedding_attention_seq2seq",
    "embedding_rnn_decoder",
    "embedding_rnn_seq2seq",
    "embedding_tied_rnn_seq2seq",
    "model_with_buckets",
    "one2many_rnn_seq2seq",
    "rnn_decoder",
    "sequence_loss",
    "sequence_loss_by_example",
    "tied_rnn_seq2seq",
    "LegacyVariableStore",
    "get_variable_store",
]
