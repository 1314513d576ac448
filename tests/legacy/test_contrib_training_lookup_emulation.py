"""tf.contrib.training.HParams and tf.contrib.lookup in an unmodified TF1 script under the emulation.

The script (tensorflow/nmt's pattern: HParams subclass and parse, vocabulary files turned into ids in a
tf.data pipeline, ids decoded back to words, tables filled by tf.tables_initializer()) runs in one
subprocess; the expected ids are the line numbers of the vocabulary files it writes, the bucket ids come
from TF's raw Fingerprint64 bucket kernel, and the hyperparameter values are what TF 1.15's HParams
gives for the same calls.
"""

from __future__ import annotations

import json

import tensorflow as tf

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok


def test_tf1_script_with_hparams_and_vocab_tables(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "contrib_training_lookup.py", cwd=tmp_path).stdout)

    assert report["hparams"] == {"src_vocab_file": "src.vocab", "tgt_vocab_file": "tgt.vocab", "num_units": 64,
                                 "learning_rate": 0.5, "layers": [4, 4, 4], "share_vocab": False, "beam_width": 5}
    assert json.loads(report["hparams_json"]) == report["hparams"]
    assert report["hparams_json"].startswith('{"beam_width": 5, "layers": [4, 4, 4], "learning_rate": 0.5')
    assert report["repr"] == "HParams([('batch_size', 2)])"
    assert report["type_error"] == ["ValueError", "Could not cast hparam 'num_units' of type '<class 'int'>' "
                                                  "from value 1.5"]

    # src.vocab = <unk> ich bin hier; 'nicht' is unknown -> default_value 0; padded with 0
    assert report["uninitialised"] == "FailedPreconditionError"
    assert report["batch"] == [[1, 2, 3], [2, 0, 3]]
    assert report["decoded"] == [["i", "am", "here", "<unk>"]]
    assert report["target_ids"] == [3, 4, 0]
    buckets = tf.raw_ops.StringToHashBucketFast(input=tf.constant(["zebra", "yak"]), num_buckets=3).numpy() + 2
    assert report["oov"] == [1, *buckets.tolist()]
    assert report["table_initializers"] == 4

    refused_training, refused_lookup = report["refused"]
    assert refused_training == ["AttributeError", "tf.contrib.training.bucket_by_sequence_length is out of scope "
                                "for tf-migrate's TF1 emulation: of tf.contrib.training it provides HParams and "
                                "parse_values."]
    assert refused_lookup[0] == "AttributeError" and refused_lookup[1].startswith(
        "tf.contrib.lookup.LookupInterface is out of scope for tf-migrate's TF1 emulation")
