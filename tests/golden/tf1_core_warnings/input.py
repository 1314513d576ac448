import tensorflow as tf

tf.flags.DEFINE_integer("batch_size", 32, "examples per batch")
FLAGS = tf.app.flags.FLAGS


def lookup(params, ids, x, pred, a, b):
    sharded = tf.nn.embedding_lookup(params, ids, partition_strategy="mod")
    plain = tf.nn.embedding_lookup(params, ids)
    strict = tf.cond(pred, a, b, True)
    conv = tf.nn.conv1d(x, params, 1, "SAME", True)
    return sharded, plain, strict, conv


def ops(x):
    with tf.name_scope(None):
        return tf.zeros_like(x, optimize=True), tf.ones_like(x, optimize=False)
