"""Programs that keep ``tf.compat.v1.disable_v2_behavior()`` get TF1's control flow (while_v1,
TensorArrayV3) and reference variables; decoding must work there too. Runs in a subprocess because
the switch is process-wide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

_PROGRAM = textwrap.dedent('''
    import json, sys
    import numpy as np
    import tensorflow as tf
    tf.compat.v1.disable_v2_behavior()
    from tf_seq2seq_migrate.runtime import rnn, seq2seq
    from tf_seq2seq_migrate.runtime.layers import Dense

    def decode(with_output_layer):
        with tf.Graph().as_default():
            x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype(np.float32)
            cell = rnn.BasicLSTMCell(6)
            output_layer = Dense(5) if with_output_layer else None
            decoder = seq2seq.BasicDecoder(cell, seq2seq.TrainingHelper(x, [4, 2]),
                                           cell.zero_state(2, tf.float32), output_layer)
            outputs, _, lengths = seq2seq.dynamic_decode(decoder, impute_finished=True)
            loss = seq2seq.sequence_loss(outputs.rnn_output, np.zeros((2, 4), np.int32),
                                         tf.sequence_mask(lengths, 4, dtype=tf.float32))
            gradients = tf.gradients(loss, tf.compat.v1.trainable_variables())
            names = sorted(v.name for v in tf.compat.v1.global_variables())
            with tf.compat.v1.Session() as session:
                session.run(tf.compat.v1.global_variables_initializer())
                got_lengths, got_gradients = session.run((lengths, gradients))
        return {"names": names, "lengths": got_lengths.tolist(),
                "finite": all(bool(np.isfinite(g).all()) for g in got_gradients)}

    results = {}
    for with_output_layer in (False, True):
        try:
            results[str(with_output_layer)] = decode(with_output_layer)
        except Exception as error:  # reported to the test, which names it
            results[str(with_output_layer)] = {"error": f"{type(error).__name__}: {error}"[:500]}
    print("RESULTS" + json.dumps(results))
''')


@pytest.fixture(scope="module")
def results():
    completed = subprocess.run([sys.executable, "-c", _PROGRAM], capture_output=True, text=True, timeout=300,
                               env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES=""))
    lines = [line for line in completed.stdout.splitlines() if line.startswith("RESULTS")]
    assert lines, completed.stderr[-3000:]
    return json.loads(lines[-1][len("RESULTS"):])


def test_decoding_with_v1_control_flow_and_reference_variables(results):
    assert results["False"] == {"names": ["decoder/basic_lstm_cell/bias:0", "decoder/basic_lstm_cell/kernel:0"],
                                "lengths": [4, 2], "finite": True}


def test_output_layer_with_v1_control_flow_and_reference_variables(results):
    assert results["True"]["names"] == ["decoder/basic_lstm_cell/bias:0", "decoder/basic_lstm_cell/kernel:0",
                                        "decoder/dense/bias:0", "decoder/dense/kernel:0"], results["True"]
    assert results["True"]["lengths"] == [4, 2]
