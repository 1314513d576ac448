"""isinstance checks against contrib state types."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime import seq2seq


def unwrap(state):
    if isinstance(state, seq2seq.AttentionWrapperState):
        state = state.cell_state
    if isinstance(state, (rnn.LSTMStateTuple, rnn.LSTMStateTuple)):
        return state.h
    if isinstance(state, seq2seq.BeamSearchDecoderState):
        return state.cell_state
    return state
