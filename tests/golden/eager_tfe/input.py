"""tf.contrib.eager (tfe) names used by TF1 seq2seq training scripts."""
import tensorflow as tf
import tensorflow.contrib.eager as tfe

tfe.enable_eager_execution()


def train(model, optimizer, dataset, directory):
    step = tfe.Variable(0, trainable=False, name="step")
    ckpt = tfe.Checkpoint(model=model, optimizer=optimizer, step=step)
    saver = tfe.Saver(model.variables)
    train_step = tfe.defun(model.train_step)
    for batch in tfe.Iterator(dataset):
        with tfe.GradientTape() as tape:
            loss = train_step(batch)
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(zip(grads, model.variables))
    ckpt.save(directory)
    return saver, tfe.executing_eagerly(), tfe.in_eager_mode()


def legacy(loss_fn, path, x):
    grad_fn = tfe.implicit_gradients(loss_fn)
    value_fn = tf.contrib.eager.gradients_function(loss_fn)
    with tfe.restore_variables_on_create(path):
        x = grad_fn(x)
    return value_fn, tfe.num_gpus()


class Encoder(tfe.Network):
    pass
