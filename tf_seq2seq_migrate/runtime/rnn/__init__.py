"""TF 1.15's ``tf.contrib.rnn`` / ``tf.nn.rnn_cell`` cells and RNN functions on TF2 + Keras 3.

Module split as in TF 1.15: ``rnn_cell_impl`` (core cells and wrappers), ``core_rnn_cell`` (projection
and embedding wrappers), ``contrib_rnn_cell`` (``LayerNormBasicLSTMCell``), ``rnn`` (``dynamic_rnn`` and
friends) and ``keras_cells`` (:func:`as_rnn_cell`, so Keras 3 cells are accepted wherever a cell is).

The block cells on TF1's fused kernels keep contrib's module names: ``lstm_ops`` (``LSTMBlockCell``,
``LSTMBlockFusedCell``), ``gru_ops`` (``GRUBlockCell``, ``GRUBlockCellV2``) and ``fused_rnn_cell``.
"""

from tf_seq2seq_migrate.runtime.rnn.contrib_conv_grid_cells import (
    BidirectionalGridLSTMCell,
    Conv1DLSTMCell,
    Conv2DLSTMCell,
    Conv3DLSTMCell,
    ConvLSTMCell,
    GridLSTMCell,
)
from tf_seq2seq_migrate.runtime.rnn.contrib_lstm_cells import (
    CoupledInputForgetGateLSTMCell,
    GLSTMCell,
    IndyLSTMCell,
    LayerNormLSTMCell,
    NASCell,
    PhasedLSTMCell,
    TimeFreqLSTMCell,
)
from tf_seq2seq_migrate.runtime.rnn.contrib_rnn_cell import LayerNormBasicLSTMCell
from tf_seq2seq_migrate.runtime.rnn.contrib_rnn_cells import (
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
    _linear,
    _zero_state_tensors,
    best_effort_input_batch_size,
    transpose_batch_time,
)
from tf_seq2seq_migrate.runtime.rnn.core_rnn_cell import (
    EmbeddingWrapper,
    InputProjectionWrapper,
    OutputProjectionWrapper,
)
from tf_seq2seq_migrate.runtime.rnn.fused_rnn_cell import FusedRNNCell, FusedRNNCellAdaptor, TimeReversedFusedRNN
from tf_seq2seq_migrate.runtime.rnn.gru_ops import GRUBlockCell, GRUBlockCellV2
from tf_seq2seq_migrate.runtime.rnn.lstm_ops import LSTMBlockCell, LSTMBlockFusedCell, LSTMBlockWrapper
from tf_seq2seq_migrate.runtime.rnn.rnn import (
    bidirectional_dynamic_rnn,
    dynamic_rnn,
    stack_bidirectional_dynamic_rnn,
    stack_bidirectional_rnn,
    static_bidirectional_rnn,
    static_rnn,
    static_state_saving_rnn,
)
from tf_seq2seq_migrate.runtime.rnn.keras_cells import KerasCellAdapter, _like_rnncell, as_rnn_cell, assert_like_rnncell
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import (
    BasicLSTMCell,
    BasicRNNCell,
    DeviceWrapper,
    DropoutWrapper,
    GRUCell,
    LayerRNNCell,
    LSTMCell,
    LSTMStateTuple,
    MultiRNNCell,
    ResidualWrapper,
    RNNCell,
)

__all__ = [
    "RNNCell", "LayerRNNCell", "LSTMStateTuple", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
    "MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper",
    "EmbeddingWrapper", "InputProjectionWrapper", "OutputProjectionWrapper", "LayerNormBasicLSTMCell",
    "CoupledInputForgetGateLSTMCell", "TimeFreqLSTMCell", "NASCell", "PhasedLSTMCell", "GLSTMCell",
    "LayerNormLSTMCell", "IndyLSTMCell",
    "dynamic_rnn", "bidirectional_dynamic_rnn", "static_rnn", "static_bidirectional_rnn",
    "static_state_saving_rnn", "stack_bidirectional_rnn", "stack_bidirectional_dynamic_rnn",
    "as_rnn_cell", "KerasCellAdapter", "assert_like_rnncell",
    "UGRNNCell", "IntersectionRNNCell", "SRUCell", "IndRNNCell", "IndyGRUCell", "MinimalRNNCell", "CFNCell",
    "AttentionCellWrapper", "HighwayWrapper", "CompiledWrapper", "transpose_batch_time",
    "best_effort_input_batch_size", "_linear", "_zero_state_tensors", "_like_rnncell",
    "ConvLSTMCell", "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell", "GridLSTMCell",
    "BidirectionalGridLSTMCell",
    "LSTMBlockCell", "LSTMBlockWrapper", "LSTMBlockFusedCell", "GRUBlockCell", "GRUBlockCellV2",
    "FusedRNNCell", "FusedRNNCellAdaptor", "TimeReversedFusedRNN",
]
