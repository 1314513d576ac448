"""TF 0.x passed (logits, labels) positionally; TF 1 took keywords only and TF 2 reads (labels, logits)."""
import tensorflow as tf


def losses(logits, word_ids, one_hot, gates):
    # TODO(tf-migrate): S2S801 tf.nn.sparse_softmax_cross_entropy_with_logits: positional arguments: TF 1 refused them, TF 0.x read them as (logits, labels), TF 2 as (labels, logits); pass labels= and logits= by keyword, then run tf-migrate again
    per_word = tf.nn.sparse_softmax_cross_entropy_with_logits(logits, word_ids)
    # TODO(tf-migrate): S2S801 tf.nn.softmax_cross_entropy_with_logits: positional arguments: TF 1 refused them, TF 0.x read them as (logits, labels), TF 2 as (labels, logits); pass labels= and logits= by keyword, then run tf-migrate again
    dense = tf.nn.softmax_cross_entropy_with_logits(logits, one_hot)
    # TODO(tf-migrate): S2S801 tf.nn.sigmoid_cross_entropy_with_logits: positional arguments: TF 1 refused them, TF 0.x read them as (logits, labels), TF 2 as (labels, logits); pass labels= and logits= by keyword, then run tf-migrate again
    gate = tf.nn.sigmoid_cross_entropy_with_logits(gates, one_hot)
    named = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=word_ids, logits=logits)
    return per_word, dense, gate, named
