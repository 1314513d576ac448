"""A call left alone with a TODO whose arguments are still rewritten keeps its finding on the call."""
import tensorflow as tf


def build(x):
    # TODO(tf-migrate): S2S250 tf.contrib.layers.xavier_initializer(uniform=False) has no exact TF2 equivalent (tf.compat.v1.glorot_uniform_initializer covers only the default); port this call by hand
    init = tf.contrib.layers.xavier_initializer(False, tf.compat.v1.placeholder(tf.int32))
    # TODO(tf-migrate): S2S782 tf.nn.seq2seq.sequence_loss(softmax_loss_function=lambda a, b: tf.cast(a, dtype=tf.float32)) cannot be rewritten as it is: TF 0.x called softmax_loss_function(logit, target) positionally, TF 1.x (tf.contrib.legacy_seq2seq, and the runtime) calls softmax_loss_function(labels=target, logits=logit); make the function take those keywords and call tf.contrib.legacy_seq2seq's function of the same name, then run tf-migrate again
    loss = tf.nn.seq2seq.sequence_loss([x], [x], [x], softmax_loss_function=lambda a, b: tf.cast(a, dtype=tf.float32))
    # TODO(tf-migrate): S2S250 tf.contrib.layers.xavier_initializer(dtype=tf.cast(x, dtype=tf.float32).dtype) has no exact TF2 equivalent (tf.compat.v1.glorot_uniform_initializer covers only the default); port this call by hand
    init2 = tf.contrib.layers.xavier_initializer(True, 3, tf.cast(x, dtype=tf.float32).dtype)
    return init, init2, loss
