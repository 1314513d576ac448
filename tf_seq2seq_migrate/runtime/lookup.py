"""TF 1.15's ``tf.contrib.lookup`` on TensorFlow 2: vocabulary tables with TF1's signatures and semantics.

TF1 NMT code turns tokens into ids with ``index_table_from_file(vocab_file, default_value=UNK_ID)``
and back with ``index_to_string_table_from_file``; other projects build tables from tensors or
``HashTable(KeyValueTensorInitializer(keys, values), -1)``. TF 2 keeps the table kernels and the
public initializer classes, which this module uses as they are (``KeyValueTensorInitializer``,
``TextFileInitializer``, ``TextFileIndex``, ``MutableHashTable``, ``MutableDenseHashTable``); what
contrib added on top is written here on them:

* the contrib signatures: ``index_table_from_tensor(mapping, ...)`` (TF 2's takes ``vocabulary_list``),
  ``HashTable(initializer, default_value, shared_name=None, name=None)`` with its ``init`` property;
* ``IdTableWithHashBuckets``, TF1's out-of-vocabulary bucketing, including its choice of hash
  (``FastHashSpec``: Fingerprint64, the hash TF 2's ``StaticVocabularyTable`` uses too; the legacy and
  keyed strong hashes) and its rule that a key whose id equals the table's ``default_value`` goes to a
  bucket (``StaticVocabularyTable`` always compares with -1, so it differs when ``default_value`` is not
  -1);
* TF1's argument checks and messages.

Modes: in ``tf.compat.v1`` graph mode a table starts uninitialised and its initializer is in the
``TABLE_INITIALIZERS`` collection, run by ``tf.compat.v1.tables_initializer()`` (or ``table.init``);
eagerly the table is filled when it is created and can be captured by a ``tf.function``.
"""

from __future__ import annotations

import collections

import tensorflow as tf

__all__ = [
    "index_table_from_file", "index_table_from_tensor", "index_to_string_table_from_file",
    "index_to_string_table_from_tensor", "string_to_index_table_from_file", "string_to_index_table_from_tensor",
    "string_to_index", "index_to_string", "HashTable", "IdTableWithHashBuckets", "KeyValueTensorInitializer",
    "TextFileInitializer", "TextFileIndex", "TextFileIdTableInitializer", "TextFileStringTableInitializer",
    "HasherSpec", "FastHashSpec", "StrongHashSpec", "MutableHashTable", "MutableDenseHashTable",
]  # fmt: skip

# TF 2's own classes, unchanged since TF 1.15 apart from trailing keyword arguments TF 2 added.
KeyValueTensorInitializer = tf.lookup.KeyValueTensorInitializer
TextFileInitializer = tf.lookup.TextFileInitializer
TextFileIndex = tf.lookup.TextFileIndex
MutableHashTable = tf.lookup.experimental.MutableHashTable
MutableDenseHashTable = tf.lookup.experimental.DenseHashTable


class HasherSpec(collections.namedtuple("HasherSpec", ["hasher", "key"])):
    """Which hash assigns out-of-vocabulary keys to buckets: ``hasher`` is ``"fasthash"``
    (Fingerprint64), ``"legacy"`` or ``"stronghash"`` (keyed by ``key``, two unsigned integers)."""

    __slots__ = ()


FastHashSpec = HasherSpec("fasthash", None)


class StrongHashSpec(HasherSpec):
    """``HasherSpec("stronghash", key)`` for the keyed SipHash bucket op; ``key`` is two integers."""

    __slots__ = ()

    def __new__(cls, key):
        if len(key) != 2:
            raise ValueError("key must have size 2, got %s." % len(key))
        if not isinstance(key[0], int) or not isinstance(key[1], int):
            raise TypeError("Invalid key %s. Must be unsigned integer values." % key)
        return super().__new__(cls, "stronghash", key)


class TextFileIdTableInitializer(TextFileInitializer):
    """Initializer of a string -> int64 id table from a text file: by default the whole line is the
    key and its zero-based line number the id."""

    def __init__(self, filename, key_column_index=TextFileIndex.WHOLE_LINE,
                 value_column_index=TextFileIndex.LINE_NUMBER, vocab_size=None, delimiter="\t",
                 name="text_file_id_table_init", key_dtype=tf.string):
        super().__init__(filename, key_dtype, key_column_index, tf.int64, value_column_index,
                         vocab_size=vocab_size, delimiter=delimiter, name=name)


