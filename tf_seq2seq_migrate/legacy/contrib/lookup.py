"""``tf.contrib.lookup`` under the emulation: the runtime's tables, which keep TF 1.15's signatures.

TF1's graph-mode contract holds: a table is filled when ``tf.tables_initializer()`` (or ``table.init``)
runs. The abstract base classes (``LookupInterface``, ``InitializableLookupTableBase``,
``TableInitializerBase``) have no public TF 2 name and are refused, like the rewrite's S2S420.
"""

from tf_seq2seq_migrate.runtime.lookup import (  # noqa: F401
    FastHashSpec,
    HashTable,
    HasherSpec,
    IdTableWithHashBuckets,
    KeyValueTensorInitializer,
    MutableDenseHashTable,
    MutableHashTable,
    StrongHashSpec,
    TextFileIdTableInitializer,
    TextFileIndex,
    TextFileInitializer,
    TextFileStringTableInitializer,
    index_table_from_file,
    index_table_from_tensor,
    index_to_string,
    index_to_string_table_from_file,
    index_to_string_table_from_tensor,
    string_to_index,
    string_to_index_table_from_file,
    string_to_index_table_from_tensor,
)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.lookup.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.lookup it provides the tables, initializers, hasher specs and the "
                         "index_table / index_to_string_table functions, not the abstract base classes.")
