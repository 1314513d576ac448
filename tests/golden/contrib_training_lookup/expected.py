"""tensorflow/nmt-style hyperparameters and vocabulary tables: tf.contrib.training / tf.contrib.lookup."""
import tensorflow as tf
from tf_seq2seq_migrate.runtime import lookup
from tf_seq2seq_migrate.runtime.hparams import HParams
import tf_seq2seq_migrate.runtime.lookup as lookup_ops
from tf_seq2seq_migrate.runtime.lookup import index_to_string_table_from_file, KeyValueTensorInitializer
from tf_seq2seq_migrate.runtime.lookup import MutableDenseHashTable
from tf_seq2seq_migrate.runtime import hparams as tfm_hparams

UNK_ID = 0


class ModelHParams(tfm_hparams.HParams):
    """A project's own subclass of HParams."""

    def scaled_learning_rate(self):
        return self.learning_rate * self.batch_size


def create_hparams(flags):
    hparams = tfm_hparams.HParams(
        learning_rate=1.0,
        num_units=32,
        src_vocab_file=flags.src_vocab_file,
    )
    hparams.parse(flags.hparams)
    defaults = HParams(beam_width=4)
    private = tfm_hparams.HParams(batch_size=128)
    overrides = tfm_hparams.parse_values(flags.hparams, {"num_units": int})
    aliased = tfm_hparams.HParams(dropout=0.2)
    return hparams, defaults, private, overrides, aliased


def create_vocab_tables(src_vocab_file, tgt_vocab_file, share_vocab=False):
    src_vocab_table = lookup.index_table_from_file(src_vocab_file, default_value=UNK_ID)
    if share_vocab:
        tgt_vocab_table = src_vocab_table
    else:
        tgt_vocab_table = lookup.index_table_from_file(tgt_vocab_file, default_value=UNK_ID)
    return src_vocab_table, tgt_vocab_table


def create_reverse_table(tgt_vocab_file, words):
    reverse = index_to_string_table_from_file(tgt_vocab_file, default_value="<unk>")
    from_tensor = lookup.index_to_string_table_from_tensor(mapping=words)
    ids = lookup.index_table_from_tensor(mapping=words, num_oov_buckets=1)
    return reverse, from_tensor, ids


def create_tables(keys, values):
    table = lookup_ops.HashTable(KeyValueTensorInitializer(keys, values), -1)
    bucketed = lookup.IdTableWithHashBuckets(
        lookup.HashTable(lookup_ops.KeyValueTensorInitializer(keys, values), -1),
        num_oov_buckets=3,
        hasher_spec=lookup.StrongHashSpec([7, 11]),
    )
    mutable = lookup.MutableHashTable(tf.string, tf.int64, default_value=-1)
    dense = MutableDenseHashTable(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1)
    return table, bucketed, mutable, dense


# TODO(tf-migrate): S2S420 tf.contrib.lookup.LookupInterface is a table base class TF 2 no longer exports: port a subclass by hand (onto tf.lookup.StaticHashTable, or a tf.lookup.KeyValueTensorInitializer / TextFileInitializer subclass)
class VocabTable(tf.contrib.lookup.LookupInterface):
    pass


# TODO(tf-migrate): S2S432 tf.contrib.training.HParamDef (the HParams protocol buffer) is not ported: save and load hyperparameters with HParams.to_json() / parse_json() instead
hparam_def = tf.contrib.training.HParamDef()
# TODO(tf-migrate): S2S900 tf.contrib.training.bucket_by_sequence_length has no TF2 rewrite in tf-migrate (tf.contrib is gone in TF2); port it by hand
batches = tf.contrib.training.bucket_by_sequence_length(1, 2, 3, 4, 5)
