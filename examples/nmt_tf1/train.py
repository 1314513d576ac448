"""Train the toy NMT model with a TF1 session and save a TF1 checkpoint."""
from __future__ import print_function

import argparse
import os

import numpy as np
import tensorflow as tf

import data
from model import NMTModel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--out", default="ckpt")
    args = parser.parse_args()

    tf.set_random_seed(1234)
    rng = np.random.RandomState(1234)
    model = NMTModel("train")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(1, args.steps + 1):
            src, src_len, dec_in, dec_out, tgt_len = data.batch(rng, 64)
            loss, _ = sess.run([model.loss, model.train_op], {
                model.src: src, model.src_len: src_len, model.dec_in: dec_in,
                model.dec_out: dec_out, model.tgt_len: tgt_len})
            if step % 50 == 0 or step == args.steps:
                print("step %d loss %.4f" % (step, loss))
        if not os.path.isdir(args.out):
            os.makedirs(args.out)
        path = saver.save(sess, os.path.join(args.out, "model.ckpt"), global_step=args.steps)
        print("saved", path)


if __name__ == "__main__":
    main()
