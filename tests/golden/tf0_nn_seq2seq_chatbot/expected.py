"""A bucketed chatbot written for TensorFlow 0.12 (tf.nn.seq2seq, the translate tutorial's layout)."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import legacy_seq2seq as tf0_seq2seq
from tf_seq2seq_migrate.runtime import legacy_seq2seq
from tf_seq2seq_migrate.runtime import rnn


class ChatModel(object):
    def __init__(self, vocab_size, size, buckets, num_samples=0, forward_only=False):
        cell = rnn.GRUCell(size)
        self.encoder_inputs = [tf.compat.v1.placeholder(tf.int32, [None]) for _ in range(buckets[-1][0])]
        self.decoder_inputs = [tf.compat.v1.placeholder(tf.int32, [None]) for _ in range(buckets[-1][1] + 1)]
        self.target_weights = [tf.compat.v1.placeholder(tf.float32, [None]) for _ in range(buckets[-1][1] + 1)]
        targets = self.decoder_inputs[1:]

        def seq2seq_f(encoder_inputs, decoder_inputs, do_decode):
            return legacy_seq2seq.embedding_attention_seq2seq(
                encoder_inputs, decoder_inputs, cell,
                num_encoder_symbols=vocab_size, num_decoder_symbols=vocab_size,
                embedding_size=size, feed_previous=do_decode)

        # No sampled softmax: the call keeps its meaning and is rewritten.
        self.outputs, self.losses = legacy_seq2seq.model_with_buckets(
            self.encoder_inputs, self.decoder_inputs, targets, self.target_weights, buckets,
            lambda x, y: seq2seq_f(x, y, forward_only))

    def sampled(self, targets, buckets, sampled_loss):
        # TF 0.x called sampled_loss(logit, target); TF 1.x calls it with labels=/logits=.
        # TODO(tf-migrate): S2S783 tf.nn.seq2seq.model_with_buckets(softmax_loss_function=sampled_loss) cannot be rewritten as it is: TF 0.x called softmax_loss_function(logit, target) positionally, TF 1.x (tf.contrib.legacy_seq2seq, and the runtime) calls softmax_loss_function(labels=target, logits=logit); make the function take those keywords and call tf.contrib.legacy_seq2seq's function of the same name, then run tf-migrate again
        return tf.nn.seq2seq.model_with_buckets(
            self.encoder_inputs, self.decoder_inputs, targets, self.target_weights, buckets,
            lambda x, y: tf0_seq2seq.basic_rnn_seq2seq(x, y, rnn.GRUCell(8)),
            softmax_loss_function=sampled_loss)

    def decoders(self, state, attention_states, cell, inputs, ids):
        plain, _ = tf0_seq2seq.rnn_decoder(inputs, state, cell)
        attended, _ = legacy_seq2seq.attention_decoder(inputs, state, attention_states, cell, num_heads=2)
        embedded, _ = tf0_seq2seq.embedding_attention_decoder(ids, state, attention_states, cell, 100, 16)
        rnn_embedded, _ = legacy_seq2seq.embedding_rnn_decoder(ids, state, cell, 100, 16)
        return plain, attended, embedded, rnn_embedded

    def other_models(self, enc, dec, cell):
        tied, _ = legacy_seq2seq.tied_rnn_seq2seq(enc, dec, cell)
        emb, _ = tf0_seq2seq.embedding_rnn_seq2seq(enc, dec, cell, 100, 100, 16)
        emb_tied, _ = legacy_seq2seq.embedding_tied_rnn_seq2seq(enc, dec, cell, 100, 16)
        return tied, emb, emb_tied

    def losses_of(self, logits, targets, weights, loss_fn):
        per_example = legacy_seq2seq.sequence_loss_by_example(logits, targets, weights)
        averaged = tf0_seq2seq.sequence_loss(logits, targets, weights, softmax_loss_function=None)
        # TODO(tf-migrate): S2S781 tf.nn.seq2seq.sequence_loss_by_example(softmax_loss_function=loss_fn) cannot be rewritten as it is: TF 0.x called softmax_loss_function(logit, target) positionally, TF 1.x (tf.contrib.legacy_seq2seq, and the runtime) calls softmax_loss_function(labels=target, logits=logit); make the function take those keywords and call tf.contrib.legacy_seq2seq's function of the same name, then run tf-migrate again
        custom = tf.nn.seq2seq.sequence_loss_by_example(logits, targets, weights, True, loss_fn)
        return per_example, averaged, custom

    def multi_task(self, enc, dec_dict, cell):
        # TODO(tf-migrate): S2S183 tf.nn.seq2seq.one2many_rnn_seq2seq is TensorFlow 0.x API whose arguments changed: TF 0.x took one cell for the encoder and every decoder, TF 1.x's tf.contrib.legacy_seq2seq.one2many_rnn_seq2seq takes enc_cell and dec_cells_dict (a cell per decoder name) instead; call that with the new arguments, then run tf-migrate again
        return tf.nn.seq2seq.one2many_rnn_seq2seq(enc, dec_dict, cell, 100, {"reply": 100}, 16)
