"""Translate a fixed set of sentences with beam search from a TF1 checkpoint."""
from __future__ import print_function

import argparse

import numpy as np
import tensorflow as tf

import data
import model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ckpt", default="ckpt")
    parser.add_argument("--sentences", type=int, default=6)
    args = parser.parse_args()

    rng = np.random.RandomState(7)
    src_ids, src_lengths, _, _, _ = data.batch(rng, args.sentences)
    src = tf.placeholder(tf.int32, [None, None], name="src")
    src_len = tf.placeholder(tf.int32, [None], name="src_len")
    outputs = model.build({"src": src, "src_len": src_len}, "infer")
    # The best hypothesis of each sentence: beam 0 of [batch, time, beam].
    translations = outputs["predicted_ids"][:, :, 0]

    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(args.ckpt))
        ids = sess.run(translations, {src: src_ids, src_len: src_lengths})
    for row, length, out in zip(src_ids, src_lengths, ids):
        print("%-18s -> %s" % (" ".join(data.SRC_VOCAB[i] for i in row[:length]), data.to_words(out)))


if __name__ == "__main__":
    main()
