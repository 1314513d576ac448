"""Chatbot losses written for the first TF 0.x releases, whose sequence_loss took num_decoder_symbols."""
import tensorflow as tf


def losses(outputs, targets, weights, vocab_size):
    old = tf.nn.seq2seq.sequence_loss(outputs, targets, weights, vocab_size)  # num_decoder_symbols
    per_example = tf.nn.seq2seq.sequence_loss_by_example(outputs, targets, weights, vocab_size, False)
    flags = tf.nn.seq2seq.sequence_loss(outputs, targets, weights, True, False)  # TF 0.12's flags
    named = tf.nn.seq2seq.sequence_loss(outputs, targets, weights, average_across_timesteps=False)
    return old, per_example, flags, named
