"""Global-step helpers of tf.contrib.framework (deprecated aliases of tf.train's), as VAE/GAN trainers used them."""
import tensorflow as tf
from tensorflow.compat.v1.train import get_or_create_global_step
from tf_seq2seq_migrate.runtime import contrib_framework as tfm_contrib_framework


def train_ops(optimizer, loss, grads_and_vars):
    global_step = get_or_create_global_step()
    tf.compat.v1.train.assert_global_step(global_step)
    if tf.compat.v1.train.get_global_step() is None:
        tf.compat.v1.train.create_global_step()
    variables = tfm_contrib_framework.get_variables("model")  # no exact TF 2 function: by hand
    return optimizer.apply_gradients(grads_and_vars, global_step), variables
