import tensorflow as tf


def project(inputs, units):
    depth = tf.compat.dimension_value(inputs.get_shape()[2])
    weights = tf.compat.v1.get_variable("w", [depth, units])
    return tf.tensordot(inputs, weights, 1)


def last_axis(inputs):
    # No TensorFlow name in this function: the statements must still be rewritten.
    return tf.compat.dimension_value(inputs.shape[-1])


def middle(inputs):
    first = tf.compat.dimension_value(inputs.get_shape()[1:2][0])
    total = tf.compat.dimension_value(inputs.get_shape()[0])
    return first, total


def held_in_a_variable(inputs):
    # A shape held in a variable cannot be recognised without types: left as written.
    shape = inputs.get_shape()
    return shape[1].value


def dynamic(inputs):
    # tf.shape(x)[i] is a tensor, and a slice is a shape: neither is a dimension read.
    return tf.shape(inputs)[0], inputs.get_shape()[1:3]
