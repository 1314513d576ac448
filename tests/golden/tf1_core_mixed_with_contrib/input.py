"""An encoder-decoder with attention: contrib seq2seq and the TF1 core API in one file."""
import tensorflow as tf
from tensorflow.contrib import seq2seq

VOCAB = 32


def build(source_ids, source_lengths, target_ids, target_lengths, keep_prob):
    embedding = tf.get_variable("embedding", [VOCAB, 16])
    source = tf.nn.embedding_lookup(embedding, source_ids)
    with tf.variable_scope("encoder"):
        cell = tf.nn.rnn_cell.LSTMCell(16)
        cell = tf.contrib.rnn.DropoutWrapper(cell, output_keep_prob=keep_prob)
        memory, state = tf.nn.dynamic_rnn(cell, source, source_lengths, dtype=tf.float32)
    with tf.variable_scope("decoder"):
        mechanism = seq2seq.LuongAttention(16, memory, memory_sequence_length=source_lengths)
        decoder_cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(16), mechanism)
        helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, target_ids), target_lengths)
        initial = decoder_cell.zero_state(tf.shape(source_ids)[0], tf.float32)
        projection = tf.layers.Dense(VOCAB, use_bias=False, name="output_projection")
        decoder = seq2seq.BasicDecoder(decoder_cell, helper, initial, output_layer=projection)
        outputs, _, _ = seq2seq.dynamic_decode(decoder)
    weights = tf.sequence_mask(target_lengths, dtype=tf.float32)
    loss = seq2seq.sequence_loss(outputs.rnn_output, target_ids, weights)
    logits = tf.nn.dropout(outputs.rnn_output, keep_prob)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    return tf.to_float(tf.argmax(logits, -1)), train_op
