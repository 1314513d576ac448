"""A TF 1.15 attention seq2seq model, unmodified TF1 code (fixture format: build(inputs, mode))."""
import tensorflow as tf
from tensorflow.contrib import seq2seq

VOCAB = 11
UNITS = 6


def build(inputs, mode):
    src, src_len = inputs["src"], inputs["src_len"]
    batch = tf.shape(src)[0]
    embedding = tf.get_variable("embedding", [VOCAB, 5])
    with tf.variable_scope("encoder"):
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
        memory, state = tf.nn.dynamic_rnn(cell, tf.nn.embedding_lookup(embedding, src),
                                          sequence_length=src_len, dtype=tf.float32)
    projection = tf.layers.Dense(VOCAB, name="output_projection")
    with tf.variable_scope("decoder") as scope:
        mechanism = seq2seq.LuongAttention(UNITS, memory, memory_sequence_length=src_len, scale=True)
        attention_cell = seq2seq.AttentionWrapper(tf.contrib.rnn.LSTMCell(UNITS), mechanism,
                                                  attention_layer_size=UNITS)
        initial = attention_cell.zero_state(batch, tf.float32).clone(cell_state=state)
        if mode == "train":
            helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, src), src_len)
        else:
            helper = seq2seq.GreedyEmbeddingHelper(embedding, tf.fill([batch], 1), 2)
        decoder = seq2seq.BasicDecoder(attention_cell, helper, initial, output_layer=projection)
        outputs, final_state, lengths = seq2seq.dynamic_decode(decoder, maximum_iterations=7, scope=scope)
    result = {"logits": outputs.rnn_output, "ids": outputs.sample_id, "lengths": lengths}
    if mode == "train":
        result["loss"] = seq2seq.sequence_loss(outputs.rnn_output, src, tf.sequence_mask(src_len, 7, tf.float32))
    return result
