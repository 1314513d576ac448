"""contrib.rnn conv LSTMs and grid LSTMs, through the public name, from-imports, the private module path and a subclass."""
import tensorflow as tf
from tensorflow.contrib import rnn as contrib_rnn
from tensorflow.contrib.rnn import Conv2DLSTMCell, GridLSTMCell
from tensorflow.contrib.rnn.python.ops import rnn_cell as contrib_rnn_cell
from tensorflow.contrib.rnn.python.ops.rnn_cell import BidirectionalGridLSTMCell, Conv3DLSTMCell


class FrameLSTMCell(tf.contrib.rnn.ConvLSTMCell):
    """A 2-D conv LSTM with a fixed 3x3 kernel."""

    def __init__(self, input_shape, output_channels):
        super(FrameLSTMCell, self).__init__(2, input_shape, output_channels, [3, 3])


def video_encoder(frames, lengths):
    cell = Conv2DLSTMCell(input_shape=[32, 32, 3], output_channels=16, kernel_shape=[3, 3])
    outputs, state = tf.nn.dynamic_rnn(cell, frames, sequence_length=lengths, dtype=tf.float32)
    frame_cell = FrameLSTMCell([32, 32, 16], 8)
    return outputs, state, frame_cell


def sequence_cells():
    waveform = tf.contrib.rnn.Conv1DLSTMCell(input_shape=[100, 1], output_channels=4, kernel_shape=[5])
    stereo = contrib_rnn.Conv1DLSTMCell(input_shape=[100, 2], output_channels=4, kernel_shape=[5],
                                       skip_connection=True)
    image = contrib_rnn_cell.ConvLSTMCell(2, [16, 16, 1], 4, [5, 5], forget_bias=0.0)
    volume = Conv3DLSTMCell(input_shape=[8, 16, 16, 1], output_channels=4, kernel_shape=[3, 3, 3], use_bias=False)
    return waveform, stereo, image, volume


def spectrogram_cells(units):
    grid = GridLSTMCell(units, use_peepholes=True, feature_size=8, frequency_skip=4, num_frequency_blocks=[9])
    both = BidirectionalGridLSTMCell(units, feature_size=8, frequency_skip=4, num_frequency_blocks=[9],
                                     backward_slice_offset=2)
    coupled = tf.contrib.rnn.GridLSTMCell(units, couple_input_forget_gates=True, feature_size=8,
                                          frequency_skip=4, num_frequency_blocks=[9], state_is_tuple=False)
    return grid, both, coupled, grid.state_tuple_type
