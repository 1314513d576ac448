"""A bucketed chatbot written for TensorFlow 0.12 (tf.nn.seq2seq, the translate tutorial's layout)."""
import tensorflow as tf
from tensorflow.python.ops import seq2seq as tf0_seq2seq


class ChatModel(object):
    def __init__(self, vocab_size, size, buckets, num_samples=0, forward_only=False):
        cell = tf.nn.rnn_cell.GRUCell(size)
        self.encoder_inputs = [tf.placeholder(tf.int32, [None]) for _ in range(buckets[-1][0])]
        self.decoder_inputs = [tf.placeholder(tf.int32, [None]) for _ in range(buckets[-1][1] + 1)]
        self.target_weights = [tf.placeholder(tf.float32, [None]) for _ in range(buckets[-1][1] + 1)]
        targets = self.decoder_inputs[1:]

        def seq2seq_f(encoder_inputs, decoder_inputs, do_decode):
            return tf.nn.seq2seq.embedding_attention_seq2seq(
                encoder_inputs, decoder_inputs, cell,
                num_encoder_symbols=vocab_size, num_decoder_symbols=vocab_size,
                embedding_size=size, feed_previous=do_decode)

        # No sampled softmax: the call keeps its meaning and is rewritten.
        self.outputs, self.losses = tf.nn.seq2seq.model_with_buckets(
            self.encoder_inputs, self.decoder_inputs, targets, self.target_weights, buckets,
            lambda x, y: seq2seq_f(x, y, forward_only))

    def sampled(self, targets, buckets, sampled_loss):
        # TF 0.x called sampled_loss(logit, target); TF 1.x calls it with labels=/logits=.
        return tf.nn.seq2seq.model_with_buckets(
            self.encoder_inputs, self.decoder_inputs, targets, self.target_weights, buckets,
            lambda x, y: tf0_seq2seq.basic_rnn_seq2seq(x, y, tf.nn.rnn_cell.GRUCell(8)),
            softmax_loss_function=sampled_loss)

    def decoders(self, state, attention_states, cell, inputs, ids):
        plain, _ = tf0_seq2seq.rnn_decoder(inputs, state, cell)
        attended, _ = tf.nn.seq2seq.attention_decoder(inputs, state, attention_states, cell, num_heads=2)
        embedded, _ = tf0_seq2seq.embedding_attention_decoder(ids, state, attention_states, cell, 100, 16)
        rnn_embedded, _ = tf.nn.seq2seq.embedding_rnn_decoder(ids, state, cell, 100, 16)
        return plain, attended, embedded, rnn_embedded

    def other_models(self, enc, dec, cell):
        tied, _ = tf.nn.seq2seq.tied_rnn_seq2seq(enc, dec, cell)
        emb, _ = tf0_seq2seq.embedding_rnn_seq2seq(enc, dec, cell, 100, 100, 16)
        emb_tied, _ = tf.nn.seq2seq.embedding_tied_rnn_seq2seq(enc, dec, cell, 100, 16)
        return tied, emb, emb_tied

    def losses_of(self, logits, targets, weights, loss_fn):
        per_example = tf.nn.seq2seq.sequence_loss_by_example(logits, targets, weights)
        averaged = tf0_seq2seq.sequence_loss(logits, targets, weights, softmax_loss_function=None)
        custom = tf.nn.seq2seq.sequence_loss_by_example(logits, targets, weights, True, loss_fn)
        return per_example, averaged, custom

    def multi_task(self, enc, dec_dict, cell):
        return tf.nn.seq2seq.one2many_rnn_seq2seq(enc, dec_dict, cell, 100, {"reply": 100}, 16)
