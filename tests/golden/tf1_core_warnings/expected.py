import tensorflow as tf

# TODO(tf-migrate): S2S801 tf.flags.DEFINE_integer is in tf.flags: tf.flags and tf.app.flags have been removed, please use the argparse or absl modules if you need command line parsing.
tf.flags.DEFINE_integer("batch_size", 32, "examples per batch")
FLAGS = tf.compat.v1.app.flags.FLAGS


def lookup(params, ids, x, pred, a, b):
    # TODO(tf-migrate): S2S801 tf.nn.embedding_lookup: `partition_strategy` has been removed from tf.nn.embedding_lookup. The 'div' strategy will be used by default.
    sharded = tf.nn.embedding_lookup(params, ids, partition_strategy="mod")
    plain = tf.nn.embedding_lookup(params, ids)
    # TODO(tf-migrate): S2S801 tf.cond: tf.cond called with strict: tf.cond no longer takes 'strict' argument, it behaves as if was set to True.
    strict = tf.cond(pred, a, b)
    # TODO(tf-migrate): S2S801 tf.nn.conv1d: tf.nn.conv1d called with use_cudnn_on_gpu: use_cudnn_on_gpu has been removed, behavior is now equivalentto setting it to True.
    conv = tf.nn.conv1d(input=x, filters=params, stride=1, padding="SAME")
    return sharded, plain, strict, conv


def ops(x):
    # TODO(tf-migrate): S2S801 tf.name_scope: name_scope call with neither name nor default_name cannot be converted
    with tf.name_scope(None):
        return tf.zeros_like(x), tf.compat.v1.ones_like(x, optimize=False)
