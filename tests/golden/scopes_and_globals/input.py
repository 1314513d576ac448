import tensorflow as tf


class Config:
    s2s = tf.contrib.seq2seq

    def decoder(self, cell, helper, state):
        # `s2s` is a class attribute: not visible here, so this use stays as written.
        return s2s.BasicDecoder(cell, helper, state)


def set_up():
    global tf
    return tf.contrib.seq2seq.TrainingHelper


def local_rebinding(tf):
    return tf.contrib.seq2seq.BasicDecoder
