"""Chatbot losses written for the first TF 0.x releases, whose sequence_loss took num_decoder_symbols."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import legacy_seq2seq


def losses(outputs, targets, weights, vocab_size):
    # TODO(tf-migrate): S2S782 tf.nn.seq2seq.sequence_loss(average_across_timesteps=vocab_size) cannot be rewritten as it is: Early TF 0.x releases took num_decoder_symbols as the fourth argument, where TF 0.12 and 1.x take the flag average_across_timesteps (and every later positional argument moved by one); drop num_decoder_symbols or pass the flags by keyword, then run tf-migrate again
    old = tf.nn.seq2seq.sequence_loss(outputs, targets, weights, vocab_size)  # num_decoder_symbols
    # TODO(tf-migrate): S2S781 tf.nn.seq2seq.sequence_loss_by_example(average_across_timesteps=vocab_size) cannot be rewritten as it is: Early TF 0.x releases took num_decoder_symbols as the fourth argument, where TF 0.12 and 1.x take the flag average_across_timesteps (and every later positional argument moved by one); drop num_decoder_symbols or pass the flags by keyword, then run tf-migrate again
    per_example = tf.nn.seq2seq.sequence_loss_by_example(outputs, targets, weights, vocab_size, False)
    flags = legacy_seq2seq.sequence_loss(outputs, targets, weights, True, False)  # TF 0.12's flags
    named = legacy_seq2seq.sequence_loss(outputs, targets, weights, average_across_timesteps=False)
    return old, per_example, flags, named