class TextFileStringTableInitializer(TextFileInitializer):
    """Initializer of an int64 id -> string table from a text file: by default the line number is the
    key and the whole line the value."""

    def __init__(self, filename, key_column_index=TextFileIndex.LINE_NUMBER,
                 value_column_index=TextFileIndex.WHOLE_LINE, vocab_size=None, delimiter="\t",
                 name="text_file_string_table_init"):
        super().__init__(filename, tf.int64, key_column_index, tf.string, value_column_index,
                         vocab_size=vocab_size, delimiter=delimiter, name=name)


class HashTable(tf.compat.v1.lookup.StaticHashTable):
    """contrib's immutable ``HashTable(initializer, default_value, shared_name=None, name=None)``:
    TF 2's ``tf.compat.v1.lookup.StaticHashTable`` with the ``shared_name`` argument and the ``init``
    property (the initializer op) TF1 code runs."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        self._requested_shared_name = shared_name
        super().__init__(initializer, default_value, name=name)

    def _create_resource(self):
        # TF 2 always derives the shared name from the initializer; TF1 let the caller choose it, so
        # tables built with the same shared_name share one resource (across sessions, in graph mode).
        if self._requested_shared_name:
            self._shared_name = self._requested_shared_name
        return super()._create_resource()

    @property
    def init(self):
        return self.initializer


def _as_string(tensor):
    return tensor if tensor.dtype == tf.string else tf.strings.as_string(tensor)


def _hash_bucket_fn(hasher_spec):
    if not isinstance(hasher_spec, HasherSpec):
        raise TypeError("hasher_spec must be of type HasherSpec %s" % (hasher_spec,))
    if hasher_spec.hasher == "fasthash":
        return tf.strings.to_hash_bucket_fast
    if hasher_spec.hasher == "legacy":
        return tf.strings.to_hash_bucket
    if hasher_spec.hasher == "stronghash":
        key = hasher_spec.key
        return lambda keys, num_buckets, name=None: tf.strings.to_hash_bucket_strong(keys, num_buckets, key,
                                                                                     name=name)
    raise ValueError("Unknown hasher %s" % hasher_spec.hasher)


class IdTableWithHashBuckets:
    """A key -> int64 id table (or none) whose misses go to ``num_oov_buckets`` hash buckets numbered
    after the table's ids: a key the table maps to its ``default_value`` gets
    ``hash(key) % num_oov_buckets + table.size()`` (integer keys are hashed as their decimal strings)."""

    def __init__(self, table, num_oov_buckets, hasher_spec=FastHashSpec, name=None, key_dtype=None):
        if name:
            name = name.rstrip("/")  # a name scope's trailing '/' is not part of the table name
        if table:
            if key_dtype is None:
                key_dtype = table.key_dtype
            supported_table_key_dtypes = (tf.int64, tf.string)
            if table.key_dtype not in supported_table_key_dtypes:
                raise TypeError("Invalid key dtype, expected one of %s, but got %s."
                                % (supported_table_key_dtypes, key_dtype))
            if table.key_dtype.is_integer != key_dtype.is_integer:
                raise TypeError("Invalid key dtype, expected %s but got %s."
                                % ("integer" if key_dtype.is_integer else "non-integer", table.key_dtype))
            if table.value_dtype != tf.int64:
                raise TypeError("Invalid value dtype, expected %s but got %s." % (tf.int64, table.value_dtype))
            name = name or table.name
        else:
            if num_oov_buckets <= 0:
                raise ValueError("oov_buckets must be > 0 if no table is supplied.")
            key_dtype = tf.string if key_dtype is None else key_dtype
            name = name or "hash_bucket"
        key_dtype = tf.as_dtype(key_dtype)
        if not key_dtype.is_integer and key_dtype != tf.string:
            raise TypeError("Invalid key_dtype, expected integer or string, got %s." % key_dtype)
        if not isinstance(hasher_spec, HasherSpec):
            raise TypeError("hasher_spec must be of type HasherSpec, got %s" % (hasher_spec,))
        self._table = table or None
        self._num_oov_buckets = num_oov_buckets
        self._hasher_spec = hasher_spec
        self._key_dtype = key_dtype
        self._table_name = name.split("/")[-1] if name else None

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return tf.int64

    @property
    def name(self):
        return self._table_name

    @property
    def resource_handle(self):
        return self._table.resource_handle if self._table is not None else None

    @property
    def initializer(self):
        if self._table is not None:
            return self._table.initializer
        with tf.compat.v1.name_scope(None, "init"):
            return tf.no_op()

    @property
    def init(self):
        return self.initializer

    def size(self, name=None):
        """The table's size plus the number of buckets."""
        with tf.compat.v1.name_scope(name, "%s_Size" % self.name):
            table_size = self._table.size() if self._table is not None else tf.constant(0, tf.int64)
            return table_size + self._num_oov_buckets

    def lookup(self, keys, name=None):
        """The ids of ``keys`` (a Tensor or SparseTensor of ``key_dtype``), misses in their buckets."""
        if keys.dtype.base_dtype != self._key_dtype:
            raise TypeError("Signature mismatch. Keys must be dtype %s, got %s." % (self._key_dtype, keys.dtype))
        values = keys.values if isinstance(keys, tf.SparseTensor) else keys
        if self._table is not None and self._table.key_dtype == tf.int64:
            values = tf.cast(values, tf.int64)
        if self._num_oov_buckets == 0:
            ids = self._table.lookup(values, name=name)
        else:
            with tf.compat.v1.name_scope(name, "%s_Lookup" % self.name):
                buckets = _hash_bucket_fn(self._hasher_spec)(_as_string(values), num_buckets=self._num_oov_buckets,
                                                             name="hash_bucket")
                if self._table is not None:
                    ids = self._table.lookup(values)
                    buckets = tf.add(buckets, self._table.size())
                    ids = tf.where(tf.not_equal(ids, self._table.default_value), ids, buckets)
                else:
                    ids = buckets
        if isinstance(keys, tf.SparseTensor):
            return tf.SparseTensor(keys.indices, ids, keys.dense_shape)
        return ids


