import tensorflow as tf

seq2seq = tf.contrib.seq2seq
BD = tf.contrib.seq2seq.BasicDecoder
linalg = tf.linalg
slim = tf.contrib.slim


def decode(cell, helper, state):
    decoder = BD(cell, helper, state)
    first = seq2seq.dynamic_decode(decoder)
    norm = linalg.norm(cell)
    return first, norm, slim.fully_connected


BSD = tf.contrib.seq2seq.SomeFutureDecoder
names = tf.contrib.seq2seq.__dict__


def beam(cell):
    return BSD(cell), names
