"""A TF1 seq2seq model's use of tf.contrib.layers: every ported function moves to the runtime."""
import tensorflow as tf
from tensorflow.contrib import layers
from tensorflow.contrib.layers import fully_connected, layer_norm as ln
import tensorflow.contrib.layers as contrib_layers_module
from tensorflow.contrib.layers.python.layers import initializers
from tensorflow.contrib.layers.python.layers.regularizers import l2_regularizer as l2


def encoder(ids, training, hparams):
    reg = tf.contrib.layers.l2_regularizer(scale=hparams.l2)
    both = layers.l1_l2_regularizer(1e-5, 1e-4)
    summed = tf.contrib.layers.sum_regularizer([reg, layers.l1_regularizer(0.1)])
    emb = tf.contrib.layers.embed_sequence(ids, vocab_size=100, embed_dim=8, scope="shared_emb")
    dec_emb = layers.embed_sequence(ids, scope="shared_emb", reuse=True)
    h = fully_connected(emb, 16, weights_regularizer=reg,
                        weights_initializer=tf.contrib.layers.variance_scaling_initializer(factor=1.0))
    h = ln(h, begin_norm_axis=-1)
    h = layers.dropout(h, keep_prob=0.9, is_training=training)
    h = tf.contrib.layers.linear(h, 8) + layers.relu(h, 8) + layers.relu6(h, 8) + layers.elu(h, 8)
    image = tf.reshape(h, [-1, 4, 4, 2])
    image = tf.contrib.layers.conv2d(image, 4, [3, 3], biases_regularizer=both)
    image = contrib_layers_module.convolution2d(image, 4, 3, stride=2)
    flat = tf.contrib.layers.flatten(image)
    penalty = tf.contrib.layers.apply_regularization(summed, [flat])
    init = tf.contrib.layers.xavier_initializer(uniform=False)
    private = initializers.variance_scaling_initializer(), initializers.xavier_initializer(), l2(0.5)
    norm = tf.contrib.layers.batch_norm(flat)
    return flat, dec_emb, penalty, init, norm, private
