"""tf.flags through module aliases, as the TF1 tutorials wrote them: one TODO where the alias is bound."""
import tensorflow as tf

# TODO(tf-migrate): S2S801 tf.flags is in tf.flags: tf.flags and tf.app.flags have been removed, please use the argparse or absl modules if you need command line parsing.
flags = tf.flags
FLAGS = flags.FLAGS
app_flags = tf.compat.v1.app.flags  # still in TF 2, as tf.compat.v1.app.flags

flags.DEFINE_string("data_path", None, "Where the training data is stored.")
flags.DEFINE_bool("use_fp16", False, "Train using 16-bit floats.")
app_flags.DEFINE_integer("num_gpus", 1, "How many GPUs to use.")


def data_type():
    return tf.float16 if FLAGS.use_fp16 else tf.float32


def direct():
    # TODO(tf-migrate): S2S801 tf.flags.DEFINE_integer is in tf.flags: tf.flags and tf.app.flags have been removed, please use the argparse or absl modules if you need command line parsing.
    tf.flags.DEFINE_integer("steps", 10, "Spelled through tf: its own TODO.")
