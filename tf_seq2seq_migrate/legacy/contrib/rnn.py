"""``tf.contrib.rnn`` under the emulation.

The cells TF 1.15 also had under ``tf.nn.rnn_cell`` are tf_keras's legacy cells: TF1's real code, the
same classes ``tf.nn.rnn_cell`` gives. The contrib-only cells the runtime implements
(``LayerNormBasicLSTMCell``, the core_rnn_cell wrappers, the conv and grid LSTMs, the LSTM variants
such as ``NASCell``, ``GLSTMCell`` and ``LayerNormLSTMCell``) and
``stack_bidirectional_*`` come from the runtime, as do the RNN/GRU variants and wrappers (``SRUCell``,
``AttentionCellWrapper``, ...); the runtime accepts the tf_keras cells wherever contrib
accepted an RNNCell.
"""

import tensorflow as tf
from tensorflow.python.ops import rnn as _tf1_rnn
from tf_keras.src.layers.rnn.legacy_cells import LayerRNNCell  # noqa: F401  (not exported by tf.nn.rnn_cell)

from tf_seq2seq_migrate.runtime.rnn import (  # noqa: F401
    BidirectionalGridLSTMCell,
    Conv1DLSTMCell,
    Conv2DLSTMCell,
    Conv3DLSTMCell,
    ConvLSTMCell,
    CoupledInputForgetGateLSTMCell,
    EmbeddingWrapper,
    GLSTMCell,
    GridLSTMCell,
    IndyLSTMCell,
    InputProjectionWrapper,
    LayerNormBasicLSTMCell,
    LayerNormLSTMCell,
    NASCell,
    OutputProjectionWrapper,
    PhasedLSTMCell,
    TimeFreqLSTMCell,
    stack_bidirectional_dynamic_rnn,
    stack_bidirectional_rnn,
)
from tf_seq2seq_migrate.runtime.rnn import (  # noqa: F401  (block and fused cells: TF1's kernels, see lstm_ops)
    FusedRNNCell,
    FusedRNNCellAdaptor,
    GRUBlockCell,
    GRUBlockCellV2,
    LSTMBlockCell,
    LSTMBlockFusedCell,
    LSTMBlockWrapper,
    TimeReversedFusedRNN,
)
from tf_seq2seq_migrate.runtime.rnn import (  # noqa: F401  (RNN/GRU variants and wrappers)
    AttentionCellWrapper,
    CFNCell,
    CompiledWrapper,
    HighwayWrapper,
    IndRNNCell,
    IndyGRUCell,
    IntersectionRNNCell,
    MinimalRNNCell,
    SRUCell,
    UGRNNCell,
)

_rnn_cell = tf.compat.v1.nn.rnn_cell
RNNCell = _rnn_cell.RNNCell
BasicRNNCell = _rnn_cell.BasicRNNCell
BasicLSTMCell = _rnn_cell.BasicLSTMCell
LSTMCell = _rnn_cell.LSTMCell
GRUCell = _rnn_cell.GRUCell
LSTMStateTuple = _rnn_cell.LSTMStateTuple
MultiRNNCell = _rnn_cell.MultiRNNCell
DropoutWrapper = _rnn_cell.DropoutWrapper
ResidualWrapper = _rnn_cell.ResidualWrapper
DeviceWrapper = _rnn_cell.DeviceWrapper

static_rnn = tf.compat.v1.nn.static_rnn
static_bidirectional_rnn = tf.compat.v1.nn.static_bidirectional_rnn
static_state_saving_rnn = tf.compat.v1.nn.static_state_saving_rnn
transpose_batch_time = _tf1_rnn._transpose_batch_time
best_effort_input_batch_size = _tf1_rnn._best_effort_input_batch_size

# TF 1.15 contrib.rnn names the emulation does not provide (neither the runtime nor TF 2 has them).
_NOT_PROVIDED = frozenset({"NTMCell"})


def __getattr__(name):
    if name in _NOT_PROVIDED:
        raise AttributeError(f"tf.contrib.rnn.{name} is out of scope for tf-migrate's TF1 emulation (neither "
                             "TensorFlow 2 nor tf-migrate's runtime implements it); the emulation's contrib.rnn "
                             "has every other TF 1.15 contrib.rnn cell, wrapper and function.")
    raise AttributeError(f"module 'tensorflow.contrib.rnn' has no attribute {name!r}")
