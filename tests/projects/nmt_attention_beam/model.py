"""A classic TF1 attention seq2seq model built on tf.contrib.seq2seq (TensorFlow 1.15 style)."""
import tensorflow as tf
from tensorflow.contrib import seq2seq
from tensorflow.contrib.rnn import LSTMCell

import data

EMBED = 32
UNITS = 64


class NMTModel(object):
    def __init__(self, mode, beam_width=4):
        self.mode = mode
        self.src = tf.placeholder(tf.int32, [None, None], name="src")
        self.src_len = tf.placeholder(tf.int32, [None], name="src_len")
        batch_size = tf.shape(self.src)[0]

        with tf.variable_scope("nmt", initializer=tf.random_uniform_initializer(-0.1, 0.1)):
            src_embedding = tf.get_variable("src_embedding", [len(data.SRC_VOCAB), EMBED])
            tgt_embedding = tf.get_variable("tgt_embedding", [len(data.TGT_VOCAB), EMBED])

            with tf.variable_scope("encoder"):
                enc_inputs = tf.nn.embedding_lookup(src_embedding, self.src)
                enc_cell = LSTMCell(UNITS)
                enc_outputs, enc_state = tf.nn.dynamic_rnn(
                    enc_cell, enc_inputs, sequence_length=self.src_len, dtype=tf.float32)

            projection = tf.layers.Dense(len(data.TGT_VOCAB), use_bias=False, name="output_projection")

            with tf.variable_scope("decoder") as decoder_scope:
                memory, memory_len, start_state = enc_outputs, self.src_len, enc_state
                tiled_batch = batch_size
                if mode == "infer":
                    memory = seq2seq.tile_batch(enc_outputs, multiplier=beam_width)
                    memory_len = seq2seq.tile_batch(self.src_len, multiplier=beam_width)
                    start_state = seq2seq.tile_batch(enc_state, multiplier=beam_width)
                    tiled_batch = batch_size * beam_width
                attention = seq2seq.BahdanauAttention(
                    UNITS, memory, memory_sequence_length=memory_len, normalize=True)
                cell = seq2seq.AttentionWrapper(
                    LSTMCell(UNITS), attention, attention_layer_size=UNITS, alignment_history=False)
                initial_state = cell.zero_state(tiled_batch, tf.float32).clone(cell_state=start_state)

                if mode == "train":
                    self.dec_in = tf.placeholder(tf.int32, [None, None], name="dec_in")
                    self.dec_out = tf.placeholder(tf.int32, [None, None], name="dec_out")
                    self.tgt_len = tf.placeholder(tf.int32, [None], name="tgt_len")
                    helper = seq2seq.TrainingHelper(
                        tf.nn.embedding_lookup(tgt_embedding, self.dec_in), self.tgt_len)
                    decoder = seq2seq.BasicDecoder(cell, helper, initial_state, output_layer=projection)
                    outputs, _, _ = seq2seq.dynamic_decode(decoder, scope=decoder_scope)
                    weights = tf.sequence_mask(self.tgt_len, tf.shape(self.dec_out)[1], dtype=tf.float32)
                    self.loss = seq2seq.sequence_loss(outputs.rnn_output, self.dec_out, weights)
                    self.global_step = tf.train.get_or_create_global_step()
                    self.train_op = tf.train.AdamOptimizer(0.01).minimize(
                        self.loss, global_step=self.global_step)
                else:
                    decoder = seq2seq.BeamSearchDecoder(
                        cell, tgt_embedding, tf.fill([batch_size], data.GO), data.EOS,
                        initial_state, beam_width, output_layer=projection, length_penalty_weight=0.6)
                    outputs, _, _ = seq2seq.dynamic_decode(
                        decoder, maximum_iterations=data.MAX_LEN + 2, scope=decoder_scope)
                    self.translations = outputs.predicted_ids[:, :, 0]
