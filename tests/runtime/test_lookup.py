"""runtime.lookup (TF 1.15's tf.contrib.lookup) eagerly, in tf.function and in v1 graph mode.

References: vocabulary ids are line numbers of files written here; out-of-vocabulary buckets are
recomputed with TF's raw hash-bucket kernels (tf.raw_ops.StringToHashBucketFast / StringToHashBucket /
StringToHashBucketStrong) plus the vocabulary size; TF 2's StaticVocabularyTable is checked to give the
same buckets; TF 2.21 still ships TF1's own table builders as private functions
(tensorflow.python.ops.lookup_ops.index_table_from_file / _from_tensor), which serve as an independent
reference for ids and for the graph's op names.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from tensorflow.python.ops import lookup_ops as tf1_lookup_ops

from tf_seq2seq_migrate.runtime import lookup

VOCAB = ["<unk>", "<s>", "</s>", "emerson", "lake", "palmer"]
QUERY = ["emerson", "and", "lake", "<s>", "king", "crimson", "palmer", "<unk>", "zzz"]


@pytest.fixture
def vocab_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("\n".join(VOCAB) + "\n")
    return str(path)


def fast_buckets(keys, num_buckets, offset):
    ids = tf.raw_ops.StringToHashBucketFast(input=tf.constant(keys), num_buckets=num_buckets)
    return ids.numpy() + offset


def expected_ids(keys, vocab, num_buckets, default_value=-1, buckets=None):
    """Line number for a vocabulary key; otherwise the bucket (raw kernel) or default_value."""
    buckets = fast_buckets(keys, num_buckets, len(vocab)) if num_buckets else None
    return np.array([vocab.index(k) if k in vocab else (buckets[i] if num_buckets else default_value)
                     for i, k in enumerate(keys)], np.int64)


# -- eager ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("num_oov_buckets", [0, 1, 5])
def test_index_table_from_file_eager(vocab_file, num_oov_buckets):
    table = lookup.index_table_from_file(vocab_file, num_oov_buckets=num_oov_buckets)
    ids = table.lookup(tf.constant(QUERY))
    assert ids.dtype == tf.int64
    np.testing.assert_array_equal(ids.numpy(), expected_ids(QUERY, VOCAB, num_oov_buckets))
    assert int(table.size()) == len(VOCAB) + num_oov_buckets


def test_fast_hash_buckets_equal_tf2_static_vocabulary_table(vocab_file):
    table = lookup.index_table_from_file(vocab_file, num_oov_buckets=7)
    tf2_table = tf.lookup.StaticVocabularyTable(
        tf.lookup.TextFileInitializer(vocab_file, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64,
                                      tf.lookup.TextFileIndex.LINE_NUMBER), num_oov_buckets=7)
    keys = tf.constant(QUERY + [f"word{i}" for i in range(50)])
    np.testing.assert_array_equal(table.lookup(keys).numpy(), tf2_table.lookup(keys).numpy())


def test_default_value_and_vocab_size(vocab_file):
    table = lookup.index_table_from_file(vocab_file, vocab_size=4, default_value=0)
    # vocab_size=4 reads the first four lines only
    np.testing.assert_array_equal(table.lookup(tf.constant(["emerson", "lake", "<s>", "x"])).numpy(), [3, 0, 1, 0])


def test_a_key_whose_id_is_the_default_value_goes_to_a_bucket_as_in_tf1(vocab_file):
    # TF1's IdTableWithHashBuckets compares ids with the table's default_value: with default_value=0
    # and buckets, the vocabulary's first word (id 0) is treated as a miss. TF 2's StaticVocabularyTable
    # compares with -1 and would keep id 0; TF1's own code (still in TF 2.21's lookup_ops) agrees with us.
    keys = ["<unk>", "lake", "nope"]
    table = lookup.index_table_from_file(vocab_file, num_oov_buckets=3, default_value=0)
    buckets = fast_buckets(keys, 3, len(VOCAB))
    np.testing.assert_array_equal(table.lookup(tf.constant(keys)).numpy(), [buckets[0], 4, buckets[2]])
    tf1_table = tf1_lookup_ops.index_table_from_file(vocab_file, num_oov_buckets=3, default_value=0)
    np.testing.assert_array_equal(table.lookup(tf.constant(keys)).numpy(), tf1_table.lookup(tf.constant(keys)).numpy())


@pytest.mark.parametrize(
    "hasher_spec, reference",
    [
        (lookup.HasherSpec("legacy", None),
         lambda keys, n: tf.raw_ops.StringToHashBucket(string_tensor=keys, num_buckets=n)),
        (lookup.StrongHashSpec([7, 11]),
         lambda keys, n: tf.raw_ops.StringToHashBucketStrong(input=keys, num_buckets=n, key=[7, 11])),
    ],
)
def test_other_hashers(hasher_spec, reference):
    mapping = ["a", "b", "c"]
    keys = tf.constant(["b", "x", "yy", "zzz", "a"])
    table = lookup.index_table_from_tensor(tf.constant(mapping), num_oov_buckets=4, hasher_spec=hasher_spec)
    buckets = reference(keys, 4).numpy() + 3
    np.testing.assert_array_equal(table.lookup(keys).numpy(), [1, buckets[1], buckets[2], buckets[3], 0])


def test_integer_keys_are_hashed_as_decimal_strings():
    table = lookup.index_table_from_tensor(tf.constant([10, 20, 30], tf.int64), num_oov_buckets=4, dtype=tf.int64)
    keys = tf.constant([20, 7, -3, 10], tf.int64)
    buckets = fast_buckets(["20", "7", "-3", "10"], 4, 3)
    np.testing.assert_array_equal(table.lookup(keys).numpy(), [1, buckets[1], buckets[2], 0])
    tf1_table = tf1_lookup_ops.index_table_from_tensor([10, 20, 30], num_oov_buckets=4, dtype=tf.int64)
    np.testing.assert_array_equal(table.lookup(keys).numpy(), tf1_table.lookup(keys).numpy())


def test_int32_lookup_keys_with_buckets():
    table = lookup.index_table_from_tensor(tf.constant([10, 20, 30]), num_oov_buckets=2, dtype=tf.int32)
    assert table.key_dtype == tf.int32
    ids = table.lookup(tf.constant([30, 99], tf.int32)).numpy()
    assert ids[0] == 2 and ids[1] == fast_buckets(["99"], 2, 3)[0]


def test_index_to_string_tables(vocab_file):
    from_file = lookup.index_to_string_table_from_file(vocab_file, default_value="UNKNOWN")
    indices = tf.constant([3, 1, 42, -1], tf.int64)
    assert from_file.lookup(indices).numpy().tolist() == [b"emerson", b"<s>", b"UNKNOWN", b"UNKNOWN"]
    from_tensor = lookup.index_to_string_table_from_tensor(tf.constant(["emerson", "lake", "palmer"]))
    assert from_tensor.lookup(tf.constant([1, 5], tf.int64)).numpy().tolist() == [b"lake", b"UNK"]
    assert lookup.index_to_string(tf.constant([2], tf.int64), mapping=["a", "b", "c"]).numpy().tolist() == [b"c"]
    assert lookup.string_to_index(tf.constant(["c", "q"]), mapping=["a", "b", "c"]).numpy().tolist() == [2, -1]


def test_multi_column_vocabulary_file(tmp_path):
    path = tmp_path / "counts.tsv"
    path.write_text("hello 17\nworld 4\n")
    table = lookup.index_table_from_file(str(path), key_column_index=0, value_column_index=1, delimiter=" ")
    np.testing.assert_array_equal(table.lookup(tf.constant(["world", "hello", "x"])).numpy(), [4, 17, -1])
    reverse = lookup.index_to_string_table_from_file(str(path), key_column_index=1, value_column_index=0,
                                                     delimiter=" ")
    assert reverse.lookup(tf.constant([17, 4], tf.int64)).numpy().tolist() == [b"hello", b"world"]


def test_hash_table_and_initializers():
    table = lookup.HashTable(lookup.KeyValueTensorInitializer(tf.constant(["a", "b"]), tf.constant([7, 8], tf.int64)),
                             -1)
    np.testing.assert_array_equal(table.lookup(tf.constant(["b", "z"])).numpy(), [8, -1])
    keys, values = table.export()
    assert dict(zip(keys.numpy().tolist(), values.numpy().tolist())) == {b"a": 7, b"b": 8}


def test_text_file_initializers_defaults(vocab_file):
    ids = lookup.HashTable(lookup.TextFileIdTableInitializer(vocab_file), -1)
    assert int(ids.lookup(tf.constant("palmer"))) == 5
    strings = lookup.HashTable(lookup.TextFileStringTableInitializer(vocab_file), "?")
    assert strings.lookup(tf.constant(2, tf.int64)).numpy() == b"</s>"


def test_id_table_with_hash_buckets_without_a_table():
    table = lookup.IdTableWithHashBuckets(None, num_oov_buckets=5)
    keys = ["a", "bb", "ccc"]
    np.testing.assert_array_equal(table.lookup(tf.constant(keys)).numpy(), fast_buckets(keys, 5, 0))
    assert int(table.size()) == 5 and table.name == "hash_bucket"


def test_sparse_keys(vocab_file):
    table = lookup.index_table_from_file(vocab_file, num_oov_buckets=2)
    keys = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=["lake", "nope"], dense_shape=[2, 3])
    ids = table.lookup(keys)
    assert isinstance(ids, tf.SparseTensor)
    np.testing.assert_array_equal(ids.indices.numpy(), [[0, 0], [1, 2]])
    np.testing.assert_array_equal(ids.values.numpy(), expected_ids(["lake", "nope"], VOCAB, 2))


def test_tables_captured_by_tf_function(vocab_file):
    table = lookup.index_table_from_file(vocab_file, num_oov_buckets=3)
    reverse = lookup.index_to_string_table_from_file(vocab_file)

    @tf.function
    def round_trip(tokens):
        return table.lookup(tokens), reverse.lookup(table.lookup(tokens))

    ids, words = round_trip(tf.constant(QUERY))
    np.testing.assert_array_equal(ids.numpy(), expected_ids(QUERY, VOCAB, 3))
    assert [w.decode() for w in words.numpy()] == [q if q in VOCAB else "UNK" for q in QUERY]


def test_tables_built_inside_tf_function(vocab_file):
    @tf.function
    def encode_decode(tokens):
        table = lookup.index_table_from_file(vocab_file, num_oov_buckets=2)
        reverse = lookup.index_to_string_table_from_tensor(tf.constant(VOCAB), default_value="?")
        ids = table.lookup(tokens)
        return ids, reverse.lookup(ids)

    for tokens in (QUERY, ["palmer"]):
        ids, words = encode_decode(tf.constant(tokens))
        np.testing.assert_array_equal(ids.numpy(), expected_ids(tokens, VOCAB, 2))
        assert [w.decode() for w in words.numpy()] == [t if t in VOCAB else "?" for t in tokens]


def test_mutable_hash_table():
    table = lookup.MutableHashTable(tf.string, tf.int64, default_value=-1)
    table.insert(tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64))
    np.testing.assert_array_equal(table.lookup(tf.constant(["b", "c"])).numpy(), [2, -1])
    dense = lookup.MutableDenseHashTable(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1)
    dense.insert(tf.constant([5], tf.int64), tf.constant([50], tf.int64))
    assert dense.lookup(tf.constant([5, 6], tf.int64)).numpy().tolist() == [50, -1]


# -- v1 graph mode ------------------------------------------------------------------------------------
def test_graph_mode_needs_tables_initializer(vocab_file):
    graph = tf.Graph()
    with graph.as_default():
        table = lookup.index_table_from_file(vocab_file, num_oov_buckets=2)
        reverse = lookup.index_to_string_table_from_tensor(VOCAB, default_value="?")
        ids = table.lookup(tf.constant(QUERY))
        words = reverse.lookup(ids)
        initializers = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.TABLE_INITIALIZERS)
        assert [op.name for op in initializers] == [
            "string_to_index/hash_table/table_init/InitializeTableFromTextFileV2",
            "index_to_string/table_init/LookupTableImportV2",
        ]
        with tf.compat.v1.Session() as session:
            with pytest.raises(tf.errors.FailedPreconditionError, match="Table not initialized"):
                session.run(ids)
            session.run(tf.compat.v1.tables_initializer())
            ids_value, words_value = session.run([ids, words])
    np.testing.assert_array_equal(ids_value, expected_ids(QUERY, VOCAB, 2))
    assert [w.decode() for w in words_value] == [q if q in VOCAB else "?" for q in QUERY]


def graph_op_names(build):
    graph = tf.Graph()
    with graph.as_default(), tf.compat.v1.variable_scope("vocab"):
        build()
    return [op.name for op in graph.get_operations()]


@pytest.mark.parametrize("num_oov_buckets", [0, 2])
def test_graph_op_names_match_tf1s_table_builders(vocab_file, num_oov_buckets):
    def ours():
        table = lookup.index_table_from_file(vocab_file, num_oov_buckets=num_oov_buckets, name="src_vocab")
        table.lookup(tf.constant(["a"]))
        lookup.index_table_from_tensor(tf.constant(["x", "y"]), num_oov_buckets=num_oov_buckets)

    def tf1():
        table = tf1_lookup_ops.index_table_from_file(vocab_file, num_oov_buckets=num_oov_buckets, name="src_vocab")
        table.lookup(tf.constant(["a"]))
        tf1_lookup_ops.index_table_from_tensor(tf.constant(["x", "y"]), num_oov_buckets=num_oov_buckets)

    assert graph_op_names(ours) == graph_op_names(tf1)


def test_graph_mode_table_init_runs_the_wrapped_tables_initializer(vocab_file):
    expected = expected_ids(["palmer", "x"], VOCAB, 1)  # eagerly, before entering the graph
    graph = tf.Graph()
    with graph.as_default():
        table = lookup.index_table_from_file(vocab_file, num_oov_buckets=1)
        ids = table.lookup(tf.constant(["palmer", "x"]))
        with tf.compat.v1.Session() as session:
            session.run(table.init)
            np.testing.assert_array_equal(session.run(ids), expected)
            assert session.run(table.size()) == len(VOCAB) + 1


def test_table_init_property_and_shared_name(vocab_file):
    graph = tf.Graph()
    with graph.as_default():
        def build():
            initializer = lookup.KeyValueTensorInitializer(tf.constant([1, 2], tf.int64), tf.constant([10, 20], tf.int64))
            return lookup.HashTable(initializer, -1, shared_name="shared_vocab")

        first, second = build(), build()
        out = second.lookup(tf.constant([2, 3], tf.int64))
        with tf.compat.v1.Session() as session:
            session.run(first.init)  # initialising one initialises the shared resource
            assert session.run(out).tolist() == [20, -1]
    assert first.init is first.initializer


def test_mutable_hash_table_in_graph_mode():
    graph = tf.Graph()
    with graph.as_default():
        table = lookup.MutableHashTable(tf.int64, tf.float32, default_value=0.5)
        insert = table.insert(tf.constant([3], tf.int64), tf.constant([1.5]))
        out = table.lookup(tf.constant([3, 4], tf.int64))
        with tf.compat.v1.Session() as session:
            session.run(insert)
            assert session.run(out).tolist() == [1.5, 0.5]


# -- errors ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda f: lookup.index_table_from_file(""), ValueError,
         "vocabulary_file must be specified and must not be empty."),
        (lambda f: lookup.index_table_from_file(f, num_oov_buckets=-1), ValueError,
         "num_oov_buckets must be greater or equal than 0, got -1."),
        (lambda f: lookup.index_table_from_file("v.txt", vocab_size=0), ValueError,
         "vocab_size must be greater than 0, got 0. vocabulary_file: v.txt"),
        (lambda f: lookup.index_table_from_file(f, key_dtype=tf.float32), TypeError,
         "Only integer and string keys are supported."),
        (lambda f: lookup.index_to_string_table_from_file(None), ValueError,
         "vocabulary_file must be specified and must not be empty."),
        (lambda f: lookup.index_to_string_table_from_file(f, vocab_size=-2), ValueError,
         "vocab_size must be greater than 0, got -2."),
        (lambda f: lookup.index_table_from_tensor(None), ValueError, "mapping must be specified."),
        (lambda f: lookup.index_table_from_tensor([1, 2]), ValueError, "Expected non-integer, got <dtype: 'int32'>."),
        (lambda f: lookup.index_to_string_table_from_tensor(None), ValueError, "mapping must be specified."),
        (lambda f: lookup.string_to_index_table_from_tensor([1, 2]), ValueError,
         "string_to_index_table_from_tensor requires string."),
        (lambda f: lookup.IdTableWithHashBuckets(None, 0), ValueError,
         "oov_buckets must be > 0 if no table is supplied."),
        (lambda f: lookup.IdTableWithHashBuckets(None, 2, hasher_spec="fasthash"), TypeError,
         "hasher_spec must be of type HasherSpec, got fasthash"),
        (lambda f: lookup.index_table_from_file(f, num_oov_buckets=1).lookup(tf.constant([1])), TypeError,
         "Signature mismatch. Keys must be dtype <dtype: 'string'>, got <dtype: 'int32'>."),
        (lambda f: lookup.StrongHashSpec([1]), ValueError, "key must have size 2, got 1."),
    ],
)
def test_errors(vocab_file, call, error, message):
    with pytest.raises(error) as raised:
        call(vocab_file)
    assert str(raised.value) == message
