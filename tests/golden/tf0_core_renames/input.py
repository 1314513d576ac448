"""Pre-1.0 op names an old attention decoder still uses: renamed to their TF 1.0 names."""
import tensorflow as tf


def attend(query, keys, values, mask, step_outputs):
    scores = tf.batch_matmul(tf.expand_dims(query, 1), keys, False, True)
    scores = tf.select(mask, scores, tf.neg(tf.ones_like(scores)) * 1e9)
    weights = tf.nn.softmax(tf.sub(scores, tf.reduce_max(scores)))
    context = tf.squeeze(tf.batch_matmul(weights, values), [1])
    mixed = tf.concat_v2([query, context], 1)
    gate = tf.mul(tf.sigmoid(mixed), mixed)
    outputs = tf.pack(step_outputs, axis=1)
    first, second = tf.unpack(outputs[:, :2], num=2, axis=1)
    return gate, first, second, tf.select(mask, t=scores, e=scores)
