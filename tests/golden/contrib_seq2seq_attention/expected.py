"""Every attention name of tf.contrib.seq2seq, spelled through `tf.`."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq


def attention_cell(cell, memory, memory_len, units, kind="bahdanau"):
    if kind == "bahdanau":
        mechanism = seq2seq.BahdanauAttention(units, memory, memory_sequence_length=memory_len, normalize=True)
    elif kind == "luong":
        mechanism = seq2seq.LuongAttention(units, memory, memory_len, scale=True)
    elif kind == "bahdanau_monotonic":
        mechanism = seq2seq.BahdanauMonotonicAttention(units, memory, memory_len, mode="hard")
    else:
        mechanism = seq2seq.LuongMonotonicAttention(units, memory, memory_len, score_bias_init=-2.0)
    assert isinstance(mechanism, seq2seq.AttentionMechanism)
    return seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=units, alignment_history=True)


def final_alignments(state):
    if isinstance(state, seq2seq.AttentionWrapperState):
        return state.alignment_history.stack()
    return None


def monotonic_step(p_choose, previous, scores):
    keep = seq2seq.safe_cumprod(1.0 - p_choose, axis=1, exclusive=True)
    expected = seq2seq.monotonic_attention(p_choose, previous, "parallel")
    return keep, expected, seq2seq.hardmax(scores)
