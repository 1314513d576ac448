"""Mode keys as tensorflow/nmt and Estimator model_fns use them."""
import tensorflow as tf
# TODO(tf-migrate): S2S763 tf.estimator.ModeKeys no longer exists (TF 2.16 removed tf.estimator); its TRAIN/EVAL/PREDICT uses become 'train'/'eval'/'infer': remove this use
from tensorflow.estimator import ModeKeys


class Model(object):
    def __init__(self, hparams, mode='train'):
        self.mode = mode
        if self.mode == 'train':
            self.dropout = hparams.dropout
        elif self.mode == 'eval':
            self.dropout = 0.0
        self.infer = (self.mode == 'infer')
        self.name = ('infer').upper()


def model_fn(features, labels, mode):
    if mode in ('train', 'eval'):
        return "loss"
    assert mode == 'infer'
    return {'infer': features}


def is_training(mode):
    return mode == 'train' or mode == 'train'


# TODO(tf-migrate): S2S903 monkey-patching tf.estimator.ModeKeys.TRAIN cannot be converted: TF2 has no such constant (its TF1 value is 'train')
tf.estimator.ModeKeys.TRAIN = "fit"
