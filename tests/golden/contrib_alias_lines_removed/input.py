"""Lines binding a tf.contrib module: removed once every use of the name is rewritten, kept otherwise."""
import tensorflow as tf
# the eager API, as the TF 1.x tutorials imported it
# TODO(tf-migrate): S2S220 tf.contrib.eager has no TF2 rewrite in tf-migrate (tf.contrib.eager is gone in TF2): use the tf.* name instead, and delete the tfe import once nothing uses it
tfe = tf.contrib.eager
contrib = tf.contrib

from tensorflow.contrib import eager as passed_around
import tensorflow.contrib.eager as unknown_member

try:
    import tensorflow.contrib.eager as optional
except ImportError:
    optional = None


def train(model, optimizer, cell, helper, state):
    # eager names, imported where they are used
    from tensorflow.contrib import (
        eager,
    )
    step = eager.Variable(0, trainable=False, name="step")
    ckpt = tfe.Checkpoint(model=model, optimizer=optimizer, step=step)
    decoder = contrib.seq2seq.BasicDecoder(cell, helper, state)
    return ckpt, decoder


def squared_gradient(x):
    import tensorflow.contrib.eager as tape_eager
    with tape_eager.GradientTape() as tape:
        y = tfe.defun(tf.square)(x)
    return tape.gradient(y, x)


def keep(x):
    register(passed_around)
    return unknown_member.num_gpus(), optional.Checkpoint(x=x)


class Trainer:
    tfe = tf.contrib.eager

    def saver(self, model):
        return tfe.Saver(model.variables)
