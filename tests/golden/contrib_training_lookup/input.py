"""tensorflow/nmt-style hyperparameters and vocabulary tables: tf.contrib.training / tf.contrib.lookup."""
import tensorflow as tf
from tensorflow.contrib import lookup
from tensorflow.contrib.training import HParams
from tensorflow.contrib.training.python.training import hparam
import tensorflow.contrib.lookup as lookup_ops
from tensorflow.contrib.lookup import index_to_string_table_from_file, KeyValueTensorInitializer
from tensorflow.contrib.lookup.lookup_ops import MutableDenseHashTable
import tensorflow.contrib.training as contrib_training

UNK_ID = 0


class ModelHParams(tf.contrib.training.HParams):
    """A project's own subclass of HParams."""

    def scaled_learning_rate(self):
        return self.learning_rate * self.batch_size


def create_hparams(flags):
    hparams = tf.contrib.training.HParams(
        learning_rate=1.0,
        num_units=32,
        src_vocab_file=flags.src_vocab_file,
    )
    hparams.parse(flags.hparams)
    defaults = HParams(beam_width=4)
    private = hparam.HParams(batch_size=128)
    overrides = tf.contrib.training.parse_values(flags.hparams, {"num_units": int})
    aliased = contrib_training.HParams(dropout=0.2)
    return hparams, defaults, private, overrides, aliased


def create_vocab_tables(src_vocab_file, tgt_vocab_file, share_vocab=False):
    src_vocab_table = tf.contrib.lookup.index_table_from_file(src_vocab_file, default_value=UNK_ID)
    if share_vocab:
        tgt_vocab_table = src_vocab_table
    else:
        tgt_vocab_table = lookup.index_table_from_file(tgt_vocab_file, default_value=UNK_ID)
    return src_vocab_table, tgt_vocab_table


def create_reverse_table(tgt_vocab_file, words):
    reverse = index_to_string_table_from_file(tgt_vocab_file, default_value="<unk>")
    from_tensor = tf.contrib.lookup.index_to_string_table_from_tensor(mapping=words)
    ids = tf.contrib.lookup.index_table_from_tensor(mapping=words, num_oov_buckets=1)
    return reverse, from_tensor, ids


def create_tables(keys, values):
    table = lookup_ops.HashTable(KeyValueTensorInitializer(keys, values), -1)
    bucketed = tf.contrib.lookup.IdTableWithHashBuckets(
        tf.contrib.lookup.HashTable(lookup_ops.KeyValueTensorInitializer(keys, values), -1),
        num_oov_buckets=3,
        hasher_spec=tf.contrib.lookup.StrongHashSpec([7, 11]),
    )
    mutable = tf.contrib.lookup.MutableHashTable(tf.string, tf.int64, default_value=-1)
    dense = MutableDenseHashTable(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1)
    return table, bucketed, mutable, dense


class VocabTable(tf.contrib.lookup.LookupInterface):
    pass


hparam_def = tf.contrib.training.HParamDef()
batches = tf.contrib.training.bucket_by_sequence_length(1, 2, 3, 4, 5)
