"""tf.contrib.framework.nest -> tf.nest, the way seq2seq code reorders decoder states."""
import tensorflow as tf
from tensorflow import nest


def reorder(state, indices):
    tf.nest.assert_same_structure(state, state)
    flat = tf.nest.flatten(state)
    gathered = [tf.gather(s, indices) for s in flat]
    packed = tf.nest.pack_sequence_as(state, gathered)
    doubled = tf.nest.map_structure(lambda s: s * 2.0, packed)
    return doubled, tf.nest.is_nested(doubled)


def through_the_module(state):
    return nest.map_structure(tf.identity, state)


def private_parts(shallow, state):
    # TODO(tf-migrate): S2S247 tf.contrib.framework.nest.flatten_up_to has no public TF2 equivalent (tf.nest lacks it): flatten only the shallow structure's level by hand (or use tf.nest.flatten when both structures match)
    flat = tf.contrib.framework.nest.flatten_up_to(shallow, state)
    # TODO(tf-migrate): S2S248 tf.contrib.framework.nest.assert_shallow_structure has no public TF2 equivalent (tf.nest lacks it): check the outer structure by hand (or use tf.nest.assert_same_structure when both structures match)
    tf.contrib.framework.nest.assert_shallow_structure(shallow, state)
    # TODO(tf-migrate): S2S246 tf.contrib.framework.nest.map_structure_up_to has no public TF2 equivalent (tf.nest lacks it): apply the function with tf.nest.map_structure on the shallow structure's level by hand
    return flat, tf.contrib.framework.nest.map_structure_up_to(shallow, tf.identity, state)
