"""Every attention name of tf.contrib.seq2seq, spelled through `tf.`."""
import tensorflow as tf


def attention_cell(cell, memory, memory_len, units, kind="bahdanau"):
    if kind == "bahdanau":
        mechanism = tf.contrib.seq2seq.BahdanauAttention(units, memory, memory_sequence_length=memory_len, normalize=True)
    elif kind == "luong":
        mechanism = tf.contrib.seq2seq.LuongAttention(units, memory, memory_len, scale=True)
    elif kind == "bahdanau_monotonic":
        mechanism = tf.contrib.seq2seq.BahdanauMonotonicAttention(units, memory, memory_len, mode="hard")
    else:
        mechanism = tf.contrib.seq2seq.LuongMonotonicAttention(units, memory, memory_len, score_bias_init=-2.0)
    assert isinstance(mechanism, tf.contrib.seq2seq.AttentionMechanism)
    return tf.contrib.seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=units, alignment_history=True)


def final_alignments(state):
    if isinstance(state, tf.contrib.seq2seq.AttentionWrapperState):
        return state.alignment_history.stack()
    return None


def monotonic_step(p_choose, previous, scores):
    keep = tf.contrib.seq2seq.safe_cumprod(1.0 - p_choose, axis=1, exclusive=True)
    expected = tf.contrib.seq2seq.monotonic_attention(p_choose, previous, "parallel")
    return keep, expected, tf.contrib.seq2seq.hardmax(scores)
