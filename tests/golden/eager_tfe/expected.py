"""tf.contrib.eager (tfe) names used by TF1 seq2seq training scripts."""
import tensorflow as tf
# TODO(tf-migrate): S2S220 tf.contrib.eager has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
import tensorflow.contrib.eager as tfe
from tf_seq2seq_migrate.runtime import checkpoint

# TODO(tf-migrate): S2S227 tf.contrib.eager.enable_eager_execution: TensorFlow 2 executes eagerly by default; delete this call (keep tf.compat.v1.enable_eager_execution() only if the program disables eager execution elsewhere)
tfe.enable_eager_execution()


def train(model, optimizer, dataset, directory):
    step = tf.Variable(0, trainable=False, name="step")
    ckpt = checkpoint.Checkpoint(model=model, optimizer=optimizer, step=step)
    saver = checkpoint.Saver(model.variables)
    train_step = tf.function(model.train_step)
    # TODO(tf-migrate): S2S230 tf.contrib.eager.Iterator was removed in TF2; iterate over the tf.data.Dataset directly (for batch in dataset) or call iter(dataset)
    for batch in tfe.Iterator(dataset):
        with tf.GradientTape() as tape:
            loss = train_step(batch)
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(zip(grads, model.variables))
    ckpt.save(directory)
    return saver, tf.executing_eagerly(), tf.executing_eagerly()


def legacy(loss_fn, path, x):
    # TODO(tf-migrate): S2S229 tf.contrib.eager.implicit_gradients has no TF2 equivalent; compute the gradients with tf.GradientTape (tape.gradient(loss, variables))
    grad_fn = tfe.implicit_gradients(loss_fn)
    # TODO(tf-migrate): S2S229 tf.contrib.eager.gradients_function has no TF2 equivalent; compute the gradients with tf.GradientTape (tape.gradient(loss, variables))
    value_fn = tf.contrib.eager.gradients_function(loss_fn)
    # TODO(tf-migrate): S2S231 tf.contrib.eager.restore_variables_on_create was removed in TF2; create the model, then restore it with checkpoint.Checkpoint(model=...).restore(path) (restore-on-create is automatic)
    with tfe.restore_variables_on_create(path):
        x = grad_fn(x)
    # TODO(tf-migrate): S2S220 tf.contrib.eager.num_gpus has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
    return value_fn, tfe.num_gpus()


# TODO(tf-migrate): S2S228 tf.contrib.eager.Network was removed before TF 1.15; port the model to a keras.Model subclass (variable names and checkpoints change)
class Encoder(tfe.Network):
    pass
