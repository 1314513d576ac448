"""``AttentionWrapper`` in a program that keeps ``tf.compat.v1.disable_v2_behavior()`` (TF1 while
loops): the XLA-compiled score, context and beam-search step must stay out of while_v1 loops (their
gradients cannot accumulate a compiled call's outputs without ``maximum_iterations``; the compiled beam
step was fed a constant from outside the loop's frame). Training gradients and beam-search ids must
equal those of the same model run eagerly (TF2 control flow, compiled paths).

The v1 program runs in a subprocess because the switch is process-wide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import tf1_name

_MODEL = textwrap.dedent('''
    import numpy as np
    import tensorflow as tf
    from tf_seq2seq_migrate.runtime import rnn, seq2seq
    from tf_seq2seq_migrate.runtime.layers import Dense

    def initializer(shape, dtype=None, partition_info=None):
        # The same values on both sides, whatever order the weights are created in.
        rng = np.random.default_rng(sum(shape) * 7919 + len(shape))
        return tf.constant(rng.uniform(-0.4, 0.4, size=tuple(shape)), dtype=dtype or tf.float32)

    def loss_and_weights(mechanism_name):
        rng = np.random.default_rng(0)
        inputs = rng.normal(size=(2, 4, 3)).astype(np.float32)
        memory = rng.normal(size=(2, 5, 6)).astype(np.float32)
        with tf.compat.v1.variable_scope("model", initializer=initializer):
            mechanism = getattr(seq2seq, mechanism_name)(6, memory, memory_sequence_length=[5, 3])
            cell = seq2seq.AttentionWrapper(rnn.BasicLSTMCell(6), mechanism, attention_layer_size=4)
            decoder = seq2seq.BasicDecoder(cell, seq2seq.TrainingHelper(inputs, [4, 2]),
                                           cell.zero_state(2, tf.float32))
            outputs, _, _ = seq2seq.dynamic_decode(decoder, impute_finished=True)
        return tf.reduce_sum(tf.square(outputs.rnn_output)), cell

    def beam_search_ids():
        rng = np.random.default_rng(1)
        memory = seq2seq.tile_batch(rng.normal(size=(2, 5, 6)).astype(np.float32), 3)
        lengths = seq2seq.tile_batch(np.array([5, 3], np.int32), 3)
        embedding = rng.normal(size=(7, 3)).astype(np.float32)
        with tf.compat.v1.variable_scope("beam", initializer=initializer):
            mechanism = seq2seq.BahdanauAttention(6, memory, memory_sequence_length=lengths)
            cell = seq2seq.AttentionWrapper(rnn.LSTMCell(6), mechanism, attention_layer_size=4)
            decoder = seq2seq.BeamSearchDecoder(cell, embedding, [0, 0], 1, cell.zero_state(6, tf.float32), 3,
                                                output_layer=Dense(7),
                                                length_penalty_weight=0.6)
            outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=5)
        return outputs.predicted_ids
''')

_V1_PROGRAM = _MODEL + textwrap.dedent('''
    import json
    tf.compat.v1.disable_v2_behavior()
    results = {}
    for name in ("LuongAttention", "BahdanauAttention"):
        try:
            with tf.Graph().as_default():
                loss, cell = loss_and_weights(name)
                variables = tf.compat.v1.trainable_variables()
                gradients = tf.gradients(loss, variables)
                with tf.compat.v1.Session() as session:
                    session.run(tf.compat.v1.global_variables_initializer())
                    values = session.run(gradients)
            results[name] = {v.name.split(":")[0]: g.tolist() for v, g in zip(variables, values)}
        except Exception as error:  # reported to the test, which names it
            results[name] = {"error": f"{type(error).__name__}: {error}"[:500]}
    try:
        with tf.Graph().as_default():
            ids = beam_search_ids()
            with tf.compat.v1.Session() as session:
                session.run(tf.compat.v1.global_variables_initializer())
                results["beam"] = session.run(ids).tolist()
    except Exception as error:  # reported to the test, which names it
        results["beam"] = {"error": f"{type(error).__name__}: {error}"[:500]}
    print("RESULTS" + json.dumps(results))
''')


@pytest.fixture(scope="module")
def v1_gradients():
    completed = subprocess.run([sys.executable, "-c", _V1_PROGRAM], capture_output=True, text=True, timeout=300,
                               env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES=""))
    lines = [line for line in completed.stdout.splitlines() if line.startswith("RESULTS")]
    assert lines, completed.stderr[-3000:]
    return json.loads(lines[-1][len("RESULTS"):])


@pytest.mark.parametrize("mechanism_name", ["LuongAttention", "BahdanauAttention"])
def test_v1_control_flow_gradients_match_eager(v1_gradients, mechanism_name):
    got = v1_gradients[mechanism_name]
    assert "error" not in got, got.get("error")
    namespace = {}
    exec(_MODEL, namespace)  # noqa: S102  (the same model source as the subprocess)
    with tf.GradientTape() as tape:
        loss, cell = namespace["loss_and_weights"](mechanism_name)
    variables = cell.trainable_variables
    # TF1 names on both sides: the v1 graph's variables, the eager weights' recorded TF1 names.
    expected = {tf1_name(v): g for v, g in zip(variables, tape.gradient(loss, variables))}
    assert sorted(got) == sorted(expected)
    for name, value in expected.items():
        np.testing.assert_allclose(np.asarray(got[name]), value.numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


def test_v1_control_flow_beam_search_matches_eager(v1_gradients):
    got = v1_gradients["beam"]
    assert not isinstance(got, dict), got.get("error")
    namespace = {}
    exec(_MODEL, namespace)  # noqa: S102  (the same model source as the subprocess)
    np.testing.assert_array_equal(np.asarray(got), namespace["beam_search_ids"]().numpy())
