"""Training ops with tf.contrib.opt's optimizers, as tensor2tensor / NMT-era code built them."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime.opt import LazyAdamOptimizer
from tf_seq2seq_migrate.runtime import opt


def get_train_op(loss, hparams, global_step):
    if hparams.optimizer == "lazy_adam":
        optimizer = LazyAdamOptimizer(hparams.learning_rate, beta1=0.9, beta2=0.98, epsilon=1e-9)
    elif hparams.optimizer == "adamw":
        optimizer = opt.AdamWOptimizer(hparams.weight_decay, learning_rate=hparams.learning_rate)
    else:
        optimizer = opt.MomentumWOptimizer(hparams.weight_decay, hparams.learning_rate, 0.9)
    decayed = [v for v in tf.compat.v1.trainable_variables() if "bias" not in v.name]
    return optimizer.minimize(loss, global_step=global_step, decay_var_list=decayed) \
        if hparams.optimizer != "lazy_adam" else optimizer.minimize(loss, global_step=global_step)


SGDW = opt.extend_with_decoupled_weight_decay(tf.compat.v1.train.GradientDescentOptimizer)


class AdagradW(opt.DecoupledWeightDecayExtension, tf.compat.v1.train.AdagradOptimizer):
    def __init__(self, weight_decay, learning_rate):
        super(AdagradW, self).__init__(weight_decay, learning_rate=learning_rate)
