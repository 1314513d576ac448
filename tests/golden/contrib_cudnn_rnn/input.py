"""tf.contrib.cudnn_rnn: the cuDNN layers and compatible cells through the public module, from-imports,
the private layers path and a subclass; saveables keep a TODO."""
import tensorflow as tf
from tensorflow.contrib import cudnn_rnn
from tensorflow.contrib.cudnn_rnn import CudnnCompatibleGRUCell, CudnnGRU
from tensorflow.contrib.cudnn_rnn.python.layers import cudnn_rnn as cudnn_layers
from tensorflow.contrib.cudnn_rnn.python.ops import cudnn_rnn_ops
from tensorflow.contrib.cudnn_rnn.python.ops.cudnn_rnn_ops import CudnnCompatibleLSTMCell


class Encoder(tf.contrib.cudnn_rnn.CudnnLSTM):
    """A user encoder over the cuDNN LSTM."""

    def __init__(self, units):
        super(Encoder, self).__init__(2, units, direction="bidirectional")


def encode(inputs, lengths, training):
    outputs, (h, c) = Encoder(128)(inputs, sequence_lengths=lengths, training=training)
    gru_outputs, _ = CudnnGRU(1, 64)(outputs, training=training)
    tanh_outputs, _ = cudnn_rnn.CudnnRNNTanh(1, 32)(gru_outputs)
    relu_outputs, _ = cudnn_layers.CudnnRNNRelu(1, 32, dropout=0.1)(tanh_outputs)
    return relu_outputs


def cpu_inference_cell(num_layers, units):
    cells = [CudnnCompatibleLSTMCell(units) for _ in range(num_layers)]
    cells.append(CudnnCompatibleGRUCell(units))
    cells.append(cudnn_rnn_ops.CudnnCompatibleLSTMCell(units))
    cells.append(tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell(units, kernel_initializer=None))
    return tf.nn.rnn_cell.MultiRNNCell(cells)


def save_opaque(params):
    return tf.contrib.cudnn_rnn.CudnnLSTMSaveable(params, 2, 128, 64)


def plain_rnns(inputs):
    tanh_outputs, _ = tf.contrib.cudnn_rnn.CudnnRNNTanh(1, 32)(inputs)
    return tf.contrib.cudnn_rnn.CudnnRNNRelu(1, 32)(tanh_outputs)


def opaque_to_canonical(params):
    converter = tf.contrib.cudnn_rnn.CudnnParamsFormatConverterLSTM(2, 128, 64)
    return converter.opaque_to_tf_canonical(params)


def opaque_buffer_size(num_units, input_size):
    return cudnn_rnn_ops.cudnn_rnn_opaque_params_size("lstm", 1, num_units, input_size)
