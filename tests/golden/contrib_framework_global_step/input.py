"""Global-step helpers of tf.contrib.framework (deprecated aliases of tf.train's), as VAE/GAN trainers used them."""
import tensorflow as tf
from tensorflow.contrib.framework import get_or_create_global_step
from tensorflow.contrib import framework as contrib_framework


def train_ops(optimizer, loss, grads_and_vars):
    global_step = get_or_create_global_step()
    contrib_framework.assert_global_step(global_step)
    if tf.contrib.framework.get_global_step() is None:
        tf.contrib.framework.create_global_step()
    variables = contrib_framework.get_variables("model")  # no exact TF 2 function: by hand
    return optimizer.apply_gradients(grads_and_vars, global_step), variables
