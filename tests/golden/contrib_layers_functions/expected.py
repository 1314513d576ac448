"""A TF1 seq2seq model's use of tf.contrib.layers: every ported function moves to the runtime."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import contrib_layers as layers
from tf_seq2seq_migrate.runtime.contrib_layers import fully_connected, layer_norm as ln
import tf_seq2seq_migrate.runtime.contrib_layers as contrib_layers_module
from tf_seq2seq_migrate.runtime import contrib_layers as initializers
from tf_seq2seq_migrate.runtime.contrib_layers import l2_regularizer as l2
from tf_seq2seq_migrate.runtime import contrib_layers


def encoder(ids, training, hparams):
    reg = contrib_layers.l2_regularizer(scale=hparams.l2)
    both = layers.l1_l2_regularizer(1e-5, 1e-4)
    summed = contrib_layers.sum_regularizer([reg, layers.l1_regularizer(0.1)])
    emb = contrib_layers.embed_sequence(ids, vocab_size=100, embed_dim=8, scope="shared_emb")
    dec_emb = layers.embed_sequence(ids, scope="shared_emb", reuse=True)
    h = fully_connected(emb, 16, weights_regularizer=reg,
                        weights_initializer=contrib_layers.variance_scaling_initializer(factor=1.0))
    h = ln(h, begin_norm_axis=-1)
    h = layers.dropout(h, keep_prob=0.9, is_training=training)
    h = contrib_layers.linear(h, 8) + layers.relu(h, 8) + layers.relu6(h, 8) + layers.elu(h, 8)
    image = tf.reshape(h, [-1, 4, 4, 2])
    image = contrib_layers.conv2d(image, 4, [3, 3], biases_regularizer=both)
    image = contrib_layers_module.convolution2d(image, 4, 3, stride=2)
    flat = contrib_layers.flatten(image)
    penalty = contrib_layers.apply_regularization(summed, [flat])
    # TODO(tf-migrate): S2S250 tf.contrib.layers.xavier_initializer(uniform=False) has no exact TF2 equivalent (tf.compat.v1.glorot_uniform_initializer covers only the default); port this call by hand
    init = tf.contrib.layers.xavier_initializer(uniform=False)
    private = initializers.variance_scaling_initializer(), tf.compat.v1.glorot_uniform_initializer(), l2(0.5)
    norm = contrib_layers.batch_norm(flat)
    return flat, dec_emb, penalty, init, norm, private