def _check_num_oov_buckets(num_oov_buckets):
    if num_oov_buckets < 0:
        raise ValueError("num_oov_buckets must be greater or equal than 0, got %d." % num_oov_buckets)


def _is_empty_file_name(vocabulary_file):
    return vocabulary_file is None or (isinstance(vocabulary_file, (str, bytes)) and not vocabulary_file)


def index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None, default_value=-1,
                          hasher_spec=FastHashSpec, key_dtype=tf.string, name=None,
                          key_column_index=TextFileIndex.WHOLE_LINE, value_column_index=TextFileIndex.LINE_NUMBER,
                          delimiter="\t"):
    """A key -> int64 id table read from ``vocabulary_file`` (by default: line ``i`` is the key of id
    ``i``); misses get ``default_value``, or one of ``num_oov_buckets`` ids after the vocabulary."""
    if _is_empty_file_name(vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    _check_num_oov_buckets(num_oov_buckets)
    if vocab_size is not None and vocab_size < 1:
        shown_file = vocabulary_file
        if tf.is_tensor(vocabulary_file):
            shown_file = tf.get_static_value(vocabulary_file) or "?"
        raise ValueError("vocab_size must be greater than 0, got %d. vocabulary_file: %s" % (vocab_size, shown_file))
    key_dtype = tf.as_dtype(key_dtype)
    if not key_dtype.is_integer and key_dtype.base_dtype != tf.string:
        raise TypeError("Only integer and string keys are supported.")
    with tf.compat.v1.name_scope(name, "string_to_index"):
        with tf.compat.v1.name_scope(None, "hash_table"):
            initializer = TextFileIdTableInitializer(
                vocabulary_file, vocab_size=vocab_size, key_dtype=tf.int64 if key_dtype.is_integer else key_dtype,
                name="table_init", key_column_index=key_column_index, value_column_index=value_column_index,
                delimiter=delimiter)
            table = HashTable(initializer, default_value)
        if num_oov_buckets:
            table = IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets, hasher_spec=hasher_spec,
                                           key_dtype=key_dtype)
        return table


