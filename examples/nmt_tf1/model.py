"""A classic TF1 attention seq2seq model: contrib seq2seq attention and beam search (TensorFlow 1.15 style).

`build(inputs, mode)` is the network (a model_fn: tensors in, tensors out, no placeholders, no session);
train.py and infer.py feed it placeholders and own the sessions. `tf-migrate validate` calls it directly.
"""
import tensorflow as tf
from tensorflow.contrib import seq2seq
from tensorflow.contrib.rnn import LSTMCell

import data

EMBED = 32
UNITS = 64
BEAM_WIDTH = 4


def build(inputs, mode, beam_width=BEAM_WIDTH):
    """inputs: src [batch, time] int32, src_len [batch] (train: also dec_in, dec_out [batch, time'],
    tgt_len [batch]). Returns the output tensors by name."""
    src, src_len = inputs["src"], inputs["src_len"]
    batch_size = tf.shape(src)[0]

    with tf.variable_scope("nmt", initializer=tf.random_uniform_initializer(-0.1, 0.1)):
        src_embedding = tf.get_variable("src_embedding", [len(data.SRC_VOCAB), EMBED])
        tgt_embedding = tf.get_variable("tgt_embedding", [len(data.TGT_VOCAB), EMBED])

        with tf.variable_scope("encoder"):
            enc_outputs, enc_state = tf.nn.dynamic_rnn(
                LSTMCell(UNITS), tf.nn.embedding_lookup(src_embedding, src),
                sequence_length=src_len, dtype=tf.float32)

        projection = tf.layers.Dense(len(data.TGT_VOCAB), use_bias=False, name="output_projection")

        with tf.variable_scope("decoder") as decoder_scope:
            memory, memory_len, start_state, tiled_batch = enc_outputs, src_len, enc_state, batch_size
            if mode == "infer":
                # Beam search decodes beam_width hypotheses per sentence: every batch-major tensor
                # the decoder reads is repeated beam_width times.
                memory = seq2seq.tile_batch(enc_outputs, multiplier=beam_width)
                memory_len = seq2seq.tile_batch(src_len, multiplier=beam_width)
                start_state = seq2seq.tile_batch(enc_state, multiplier=beam_width)
                tiled_batch = batch_size * beam_width
            attention = seq2seq.BahdanauAttention(
                UNITS, memory, memory_sequence_length=memory_len, normalize=True)
            cell = seq2seq.AttentionWrapper(LSTMCell(UNITS), attention, attention_layer_size=UNITS)
            initial_state = cell.zero_state(tiled_batch, tf.float32).clone(cell_state=start_state)

            if mode == "train":
                helper = seq2seq.TrainingHelper(
                    tf.nn.embedding_lookup(tgt_embedding, inputs["dec_in"]), inputs["tgt_len"])
                decoder = seq2seq.BasicDecoder(cell, helper, initial_state, output_layer=projection)
                outputs, _, _ = seq2seq.dynamic_decode(decoder, scope=decoder_scope)
                logits = outputs.rnn_output
                # Decoding stops at the batch's longest target, which may be shorter than the padded
                # targets: score only the steps that were decoded.
                max_time = tf.shape(logits)[1]
                targets = inputs["dec_out"][:, :max_time]
                weights = tf.sequence_mask(inputs["tgt_len"], max_time, dtype=tf.float32)
                loss = seq2seq.sequence_loss(logits, targets, weights)
                return {"logits": logits, "loss": loss}

            decoder = seq2seq.BeamSearchDecoder(
                cell, tgt_embedding, tf.fill([batch_size], data.GO), data.EOS,
                initial_state, beam_width, output_layer=projection, length_penalty_weight=0.6)
            outputs, _, lengths = seq2seq.dynamic_decode(
                decoder, maximum_iterations=data.MAX_LEN + 2, scope=decoder_scope)
            return {
                "predicted_ids": outputs.predicted_ids,
                "beam_scores": outputs.beam_search_decoder_output.scores,
                "lengths": lengths,
            }

