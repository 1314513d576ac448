"""The contrib.rnn cell tf-migrate does not port (NTMCell): each use keeps a TODO with what to do instead,
and the rest of the file is still converted."""
import tensorflow as tf
# TODO(tf-migrate): S2S187 tf.contrib.rnn.NTMCell (a Neural Turing Machine cell) has no TF2 equivalent in tf-migrate: keep the TF1 model under tf_keras or port the cell by hand as a runtime rnn.LayerRNNCell subclass, then check its variable names before restoring a TF1 checkpoint
from tensorflow.contrib.rnn import NTMCell
from tf_seq2seq_migrate.runtime import rnn


def memory_cells(units, controller):
    # TODO(tf-migrate): S2S187 tf.contrib.rnn.NTMCell (a Neural Turing Machine cell) has no TF2 equivalent in tf-migrate: keep the TF1 model under tf_keras or port the cell by hand as a runtime rnn.LayerRNNCell subclass, then check its variable names before restoring a TF1 checkpoint
    cell = tf.contrib.rnn.NTMCell(controller, memory_size=128, memory_vector_dim=20, read_head_num=1,
                                  write_head_num=1)
    other = NTMCell(controller, 128, 20, 1, 1)
    return cell, other, rnn.GRUCell(units)
