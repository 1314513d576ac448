"""isinstance checks against contrib state types."""
import tensorflow as tf


def unwrap(state):
    if isinstance(state, tf.contrib.seq2seq.AttentionWrapperState):
        state = state.cell_state
    if isinstance(state, (tf.contrib.rnn.LSTMStateTuple, tf.nn.rnn_cell.LSTMStateTuple)):
        return state.h
    if isinstance(state, tf.contrib.seq2seq.BeamSearchDecoderState):
        return state.cell_state
    return state
