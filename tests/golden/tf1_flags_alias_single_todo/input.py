"""tf.flags through module aliases, as the TF1 tutorials wrote them: one TODO where the alias is bound."""
import tensorflow as tf

flags = tf.flags
FLAGS = flags.FLAGS
app_flags = tf.app.flags  # still in TF 2, as tf.compat.v1.app.flags

flags.DEFINE_string("data_path", None, "Where the training data is stored.")
flags.DEFINE_bool("use_fp16", False, "Train using 16-bit floats.")
app_flags.DEFINE_integer("num_gpus", 1, "How many GPUs to use.")


def data_type():
    return tf.float16 if FLAGS.use_fp16 else tf.float32


def direct():
    tf.flags.DEFINE_integer("steps", 10, "Spelled through tf: its own TODO.")
