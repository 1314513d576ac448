"""``tf.contrib.data`` under the emulation: TF 1.15's input-pipeline transformations.

Most contrib.data names live on in TF 2 as ``tf.data.experimental.<same name>`` with TF 1.15's
signatures and results (group_by_window, bucket_by_sequence_length, shuffle_and_repeat, map_and_batch,
parallel_interleave, prefetch_to_device, unbatch, ...), and are served from there. The ones TF 2 dropped
come from ``runtime.data`` (batch_and_drop_remainder, padded_batch_and_drop_remainder,
sloppy_interleave) or are TF 2's v1 spellings (``Iterator``, ``parse_single_example``). Anything else
TF 1.15 had there (LMDBDataset, read_batch_features, sliding_window_batch, stats, ...) raises an
AttributeError that says it is out of scope.
"""

from __future__ import annotations

import tensorflow as tf

from tf_seq2seq_migrate.runtime.data import (  # noqa: F401
    batch_and_drop_remainder,
    padded_batch_and_drop_remainder,
    sloppy_interleave,
)

# TF 1.15's tf.contrib.data members that TF 2.21 has under tf.data.experimental with the same name.
_EXPERIMENTAL = (
    "AUTOTUNE", "Counter", "CsvDataset", "Optional", "RandomDataset", "Reducer", "SqlDataset", "TFRecordWriter",
    "bucket_by_sequence_length", "choose_from_datasets", "copy_to_device", "dense_to_sparse_batch",
    "enumerate_dataset", "get_next_as_optional", "get_single_element", "group_by_reducer", "group_by_window",
    "ignore_errors", "make_batched_features_dataset", "make_csv_dataset", "make_saveable_from_iterator",
    "map_and_batch", "parallel_interleave", "parse_example_dataset", "prefetch_to_device", "rejection_resample",
    "sample_from_datasets", "scan", "shuffle_and_repeat", "unbatch", "unique",
)

Iterator = tf.compat.v1.data.Iterator
parse_single_example = tf.io.parse_single_example  # contrib.data aliased the v2 signature


def __getattr__(name):
    if name in _EXPERIMENTAL:
        return getattr(tf.data.experimental, name)
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.data.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.data it provides the transformations TF 2 keeps in tf.data.experimental, "
                         "batch_and_drop_remainder, padded_batch_and_drop_remainder, sloppy_interleave, Iterator "
                         "and parse_single_example.")


def __dir__():
    return sorted(set(globals()) | set(_EXPERIMENTAL))
