"""TF 1.15's ``tf.contrib.seq2seq`` on TF2 + Keras 3, module split as in contrib.

One import block per contrib module, so engineers adding a module do not edit the same lines.
"""

# attention_wrapper
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import AttentionMechanism
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import AttentionWrapper
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import AttentionWrapperState
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import BahdanauAttention
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import BahdanauMonotonicAttention
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import LuongAttention
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import LuongMonotonicAttention
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import hardmax
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import monotonic_attention
from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import safe_cumprod

# decoder
from tf_seq2seq_migrate.runtime.seq2seq.decoder import Decoder
from tf_seq2seq_migrate.runtime.seq2seq.decoder import dynamic_decode

# helper
from tf_seq2seq_migrate.runtime.seq2seq.helper import CustomHelper
from tf_seq2seq_migrate.runtime.seq2seq.helper import GreedyEmbeddingHelper
from tf_seq2seq_migrate.runtime.seq2seq.helper import Helper
from tf_seq2seq_migrate.runtime.seq2seq.helper import InferenceHelper
from tf_seq2seq_migrate.runtime.seq2seq.helper import SampleEmbeddingHelper
from tf_seq2seq_migrate.runtime.seq2seq.helper import ScheduledEmbeddingTrainingHelper
from tf_seq2seq_migrate.runtime.seq2seq.helper import ScheduledOutputTrainingHelper
from tf_seq2seq_migrate.runtime.seq2seq.helper import TrainingHelper

# basic_decoder
from tf_seq2seq_migrate.runtime.seq2seq.basic_decoder import BasicDecoder
from tf_seq2seq_migrate.runtime.seq2seq.basic_decoder import BasicDecoderOutput

# beam_search_decoder (+ beam_search_ops)
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_decoder import BeamSearchDecoder
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_decoder import BeamSearchDecoderOutput
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_decoder import BeamSearchDecoderState
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_decoder import FinalBeamSearchDecoderOutput
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_decoder import gather_tree_from_array
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_decoder import tile_batch
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_ops import gather_tree

# loss
from tf_seq2seq_migrate.runtime.seq2seq.loss import SequenceLoss
from tf_seq2seq_migrate.runtime.seq2seq.loss import sequence_loss
