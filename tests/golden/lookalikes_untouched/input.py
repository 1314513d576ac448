"""A project with its own seq2seq and contrib packages: nothing here is TensorFlow."""
import seq2seq
from seq2seq.contrib.seq2seq import helper
from django.contrib import admin
import mylib.contrib.seq2seq as s2s


def run(tf, inputs):
    # `tf` is a parameter here, not TensorFlow.
    return tf.contrib.seq2seq.BasicDecoder(inputs), helper.TrainingHelper(inputs)


class Model:
    contrib = None

    def build(self):
        return seq2seq.BasicDecoder(self.contrib), s2s.dynamic_decode(admin)
