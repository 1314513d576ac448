"""Global-step helpers of tf.contrib.framework (deprecated aliases of tf.train's), as VAE/GAN trainers used them."""
import tensorflow as tf
from tensorflow.compat.v1.train import get_or_create_global_step
# TODO(tf-migrate): S2S900 tf.contrib.framework has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
from tensorflow.contrib import framework as contrib_framework


def train_ops(optimizer, loss, grads_and_vars):
    global_step = get_or_create_global_step()
    tf.compat.v1.train.assert_global_step(global_step)
    if tf.compat.v1.train.get_global_step() is None:
        tf.compat.v1.train.create_global_step()
    # TODO(tf-migrate): S2S900 tf.contrib.framework.get_variables has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
    variables = contrib_framework.get_variables("model")  # no exact TF 2 function: by hand
    return optimizer.apply_gradients(grads_and_vars, global_step), variables
