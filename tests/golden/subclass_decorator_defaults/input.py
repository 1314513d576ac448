import functools

import tensorflow as tf


class MyHelper(tf.contrib.seq2seq.TrainingHelper):
    """Subclasses keep working: the runtime keeps the base classes."""


@functools.lru_cache(maxsize=tf.contrib.seq2seq.BasicDecoder and 4)
def make(decoder_cls=tf.contrib.seq2seq.BasicDecoder, *, fn=lambda d: tf.contrib.seq2seq.dynamic_decode(d)):
    return [decoder_cls for _ in range(2)], fn, f"{tf.contrib.seq2seq.AttentionWrapper.__name__}"
