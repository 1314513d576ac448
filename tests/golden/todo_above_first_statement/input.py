# A TODO written above a file's first statement (libcst keeps it in Module.header) is not written twice.
import tensorflow.contrib.metrics as metrics

net = metrics.streaming_mean(1)
