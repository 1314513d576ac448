import tensorflow as tf


def stats(scores, mask, lengths, tokens):
    best = tf.argmax(scores, 1, "best")
    masked = tf.boolean_mask(scores, mask, "masked", 1)
    order = tf.reverse_sequence(tokens, lengths, 1, 0)
    grads = tf.gradients(total, [scores], None, None, False)
    embedded = tf.nn.embedding_lookup(scores, tokens, "mod", "lookup")
    return best, masked, order, grads, embedded
