"""Pre-1.0 op names an old attention decoder still uses: renamed to their TF 1.0 names."""
import tensorflow as tf


def attend(query, keys, values, mask, step_outputs):
    scores = tf.matmul(tf.expand_dims(query, 1), keys, adjoint_a=False, adjoint_b=True)
    scores = tf.compat.v1.where(mask, scores, tf.negative(tf.ones_like(scores)) * 1e9)
    weights = tf.nn.softmax(tf.subtract(scores, tf.reduce_max(scores)))
    context = tf.squeeze(tf.matmul(weights, values), [1])
    mixed = tf.concat([query, context], 1)
    gate = tf.multiply(tf.sigmoid(mixed), mixed)
    outputs = tf.stack(step_outputs, axis=1)
    first, second = tf.unstack(outputs[:, :2], num=2, axis=1)
    return gate, first, second, tf.compat.v1.where(mask, x=scores, y=scores)