def index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                            dtype=tf.string, name=None):
    """A key -> int64 id table from the 1-D tensor ``mapping`` (``mapping[i]`` is the key of id ``i``);
    misses get ``default_value``, or one of ``num_oov_buckets`` ids after the mapping's."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    _check_num_oov_buckets(num_oov_buckets)
    dtype = tf.as_dtype(dtype)
    if not dtype.is_integer and dtype.base_dtype != tf.string:
        raise TypeError("Only integer and string keys are supported.")
    with tf.compat.v1.name_scope(name, "string_to_index"):
        keys = tf.convert_to_tensor(mapping)
        if keys.dtype.is_integer != dtype.is_integer:
            raise ValueError("Expected %s, got %s." % ("integer" if dtype.is_integer else "non-integer", keys.dtype))
        if not dtype.is_integer and keys.dtype.base_dtype != dtype:
            raise ValueError("Expected %s, got %s." % (dtype, keys.dtype))
        ids = tf.cast(tf.range(tf.size(keys)), tf.int64)
        with tf.compat.v1.name_scope(None, "hash_table"):
            table_keys = tf.cast(keys, tf.int64) if keys.dtype.is_integer else keys
            initializer = KeyValueTensorInitializer(table_keys, ids, table_keys.dtype.base_dtype, tf.int64,
                                                    name="table_init")
            table = HashTable(initializer, default_value)
        if num_oov_buckets:
            table = IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets, hasher_spec=hasher_spec,
                                           key_dtype=dtype)
        return table


def index_to_string_table_from_file(vocabulary_file, vocab_size=None, default_value="UNK", name=None,
                                    key_column_index=TextFileIndex.LINE_NUMBER,
                                    value_column_index=TextFileIndex.WHOLE_LINE, delimiter="\t"):
    """An int64 id -> string table read from ``vocabulary_file`` (by default: id ``i`` is line ``i``);
    ids outside the vocabulary give ``default_value``."""
    if _is_empty_file_name(vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    if vocab_size is not None and vocab_size < 1:
        raise ValueError("vocab_size must be greater than 0, got %d." % vocab_size)
    with tf.compat.v1.name_scope(name, "index_to_string"):
        initializer = TextFileStringTableInitializer(
            vocabulary_file, vocab_size=vocab_size, name="table_init", key_column_index=key_column_index,
            value_column_index=value_column_index, delimiter=delimiter)
        return HashTable(initializer, default_value)


def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
    """An int64 id -> string table from the 1-D string tensor ``mapping`` (id ``i`` is ``mapping[i]``);
    other ids give ``default_value``."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    with tf.compat.v1.name_scope(name, "index_to_string"):
        strings = tf.convert_to_tensor(mapping, tf.string)
        ids = tf.cast(tf.range(tf.size(strings)), tf.int64)
        initializer = KeyValueTensorInitializer(ids, strings, tf.int64, tf.string, name="table_init")
        return HashTable(initializer, default_value)


def string_to_index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None, default_value=-1,
                                    hasher_spec=FastHashSpec, name=None):
    """Deprecated in TF1 for ``index_table_from_file`` with string keys."""
    return index_table_from_file(vocabulary_file, num_oov_buckets, vocab_size, default_value, hasher_spec,
                                 key_dtype=tf.string, name=name)


def string_to_index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                                      name=None):
    """Deprecated in TF1 for ``index_table_from_tensor``; ``mapping`` must hold strings."""
    with tf.compat.v1.name_scope(name, "string_to_index") as scope:
        mapping = tf.convert_to_tensor(mapping)
    if mapping.dtype.base_dtype != tf.string:
        raise ValueError("string_to_index_table_from_tensor requires string.")
    return index_table_from_tensor(mapping, num_oov_buckets, default_value, hasher_spec, name=scope)


def string_to_index(tensor, mapping, default_value=-1, name=None):
    """Deprecated in TF1: ``index_table_from_tensor(mapping, default_value=...).lookup(tensor)``."""
    return index_table_from_tensor(mapping=mapping, default_value=default_value, name=name).lookup(tensor)


def index_to_string(tensor, mapping, default_value="UNK", name=None):
    """Deprecated in TF1: ``index_to_string_table_from_tensor(mapping, default_value).lookup(tensor)``."""
    return index_to_string_table_from_tensor(mapping=mapping, default_value=default_value, name=name).lookup(tensor)
