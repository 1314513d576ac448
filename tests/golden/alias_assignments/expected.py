import tensorflow as tf

from tf_seq2seq_migrate.runtime import seq2seq
from tf_seq2seq_migrate.runtime.seq2seq import BasicDecoder as BD
linalg = tf.linalg
from tf_seq2seq_migrate.runtime import contrib_layers as slim


def decode(cell, helper, state):
    decoder = BD(cell, helper, state)
    first = seq2seq.dynamic_decode(decoder)
    norm = linalg.norm(cell)
    return first, norm, slim.fully_connected


# TODO(tf-migrate): S2S904 tf.contrib.seq2seq.SomeFutureDecoder has no tf-migrate rule yet; rewritten to tf_seq2seq_migrate.runtime.seq2seq.SomeFutureDecoder by module, check that it exists there and behaves the same
from tf_seq2seq_migrate.runtime.seq2seq import SomeFutureDecoder as BSD
# TODO(tf-migrate): S2S902 dynamic access to tf.contrib.seq2seq cannot be converted; look the name up in tf_seq2seq_migrate.runtime.seq2seq by hand
names = tf.contrib.seq2seq.__dict__


def beam(cell):
    return BSD(cell), names
