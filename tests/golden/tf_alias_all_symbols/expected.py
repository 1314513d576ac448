"""Attention seq2seq decoder, TF1 style."""
import numpy as np
import tensorflow as tf
from tf_seq2seq_migrate.runtime import layers
from tf_seq2seq_migrate.runtime import seq2seq

VOCAB = 32


def build_decoder(memory, memory_len, target_inputs, target_len, batch_size):
    cell = make_cell(64)
    mechanism = seq2seq.BahdanauAttention(
        64, memory, memory_sequence_length=memory_len)
    cell = seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=64)
    helper = seq2seq.TrainingHelper(target_inputs, target_len)
    initial_state = cell.zero_state(batch_size, tf.float32)
    decoder = seq2seq.BasicDecoder(
        cell, helper, initial_state, output_layer=layers.Dense(VOCAB))
    outputs, state, lengths = seq2seq.dynamic_decode(decoder, maximum_iterations=20)
    return outputs.rnn_output, state, lengths
