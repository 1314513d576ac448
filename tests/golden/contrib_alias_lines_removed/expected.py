"""Lines binding a tf.contrib module: removed once every use of the name is rewritten, kept otherwise."""
import tensorflow as tf
# the eager API, as the TF 1.x tutorials imported it

# TODO(tf-migrate): S2S220 tf.contrib.eager has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
from tensorflow.contrib import eager as passed_around
# TODO(tf-migrate): S2S220 tf.contrib.eager has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
import tensorflow.contrib.eager as unknown_member

try:
    # TODO(tf-migrate): S2S220 tf.contrib.eager has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
    import tensorflow.contrib.eager as optional
except ImportError:
    optional = None
from tf_seq2seq_migrate.runtime import checkpoint
from tf_seq2seq_migrate.runtime import seq2seq


def train(model, optimizer, cell, helper, state):
    # eager names, imported where they are used
    step = tf.Variable(0, trainable=False, name="step")
    ckpt = checkpoint.Checkpoint(model=model, optimizer=optimizer, step=step)
    decoder = seq2seq.BasicDecoder(cell, helper, state)
    return ckpt, decoder


def squared_gradient(x):
    with tf.GradientTape() as tape:
        y = tf.function(tf.square)(x)
    return tape.gradient(y, x)


def keep(x):
    register(passed_around)
    # TODO(tf-migrate): S2S220 tf.contrib.eager.num_gpus has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
    return unknown_member.num_gpus(), checkpoint.Checkpoint(x=x)


class Trainer:
    # TODO(tf-migrate): S2S220 tf.contrib.eager has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
    tfe = tf.contrib.eager

    def saver(self, model):
        return checkpoint.Saver(model.variables)
