"""``tf.contrib.cudnn_rnn`` under the emulation: the runtime's cuDNN layers and compatible cells.

They keep TF 1.15's signatures and canonical variable names and run on a CPU (a stack of cells, not
cuDNN). The opaque-buffer machinery (``Cudnn*Saveable``, ``CudnnParamsFormatConverter*``) has no
counterpart and is refused, like the rewrite's S2S457 / S2S458.
"""

from tf_seq2seq_migrate.runtime.cudnn_rnn import (  # noqa: F401
    CudnnCompatibleGRUCell,
    CudnnCompatibleLSTMCell,
    CudnnGRU,
    CudnnLSTM,
    CudnnRNNRelu,
    CudnnRNNTanh,
)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.cudnn_rnn.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.cudnn_rnn it provides CudnnLSTM, CudnnGRU, CudnnRNNTanh, CudnnRNNRelu, "
                         "CudnnCompatibleLSTMCell and CudnnCompatibleGRUCell (their variables are the canonical "
                         "ones), not the opaque-buffer saveables and format converters.")
