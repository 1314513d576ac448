"""Module aliases of TF1 modules that TF 2 only has under tf.compat.v1 (tf.logging, tf.app, ...)."""
from tensorflow import logging as tf_logging
import tensorflow as tf

logging = tf.logging
train = tf.train  # tf.train still exists: its members are renamed one by one
builder_module = tf.saved_model.builder


def main(argv):
    logging.set_verbosity(logging.INFO)
    tf_logging.info("starting %s", argv[0])
    saver = train.Saver()
    builder = builder_module.SavedModelBuilder("/tmp/export")
    return saver, builder


if __name__ == "__main__":
    tf.app.run(main)
