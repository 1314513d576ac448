#!/usr/bin/env python
# Copyright header comment.
"""Module docstring."""
from __future__ import absolute_import
from __future__ import division
from tf_seq2seq_migrate.runtime import seq2seq


def decode(cell, helper, state):
    import tensorflow as tf
    return seq2seq.BasicDecoder(cell, helper, state)
