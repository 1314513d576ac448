"""Continuation lines aligned with a renamed call's bracket follow it; other layouts stay as written."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import rnn


def build_cell(cell, device, num_units, keep_prob):
    cell = rnn.DeviceWrapper(cell,
                             device)
    if keep_prob < 1.0:
        cell = rnn.DropoutWrapper(cell=cell,
                                  input_keep_prob=keep_prob,  # why: TF1 default
                                  output_keep_prob=1.0)
    longer = rnn.LSTMCell(num_units,
                          initializer=tf.compat.v1.glorot_uniform_initializer(),
                          forget_bias=1.0)
    hanging = rnn.DeviceWrapper(
        cell, device)
    ragged = rnn.DeviceWrapper(cell,
                                            device)
    nested = rnn.DeviceWrapper(rnn.GRUCell(num_units,
                                           name="gru"),
                               device)
    text = rnn.DeviceWrapper(cell, """a
                                        b""")
    return cell, longer, hanging, ragged, nested, text


def wrapped(cell, keep_prob):
    return rnn.ResidualWrapper(rnn.DropoutWrapper(cell,
                                                  rnn.GRUCell(2),
                                                  keep_prob))
