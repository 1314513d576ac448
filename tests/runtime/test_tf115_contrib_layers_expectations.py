"""TF 1.15's contrib/layers layers_test.py (FCTest, LayerNormTest, OneHotEncodingTest) re-stated
against ``runtime.contrib_layers``.

The scenarios and the published facts (op names, variable names, collection contents and aliases,
regularization-loss names and counts, the layer-norm moments and tolerances) come from
``tensorflow/contrib/layers/python/layers/layers_test.py``; the test bodies are our own. Everything
runs in a fresh v1 graph, as TF's tests did.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import contrib_layers as layers
from tf_seq2seq_migrate.runtime.contrib_arg_scope import arg_scope

v1 = tf.compat.v1
REGULARIZATION_LOSSES = v1.GraphKeys.REGULARIZATION_LOSSES


def _graph_variables(scope=None):
    return v1.get_collection(v1.GraphKeys.GLOBAL_VARIABLES, scope)


def _by_name(name):
    # contrib.framework's get_variables_by_name: global variables whose last name part is `name`.
    return [v for v in _graph_variables() if v.op.name.split("/")[-1] == name]


def _inputs():
    # FCTest's inputs: 5 rows of 3 * 3 * 3 uniform values.
    return v1.random_uniform((5, 27), seed=1)


# -- FCTest ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("layer_fn", [layers.fully_connected, layers.relu], ids=["fully_connected", "relu"])
def test_fc_creates_relu_output_weights_and_biases(layer_fn):
    # layers_test.FCTest.testCreateFC: numpy inputs [5, 27], 32 outputs.
    with tf.Graph().as_default():
        output = layer_fn(np.random.default_rng(0).uniform(size=(5, 27)), 32)
        assert output.op.name == "fully_connected/Relu"
        assert output.shape.as_list() == [5, 32]
        assert _by_name("weights")[0].shape.as_list() == [27, 32]
        assert _by_name("biases")[0].shape.as_list() == [32]


def test_fc_scope_and_activation_op_names():
    # layers_test.FCTest.testCreateFCWithScope and testCreateFCWithoutActivation.
    with tf.Graph().as_default():
        assert layers.fully_connected(_inputs(), 32, scope="fc1").op.name == "fc1/Relu"
        assert layers.fully_connected(_inputs(), 32, activation_fn=None).op.name == "fully_connected/BiasAdd"


def test_fc_output_collection_alias_includes_the_name_scope():
    # layers_test.FCTest.testCreateFCWithCollection.
    with tf.Graph().as_default():
        with tf.name_scope("fe"):
            fc = layers.fully_connected(_inputs(), 7, outputs_collections="outputs", scope="fc")
        collected = v1.get_collection("outputs")[0]
        assert collected.aliases == ["fe/fc"]
        assert collected is fc


def test_fc_variables_creation_and_reuse():
    # layers_test.FCTest.testCreateFcCreatesWeightsAndBiasesVars, testReuseVars, testNonReuseVars.
    with tf.Graph().as_default():
        inputs = _inputs()
        assert not _graph_variables("fc1/weights") and not _graph_variables("fc1/biases")
        layers.fully_connected(inputs, 32, scope="fc1")
        assert _graph_variables("fc1/weights") and _graph_variables("fc1/biases")
        assert len(_graph_variables("fc1")) == 2
        layers.fully_connected(inputs, 32, scope="fc1", reuse=True)
        assert len(_graph_variables("fc1")) == 2
        layers.fully_connected(inputs, 32)
        assert len(_graph_variables("fully_connected")) == 2
        layers.fully_connected(inputs, 32)
        assert len(_graph_variables("fully_connected")) == 4


def test_fc_regularizer_is_added_once_per_variable():
    # layers_test.FCTest.testReuseWithRegularizer and testReuseFCWithWD.
    regularizer = lambda x: tf.reduce_sum(x) * 1e-3
    with tf.Graph().as_default():
        inputs = _inputs()
        layers.fully_connected(inputs, 32, scope="fc1", weights_regularizer=regularizer)
        assert len(v1.get_collection(REGULARIZATION_LOSSES)) == 1
        assert len(v1.losses.get_regularization_losses()) == 1
        layers.fully_connected(inputs, 32, scope="fc1", weights_regularizer=regularizer, reuse=True)
        assert len(v1.get_collection(REGULARIZATION_LOSSES)) == 1
        with v1.variable_scope("outer", reuse=False):
            layers.fully_connected(inputs, 32, weights_regularizer=regularizer)
        assert len(v1.get_collection(REGULARIZATION_LOSSES)) == 2
        with v1.variable_scope("outer", reuse=True):
            layers.fully_connected(inputs, 32, weights_regularizer=regularizer)
        assert len(v1.get_collection(REGULARIZATION_LOSSES)) == 2
        assert len(v1.losses.get_regularization_losses()) == 2
    with tf.Graph().as_default():
        decay = layers.l2_regularizer(0.01)
        layers.fully_connected(_inputs(), 32, weights_regularizer=decay, scope="FC")
        layers.fully_connected(_inputs(), 32, weights_regularizer=decay, scope="FC", reuse=True)
        assert len(_graph_variables()) == 2
        assert len(v1.get_collection(REGULARIZATION_LOSSES)) == 1


@pytest.mark.parametrize("argument", ["weights_regularizer", "biases_regularizer"])
def test_fc_l2_decay_size(argument):
    # layers_test.FCTest.testCreateFCWithWD / testCreateFCWithBD: l2_regularizer(0.01) on the
    # weights or the biases adds one loss, below 0.4.
    with tf.Graph().as_default():
        layers.fully_connected(_inputs(), 32, **{argument: layers.l2_regularizer(0.01)})
        (decay,) = v1.get_collection(REGULARIZATION_LOSSES)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(decay) < 0.4


@pytest.mark.parametrize("argument, variable", [("weights_regularizer", "kernel"), ("biases_regularizer", "bias")])
def test_fc_l2_decay_op_name(argument, variable):
    # layers_test.FCTest.testCreateFCWithWD / testCreateFCWithBD: TF 1.15 built fully_connected on
    # core Dense, so the loss lives under "fully_connected/<kernel|bias>/Regularizer".
    with tf.Graph().as_default():
        layers.fully_connected(_inputs(), 32, **{argument: layers.l2_regularizer(0.01)})
        decay = v1.get_collection(REGULARIZATION_LOSSES)[0]
        assert decay.op.name == f"fully_connected/{variable}/Regularizer/l2_regularizer"


def test_fc_without_regularizers_adds_no_losses():
    # layers_test.FCTest.testCreateNoRegularizers.
    with tf.Graph().as_default():
        layers.fully_connected(_inputs(), 32)
        assert v1.get_collection(REGULARIZATION_LOSSES) == []


def test_fc_with_batch_norm_under_arg_scope():
    # layers_test.FCTest.testFCWithBatchNorm and testReuseFCWithBatchNorm: batch_norm(decay=0.9) as
    # the normalizer; weights plus beta, moving_mean and moving_variance per layer, no biases.
    with tf.Graph().as_default():
        with arg_scope([layers.fully_connected], normalizer_fn=layers.batch_norm,
                       normalizer_params={"decay": 0.9}):
            net = layers.fully_connected(_inputs(), 27)
            layers.fully_connected(net, 27)
        assert len(_graph_variables()) == 8
        assert len(_graph_variables("fully_connected/BatchNorm")) == 3
        assert len(_graph_variables("fully_connected_1/BatchNorm")) == 3
    with tf.Graph().as_default():
        with arg_scope([layers.fully_connected], normalizer_fn=layers.batch_norm,
                       normalizer_params={"decay": 0.9}):
            net = layers.fully_connected(_inputs(), 27, scope="fc1")
            layers.fully_connected(net, 27, scope="fc1", reuse=True)
        assert len(_graph_variables()) == 4
        assert len(_graph_variables("fc1/BatchNorm")) == 3


# -- LayerNormTest -----------------------------------------------------------------------------------

def test_layer_norm_shape_errors():
    # layers_test.LayerNormTest.testUnknownShape and testParamsDimsNotFullyDefined.
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="undefined rank"):
            layers.layer_norm(v1.placeholder(tf.float32))
        inputs = v1.placeholder(tf.float32, shape=(5, 3, 3, None))
        with pytest.raises(ValueError, match="is not fully defined"):
            layers.layer_norm(inputs)


def test_layer_norm_op_and_variable_names():
    # layers_test.LayerNormTest.testCreateOp and testCreateVariables.
    with tf.Graph().as_default():
        output = layers.layer_norm(np.random.default_rng(0).uniform(size=(5, 3, 3, 3)))
        assert output.op.name.startswith("LayerNorm/batchnorm")
        assert output.shape.as_list() == [5, 3, 3, 3]
        assert _by_name("beta")[0].op.name == "LayerNorm/beta"
        assert _by_name("gamma")[0].op.name == "LayerNorm/gamma"


def test_layer_norm_reuse():
    # layers_test.LayerNormTest.testReuseVariables and testReuseVars: one beta and one gamma, and the
    # reusing call gives the same output.
    values = np.random.default_rng(1).random((10, 3, 3, 3))
    with tf.Graph().as_default():
        images = tf.constant(values, tf.float32)
        first = layers.layer_norm(images, scope="LN")
        second = layers.layer_norm(images, scope="LN", reuse=True)
        assert len(_by_name("beta")) == 1 and len(_by_name("gamma")) == 1
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            first, second = sess.run([first, second])
    np.testing.assert_allclose(second, first, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("input_shape, begin_norm_axis, tol", [
    ((10, 300), 1, 1e-5),                # testOutput2DInput
    ((100, 10, 10, 3), 1, 1e-5),         # testOutput4DInput
    ((100, 10, 10, 3), 3, 1e-4),         # testOutput4DInputNormOnInnermostAxis
    ((100, 10, 10, 3), -1, 1e-4),        # ... the same with a negative axis
    ((10, 10, 10, 30), 1, 1e-5),         # testOutputSmallInput
    ((10, 10, 10, 30), 3, 1e-5),         # testOutputSmallInputNormOnInnermostAxis
    ((1, 100, 100, 1), 1, 1e-5),         # testOutputBigInput
])
def test_layer_norm_output_moments(input_shape, begin_norm_axis, tol):
    # layers_test.LayerNormTest.doOutputTest: float64 inputs randn * sigma + mu for mu in {0, 100},
    # sigma in {1, 0.1}; the outputs have mean 0 (atol = rtol = tol) and variance 1 (atol tol) over
    # the normalized axes, and match gamma * (x - mean) / sqrt(1e-12 + var) + beta within 5 * tol.
    rng = np.random.default_rng(sum(input_shape) + begin_norm_axis)
    axis = begin_norm_axis % len(input_shape)
    moments_axis = tuple(range(axis, len(input_shape)))
    for mu in (0.0, 1e2):
        for sigma in (1.0, 0.1):
            values = rng.standard_normal(input_shape) * sigma + mu
            with tf.Graph().as_default():
                output = layers.layer_norm(tf.constant(values, tf.float64), begin_norm_axis=begin_norm_axis,
                                           scope="LN")
                with v1.variable_scope("LN", reuse=True):
                    beta = v1.get_variable("beta", dtype=tf.float64)
                    gamma = v1.get_variable("gamma", dtype=tf.float64)
                with v1.Session() as sess:
                    sess.run(v1.global_variables_initializer())
                    output, beta, gamma = sess.run([output, beta, gamma])
            assert not np.isnan(output).any()
            np.testing.assert_allclose(np.mean(output, axis=moments_axis), np.zeros(input_shape[:axis]),
                                       atol=tol, rtol=tol)
            np.testing.assert_allclose(np.var(output, axis=moments_axis), np.ones(input_shape[:axis]), atol=tol)
            centred = values - np.mean(values, axis=moments_axis, keepdims=True)
            expected = gamma * centred / np.sqrt(1e-12 + np.var(values, axis=moments_axis, keepdims=True)) + beta
            np.testing.assert_allclose(output, expected, atol=5 * tol)


def test_layer_norm_rejects_a_norm_axis_past_the_rank():
    # layers_test.LayerNormTest.testOutput2DInputDegenerateNormAxis.
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"must be < rank\(inputs\)"):
            layers.layer_norm(tf.zeros((10, 300), tf.float64), begin_norm_axis=2, scope="LN")


# -- OneHotEncodingTest ------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.int64, np.int32])
def test_one_hot_encoding(dtype):
    # layers_test.OneHotEncodingTest.testOneHotEncodingCreate, testOneHotEncoding, ...Int32 and
    # testCollectOutputs.
    with tf.Graph().as_default():
        labels = tf.constant([0, 1, 2], dtype)
        output = layers.one_hot_encoding(labels, num_classes=3, outputs_collections="outputs")
        assert output.op.name == "OneHotEncoding/one_hot"
        assert output.shape.as_list() == [3, 3]
        collected = v1.get_collection("outputs")[0]
        assert collected.aliases == ["OneHotEncoding"] and collected is output
        with v1.Session() as sess:
            np.testing.assert_allclose(sess.run(output), np.eye(3))
