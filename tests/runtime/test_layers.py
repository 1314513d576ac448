"""runtime.layers against TF1's real ``tf.compat.v1.layers`` (tf_keras legacy layers, in a subprocess).

Every case is built once by TF1 in a v1 graph (its own initial weights), and once by the runtime in a v1
graph of this process with TF1's weights loaded by name: the variable names, the outputs and, for batch
normalization, the moving averages after the UPDATE_OPS ran must be TF1's.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf1_reference import run_tf1
from tf_seq2seq_migrate.runtime import layers

RNG = np.random.default_rng(7)
X3 = RNG.normal(size=(2, 7, 3)).astype(np.float32)
X4 = RNG.normal(size=(2, 6, 5, 3)).astype(np.float32)

# case -> expression over `layers`, `tf`, `x3` ([2, 7, 3]), `x4` ([2, 6, 5, 3]) and `training` (a bool placeholder)
CASES = {
    "dense_reuse": "layers.dense(x3, 4, name='proj', reuse=tf.compat.v1.AUTO_REUSE) "
                   "+ layers.dense(x3, 4, name='proj', reuse=tf.compat.v1.AUTO_REUSE)",
    "dense_class": "layers.Dense(5, activation=tf.nn.tanh)(x3)",
    "conv1d_valid": "layers.conv1d(x3, 4, 3)",
    "conv1d_same_strided_relu": "layers.conv1d(x3, 4, 2, strides=2, padding='same', activation=tf.nn.relu)",
    "conv1d_causal_dilated": "layers.Conv1D(2, 3, padding='causal', dilation_rate=2, name='causal')(x3)",
    "conv1d_no_bias_twice": "layers.conv1d(layers.conv1d(x3, 3, 2, use_bias=False), 2, 1)",
    "conv2d_same": "layers.conv2d(x4, 3, (2, 3), padding='same')",
    "conv2d_strided_dilated": "layers.Conv2D(2, 2, dilation_rate=(1, 2))(x4)",
    "conv3d": "layers.conv3d(tf.expand_dims(x4, 1), 2, (1, 2, 2))",
    "max_pool2d": "layers.max_pooling2d(x4, 2, 2)",
    "avg_pool1d_same": "layers.average_pooling1d(x3, 2, 2, padding='same')",
    "avg_pool2d_class": "layers.AveragePooling2D((3, 2), (1, 2), padding='same')(x4)",
    "flatten": "layers.flatten(x4)",
    "flatten_class": "layers.Flatten()(x3)",
    "dropout_inactive_by_default": "layers.dropout(x3, 0.4)",
    "dropout_training_tensor": "layers.dropout(x3, 0.4, seed=3, training=training)",
    "dropout_class_noise_shape": "layers.Dropout(0.5, noise_shape=[None, 1, 3], seed=5)(x3, training=True)",
    "batch_norm": "layers.batch_normalization(x4, training=training, momentum=0.9, "
                  "gamma_initializer=tf.compat.v1.random_uniform_initializer(0.5, 1.5))",
    "batch_norm_unfused": "layers.batch_normalization(x4, training=training, fused=False)",
    "batch_norm_channels_first_4d": "layers.batch_normalization(tf.transpose(x4, [0, 3, 1, 2]), axis=1, training=True)",
    "batch_norm_axis1_class": "layers.BatchNormalization(axis=1, epsilon=0.01, center=False)(x3, training=training)",
}

# Builds one case in a fresh v1 graph; `layers` is TF1's or the runtime's. Outputs: y with training
# on (UPDATE_OPS run with it), the variables after that, and y with training off.
GRAPH_CASE = """
def build_case(expression, layers, x3_value, x4_value, load=None):
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.set_random_seed(11)
        x3 = tf.compat.v1.placeholder(tf.float32, [None, 7, 3])
        x4 = tf.compat.v1.placeholder(tf.float32, [None, 6, 5, 3])
        training = tf.compat.v1.placeholder(tf.bool, [])
        y = eval(expression, dict(layers=layers, tf=tf, x3=x3, x4=x4, training=training))
        updates = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
        variables = tf.compat.v1.global_variables()
        with tf.compat.v1.Session(graph=graph) as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            if load:
                for variable in variables:
                    variable.load(load[variable.name[:-2]], sess)
            start = {v.name[:-2]: sess.run(v) for v in variables}
            feed = {x3: x3_value, x4: x4_value, training: True}
            y_train = sess.run([y, updates], feed)[0]
            after = {v.name[:-2]: sess.run(v) for v in variables}
            y_infer = sess.run(y, {**feed, training: False})
    return start, y_train, after, y_infer, len(updates)
