"""Code already spelled through tf.compat.v1: the TF1 API stays, names that fail on Keras 3 move."""
import tensorflow as tf
from tensorflow.compat.v1 import placeholder
from tf_seq2seq_migrate.runtime.layers import dense
from tf_seq2seq_migrate.runtime.rnn import GRUCell
from tf_seq2seq_migrate.runtime import layers
from tf_seq2seq_migrate.runtime import rnn

tf.compat.v1.disable_eager_execution()

x = tf.compat.v1.placeholder(tf.float32, [None, 4])
y = placeholder(tf.float32, [None, 4])
kept = tf.compat.v1.nn.dropout(x, 0.5)
cell = rnn.LSTMCell(8)
gru = GRUCell(8)
h = layers.Dense(3)(x)
g = dense(y, 3)
opt = tf.compat.v1.train.GradientDescentOptimizer(0.1)
session = tf.compat.v1.Session()
