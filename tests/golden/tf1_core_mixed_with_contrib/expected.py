"""An encoder-decoder with attention: contrib seq2seq and the TF1 core API in one file."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq
from tf_seq2seq_migrate.runtime import layers
from tf_seq2seq_migrate.runtime import rnn

VOCAB = 32


def build(source_ids, source_lengths, target_ids, target_lengths, keep_prob):
    embedding = tf.compat.v1.get_variable("embedding", [VOCAB, 16])
    source = tf.nn.embedding_lookup(embedding, source_ids)
    with tf.compat.v1.variable_scope("encoder"):
        cell = rnn.LSTMCell(16)
        cell = rnn.DropoutWrapper(cell, output_keep_prob=keep_prob)
        memory, state = rnn.dynamic_rnn(cell, source, source_lengths, dtype=tf.float32)
    with tf.compat.v1.variable_scope("decoder"):
        mechanism = seq2seq.LuongAttention(16, memory, memory_sequence_length=source_lengths)
        decoder_cell = seq2seq.AttentionWrapper(rnn.GRUCell(16), mechanism)
        helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, target_ids), target_lengths)
        initial = decoder_cell.zero_state(tf.shape(source_ids)[0], tf.float32)
        projection = layers.Dense(VOCAB, use_bias=False, name="output_projection")
        decoder = seq2seq.BasicDecoder(decoder_cell, helper, initial, output_layer=projection)
        outputs, _, _ = seq2seq.dynamic_decode(decoder)
    weights = tf.sequence_mask(target_lengths, dtype=tf.float32)
    loss = seq2seq.sequence_loss(outputs.rnn_output, target_ids, weights)
    logits = tf.nn.dropout(outputs.rnn_output, rate=1 - (keep_prob))
    train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)
    return tf.cast(tf.argmax(logits, -1), dtype=tf.float32), train_op
