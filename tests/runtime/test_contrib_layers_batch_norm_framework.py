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


def test_batch_norm_graph_with_an_is_training_placeholder_and_collections():
    decay = 0.5
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        training = tf.compat.v1.placeholder_with_default(True, [])
        out = contrib_layers.batch_norm(x, decay=decay, is_training=training, outputs_collections="outs",
                                        variables_collections={"moving_mean": ["stats"]})
        updates = tf.compat.v1.get_collection(GraphKeys.UPDATE_OPS)
        assert tf.compat.v1.get_collection("outs") == [out] and out.aliases == ["BatchNorm"]
        assert names(tf.compat.v1.get_collection("stats")) == ["BatchNorm/moving_mean:0"]
        moving = tf.compat.v1.global_variables()[1:]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            inferred, *_ = session.run([out] + updates, {x: X2, training: False})
            untouched = session.run(moving)
            trained, *_ = session.run([out] + updates, {x: X2})
            moved = session.run(moving)
    np.testing.assert_allclose(inferred, X2 / np.sqrt(1.0 + 1e-3), rtol=1e-5)
    np.testing.assert_allclose(untouched[0], 0.0)
    np.testing.assert_allclose(untouched[1], 1.0)
    expected, mean, variance = np_batch_norm_train(X2, (0,), 1.0, 0.0, 1e-3)
    np.testing.assert_allclose(trained, expected, rtol=1e-5, atol=1e-5)
    n = X2.shape[0]
    np.testing.assert_allclose(moved[0], mean * (1 - decay), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(moved[1], 1.0 - (1.0 - variance * n / (n - 1)) * (1 - decay), rtol=1e-5)


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


# --- optimize_loss ---------------------------------------------------------------------------------


def quadratic_model(start=(1.0, -2.0)):
    """loss = 0.5 * sum((w - 3)^2), whose gradient is w - 3."""
    weights = tf.compat.v1.get_variable("w", initializer=np.array(start, np.float32))
    return weights, 0.5 * tf.reduce_sum(tf.square(weights - 3.0))


def test_optimize_loss_sgd_learning_rate_variable_clipping_and_global_step():
    with tf.Graph().as_default():
        weights, loss = quadratic_model()
        step = tf.compat.v1.train.get_or_create_global_step()
        train = contrib_layers.optimize_loss(loss, step, 0.5, "SGD", clip_gradients=1.0,
                                             summaries=["loss", "gradient_norm"])
        assert "OptimizeLoss/learning_rate:0" in names(tf.compat.v1.global_variables())
        summary_names = sorted(s.op.name for s in tf.compat.v1.get_collection(GraphKeys.SUMMARIES))
        assert summary_names == ["OptimizeLoss/global_norm/clipped_gradient_norm",
                                 "OptimizeLoss/global_norm/gradient_norm", "OptimizeLoss/gradient_norm/w_0",
                                 "OptimizeLoss/loss"]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            returned = session.run(train)
            new_weights, new_step = session.run([weights, step])
    start = np.array([1.0, -2.0])
    gradient = start - 3.0
    clipped = gradient / max(np.linalg.norm(gradient), 1.0)
    np.testing.assert_allclose(returned, 0.5 * np.sum(gradient ** 2), rtol=1e-6)
    np.testing.assert_allclose(new_weights, start - 0.5 * clipped, rtol=1e-6)
    assert new_step == 1


def test_optimize_loss_adam_by_name_multipliers_decay_and_update_ops():
    with tf.Graph().as_default():
        weights, loss = quadratic_model()
        counter = tf.compat.v1.get_variable("counter", initializer=0.0, trainable=False)
        tf.compat.v1.add_to_collection(GraphKeys.UPDATE_OPS, tf.compat.v1.assign_add(counter, 1.0))
        step = tf.compat.v1.train.get_or_create_global_step()
        rate = tf.constant(0.1)
        train = contrib_layers.optimize_loss(loss, step, rate, "Adam", gradient_multipliers={"w:0": 0.0},
                                             learning_rate_decay_fn=lambda lr, gs: lr * 2.0,
                                             increment_global_step=False, name="Train")
        plain = contrib_layers.optimize_loss(loss, step, None, tf.compat.v1.train.GradientDescentOptimizer(0.1),
                                             update_ops=[], summaries=[])
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            session.run(train)
            after_adam = session.run([weights, counter, step])
            session.run(plain)
            after_sgd = session.run(weights)
    # A zero multiplier leaves Adam's first step at zero; the update op ran once and the step stayed.
    np.testing.assert_allclose(after_adam[0], [1.0, -2.0])
    assert after_adam[1:] == [1.0, 0]
    np.testing.assert_allclose(after_sgd, np.array([1.0, -2.0]) - 0.1 * (np.array([1.0, -2.0]) - 3.0), rtol=1e-6)


def test_optimize_loss_adam_first_step_and_gradient_noise_bounds():
    with tf.Graph().as_default():
        weights, loss = quadratic_model()
        train = contrib_layers.optimize_loss(loss, None, 0.01, tf.compat.v1.train.AdamOptimizer, summaries=[])
        with tf.compat.v1.variable_scope("noisy"):
            noisy_weights, noisy_loss = quadratic_model((0.0, 0.0))
        noisy = contrib_layers.optimize_loss(noisy_loss, None, 1.0, "SGD", gradient_noise_scale=0.25,
                                             variables=[noisy_weights], summaries=[], name="Noisy")
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            session.run(train)
            adam_weights = session.run(weights)
            session.run(noisy)
            noisy_values = session.run(noisy_weights)
    # Adam's first bias-corrected step moves each weight by almost exactly lr against its gradient's sign.
    np.testing.assert_allclose(adam_weights, [1.0 + 0.01, -2.0 + 0.01], rtol=1e-5)
    clean = np.array([3.0, 3.0])
    assert np.all(np.abs(noisy_values - clean) <= 2 * 0.25 + 1e-6) and not np.allclose(noisy_values, clean)


def test_optimize_loss_errors():
    with pytest.raises(RuntimeError, match="^optimize_loss builds a TF1 training op and works only in a "
                                           r"tf.compat.v1 graph \(tf.compat.v1.disable_eager_execution\(\)"):
        contrib_layers.optimize_loss(tf.constant(1.0), None, 0.1, "SGD")
    with tf.Graph().as_default():
        _, loss = quadratic_model()
        with pytest.raises(ValueError, match=r"^Optimizer name should be one of \[Adagrad, Adam, Ftrl, Momentum, "
                                             r"RMSProp, SGD\], you provided Adadelta.$"):
            contrib_layers.optimize_loss(loss, None, 0.1, "Adadelta")
        with pytest.raises(ValueError, match=r"^Learning rate is None, but should be specified if optimizer is "
                                             r"string \(SGD\).$"):
            contrib_layers.optimize_loss(loss, None, None, "SGD")
        with pytest.raises(ValueError, match="^Learning rate should be 0d Tensor or float. Got 1 of type "
                                             "<class 'int'>$"):
            contrib_layers.optimize_loss(loss, None, 1, "SGD")
        with pytest.raises(ValueError, match=r"^Summaries should be one of \[learning_rate, loss, gradients, "
                                             r"gradient_norm, global_gradient_norm\], you provided weights.$"):
            contrib_layers.optimize_loss(loss, None, 0.1, "SGD", summaries=["weights"])
        with pytest.raises(ValueError, match="^Unknown type <class 'int'> for clip_gradients$"):
            contrib_layers.optimize_loss(loss, None, 0.1, "SGD", clip_gradients=5)
        with pytest.raises(ValueError, match="^Expected scalar shape for losses:0, saw shape: \\(2,\\).$"):
            contrib_layers.optimize_loss(tf.ones([2], name="losses"), None, 0.1, "SGD")


# --- arg_scope -------------------------------------------------------------------------------------


def test_arg_scope_sets_defaults_for_decorated_functions_and_nests():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        with contrib_framework.arg_scope([contrib_layers.fully_connected, contrib_layers.conv2d],
                                         activation_fn=None, biases_initializer=None) as outer:
            plain = contrib_layers.fully_connected(x, 2, scope="plain")
            with contrib_framework.arg_scope([contrib_layers.fully_connected], activation_fn=tf.nn.tanh):
                inner = contrib_layers.fully_connected(x, 2, scope="inner")
                # linear passes activation_fn itself, which wins over the scope's (as TF1's partial did).
                linear = contrib_layers.linear(x, 2, scope="linear")
            explicit = contrib_layers.fully_connected(x, 2, activation_fn=tf.nn.relu, scope="explicit")
        with contrib_framework.arg_scope(outer):
            reentered = contrib_layers.fully_connected(x, 2, scope="reentered")
        outside = contrib_layers.fully_connected(x, 2, scope="outside")
        with contrib_framework.arg_scope([contrib_framework.model_variable], trainable=False):
            frozen = contrib_framework.model_variable("frozen", [1])
        assert names(tf.compat.v1.global_variables()) == [
            "plain/weights:0", "inner/weights:0", "linear/weights:0", "explicit/weights:0", "reentered/weights:0",
            "outside/weights:0", "outside/biases:0", "frozen:0"]
        assert frozen not in tf.compat.v1.trainable_variables()
        assert plain.op.type in ("MatMul", "BatchMatMulV2")
        assert inner.op.type == "Tanh" and explicit.op.type == "Relu" and outside.op.type == "Relu"
        assert linear.op.type in ("MatMul", "BatchMatMulV2") and reentered.op.type in ("MatMul", "BatchMatMulV2")
    assert contrib_framework.current_arg_scope() == {}
    assert contrib_framework.has_arg_scope(contrib_layers.batch_norm)
    assert not contrib_framework.has_arg_scope(contrib_layers.l2_regularizer)
    assert "activation_fn" in contrib_framework.arg_scoped_arguments(contrib_layers.fully_connected)


def test_arg_scope_on_user_functions_and_errors():
    @contrib_framework.add_arg_scope
    def scaled(x, factor=1.0, offset=0.0):
        return x * factor + offset

    with contrib_framework.arg_scope([scaled], factor=3.0):
        assert scaled(2.0) == 6.0 and scaled(2.0, offset=1.0) == 7.0 and scaled(2.0, factor=0.5) == 1.0
    assert scaled(2.0) == 2.0
    with pytest.raises(ValueError) as undecorated:
        with contrib_framework.arg_scope([contrib_layers.linear], activation_fn=None):
            pass
    assert undecorated.value.args == ("%s is not decorated with @add_arg_scope",
                                      ("tf_seq2seq_migrate.runtime.contrib_layers", "linear"))
    with pytest.raises(TypeError, match=r"^list_ops_or_scope must either be a list/tuple or reused scope "
                                        r"\(i.e. dict\)$"):
        with contrib_framework.arg_scope(scaled, factor=2.0):
            pass
    with pytest.raises(ValueError, match="^When attempting to re-use a scope by suppling a dictionary, kwargs "
                                         "must be empty.$"):
        with contrib_framework.arg_scope({}, factor=2.0):
            pass
    assert contrib_framework.current_arg_scope() == {}


# --- assign_from_checkpoint_fn ---------------------------------------------------------------------


def test_assign_from_checkpoint_fn_restores_by_name_and_skips_missing(tmp_path, caplog):
    prefix = str(tmp_path / "model.ckpt")
    with tf.Graph().as_default():
        contrib_framework.model_variable("encoder/w", initializer=np.array([1.0, 2.0], np.float32))
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            tf.compat.v1.train.Saver().save(session, prefix)
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("encoder"):
            w = contrib_framework.model_variable("w", [2], initializer=tf.compat.v1.zeros_initializer())
        extra = contrib_framework.variable("decoder_bias", [1], initializer=tf.compat.v1.ones_initializer())
        with caplog.at_level("WARNING"):
            restore = contrib_framework.assign_from_checkpoint_fn(
                prefix, contrib_framework.get_variables_to_restore(), ignore_missing_vars=True)
            assert contrib_framework.assign_from_checkpoint_fn(prefix, [extra], ignore_missing_vars=True) is None
        assert f"Variable decoder_bias missing in checkpoint {prefix}" in caplog.text
        assert "No Variables to restore" in caplog.text
        renamed = contrib_framework.assign_from_checkpoint_fn(prefix, {"encoder/w": extra}, reshape_variables=True)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            restore(session)
            np.testing.assert_array_equal(session.run(w), [1.0, 2.0])
            np.testing.assert_array_equal(session.run(extra), [1.0])
            with pytest.raises(tf.errors.InvalidArgumentError):
                renamed(session)  # a [2] tensor into a [1] variable: the Saver refuses, as in TF1
    with pytest.raises(ValueError, match="^var_list cannot be empty$"):
        contrib_framework.assign_from_checkpoint_fn(prefix, [])
    with pytest.raises(RuntimeError, match="^assign_from_checkpoint_fn restores with a tf.compat.v1.train.Saver"):
        contrib_framework.assign_from_checkpoint_fn(prefix, [tf.Variable(1.0)])
