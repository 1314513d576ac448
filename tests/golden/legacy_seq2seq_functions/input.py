"""The 13 functions of tf.contrib.legacy_seq2seq (TF1 translate/chatbot tutorial style)."""
import tensorflow as tf
from tensorflow.contrib import legacy_seq2seq


def models(enc, dec, cell, vocab, attention_states, state, loop):
    outputs = []
    outputs.append(tf.contrib.legacy_seq2seq.basic_rnn_seq2seq(enc, dec, cell))
    outputs.append(tf.contrib.legacy_seq2seq.tied_rnn_seq2seq(enc, dec, cell))
    outputs.append(tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(enc, dec, cell, vocab, vocab, 8))
    outputs.append(tf.contrib.legacy_seq2seq.embedding_tied_rnn_seq2seq(enc, dec, cell, vocab, 8))
    outputs.append(tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(enc, dec, cell, vocab, vocab, 8))
    outputs.append(tf.contrib.legacy_seq2seq.one2many_rnn_seq2seq(enc, {"a": dec}, cell, {"a": cell}, vocab, {"a": vocab}, 8))
    outputs.append(tf.contrib.legacy_seq2seq.rnn_decoder(dec, state, cell, loop_function=loop))
    outputs.append(tf.contrib.legacy_seq2seq.attention_decoder(dec, state, attention_states, cell))
    outputs.append(tf.contrib.legacy_seq2seq.embedding_rnn_decoder(dec, state, cell, vocab, 8))
    outputs.append(tf.contrib.legacy_seq2seq.embedding_attention_decoder(dec, state, attention_states, cell, vocab, 8))
    return outputs


def losses(logits, targets, weights):
    by_example = tf.contrib.legacy_seq2seq.sequence_loss_by_example(logits, targets, weights)
    return by_example, tf.contrib.legacy_seq2seq.sequence_loss(logits, targets, weights)


def bucketed(enc, dec, targets, weights, buckets, seq2seq_f):
    return tf.contrib.legacy_seq2seq.model_with_buckets(enc, dec, targets, weights, buckets, seq2seq_f)


def through_the_module(enc, dec, cell):
    return legacy_seq2seq.basic_rnn_seq2seq(enc, dec, cell)
