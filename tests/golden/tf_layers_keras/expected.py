import tensorflow as tf
from tf_seq2seq_migrate.runtime import layers
from keras import layers as tfm_layers


class Highway(tfm_layers.Layer):
    def build(self, input_shape):
        self.spec = tfm_layers.InputSpec(ndim=3)


def decoder(h, images):
    up = tfm_layers.Conv2DTranspose(8, 3, 2, "same", data_format="channels_last")(images)
    up3 = tfm_layers.Conv3DTranspose(4, 2, 1, "valid")
    sep1 = tfm_layers.SeparableConv1D(8, 3)(h)
    sep2 = tfm_layers.SeparableConv2D(8, 3)(images)
    # TODO(tf-migrate): S2S731 tf.layers.conv2d_transpose has no Keras 3 function and no runtime port: write keras.layers.Conv2DTranspose(...)(inputs) (variable names change)
    a = tf.layers.conv2d_transpose(images, 8, 3)
    # TODO(tf-migrate): S2S732 tf.layers.conv3d_transpose has no Keras 3 function and no runtime port: write keras.layers.Conv3DTranspose(...)(inputs) (variable names change)
    b = tf.layers.conv3d_transpose(images, 8, 3)
    # TODO(tf-migrate): S2S733 tf.layers.separable_conv1d has no Keras 3 function and no runtime port: write keras.layers.SeparableConv1D(...)(inputs) (variable names change)
    c = tf.layers.separable_conv1d(h, 8, 3)
    # TODO(tf-migrate): S2S734 tf.layers.separable_conv2d has no Keras 3 function and no runtime port: write keras.layers.SeparableConv2D(...)(inputs) (variable names change)
    d = tf.layers.separable_conv2d(images, 8, 3)
    # TODO(tf-migrate): S2S737 tf.layers.experimental.keras_style_scope switches TF1 layers to Keras-style variable handling; it has no TF2 equivalent: remove it (runtime layers already behave like TF1 layers)
    with tf.layers.experimental.keras_style_scope():
        e = layers.dense(h, 4)
    return up, up3, sep1, sep2, a, b, c, d, e
