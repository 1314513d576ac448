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
        partition_strategy="div",
        seed=1)


def lookups(shards, ids, sp_ids):
    by_keyword = tf.nn.embedding_lookup(shards, ids, partition_strategy='div', name="lookup")
    positional = tf.nn.embedding_lookup(shards, ids, "div")
    sparse = tf.nn.embedding_lookup_sparse(shards, sp_ids, None, partition_strategy="div")
    return by_keyword, positional, sparse


def left_with_a_todo(shards, ids, strategy):
    # Any other strategy, or one held in a name, changes what TF 2 computes: the TODO stays.
    by_mod = tf.nn.embedding_lookup(shards, ids, partition_strategy="mod")
    unknown = tf.nn.embedding_lookup(shards, ids, partition_strategy=strategy)
    return by_mod, unknown


def nce(weights, biases, labels, inputs):
    return tf.nn.nce_loss(weights, biases, labels, inputs, 8, 100, partition_strategy="div")
