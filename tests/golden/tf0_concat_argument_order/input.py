"""TF 0.x tf.concat(concat_dim, values): the list second can only be the old order, so the two swap."""
import tensorflow as tf


def step_input(word, context, features, dim):
    joined = tf.concat(1, [word, context])
    wide = tf.concat(dim, (features, features), name="wide")
    spread = tf.concat(-1,
                       [word, word])
    current = tf.concat([word, context], 1)
    named = tf.concat(values=[word], axis=0)
    return joined, wide, spread, current, named
