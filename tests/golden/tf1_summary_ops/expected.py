"""TF1 summary ops feed merge_all through the graph collection: they move to tf.compat.v1.summary."""
import tensorflow as tf


def add_summaries(loss, grad_norm, lr, attention_images, step):
    tf.compat.v1.summary.scalar("loss", tf.minimum(12.0, loss))
    tf.compat.v1.summary.histogram("grad_norm", grad_norm, collections=["train"])
    # TODO(tf-migrate): S2S801 tf.summary.image: TF1 and TF 2 read the positional arguments after the tensor differently; for TF1 behaviour call tf.compat.v1.summary.image, for TF 2 pass step= by keyword
    tf.summary.image("attention", attention_images, 2)
    tf.summary.scalar("lr", lr, step=step)
    return tf.compat.v1.summary.merge_all()
