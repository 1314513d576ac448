import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq as attention_wrapper
from tf_seq2seq_migrate.runtime.seq2seq import TrainingHelper
import tf_seq2seq_migrate.runtime.seq2seq as basic_decoder


def decode(cell, memory, inputs, lengths, state):
    cell = attention_wrapper.AttentionWrapper(cell, attention_wrapper.BahdanauAttention(16, memory))
    decoder = basic_decoder.BasicDecoder(cell, TrainingHelper(inputs, lengths), state)
    return decoder
