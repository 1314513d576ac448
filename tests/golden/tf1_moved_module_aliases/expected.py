"""Module aliases of TF1 modules that TF 2 only has under tf.compat.v1 (tf.logging, tf.app, ...)."""
from tensorflow.compat.v1 import logging as tf_logging
import tensorflow as tf

logging = tf.compat.v1.logging
train = tf.train  # tf.train still exists: its members are renamed one by one
builder_module = tf.compat.v1.saved_model.builder


def main(argv):
    logging.set_verbosity(logging.INFO)
    tf_logging.info("starting %s", argv[0])
    saver = tf.compat.v1.train.Saver()
    builder = builder_module.SavedModelBuilder("/tmp/export")
    return saver, builder


if __name__ == "__main__":
    tf.compat.v1.app.run(main)
