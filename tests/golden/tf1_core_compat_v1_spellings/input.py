"""Code already spelled through tf.compat.v1: the TF1 API stays, names that fail on Keras 3 move."""
import tensorflow as tf
from tensorflow.compat.v1 import placeholder
from tensorflow.compat.v1.layers import dense
from tensorflow.compat.v1.nn.rnn_cell import GRUCell

tf.compat.v1.disable_eager_execution()

x = tf.compat.v1.placeholder(tf.float32, [None, 4])
y = placeholder(tf.float32, [None, 4])
kept = tf.compat.v1.nn.dropout(x, 0.5)
cell = tf.compat.v1.nn.rnn_cell.LSTMCell(8)
gru = GRUCell(8)
h = tf.compat.v1.layers.Dense(3)(x)
g = dense(y, 3)
opt = tf.compat.v1.train.GradientDescentOptimizer(0.1)
session = tf.compat.v1.Session()
