"""Helpers, decoders and beam search, imported by name from tf.contrib.seq2seq."""
import tensorflow as tf
from tensorflow.contrib.seq2seq import (
    BasicDecoder,
    BasicDecoderOutput,
    BeamSearchDecoder,
    BeamSearchDecoderOutput,
    BeamSearchDecoderState,
    CustomHelper,
    Decoder,
    FinalBeamSearchDecoderOutput,
    GreedyEmbeddingHelper,
    Helper,
    InferenceHelper,
    SampleEmbeddingHelper,
    ScheduledEmbeddingTrainingHelper,
    ScheduledOutputTrainingHelper,
    TrainingHelper,
    dynamic_decode,
    gather_tree,
    tile_batch,
)


def make_helper(mode, inputs, lengths, embedding, start_tokens, end_token):
    if mode == "train":
        return TrainingHelper(inputs, lengths)
    if mode == "scheduled":
        return ScheduledEmbeddingTrainingHelper(inputs, lengths, embedding, 0.25)
    if mode == "scheduled_output":
        return ScheduledOutputTrainingHelper(inputs, lengths, 0.5)
    if mode == "sample":
        return SampleEmbeddingHelper(embedding, start_tokens, end_token, seed=3)
    return GreedyEmbeddingHelper(embedding, start_tokens, end_token)


def custom_helpers(initialize_fn, sample_fn, next_inputs_fn, go, end_fn):
    custom = CustomHelper(initialize_fn, sample_fn, next_inputs_fn)
    inference = InferenceHelper(sample_fn, [4], tf.float32, go, end_fn)
    return [h for h in (custom, inference) if isinstance(h, Helper)]


def decode(cell, helper, initial_state, projection, max_steps):
    decoder = BasicDecoder(cell, helper, initial_state, output_layer=projection)
    assert isinstance(decoder, Decoder)
    outputs, state, lengths = dynamic_decode(decoder, maximum_iterations=max_steps)
    assert isinstance(outputs, BasicDecoderOutput)
    return outputs, state, lengths


def beam_search(cell, embedding, start_tokens, end_token, encoder_state, beam_width, projection):
    initial_state = tile_batch(encoder_state, multiplier=beam_width)
    decoder = BeamSearchDecoder(
        cell, embedding, start_tokens, end_token, initial_state, beam_width, output_layer=projection)
    outputs, state, _ = dynamic_decode(decoder, maximum_iterations=6)
    assert isinstance(outputs, FinalBeamSearchDecoderOutput)
    assert isinstance(state, BeamSearchDecoderState)
    assert isinstance(outputs.beam_search_decoder_output, BeamSearchDecoderOutput)
    return outputs.predicted_ids


def backtrack(step_ids, parent_ids, max_lengths, end_token):
    return gather_tree(step_ids, parent_ids, max_lengths, end_token)


def old_api(cell, decoder_fn, inputs, lengths):
    return tf.contrib.seq2seq.dynamic_rnn_decoder(cell, decoder_fn, inputs, lengths)
