"""A program's entry point (as tensorflow/nmt's nmt.py): graph mode is switched off after the imports."""
from __future__ import print_function

import argparse

import tensorflow as tf
tf.compat.v1.disable_eager_execution()

FLAGS = None


def main(unused_argv):
    src = tf.compat.v1.placeholder(tf.string, shape=[None])
    print(src, FLAGS)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    FLAGS, unparsed = parser.parse_known_args()
    tf.compat.v1.app.run(main=main)
