"""Training ops with tf.contrib.opt's optimizers, as tensor2tensor / NMT-era code built them."""
import tensorflow as tf
from tensorflow.contrib.opt import LazyAdamOptimizer
from tensorflow.contrib.opt.python.training import weight_decay_optimizers


def get_train_op(loss, hparams, global_step):
    if hparams.optimizer == "lazy_adam":
        optimizer = LazyAdamOptimizer(hparams.learning_rate, beta1=0.9, beta2=0.98, epsilon=1e-9)
    elif hparams.optimizer == "adamw":
        optimizer = tf.contrib.opt.AdamWOptimizer(hparams.weight_decay, learning_rate=hparams.learning_rate)
    else:
        optimizer = weight_decay_optimizers.MomentumWOptimizer(hparams.weight_decay, hparams.learning_rate, 0.9)
    decayed = [v for v in tf.trainable_variables() if "bias" not in v.name]
    return optimizer.minimize(loss, global_step=global_step, decay_var_list=decayed) \
        if hparams.optimizer != "lazy_adam" else optimizer.minimize(loss, global_step=global_step)


SGDW = tf.contrib.opt.extend_with_decoupled_weight_decay(tf.train.GradientDescentOptimizer)


class AdagradW(tf.contrib.opt.DecoupledWeightDecayExtension, tf.train.AdagradOptimizer):
    def __init__(self, weight_decay, learning_rate):
        super(AdagradW, self).__init__(weight_decay, learning_rate=learning_rate)
