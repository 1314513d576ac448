import tensorflow as tf
from tensorflow.contrib.seq2seq.python.ops import attention_wrapper
from tensorflow.contrib.seq2seq.python.ops.helper import TrainingHelper
import tensorflow.contrib.seq2seq.python.ops.basic_decoder as basic_decoder


def decode(cell, memory, inputs, lengths, state):
    cell = attention_wrapper.AttentionWrapper(cell, attention_wrapper.BahdanauAttention(16, memory))
    decoder = basic_decoder.BasicDecoder(cell, TrainingHelper(inputs, lengths), state)
    return decoder
