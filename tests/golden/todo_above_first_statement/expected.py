# A TODO written above a file's first statement (libcst keeps it in Module.header) is not written twice.
# TODO(tf-migrate): S2S900 tf.contrib.metrics has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
import tensorflow.contrib.metrics as metrics

# TODO(tf-migrate): S2S900 tf.contrib.metrics.streaming_mean has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
net = metrics.streaming_mean(1)
