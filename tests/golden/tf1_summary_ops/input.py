"""TF1 summary ops feed merge_all through the graph collection: they move to tf.compat.v1.summary."""
import tensorflow as tf


def add_summaries(loss, grad_norm, lr, attention_images, step):
    tf.summary.scalar("loss", tf.minimum(12.0, loss))
    tf.summary.histogram("grad_norm", grad_norm, collections=["train"])
    tf.summary.image("attention", attention_images, 2)
    tf.summary.scalar("lr", lr, step=step)
    return tf.summary.merge_all()
