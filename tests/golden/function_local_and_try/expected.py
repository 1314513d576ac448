try:
    from tf_seq2seq_migrate.runtime import seq2seq
except ImportError:
    seq2seq = None

try:
    from tf_seq2seq_migrate.runtime.seq2seq import BasicDecoder
except ImportError:
    from tf_seq2seq_migrate.runtime.seq2seq import BasicDecoder


def make_helper(inputs, lengths):
    from tf_seq2seq_migrate.runtime.seq2seq import TrainingHelper as Helper
    return Helper(inputs, lengths)


def decode(cell, helper, state):
    import tensorflow as tf
    decoder = BasicDecoder(cell, helper, state)
    return seq2seq.dynamic_decode(decoder), seq2seq.AttentionWrapper
