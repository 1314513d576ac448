"""TF 0.12-era training loop with the summary names TF 1.0 replaced (tf.scalar_summary, ...)."""
import tensorflow as tf


def add_summaries(loss, weights, images, audio):
    tf.compat.v1.summary.scalar("loss", loss)
    tf.compat.v1.summary.histogram("weights", weights)
    tf.compat.v1.summary.image("inputs", images, max_outputs=4)
    tf.compat.v1.summary.audio("samples", audio, 16000)
    # TODO(tf-migrate): S2S790 tf.scalar_summary(name="accuracy_summary") cannot be rewritten as it is: TF 0.x's name= named the summary op, TF 1.x's name= is the tag (the first argument here); drop name=, then run tf-migrate again
    named = tf.scalar_summary("accuracy", loss, name="accuracy_summary")  # op name vs tag: by hand
    return tf.compat.v1.summary.merge([named])


def train(sess, train_op, log_dir):
    summary_op = tf.compat.v1.summary.merge_all()
    writer = tf.compat.v1.summary.FileWriter(log_dir, sess.graph)
    tf.compat.v1.summary.scalar("learning_rate", 0.1)  # TF 1.x's copy of the TF 0.x name
    summary, _ = sess.run([summary_op, train_op])
    writer.add_summary(summary, 0)
