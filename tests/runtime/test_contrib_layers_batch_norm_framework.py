"""runtime.contrib_layers.batch_norm / one_hot_encoding and runtime.contrib_framework against TF 1.15.

batch_norm is checked against its TF 1.15 formulas written out in numpy (biased batch variance for the
output, Bessel-corrected for the moving variance on the fused path, ``moving -= (moving - batch) * (1 -
decay)``) and, for 4-D inputs, against TF's own fused kernel (``tf.raw_ops.FusedBatchNormV3``), which is
what TF 1.15's contrib batch_norm ran by default. The framework helpers are checked on their variable names,
collections and the TF1 regular-expression lookups.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.checkpoints.model_loader import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import contrib_framework, contrib_layers
from tf_seq2seq_migrate.runtime.legacy_seq2seq import LegacyVariableStore

RNG = np.random.default_rng(11)
X2 = RNG.normal(1.0, 2.0, size=(6, 3)).astype(np.float32)
X3 = RNG.normal(size=(2, 4, 3)).astype(np.float32)
X4 = RNG.normal(size=(2, 3, 3, 2)).astype(np.float32)
GraphKeys = tf.compat.v1.GraphKeys


def np_batch_norm_train(x, axes, gamma, beta, epsilon):
    mean = x.mean(axis=axes)
    variance = x.var(axis=axes)
    return (x - mean) / np.sqrt(variance + epsilon) * gamma + beta, mean, variance


def names(variables):
    return [v.name for v in variables]


# --- batch_norm ------------------------------------------------------------------------------------


def test_batch_norm_graph_names_updates_and_moving_statistics_fused_rank_2():
    decay, epsilon = 0.9, 1e-3
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        with tf.compat.v1.variable_scope("enc"):
            train = contrib_layers.batch_norm(x, decay=decay, scale=True,
                                              param_initializers={"gamma": tf.compat.v1.constant_initializer(2.0)})
            infer = contrib_layers.batch_norm(x, scale=True, is_training=False, scope="BatchNorm", reuse=True)
        assert names(tf.compat.v1.global_variables()) == [
            "enc/BatchNorm/beta:0", "enc/BatchNorm/gamma:0", "enc/BatchNorm/moving_mean:0",
            "enc/BatchNorm/moving_variance:0"]
        assert names(tf.compat.v1.trainable_variables()) == ["enc/BatchNorm/beta:0", "enc/BatchNorm/gamma:0"]
        assert len(tf.compat.v1.get_collection(GraphKeys.MODEL_VARIABLES)) == 4
        updates = tf.compat.v1.get_collection(GraphKeys.UPDATE_OPS)
        assert len(updates) == 2  # the inference call adds none
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            got, *_ = session.run([train] + updates, {x: X2})
            moving_mean, moving_variance = session.run(tf.compat.v1.global_variables()[2:])
            inferred = session.run(infer, {x: X2})
    expected, mean, variance = np_batch_norm_train(X2, (0,), 2.0, 0.0, epsilon)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    n = X2.shape[0]
    np.testing.assert_allclose(moving_mean, 0.0 - (0.0 - mean) * (1 - decay), rtol=1e-5, atol=1e-6)
    # The fused kernel hands the moving average the sample (Bessel-corrected) variance.
    np.testing.assert_allclose(moving_variance, 1.0 - (1.0 - variance * n / (n - 1)) * (1 - decay), rtol=1e-5)
    np.testing.assert_allclose(inferred, (X2 - moving_mean) / np.sqrt(moving_variance + epsilon) * 2.0,
                               rtol=1e-5, atol=1e-5)


def test_batch_norm_rank_3_is_not_fused_and_updates_run_before_the_output_without_a_collection():
    decay = 0.5
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 4, 3])
        out = contrib_layers.batch_norm(x, decay=decay, updates_collections=None, center=False)
        assert tf.compat.v1.get_collection(GraphKeys.UPDATE_OPS) == []
        assert names(tf.compat.v1.global_variables()) == ["BatchNorm/moving_mean:0", "BatchNorm/moving_variance:0"]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            got = session.run(out, {x: X3})
            moving_mean, moving_variance = session.run(tf.compat.v1.global_variables())
    expected, mean, variance = np_batch_norm_train(X3, (0, 1), 1.0, 0.0, 1e-3)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(moving_mean, mean * (1 - decay), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(moving_variance, 1.0 - (1.0 - variance) * (1 - decay), rtol=1e-5)


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_batch_norm_4d_matches_tfs_fused_kernel(data_format):
    images = X4 if data_format == "NHWC" else np.transpose(X4, [0, 3, 1, 2]).copy()
    decay = 0.8
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        got = contrib_layers.batch_norm(images, decay=decay, scale=True, data_format=data_format, scope="bn")
        moving = {name: v.numpy() for name, v in store.tf1_variables.items()}
    assert sorted(moving) == ["bn/beta", "bn/gamma", "bn/moving_mean", "bn/moving_variance"]
    kernel = tf.raw_ops.FusedBatchNormV3(
        x=images, scale=np.ones(2, np.float32), offset=np.zeros(2, np.float32), mean=np.zeros(0, np.float32),
        variance=np.zeros(0, np.float32), epsilon=1e-3, data_format=data_format, is_training=True)
    np.testing.assert_allclose(got.numpy(), kernel.y.numpy(), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(moving["bn/moving_mean"], kernel.batch_mean.numpy() * (1 - decay), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(moving["bn/moving_variance"],
                               1.0 - (1.0 - kernel.batch_variance.numpy()) * (1 - decay), rtol=1e-5)


def test_batch_norm_eager_and_tf_function_follow_an_is_training_tensor():
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        step = tf.function(lambda x, training: contrib_layers.batch_norm(x, is_training=training, scope="bn",
                                                                          fused=False, activation_fn=tf.nn.relu))
        inferred = step(X2, tf.constant(False))
        unchanged = {name: v.numpy() for name, v in store.tf1_variables.items()}
        trained = step(X2, tf.constant(True))
        moved = {name: v.numpy() for name, v in store.tf1_variables.items()}
        eager = contrib_layers.batch_norm(X2, is_training=False, scope="bn")
    np.testing.assert_allclose(inferred.numpy(), np.maximum(X2 / np.sqrt(1.0 + 1e-3), 0), rtol=1e-5)
    np.testing.assert_allclose(unchanged["bn/moving_mean"], 0.0)
    np.testing.assert_allclose(unchanged["bn/moving_variance"], 1.0)
    expected, mean, variance = np_batch_norm_train(X2, (0,), 1.0, 0.0, 1e-3)
    np.testing.assert_allclose(trained.numpy(), np.maximum(expected, 0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(moved["bn/moving_mean"], mean * 0.001, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(moved["bn/moving_variance"], 1.0 - (1.0 - variance) * 0.001, rtol=1e-6)
    np.testing.assert_allclose(eager.numpy(), (X2 - moved["bn/moving_mean"])
                               / np.sqrt(moved["bn/moving_variance"] + 1e-3), rtol=1e-5, atol=1e-5)


def test_batch_norm_errors():
    with pytest.raises(ValueError, match="^data_format has to be either NCHW or NHWC.$"):
        contrib_layers.batch_norm(X2, data_format="NCW")
    with pytest.raises(NotImplementedError, match=r"^batch_norm\(renorm=...\) is not supported by tf-migrate's "
                                                  "runtime; only the default batch_weights, renorm, adjustment "
                                                  "and zero_debias_moving_mean are.$"):
        contrib_layers.batch_norm(X2, renorm=True)
    with tf.Graph().as_default():
        unknown = tf.compat.v1.placeholder(tf.float32, None, name="feats")
        with pytest.raises(ValueError, match="^Inputs feats:0 has undefined rank.$"):
            contrib_layers.batch_norm(unknown)


# --- one_hot_encoding ------------------------------------------------------------------------------


def test_one_hot_encoding_values_dtype_and_name_scope():
    labels = np.array([[0, 3], [2, 1]], np.int32)
    got = contrib_layers.one_hot_encoding(labels, 4, on_value=5.0, off_value=-1.0)
    expected = np.where(np.eye(4, dtype=bool)[labels], 5.0, -1.0)
    np.testing.assert_array_equal(got.numpy(), expected)
    assert got.dtype == tf.float32
    with tf.Graph().as_default():
        encoded = contrib_layers.one_hot_encoding(tf.constant([1, 0]), 2, outputs_collections="outs")
        assert encoded.name.startswith("OneHotEncoding/")
        assert tf.compat.v1.get_collection("outs") == [encoded]
        assert encoded.aliases == ["OneHotEncoding"]


# --- contrib.framework variables -------------------------------------------------------------------


def test_framework_variables_collections_and_lookups_in_a_graph():
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("model"):
            weights = contrib_framework.model_variable("weights", [2, 3], collections=["mine"])
            step = contrib_framework.variable("step", [], dtype=tf.int64, trainable=False,
                                              initializer=tf.compat.v1.zeros_initializer())
            with tf.compat.v1.variable_scope("head"):
                head = contrib_framework.model_variable("weights", [3])
        other = contrib_framework.variable("extra", initializer=[1.0, 2.0], collections=["elsewhere"])
        assert names(tf.compat.v1.global_variables()) == ["model/weights:0", "model/step:0",
                                                         "model/head/weights:0"]
        assert tf.compat.v1.get_collection("elsewhere") == [other]
        assert contrib_framework.get_model_variables() == [weights, head]
        assert contrib_framework.get_variables("model/head") == [head]
        assert contrib_framework.get_variables_by_name("weights") == [weights, head]
        assert contrib_framework.get_variables(suffix="step") == [step]
        assert contrib_framework.get_trainable_variables("model") == [weights, head]
        assert tf.compat.v1.get_collection("mine") == [weights]
        assert contrib_framework.get_variables_to_restore(exclude=["model/head"]) == [weights, step]
        assert contrib_framework.get_variables_to_restore(include=["model/head", "model/step"]) == [head, step]
        with pytest.raises(TypeError, match="^include is provided but is not a list or a tuple.$"):
            contrib_framework.get_variables_to_restore(include="model")
        with pytest.raises(TypeError, match="^exclude is provided but is not a list or a tuple.$"):
            contrib_framework.get_variables_to_restore(exclude="model")


def test_framework_variables_eagerly_and_in_tf_function():
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        with tf.compat.v1.variable_scope("dec"):
            weights = contrib_framework.model_variable("proj", [2, 2], initializer=tf.compat.v1.ones_initializer(),
                                                       regularizer=lambda w: tf.reduce_sum(w) * 0.5)
            counter = contrib_framework.variable("count", initializer=np.array([3.0], np.float32), trainable=False)

        @tf.function
        def read():
            with tf.compat.v1.variable_scope("dec"):
                return contrib_framework.model_variable("proj", [2, 2]) * 2.0

        doubled = read()
        assert sorted(store.tf1_variables) == ["dec/count", "dec/proj"]
        assert [var is weights for var in contrib_framework.get_variables("dec/p")] == [True]
        assert contrib_framework.get_variables_to_restore(include=["dec"], exclude=["dec/proj"]) == [counter]
        assert any(var is weights for var in contrib_framework.get_model_variables("dec"))
        assert not any(var is counter for var in contrib_framework.get_trainable_variables())
        with pytest.raises(ValueError, match=r"^Shape of a new variable \(dec/absent\) must be fully defined"):
            with tf.compat.v1.variable_scope("dec"):
                contrib_framework.model_variable("absent")
    np.testing.assert_array_equal(doubled.numpy(), np.full((2, 2), 2.0))
    np.testing.assert_array_equal(counter.numpy(), [3.0])
    penalties = [loss for loss in tf.compat.v1.get_collection(GraphKeys.REGULARIZATION_LOSSES)
                 if hasattr(loss, "value") and callable(loss.value)]
    assert any(float(tf.convert_to_tensor(loss)) == 2.0 for loss in penalties)
