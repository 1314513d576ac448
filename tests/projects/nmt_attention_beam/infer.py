"""Translate a fixed set of sentences with beam search from a TF1 checkpoint."""
from __future__ import print_function

import argparse

import numpy as np
import tensorflow as tf

import data
from model import NMTModel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ckpt", default="ckpt")
    args = parser.parse_args()

    rng = np.random.RandomState(7)
    src, src_len, _, _, _ = data.batch(rng, 6)
    model = NMTModel("infer")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(args.ckpt))
        ids = sess.run(model.translations, {model.src: src, model.src_len: src_len})
    for row, length, out in zip(src, src_len, ids):
        print("%-18s -> %s" % (" ".join(data.SRC_VOCAB[i] for i in row[:length]), data.to_words(out)))


if __name__ == "__main__":
    main()
