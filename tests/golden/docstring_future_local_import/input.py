#!/usr/bin/env python
# Copyright header comment.
"""Module docstring."""
from __future__ import absolute_import
from __future__ import division


def decode(cell, helper, state):
    import tensorflow as tf
    return tf.contrib.seq2seq.BasicDecoder(cell, helper, state)
