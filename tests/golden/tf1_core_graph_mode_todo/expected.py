"""Session code reached only inside a function: no module-level `tf` to switch graph mode on with."""


def run(values):
    import tensorflow as tf

    # TODO(tf-migrate): S2S802 tf.placeholder needs graph mode on TF2: call tf.compat.v1.disable_eager_execution() at the program's start
    x = tf.compat.v1.placeholder(tf.float32, [None])
    with tf.compat.v1.Session() as sess:
        return sess.run(x * 2.0, {x: values})
