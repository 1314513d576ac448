"""tf.app.run with tf.flags: absl parses the command line, main's return value is the exit status."""
import tensorflow as tf
tf.flags.DEFINE_integer("steps", 1, "steps")
FLAGS = tf.flags.FLAGS
def main(_):
    print("steps", FLAGS.steps)
    return 4
if __name__ == "__main__":
    tf.app.run(main)
