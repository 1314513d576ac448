import functools

import tensorflow as tf
from tf_seq2seq_migrate.runtime import seq2seq


class MyHelper(seq2seq.TrainingHelper):
    """Subclasses keep working: the runtime keeps the base classes."""


@functools.lru_cache(maxsize=seq2seq.BasicDecoder and 4)
def make(decoder_cls=seq2seq.BasicDecoder, *, fn=lambda d: seq2seq.dynamic_decode(d)):
    return [decoder_cls for _ in range(2)], fn, f"{seq2seq.AttentionWrapper.__name__}"
