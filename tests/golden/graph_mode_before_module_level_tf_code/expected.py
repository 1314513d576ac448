"""A script that builds its input pipeline at module level, with a late import after that code: graph mode
must be on before the pipeline is built, so the call goes right after the TensorFlow import block."""
import os
import tensorflow as tf
tf.compat.v1.disable_eager_execution()

dataset = tf.data.Dataset.range(10).batch(2)

import numpy as np
iterator = tf.compat.v1.data.make_one_shot_iterator(dataset)
next_batch = iterator.get_next()

if __name__ == "__main__":
    with tf.compat.v1.Session() as sess:
        print(sess.run(next_batch), np.ones(1), os.sep)
