import tensorflow as tf

seq2seq = tf.contrib.seq2seq
BD = tf.contrib.seq2seq.BasicDecoder
rnn = tf.nn.rnn_cell
tfe = tf.contrib.eager


def decode(cell, helper, state):
    decoder = BD(cell, helper, state)
    first = seq2seq.dynamic_decode(decoder)
    lstm = rnn.LSTMCell(4)
    return first, lstm, tfe.Checkpoint


BSD = tf.contrib.seq2seq.BeamSearchDecoder
names = tf.contrib.seq2seq.__dict__


def beam(cell):
    return BSD(cell), names
