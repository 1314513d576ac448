"""Train the toy NMT model with a TF1 session and save a TF1 checkpoint."""
from __future__ import print_function

import argparse
import os

import numpy as np
import tensorflow as tf

import data
import model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--batch_size", type=int, default=64)
    parser.add_argument("--learning_rate", type=float, default=0.01)
    parser.add_argument("--out", default="ckpt")
    args = parser.parse_args()

    tf.set_random_seed(1234)
    rng = np.random.RandomState(1234)
    src = tf.placeholder(tf.int32, [None, None], name="src")
    src_len = tf.placeholder(tf.int32, [None], name="src_len")
    dec_in = tf.placeholder(tf.int32, [None, None], name="dec_in")
    dec_out = tf.placeholder(tf.int32, [None, None], name="dec_out")
    tgt_len = tf.placeholder(tf.int32, [None], name="tgt_len")
    outputs = model.build(
        {"src": src, "src_len": src_len, "dec_in": dec_in, "dec_out": dec_out, "tgt_len": tgt_len}, "train")
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(args.learning_rate).minimize(outputs["loss"], global_step=global_step)

    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(1, args.steps + 1):
            feed = dict(zip([src, src_len, dec_in, dec_out, tgt_len], data.batch(rng, args.batch_size)))
            loss, _ = sess.run([outputs["loss"], train_op], feed)
            if step % 50 == 0 or step == args.steps:
                print("step %d loss %.4f" % (step, loss))
        if not os.path.isdir(args.out):
            os.makedirs(args.out)
        path = saver.save(sess, os.path.join(args.out, "model.ckpt"), global_step=global_step)
        print("saved", path)


if __name__ == "__main__":
    main()
