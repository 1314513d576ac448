"""Mode keys as tensorflow/nmt and Estimator model_fns use them."""
import tensorflow as tf
from tensorflow.contrib.learn import ModeKeys as LearnModeKeys
from tensorflow.estimator import ModeKeys


class Model(object):
    def __init__(self, hparams, mode=tf.contrib.learn.ModeKeys.TRAIN):
        self.mode = mode
        if self.mode == tf.contrib.learn.ModeKeys.TRAIN:
            self.dropout = hparams.dropout
        elif self.mode == tf.contrib.learn.ModeKeys.EVAL:
            self.dropout = 0.0
        self.infer = (self.mode == tf.contrib.learn.ModeKeys.INFER)
        self.name = tf.contrib.learn.ModeKeys.INFER.upper()


def model_fn(features, labels, mode):
    if mode in (tf.estimator.ModeKeys.TRAIN, tf.estimator.ModeKeys.EVAL):
        return "loss"
    assert mode == tf.estimator.ModeKeys.PREDICT
    return {tf.estimator.ModeKeys.PREDICT: features}


def is_training(mode):
    return mode == ModeKeys.TRAIN or mode == LearnModeKeys.TRAIN


tf.estimator.ModeKeys.TRAIN = "fit"
