"""The rewritten contrib.data / contrib.opt golden outputs run on TensorFlow 2.21 with the runtime.

contrib_data_pipeline's get_iterator (nmt's bucketed pipeline after S2S480 / S2S483) runs in a v1
graph with a Session and yields the batches re-derived in Python from TF 1.15's group_by_window +
padded_batch_and_drop_remainder semantics (the same expectation the emulation test checks for the
unmodified TF1 script); its eval_batches runs eagerly. contrib_opt_optimizers' SGDW and AdagradW
(S2S503 / S2S504) take a step checked against TF1's formulas in numpy.
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import tensorflow as tf
from golden import golden_cases

CASES = {case.name: case for case in golden_cases()}


def load(name: str):
    path = CASES[name].expected_path
    spec = importlib.util.spec_from_file_location(f"golden_expected_h11_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def expected_batches(lengths, batch_size, num_buckets, max_len, pad):
    width = (max_len + num_buckets - 1) // num_buckets
    windows, batches = {}, []
    for n in lengths:
        key = min(num_buckets, n // width)
        windows.setdefault(key, []).append(list(range(n)))
        if len(windows[key]) == batch_size:
            rows = windows.pop(key)
            longest = max(map(len, rows))
            batches.append(([row + [pad] * (longest - len(row)) for row in rows], [len(row) for row in rows]))
    return batches


def test_migrated_nmt_pipeline_yields_tf1_batches():
    case = load("contrib_data_pipeline")
    lengths = [3, 1, 6, 2, 4, 5, 1, 2, 2, 6]
    with tf.Graph().as_default():
        sources = tf.data.Dataset.from_generator(lambda: (list(range(n)) for n in lengths), tf.int32,
                                                 tf.TensorShape([None]))
        iterator, initializer = case.get_iterator(sources, batch_size=2, num_buckets=3, src_max_len=6,
                                                  src_eos_id=-1)
        ids, id_lengths = iterator.get_next()
        assert ids.shape.as_list() == [2, None]
        batches = []
        with tf.compat.v1.Session() as session:
            session.run(initializer)
            while True:
                try:
                    batch_ids, batch_lengths = session.run([ids, id_lengths])
                except tf.errors.OutOfRangeError:
                    break
                batches.append((batch_ids.tolist(), batch_lengths.tolist()))
    assert batches == expected_batches(lengths, 2, 3, 6, -1)


def test_migrated_batch_and_drop_remainder_runs_eagerly():
    case = load("contrib_data_pipeline")
    batches = [batch.numpy().tolist() for batch in case.eval_batches(tf.data.Dataset.range(8), 3)]
    assert batches == [[0, 1, 2], [3, 4, 5]]


def test_migrated_decoupled_weight_decay_classes_step():
    case = load("contrib_opt_optimizers")
    initial = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
    grad = np.array([[0.2, -0.1], [0.4, 1.0]], np.float32)
    var = tf.Variable(initial)
    case.SGDW(0.1, learning_rate=0.5).apply_gradients([(tf.constant(grad), var)])
    np.testing.assert_allclose(var.numpy(), initial - 0.1 * initial - 0.5 * grad, rtol=1e-6)

    var = tf.Variable(initial)
    case.AdagradW(0.1, 0.5).apply_gradients([(tf.constant(grad), var)])
    accumulator = 0.1 + grad ** 2  # Adagrad's initial_accumulator_value is 0.1 in TF1
    np.testing.assert_allclose(var.numpy(), 0.9 * initial - 0.5 * grad / np.sqrt(accumulator), rtol=1e-6)
