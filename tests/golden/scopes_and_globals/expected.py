import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq


class Config:
    from tf_seq2seq_migrate.runtime import seq2seq as s2s

    def decoder(self, cell, helper, state):
        # `s2s` is a class attribute: not visible here, so this use stays as written.
        return s2s.BasicDecoder(cell, helper, state)


def set_up():
    global tf
    return seq2seq.TrainingHelper


def local_rebinding(tf):
    return tf.contrib.seq2seq.BasicDecoder
