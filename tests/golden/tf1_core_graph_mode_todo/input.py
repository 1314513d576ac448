"""Session code reached only inside a function: no module-level `tf` to switch graph mode on with."""


def run(values):
    import tensorflow as tf

    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as sess:
        return sess.run(x * 2.0, {x: values})
