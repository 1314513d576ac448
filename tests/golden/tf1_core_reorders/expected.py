import tensorflow as tf


def stats(scores, mask, lengths, tokens):
    best = tf.argmax(scores, 1, name="best")
    masked = tf.boolean_mask(scores, mask, name="masked", axis=1)
    order = tf.reverse_sequence(tokens, lengths, 1, 0)
    grads = tf.gradients(total, [scores], None, None)
    # TODO(tf-migrate): S2S801 tf.nn.embedding_lookup: `partition_strategy` has been removed from tf.nn.embedding_lookup. The 'div' strategy will be used by default.
    embedded = tf.nn.embedding_lookup(scores, tokens, partition_strategy="mod", name="lookup")
    return best, masked, order, grads, embedded
