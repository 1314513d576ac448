"""tf.contrib.cudnn_rnn: the cuDNN layers and compatible cells through the public module, from-imports,
the private layers path and a subclass; saveables keep a TODO."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import cudnn_rnn
from tf_seq2seq_migrate.runtime.cudnn_rnn import CudnnCompatibleGRUCell, CudnnGRU
from tf_seq2seq_migrate.runtime import cudnn_rnn as cudnn_layers
# TODO(tf-migrate): S2S459 tf.contrib.cudnn_rnn.python.ops.cudnn_rnn_ops is cuDNN's op-level API over an opaque parameter buffer (its CudnnLSTM/CudnnGRU take the buffer at call time), which has no TF 2 counterpart: use the layers of tf_seq2seq_migrate.runtime.cudnn_rnn (CudnnLSTM(num_layers, num_units, ...)) or its compatible cells
from tensorflow.contrib.cudnn_rnn.python.ops import cudnn_rnn_ops
from tf_seq2seq_migrate.runtime.cudnn_rnn import CudnnCompatibleLSTMCell
from tf_seq2seq_migrate.runtime import rnn


class Encoder(cudnn_rnn.CudnnLSTM):
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
    cells.append(cudnn_rnn.CudnnCompatibleLSTMCell(units))
    cells.append(cudnn_rnn.CudnnCompatibleGRUCell(units, kernel_initializer=None))
    return rnn.MultiRNNCell(cells)


def save_opaque(params):
    # TODO(tf-migrate): S2S457 tf.contrib.cudnn_rnn.CudnnLSTMSaveable converted cuDNN's opaque parameter buffer to canonical checkpoint tensors; the runtime's cudnn_rnn layers have no opaque buffer, their variables already carry those canonical names: remove the saveable and let tf.compat.v1.train.Saver (or tf_seq2seq_migrate.checkpoint) save the layer's variables
    return tf.contrib.cudnn_rnn.CudnnLSTMSaveable(params, 2, 128, 64)


def plain_rnns(inputs):
    tanh_outputs, _ = cudnn_rnn.CudnnRNNTanh(1, 32)(inputs)
    return cudnn_rnn.CudnnRNNRelu(1, 32)(tanh_outputs)


def opaque_to_canonical(params):
    # TODO(tf-migrate): S2S458 tf.contrib.cudnn_rnn.CudnnParamsFormatConverterLSTM converted between cuDNN's opaque parameter buffer and canonical weights on a GPU; there is no opaque buffer after migration (the runtime's cudnn_rnn layers keep the canonical weights as variables): read or assign those variables instead
    converter = tf.contrib.cudnn_rnn.CudnnParamsFormatConverterLSTM(2, 128, 64)
    return converter.opaque_to_tf_canonical(params)


def opaque_buffer_size(num_units, input_size):
    # TODO(tf-migrate): S2S459 tf.contrib.cudnn_rnn.python.ops.cudnn_rnn_ops.cudnn_rnn_opaque_params_size is cuDNN's op-level API over an opaque parameter buffer (its CudnnLSTM/CudnnGRU take the buffer at call time), which has no TF 2 counterpart: use the layers of tf_seq2seq_migrate.runtime.cudnn_rnn (CudnnLSTM(num_layers, num_units, ...)) or its compatible cells
    return cudnn_rnn_ops.cudnn_rnn_opaque_params_size("lstm", 1, num_units, input_size)
