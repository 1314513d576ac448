"""An Estimator model_fn of the TF 1.x era: tf.estimator is gone in TF 2.21, whatever the spelling."""
import tensorflow as tf
from tensorflow.estimator import EstimatorSpec, ModeKeys
from tensorflow.python.estimator.run_config import RunConfig


def model_fn(features, labels, mode, params):
    logits = tf.layers.dense(features["x"], params["classes"])
    if mode == ModeKeys.PREDICT:
        return EstimatorSpec(mode, predictions={"logits": logits})
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.train.AdamOptimizer().minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def make_estimator(model_dir):
    config = RunConfig(model_dir=model_dir, save_checkpoints_steps=100)
    return tf.estimator.Estimator(model_fn, config=config, params={"classes": 3})
