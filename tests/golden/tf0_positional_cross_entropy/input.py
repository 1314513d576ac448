"""TF 0.x passed (logits, labels) positionally; TF 1 took keywords only and TF 2 reads (labels, logits)."""
import tensorflow as tf


def losses(logits, word_ids, one_hot, gates):
    per_word = tf.nn.sparse_softmax_cross_entropy_with_logits(logits, word_ids)
    dense = tf.nn.softmax_cross_entropy_with_logits(logits, one_hot)
    gate = tf.nn.sigmoid_cross_entropy_with_logits(gates, one_hot)
    named = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=word_ids, logits=logits)
    return per_word, dense, gate, named
