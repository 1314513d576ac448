"""A program's entry point (as tensorflow/nmt's nmt.py): graph mode is switched off after the imports."""
from __future__ import print_function

import argparse

import tensorflow as tf

FLAGS = None


def main(unused_argv):
    src = tf.placeholder(tf.string, shape=[None])
    print(src, FLAGS)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    FLAGS, unparsed = parser.parse_known_args()
    tf.app.run(main=main)
