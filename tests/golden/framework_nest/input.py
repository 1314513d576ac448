"""tf.contrib.framework.nest -> tf.nest, the way seq2seq code reorders decoder states."""
import tensorflow as tf
from tensorflow.contrib.framework import nest


def reorder(state, indices):
    tf.contrib.framework.nest.assert_same_structure(state, state)
    flat = tf.contrib.framework.nest.flatten(state)
    gathered = [tf.gather(s, indices) for s in flat]
    packed = tf.contrib.framework.nest.pack_sequence_as(state, gathered)
    doubled = tf.contrib.framework.nest.map_structure(lambda s: s * 2.0, packed)
    return doubled, tf.contrib.framework.nest.is_sequence(doubled)


def through_the_module(state):
    return nest.map_structure(tf.identity, state)


def private_parts(shallow, state):
    flat = tf.contrib.framework.nest.flatten_up_to(shallow, state)
    tf.contrib.framework.nest.assert_shallow_structure(shallow, state)
    return flat, tf.contrib.framework.nest.map_structure_up_to(shallow, tf.identity, state)
