"""A small TF1 training script, migrated by tf-migrate, runs on TensorFlow 2.21 with Keras 3 and no tf_keras,
and trains exactly like the original does under TF1's real code (tf_keras legacy cells and layers).

Both run in their own process: the migrated one with TF_USE_LEGACY_KERAS unset (and tf_keras never
imported), the original under ``tensorflow.compat.v1`` with TF_USE_LEGACY_KERAS=1. Variables come from
a seeded variable-scope initializer, so both programs start from the same weights whatever order they
create them in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tf_seq2seq_migrate.api import migrate_source

TF1_SCRIPT = '''\
import json
import sys

import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
inputs = tf.placeholder(tf.float32, [None, 5, 3], name="inputs")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
labels = tf.placeholder(tf.int32, [None], name="labels")
keep_prob = tf.placeholder_with_default(1.0, [], name="keep_prob")

with tf.variable_scope("model", initializer=tf.random_uniform_initializer(-0.3, 0.3, seed=3)):
    cell = tf.nn.rnn_cell.LSTMCell(6)
    outputs, state = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32)
    hidden = tf.layers.dense(state.h, 6, activation=tf.nn.tanh, name="hidden")
    hidden = tf.nn.dropout(hidden, keep_prob)
    logits = tf.layers.dense(hidden, 3, name="logits")

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
predictions = tf.to_int32(tf.argmax(logits, 1))
train_op = tf.train.AdamOptimizer(0.05).minimize(loss)

rng = np.random.RandomState(0)
feed = {inputs: rng.randn(4, 5, 3).astype(np.float32), lengths: [5, 3, 4, 1], labels: [0, 1, 2, 1]}
losses = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(8):
        _, value = sess.run([train_op, loss], feed)
        losses.append(float(value))
    predicted = sess.run(predictions, feed).tolist()
    names = sorted(v.name for v in tf.trainable_variables())
print(json.dumps({"losses": losses, "predicted": predicted, "names": names, "tf_keras": "tf_keras" in sys.modules}))
'''


def _run(source: str, tmp_path, name: str, legacy: bool) -> dict:
    path = tmp_path / name
    path.write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    if legacy:
        env["TF_USE_LEGACY_KERAS"] = "1"
    completed = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=300)
    assert completed.returncode == 0, completed.stderr[-4000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def migrated():
    result = migrate_source(TF1_SCRIPT)
    assert result.error is None
    assert not [f for f in result.findings if not f.fixed]  # nothing left for a person
    return result.output.decode()


def test_migrated_script_is_what_we_expect(migrated):
    assert "tf.compat.v1.disable_eager_execution()" in migrated
    assert "cell = rnn.LSTMCell(6)" in migrated
    assert "rnn.dynamic_rnn(cell, inputs" in migrated
    assert 'layers.dense(state.h, 6, activation=tf.nn.tanh, name="hidden")' in migrated
    assert "hidden = tf.nn.dropout(hidden, rate=1 - (keep_prob))" in migrated
    assert "tf.compat.v1.train.AdamOptimizer(0.05)" in migrated
    assert "tf.cast(tf.argmax(logits, 1), dtype=tf.int32)" in migrated
    assert "import tf_keras" not in migrated and "contrib" not in migrated


def test_migrated_script_trains_like_the_tf1_original(migrated, tmp_path):
    ours = _run(migrated, tmp_path, "migrated.py", legacy=False)
    assert ours["tf_keras"] is False  # TF 2.21 + Keras 3 alone

    original = TF1_SCRIPT.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n")
    reference = _run(original, tmp_path, "original.py", legacy=True)
    assert reference["tf_keras"] is True  # TF1's real LSTMCell / tf.layers.dense

    assert ours["names"] == reference["names"]  # TF1 variable names: a TF1 checkpoint restores
    assert ours["losses"] == pytest.approx(reference["losses"], rel=1e-5, abs=1e-6)
    assert ours["predicted"] == reference["predicted"]
    assert ours["losses"][-1] < ours["losses"][0]  # it does train


def test_graph_mode_comes_before_module_level_pipeline_code(tmp_path):
    """S2S802's call goes right after the TensorFlow import, even when module-level TensorFlow code and
    a later import follow: otherwise the dataset is built eagerly and the session refuses it."""
    from golden import golden_cases

    case = next(c for c in golden_cases() if c.name == "graph_mode_before_module_level_tf_code")
    script = tmp_path / "pipeline.py"
    script.write_bytes(migrate_source(case.input_path.read_bytes()).output)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("TF_USE_LEGACY_KERAS", None)
    completed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                               env=env, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.split()[:2] == ["[0", "1]"]
