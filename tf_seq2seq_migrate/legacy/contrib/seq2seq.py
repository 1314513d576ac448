"""``tf.contrib.seq2seq`` under the emulation: the runtime's implementation, TF1 names in graph mode."""

from tf_seq2seq_migrate.runtime.seq2seq import *  # noqa: F401,F403  (the whole public namespace)
from tf_seq2seq_migrate.runtime.seq2seq import attention_wrapper, basic_decoder, beam_search_decoder  # noqa: F401
from tf_seq2seq_migrate.runtime.seq2seq import beam_search_ops, decoder, helper, loss  # noqa: F401
