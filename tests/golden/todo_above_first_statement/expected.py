# A TODO written above a file's first statement (libcst keeps it in Module.header) is not written twice.
# TODO(tf-migrate): S2S900 tf.contrib.layers has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
import tensorflow.contrib.layers as layers

# TODO(tf-migrate): S2S900 tf.contrib.layers.batch_norm has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
net = layers.batch_norm(1)
