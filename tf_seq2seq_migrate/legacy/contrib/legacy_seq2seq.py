"""``tf.contrib.legacy_seq2seq`` under the emulation: the runtime's 13 functions, TF1 names in graph mode."""

from tf_seq2seq_migrate.runtime.legacy_seq2seq.seq2seq import (  # noqa: F401
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
