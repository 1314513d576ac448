"""An unmodified TF1 program in tensorflow/nmt's style: hyperparameters in tf.contrib.training.HParams
(a subclass, parse, to_json, the private hparam module), vocabulary tables from tf.contrib.lookup used
in a tf.data pipeline and for decoding, initialised with tf.tables_initializer() in a session.

Writes its vocabulary files in the working directory and prints one JSON line.
"""
from __future__ import print_function

import json

import tensorflow as tf
from tensorflow.contrib import lookup
from tensorflow.contrib.training.python.training import hparam as hparam_lib


class NmtHParams(tf.contrib.training.HParams):
    def vocab_files(self):
        return self.src_vocab_file, self.tgt_vocab_file


def write_vocab(path, words):
    with open(path, "w") as handle:
        handle.write("\n".join(words) + "\n")


def errors_of(*thunks):
    found = []
    for thunk in thunks:
        try:
            thunk()
            found.append(None)
        except Exception as error:  # noqa: BLE001  (the message a TF1 user would see)
            found.append([type(error).__name__, str(error)])
    return found


write_vocab("src.vocab", ["<unk>", "ich", "bin", "hier"])
write_vocab("tgt.vocab", ["<unk>", "<s>", "</s>", "i", "am", "here"])

hparams = NmtHParams(src_vocab_file="src.vocab", tgt_vocab_file="tgt.vocab", num_units=32,
                     learning_rate=1.0, layers=[2, 2], share_vocab=False)
hparams.parse("num_units=64,learning_rate=0.5,layers=[4,4,4]")
hparams.add_hparam("beam_width", 3)
parsed = tf.contrib.training.parse_values("beam_width=5", {"beam_width": int})
hparams.override_from_dict(parsed)
private = hparam_lib.HParams(batch_size=2)
type_error = errors_of(lambda: hparams.set_hparam("num_units", 1.5))[0]

src_file, tgt_file = hparams.vocab_files()
src_table = tf.contrib.lookup.index_table_from_file(src_file, default_value=0)
tgt_table = lookup.index_table_from_file(tgt_file, default_value=0)
reverse_tgt_table = lookup.index_to_string_table_from_file(tgt_file, default_value="<unk>")
bucketed = tf.contrib.lookup.index_table_from_tensor(mapping=tf.constant(["a", "b"]), num_oov_buckets=3)

sentences = tf.data.Dataset.from_tensor_slices(tf.constant(["ich bin hier", "bin nicht hier"]))
ids = sentences.map(lambda line: tf.cast(src_table.lookup(tf.string_split([line]).values), tf.int32))
iterator = ids.padded_batch(private.batch_size, padded_shapes=[None]).make_initializable_iterator()
batch = iterator.get_next()

decoded = reverse_tgt_table.lookup(tf.constant([[3, 4, 5, 9]], tf.int64))
target_ids = tgt_table.lookup(tf.constant(["i", "am", "there"]))
oov = bucketed.lookup(tf.constant(["b", "zebra", "yak"]))

with tf.Session() as session:
    uninitialised = errors_of(lambda: session.run(target_ids))[0][0]
    session.run(tf.tables_initializer())
    session.run(iterator.initializer)
    batch_value, decoded_value, target_value, oov_value = session.run([batch, decoded, target_ids, oov])

refused = errors_of(lambda: tf.contrib.training.bucket_by_sequence_length,
                    lambda: tf.contrib.lookup.LookupInterface)
print(json.dumps({
    "hparams": hparams.values(),
    "hparams_json": hparams.to_json(sort_keys=True),
    "repr": repr(private),
    "type_error": type_error,
    "uninitialised": uninitialised,
    "batch": batch_value.tolist(),
    "decoded": [[word.decode() for word in row] for row in decoded_value],
    "target_ids": target_value.tolist(),
    "oov": oov_value.tolist(),
    "table_initializers": len(tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)),
    "refused": refused,
}))
