# A TODO written above a file's first statement (libcst keeps it in Module.header) is not written twice.
import tensorflow.contrib.layers as layers

net = layers.batch_norm(1)
