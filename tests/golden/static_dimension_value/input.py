import tensorflow as tf


def project(inputs, units):
    depth = inputs.get_shape()[2].value
    weights = tf.get_variable("w", [depth, units])
    return tf.tensordot(inputs, weights, 1)


def last_axis(inputs):
    # No TensorFlow name in this function: the statements must still be rewritten.
    return inputs.shape[-1].value


def middle(inputs):
    first = inputs.get_shape()[1:2][0].value
    total = (inputs.get_shape()[0]).value
    return first, total


def held_in_a_variable(inputs):
    # A shape held in a variable cannot be recognised without types: left as written.
    shape = inputs.get_shape()
    return shape[1].value


def dynamic(inputs):
    # tf.shape(x)[i] is a tensor, and a slice is a shape: neither is a dimension read.
    return tf.shape(inputs)[0], inputs.get_shape()[1:3]
