"""An Estimator model_fn of the TF 1.x era: tf.estimator is gone in TF 2.21, whatever the spelling."""
import tensorflow as tf
# TODO(tf-migrate): S2S764 tf.estimator.EstimatorSpec no longer exists: TF 2.16 removed tf.estimator (tf.compat.v1.estimator too) and tensorflow-estimator does not install on TF 2.21; port this part to Keras or a custom training loop, or keep it on TF 2.15
# TODO(tf-migrate): S2S763 tf.estimator.ModeKeys no longer exists (TF 2.16 removed tf.estimator); its TRAIN/EVAL/PREDICT uses become 'train'/'eval'/'infer': remove this use
from tensorflow.estimator import EstimatorSpec, ModeKeys
# TODO(tf-migrate): S2S764 tf.estimator.RunConfig no longer exists: TF 2.16 removed tf.estimator (tf.compat.v1.estimator too) and tensorflow-estimator does not install on TF 2.21; port this part to Keras or a custom training loop, or keep it on TF 2.15
from tensorflow.python.estimator.run_config import RunConfig
from tf_seq2seq_migrate.runtime import layers


def model_fn(features, labels, mode, params):
    logits = layers.dense(features["x"], params["classes"])
    if mode == 'infer':
        return EstimatorSpec(mode, predictions={"logits": logits})
    loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.compat.v1.train.AdamOptimizer().minimize(loss, global_step=tf.compat.v1.train.get_global_step())
    # TODO(tf-migrate): S2S764 tf.estimator.EstimatorSpec no longer exists: TF 2.16 removed tf.estimator (tf.compat.v1.estimator too) and tensorflow-estimator does not install on TF 2.21; port this part to Keras or a custom training loop, or keep it on TF 2.15
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def make_estimator(model_dir):
    config = RunConfig(model_dir=model_dir, save_checkpoints_steps=100)
    # TODO(tf-migrate): S2S764 tf.estimator.Estimator no longer exists: TF 2.16 removed tf.estimator (tf.compat.v1.estimator too) and tensorflow-estimator does not install on TF 2.21; port this part to Keras or a custom training loop, or keep it on TF 2.15
    return tf.estimator.Estimator(model_fn, config=config, params={"classes": 3})
