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
