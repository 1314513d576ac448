"""Tacotron-style decoder helpers: feed back spectrogram frames instead of token embeddings."""
import numpy as np
import tensorflow as tf
from tensorflow.contrib.seq2seq import Helper


class TacoTestHelper(Helper):
    def __init__(self, batch_size, output_dim, r):
        with tf.name_scope("TacoTestHelper"):
            self._batch_size = batch_size
            self._output_dim = output_dim
            self._end_token = tf.tile([0.0], [output_dim * r])

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return np.int32

    def initialize(self, name=None):
        return (tf.tile([False], [self._batch_size]), _go_frames(self._batch_size, self._output_dim))

    def sample(self, time, outputs, state, name=None):
        return tf.tile([0], [self._batch_size])

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope("TacoTestHelper"):
            finished = tf.reduce_all(tf.equal(outputs, self._end_token), axis=1)
            next_inputs = outputs[:, -self._output_dim:]
            return (finished, next_inputs, state)


class TacoTrainingHelper(Helper):
    def __init__(self, inputs, targets, output_dim, r):
        with tf.name_scope("TacoTrainingHelper"):
            self._batch_size = tf.shape(inputs)[0]
            self._output_dim = output_dim
            self._targets = targets[:, r - 1::r, :]
            self._lengths = tf.tile([tf.shape(self._targets)[1]], [self._batch_size])

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return np.int32

    def initialize(self, name=None):
        return (tf.tile([False], [self._batch_size]), _go_frames(self._batch_size, self._output_dim))

    def sample(self, time, outputs, state, name=None):
        return tf.tile([0], [self._batch_size])

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name or "TacoTrainingHelper"):
            finished = (time + 1 >= self._lengths)
            next_inputs = self._targets[:, time, :]
            return (finished, next_inputs, state)


def _go_frames(batch_size, output_dim):
    return tf.tile([[0.0]], [batch_size, output_dim])
