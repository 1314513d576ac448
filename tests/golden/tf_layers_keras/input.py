import tensorflow as tf
from tensorflow import layers


class Highway(tf.layers.Layer):
    def build(self, input_shape):
        self.spec = tf.layers.InputSpec(ndim=3)


def decoder(h, images):
    up = tf.layers.Conv2DTranspose(8, 3, 2, "same", "channels_last")(images)
    up3 = tf.layers.Conv3DTranspose(4, 2, 1, "valid")
    sep1 = tf.layers.SeparableConv1D(8, 3)(h)
    sep2 = layers.SeparableConv2D(8, 3)(images)
    a = tf.layers.conv2d_transpose(images, 8, 3)
    b = tf.layers.conv3d_transpose(images, 8, 3)
    c = tf.layers.separable_conv1d(h, 8, 3)
    d = tf.layers.separable_conv2d(images, 8, 3)
    with tf.layers.experimental.keras_style_scope():
        e = layers.dense(h, 4)
    return up, up3, sep1, sep2, a, b, c, d, e
