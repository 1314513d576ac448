"""The eager variable store and the encoder cell copy behind legacy_seq2seq."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import legacy_seq2seq, rnn
from tf_seq2seq_migrate.runtime.base_layer import tf1_name
from tf_seq2seq_migrate.runtime.legacy_seq2seq.cell_copy import copy_cell
from tf_seq2seq_migrate.runtime.legacy_seq2seq.variables import get_variable


def test_store_shares_by_full_tf1_name_and_checks_shapes():
    store = legacy_seq2seq.LegacyVariableStore()
    with store.as_default():
        with tf.compat.v1.variable_scope("outer"):
            first = get_variable("w", [2, 3])
            again = get_variable("w", [2, 3])
        other = get_variable("w", [2, 3])
        with tf.compat.v1.variable_scope("outer"):
            with pytest.raises(ValueError, match=r"^Trying to share variable outer/w, but specified shape \[3, 3\] "
                                                 r"and found shape \[2, 3\]\.$"):
                get_variable("w", [3, 3])
    assert first is again and other is not first
    assert (tf1_name(first), tf1_name(other)) == ("outer/w", "w")
    assert list(store.tf1_variables) == ["outer/w", "w"]
    assert legacy_seq2seq.get_variable_store() is not store  # back to the default outside as_default()


def test_store_honours_the_scope_initializer_and_dtype():
    store = legacy_seq2seq.LegacyVariableStore()
    with store.as_default(), tf.compat.v1.variable_scope(
            "s", initializer=tf.compat.v1.constant_initializer(0.25), dtype=tf.float64):
        variable = get_variable("v", [2])
    assert variable.dtype == "float64"
    np.testing.assert_array_equal(np.asarray(variable), [0.25, 0.25])


def test_copy_cell_gives_independent_unbuilt_twins():
    for cell in (rnn.MultiRNNCell([rnn.GRUCell(3), rnn.BasicLSTMCell(3)]), keras.layers.GRUCell(3)):
        twin = copy_cell(cell)
        adapted, adapted_twin = rnn.as_rnn_cell(cell), rnn.as_rnn_cell(twin)
        for c in (adapted, adapted_twin):
            c(tf.ones([2, 4]), c.zero_state(2, tf.float32))
        assert len(adapted.weights) == len(adapted_twin.weights) > 0
        assert not {id(v) for v in adapted.weights} & {id(v) for v in adapted_twin.weights}


def test_copy_cell_refuses_a_built_cell_with_a_message_naming_the_fix():
    cell = rnn.GRUCell(3)
    cell(tf.ones([2, 4]), cell.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match="Pass a cell that has not been used yet"):
        copy_cell(cell)


def test_eager_training_step_reaches_every_weight():
    store = legacy_seq2seq.LegacyVariableStore()
    cell = rnn.GRUCell(4)
    enc = [tf.constant([1, 2]), tf.constant([3, 0])]
    dec = [tf.constant([0, 1]), tf.constant([2, 2])]
    with store.as_default():
        legacy_seq2seq.embedding_attention_seq2seq(enc, dec, cell, 5, 6, 3)
        with tf.GradientTape() as tape:
            outputs, _ = legacy_seq2seq.embedding_attention_seq2seq(enc, dec, cell, 5, 6, 3)
            loss = legacy_seq2seq.sequence_loss(outputs, dec, [tf.ones([2])] * 2)
    variables = list({id(v): v for v in store.trainable_weights}.values())
    names = {tf1_name(v) for v in variables}
    assert {tf1_name(v) for v in cell.weights} <= names  # the wrapped decoder cell is reachable too
    gradients = tape.gradient(loss, variables)
    assert all(g is not None for g in gradients), [tf1_name(v) for v, g in zip(variables, gradients) if g is None]


def test_linear_splits_only_the_kernel_under_a_scope_partitioner():
    # TF 1.15's _Linear cleared the partitioner for the bias: a partitioned scope gives
    # kernel/part_0..n and one whole bias, and a checkpoint restores by those names.
    from tf_seq2seq_migrate.runtime.legacy_seq2seq.linear import linear

    graph = tf.Graph()
    with graph.as_default():
        inputs = tf.compat.v1.placeholder(tf.float32, [2, 6])
        with tf.compat.v1.variable_scope("proj", partitioner=tf.compat.v1.fixed_size_partitioner(2)):
            linear([inputs], 4, True)
        names = sorted(v.name for v in tf.compat.v1.global_variables())
    assert names == ["proj/bias:0", "proj/kernel/part_0:0", "proj/kernel/part_1:0"]
