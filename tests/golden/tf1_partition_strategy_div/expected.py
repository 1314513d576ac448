"""partition_strategy="div" is what TF 2's lookups and sampled losses always do: dropped, no TODO."""
import tensorflow as tf


def sampled_loss(weights, biases, labels, inputs, vocab_size):
    return tf.nn.sampled_softmax_loss(
        weights=weights,
        biases=biases,
        labels=labels,
        inputs=inputs,
        num_sampled=64,
        num_classes=vocab_size,
        seed=1)


def lookups(shards, ids, sp_ids):
    by_keyword = tf.nn.embedding_lookup(shards, ids, name="lookup")
    positional = tf.nn.embedding_lookup(shards, ids)
    sparse = tf.nn.embedding_lookup_sparse(shards, sp_ids, None)
    return by_keyword, positional, sparse


def left_with_a_todo(shards, ids, strategy):
    # Any other strategy, or one held in a name, changes what TF 2 computes: the TODO stays.
    # TODO(tf-migrate): S2S801 tf.nn.embedding_lookup: `partition_strategy` has been removed from tf.nn.embedding_lookup. The 'div' strategy will be used by default.
    by_mod = tf.nn.embedding_lookup(shards, ids, partition_strategy="mod")
    # TODO(tf-migrate): S2S801 tf.nn.embedding_lookup: `partition_strategy` has been removed from tf.nn.embedding_lookup. The 'div' strategy will be used by default.
    unknown = tf.nn.embedding_lookup(shards, ids, partition_strategy=strategy)
    return by_mod, unknown


def nce(weights, biases, labels, inputs):
    return tf.nn.nce_loss(weights, biases, labels, inputs, 8, 100)
