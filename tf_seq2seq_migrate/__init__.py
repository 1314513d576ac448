"""tf-seq2seq-migrate: move TensorFlow 1 seq2seq code onto TensorFlow 2, with numerical proof.

The rewriter (``api``, ``engine``, ``rules``, ``cli``) never imports TensorFlow. The runtime that
rewritten code imports lives in :mod:`tf_seq2seq_migrate.runtime`.
"""

__version__ = "0.1.0"
