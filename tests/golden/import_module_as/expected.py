import tensorflow as tf
import tf_seq2seq_migrate.runtime.seq2seq as s2s


def decode(cell, inputs, lengths, state):
    helper = s2s.TrainingHelper(inputs, lengths)
    decoder = s2s.BasicDecoder(cell, helper, state)
    return s2s.dynamic_decode(decoder, impute_finished=True)
