"""TF 0.12-era training loop with the summary names TF 1.0 replaced (tf.scalar_summary, ...)."""
import tensorflow as tf


def add_summaries(loss, weights, images, audio):
    tf.scalar_summary("loss", loss)
    tf.histogram_summary("weights", weights)
    tf.image_summary("inputs", images, max_images=4)
    tf.audio_summary("samples", audio, 16000)
    named = tf.scalar_summary("accuracy", loss, name="accuracy_summary")  # op name vs tag: by hand
    return tf.merge_summary([named])


def train(sess, train_op, log_dir):
    summary_op = tf.merge_all_summaries()
    writer = tf.train.SummaryWriter(log_dir, sess.graph)
    tf.contrib.deprecated.scalar_summary("learning_rate", 0.1)  # TF 1.x's copy of the TF 0.x name
    summary, _ = sess.run([summary_op, train_op])
    writer.add_summary(summary, 0)
