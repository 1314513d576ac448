import tensorflow as tf


def project_inputs(inputs, state):
    # TF 1.x legacy_seq2seq style: a dimension kept in a name, its value read later.
    depth = inputs.get_shape().with_rank(2)[1]
    if tf.compat.dimension_value(depth) is None:
        raise ValueError("the last dimension of the inputs must be known")
    weights = tf.compat.v1.get_variable("w", [tf.compat.dimension_value(depth) + tf.compat.dimension_value(state.get_shape()[1]), depth])
    return tf.matmul(tf.concat([inputs, state], 1), weights)


def checked_width(tensor):
    width = tensor.shape.with_rank_at_least(2)[-1]
    return tf.compat.dimension_value(width), tf.compat.dimension_value(tensor.get_shape().merge_with(tensor.shape)[0])


def no_tensorflow_name_inside(tensor):
    rows = tensor.get_shape()[0]
    return tf.compat.dimension_value(rows)


def rebound(tensor, other):
    # Also bound from something else: not known to be a dimension, left as written.
    size = tensor.get_shape()[0]
    if other is not None:
        size = other.size
    return size.value


def parameter(dim):
    # A parameter may hold anything: left as written.
    return dim.value


def held_shape(tensor):
    # The shape itself held in a name is not recognised (see static_dimension_value).
    shape = tensor.get_shape()
    columns = shape[1]
    return columns.value


def enclosing(tensor):
    count = tensor.get_shape()[0]

    def inner():
        # Read in another scope than the one binding it: left as written.
        return count.value

    return inner


def listed(tensor, rows):
    # Iterating a static shape gives the dimensions too; a name the comprehension rebinds to
    # something else (the inner `d`) is left as written.
    batch, steps, _ = [tf.compat.dimension_value(d) for d in tensor.get_shape()]
    known = [tf.compat.dimension_value(d) for d in tensor.shape[1:] if tf.compat.dimension_value(d) is not None]
    mixed = [(tf.compat.dimension_value(d), [d.value for d in rows]) for d in tensor.get_shape()]
    return batch, steps, known, mixed


def split_over_lines(tensor):
    return [
        tf.compat.dimension_value(d)
        for d in tensor.get_shape()
    ]