"""


@pytest.fixture(scope="module")
def tf1_results():
    code = GRAPH_CASE + f"\nCASES = {CASES!r}\n" + """
for name, expression in CASES.items():
    start, y_train, after, y_infer, updates = build_case(expression, tf.compat.v1.layers, inputs["x3"], inputs["x4"])
    outputs[name + "|y_train"] = y_train
    outputs[name + "|y_infer"] = y_infer
    outputs[name + "|updates"] = updates
    for key, value in start.items():
        outputs[name + "|start|" + key] = value
    for key, value in after.items():
        outputs[name + "|after|" + key] = value
"""
    raw = run_tf1(code, {"x3": X3, "x4": X4})
    results: dict[str, dict] = {}
    for key, value in raw.items():
        name, part, *rest = key.split("|")
        case = results.setdefault(name, {"start": {}, "after": {}})
        if rest:
            case[part][rest[0]] = value
        else:
            case[part] = value
    return results


def _runtime_case(expression, load):
    namespace: dict = {"tf": tf}
    exec(GRAPH_CASE, namespace)
    return namespace["build_case"](expression, layers, X3, X4, load=load)


@pytest.mark.parametrize("name", sorted(CASES))
def test_runtime_layer_matches_tf1(name, tf1_results):
    reference = tf1_results[name]
    start, y_train, after, y_infer, updates = _runtime_case(CASES[name], reference["start"])
    assert sorted(start) == sorted(reference["start"])  # TF1's variable names, no more, no fewer
    np.testing.assert_allclose(y_train, reference["y_train"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(y_infer, reference["y_infer"], rtol=1e-5, atol=1e-5)
    assert updates == reference["updates"]
    for variable, value in reference["after"].items():
        np.testing.assert_allclose(after[variable], value, rtol=1e-5, atol=1e-6, err_msg=variable)


@pytest.mark.parametrize("fused, ddof", [(None, 1), (False, 0)])
def test_batch_norm_moving_averages_follow_the_tf1_formula(fused, ddof):
    # numpy re-derivation: moving -= (moving - batch_stat) * (1 - momentum); outputs use the biased batch
    # variance; the moving variance gets the unbiased one where TF1 takes its fused kernel (4-D, fused=None).
    expression = f"layers.batch_normalization(x4, training=training, momentum=0.8, fused={fused})"
    _, y_train, after, y_infer, updates = _runtime_case(expression, None)
    mean, variance = X4.mean(axis=(0, 1, 2)), X4.var(axis=(0, 1, 2))
    moving_variance = 0.8 + 0.2 * X4.var(axis=(0, 1, 2), ddof=ddof)
    np.testing.assert_allclose(after["batch_normalization/moving_mean"], 0.2 * mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(after["batch_normalization/moving_variance"], moving_variance, rtol=1e-5)
    np.testing.assert_allclose(y_train, (X4 - mean) / np.sqrt(variance + 1e-3), rtol=1e-4, atol=1e-5)
    expected_infer = (X4 - 0.2 * mean) / np.sqrt(moving_variance + 1e-3)
    np.testing.assert_allclose(y_infer, expected_infer, rtol=1e-4, atol=1e-5)
    assert updates == 2


def test_dropout_drops_the_rate_and_rescales():
    x = np.ones((200, 50), np.float32)
    dropped = layers.dropout(x, rate=0.3, training=True).numpy()
    kept = dropped[dropped != 0]
    np.testing.assert_allclose(kept, 1 / 0.7, rtol=1e-6)
    assert abs((dropped == 0).mean() - 0.3) < 0.03
    np.testing.assert_array_equal(layers.dropout(x, rate=0.3).numpy(), x)  # TF1 default: training=False


def test_eager_conv_and_batch_norm_run_and_update():
    conv = layers.Conv1D(3, 2, padding="same")
    y = conv(X3)
    expected = np.stack([
        np.stack([
            sum(X3[b, t + k] @ conv.kernel.numpy()[k] for k in range(2) if t + k < 7) for t in range(7)
        ]) for b in range(2)
    ]) + conv.bias.numpy()
    np.testing.assert_allclose(y.numpy(), expected, rtol=1e-5, atol=1e-5)  # TF 'SAME' pads one step at the end
    norm = layers.BatchNormalization(momentum=0.5)
    norm(X3, training=True)
    np.testing.assert_allclose(norm.moving_mean.numpy(), 0.5 * X3.mean(axis=(0, 1)), rtol=1e-5, atol=1e-6)


def test_unsupported_batch_norm_options_are_refused():
    with pytest.raises(NotImplementedError, match="renorm"):
        layers.BatchNormalization(renorm=True)
