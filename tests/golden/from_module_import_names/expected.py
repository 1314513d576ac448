import tensorflow as tf
from tf_seq2seq_migrate.runtime.seq2seq import (
    BasicDecoder as BD,  # the decoder
    dynamic_decode,
    TrainingHelper,
)
from tf_seq2seq_migrate.runtime.seq2seq import AttentionWrapper, BahdanauAttention


def decode(cell, memory, inputs, lengths, state):
    cell = AttentionWrapper(cell, BahdanauAttention(16, memory))
    decoder = BD(cell, TrainingHelper(inputs, lengths), state)
    return dynamic_decode(decoder)
