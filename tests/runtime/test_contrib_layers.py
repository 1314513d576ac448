"""runtime.contrib_layers against TF 1.15's formulas, variable names, collections and messages.

TF 2.21 has no contrib.layers, so each function is checked against its TF 1.15 definition written out
in numpy with the same weights (in a v1 graph session, eagerly and in ``tf.function``), the
initializers against their formulas' moments and exact bounds over a large sample, and fully_connected
once against TF1's own ``tf.compat.v1.layers.dense`` (tf_keras legacy, subprocess), which is what
contrib's fully_connected ran under its ``weights``/``biases`` names.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import tensorflow as tf

from tf1_reference import run_tf1
from tf_seq2seq_migrate.checkpoints.model_loader import fresh_tf1_scope_names
from tf_seq2seq_migrate.runtime import contrib_layers
from tf_seq2seq_migrate.runtime.base_layer import tf1_variable_map
from tf_seq2seq_migrate.runtime.legacy_seq2seq import LegacyVariableStore

RNG = np.random.default_rng(7)
X3 = RNG.normal(size=(2, 5, 3)).astype(np.float32)
GraphKeys = tf.compat.v1.GraphKeys


def relu(x):
    return np.maximum(x, 0)


def np_layer_norm(x, gamma, beta, begin_norm_axis, epsilon=1e-12):
    axes = tuple(range(begin_norm_axis, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(variance + epsilon) * gamma + beta


def global_names():
    return sorted(v.name[:-2] for v in tf.compat.v1.global_variables())


def session_values(session, names):
    by_name = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
    return {name: session.run(by_name[name]) for name in names}


# --- fully_connected -------------------------------------------------------------------------------


def test_fully_connected_graph_names_collections_and_numbers():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 5, 3])
        with tf.compat.v1.variable_scope("encoder"):
            hidden = contrib_layers.fully_connected(x, 4, variables_collections={"weights": ["my_weights"]},
                                                    outputs_collections="my_outputs")
            projected = contrib_layers.linear(hidden, 2, scope="proj")
            shared = contrib_layers.fully_connected(hidden, 2, activation_fn=None, scope="proj", reuse=True)
            second = contrib_layers.fully_connected(x, 4)
        names = global_names()
        model_variables = sorted(v.name[:-2] for v in tf.compat.v1.get_collection(GraphKeys.MODEL_VARIABLES))
        mine = [v.name[:-2] for v in tf.compat.v1.get_collection("my_weights")]
        outputs_collected = tf.compat.v1.get_collection("my_outputs")
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            w = session_values(session, names)
            got, got_shared, _ = session.run([projected, shared, second], {x: X3})
    assert names == ["encoder/fully_connected/biases", "encoder/fully_connected/weights",
                     "encoder/fully_connected_1/biases", "encoder/fully_connected_1/weights",
                     "encoder/proj/biases", "encoder/proj/weights"]
    assert model_variables == names
    assert mine == ["encoder/fully_connected/weights"]
    assert outputs_collected == [hidden] and hidden.aliases == ["encoder/fully_connected"]
    assert hidden.shape.as_list() == [None, 5, 4]
    expected_hidden = relu(X3 @ w["encoder/fully_connected/weights"] + w["encoder/fully_connected/biases"])
    expected = expected_hidden @ w["encoder/proj/weights"] + w["encoder/proj/biases"]
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_shared, got)
    # xavier uniform weights, zero biases
    limit = math.sqrt(6.0 / (3 + 4))
    assert np.all(np.abs(w["encoder/fully_connected/weights"]) <= limit)
    assert not np.any(w["encoder/fully_connected/biases"])


def test_fully_connected_normalizer_replaces_biases_and_regularizers_are_collected():
    calls = []

    def normalizer(outputs, offset):
        calls.append(offset)
        return outputs + offset

    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        normalized = contrib_layers.fully_connected(x, 2, normalizer_fn=normalizer, normalizer_params={"offset": 5.0},
                                                    activation_fn=None, weights_regularizer=contrib_layers.l2_regularizer(0.1))
        unbiased = contrib_layers.fully_connected(x, 2, biases_initializer=None, trainable=False)
        contrib_layers.fully_connected(x, 2, biases_regularizer=contrib_layers.l1_regularizer(2.0),
                                       biases_initializer=tf.compat.v1.constant_initializer(-0.5), scope="biased")
        names = global_names()
        trainable = sorted(v.name[:-2] for v in tf.compat.v1.trainable_variables())
        penalties = tf.compat.v1.get_collection(GraphKeys.REGULARIZATION_LOSSES)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            w = session_values(session, names)
            got, penalty_values, _ = session.run([normalized, penalties, unbiased], {x: X3[0]})
    assert calls == [5.0]
    assert names == ["biased/biases", "biased/weights", "fully_connected/weights", "fully_connected_1/weights"]
    assert trainable == ["biased/biases", "biased/weights", "fully_connected/weights"]
    np.testing.assert_allclose(got, X3[0] @ w["fully_connected/weights"] + 5.0, rtol=1e-6)
    assert len(penalty_values) == 2
    np.testing.assert_allclose(penalty_values[0], 0.1 * np.sum(w["fully_connected/weights"] ** 2) / 2, rtol=1e-6)
    np.testing.assert_allclose(penalty_values[1], 2.0 * 0.5 * 2, rtol=1e-6)


def test_fully_connected_eager_and_tf_function_share_weights_under_one_scope():
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        eager = contrib_layers.fully_connected(X3, 4, scope="dec/out")
        again = contrib_layers.fully_connected(X3, 4, scope="dec/out")
        traced = tf.function(lambda x: contrib_layers.fully_connected(x, 4, scope="dec/out"))(X3)
        fresh = contrib_layers.fully_connected(X3[0], 2)
        weights = {name: v.numpy() for name, v in tf1_variable_map(store.trainable_weights).items()}
    assert sorted(weights) == ["dec/out/biases", "dec/out/weights", "fully_connected/biases",
                               "fully_connected/weights"]
    expected = relu(X3 @ weights["dec/out/weights"] + weights["dec/out/biases"])
    np.testing.assert_allclose(eager.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(again.numpy(), eager.numpy())
    np.testing.assert_allclose(traced.numpy(), eager.numpy(), rtol=1e-6)
    assert fresh.shape == (5, 2)


def test_fully_connected_eager_regularization_follows_the_variable():
    store = LegacyVariableStore()
    losses = tf.compat.v1.get_collection_ref(GraphKeys.REGULARIZATION_LOSSES)
    saved = list(losses)
    losses[:] = []
    try:
        with store.as_default(), fresh_tf1_scope_names():
            contrib_layers.fully_connected(X3[0], 2, scope="reg", weights_regularizer=contrib_layers.l2_regularizer(0.5))
            contrib_layers.fully_connected(X3[0], 2, scope="reg", weights_regularizer=contrib_layers.l2_regularizer(0.5))
            weights = tf1_variable_map(store.trainable_weights)["reg/weights"]
            assert len(tf.compat.v1.get_collection(GraphKeys.REGULARIZATION_LOSSES)) == 1
            weights.assign(tf.ones([3, 2]))
            total = tf.compat.v1.losses.get_regularization_loss()
    finally:
        losses[:] = saved
    np.testing.assert_allclose(total.numpy(), 0.5 * 6 / 2)


def test_fully_connected_errors():
    with pytest.raises(ValueError) as error:
        contrib_layers.fully_connected(X3, 4.0)
    assert str(error.value) == "num_outputs type should be one of [<class 'int'>], got <class 'float'>."
    with fresh_tf1_scope_names(), pytest.raises(ValueError) as error:
        contrib_layers.fully_connected(np.ones([3], np.float32), 4)
    assert str(error.value) == ("Input 0 of layer fully_connected is incompatible with the layer: expected "
                                "min_ndim=2, found ndim=1. Full shape received: [3]")
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"^The last dimension of the inputs to `Dense` should be defined. "
                                             r"Found `None`.$"):
            contrib_layers.fully_connected(tf.compat.v1.placeholder(tf.float32, [2, None]), 4)


def test_fully_connected_matches_tf1_dense_under_tf1_names():
    """contrib's fully_connected was tf.layers.Dense with kernel/bias renamed weights/biases."""
    kernel = RNG.normal(size=(3, 4)).astype(np.float32)
    bias = RNG.normal(size=(4,)).astype(np.float32)
    reference = run_tf1('''
with tf.Graph().as_default():
    x = tf.compat.v1.placeholder(tf.float32, [None, 5, 3])
    y = tf.compat.v1.layers.dense(x, 4, activation=tf.nn.relu, name="fully_connected")
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        assign_by_name(sess, {"fully_connected/kernel": inputs["kernel"], "fully_connected/bias": inputs["bias"]})
        outputs["y"] = sess.run(y, {x: inputs["x"]})
''', {"x": X3, "kernel": kernel, "bias": bias})
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 5, 3])
        y = contrib_layers.fully_connected(x, 4)
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            by_name = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
            by_name["fully_connected/weights"].load(kernel, session)
            by_name["fully_connected/biases"].load(bias, session)
            got = session.run(y, {x: X3})
    np.testing.assert_allclose(got, reference["y"], rtol=1e-6, atol=1e-6)


# --- layer_norm ------------------------------------------------------------------------------------


@pytest.mark.parametrize("begin_norm_axis, begin_params_axis", [(1, -1), (-1, -1), (2, 1)])
def test_layer_norm_graph_against_numpy(begin_norm_axis, begin_params_axis):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 5, 3])
        with tf.compat.v1.variable_scope("block"):
            y = contrib_layers.layer_norm(x, begin_norm_axis=begin_norm_axis, begin_params_axis=begin_params_axis,
                                          activation_fn=tf.nn.relu)
        names = global_names()
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            gamma = RNG.normal(size=x.shape[begin_params_axis:]).astype(np.float32)
            beta = RNG.normal(size=gamma.shape).astype(np.float32)
            by_name = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
            by_name["block/LayerNorm/gamma"].load(gamma, session)
            by_name["block/LayerNorm/beta"].load(beta, session)
            got = session.run(y, {x: X3})
    assert names == ["block/LayerNorm/beta", "block/LayerNorm/gamma"]
    norm_axis = begin_norm_axis % 3
    np.testing.assert_allclose(got, relu(np_layer_norm(X3, gamma, beta, norm_axis)), rtol=1e-5, atol=1e-5)


def test_layer_norm_eager_tf_function_and_parameter_switches():
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        eager = contrib_layers.layer_norm(X3, scope="ln")
        traced = tf.function(lambda x: contrib_layers.layer_norm(x, scope="ln"))(X3)
        plain = contrib_layers.layer_norm(X3, center=False, scale=False)
        names = sorted(tf1_variable_map(store.trainable_weights))
    assert names == ["ln/beta", "ln/gamma"]
    expected = np_layer_norm(X3, 1.0, 0.0, 1)
    np.testing.assert_allclose(eager.numpy(), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(traced.numpy(), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(plain.numpy(), expected, rtol=1e-5, atol=1e-5)


def test_layer_norm_epsilon_is_tf1s_tiny_one():
    # Offsets of +-1e-6 have variance 1e-12; with epsilon 1e-12 they become +-1e-6 / sqrt(2e-12) = +-0.7071
    # (Keras' 1e-3 would leave them near 3e-5).
    row = np.array([[0.0, 2e-6]], dtype=np.float32)
    with fresh_tf1_scope_names(), LegacyVariableStore().as_default():
        got = contrib_layers.layer_norm(row, center=False, scale=False).numpy()
    np.testing.assert_allclose(got, [[-math.sqrt(0.5), math.sqrt(0.5)]], rtol=1e-3)


def test_layer_norm_errors():
    with tf.Graph().as_default():
        unknown = tf.compat.v1.placeholder(tf.float32, name="unknown_rank")
        with pytest.raises(ValueError) as error:
            contrib_layers.layer_norm(unknown)
        assert str(error.value) == "Inputs unknown_rank:0 has undefined rank."
        x = tf.compat.v1.placeholder(tf.float32, [None, 5, 3], name="x")
        with pytest.raises(ValueError) as error:
            contrib_layers.layer_norm(x, begin_norm_axis=3)
        assert str(error.value) == "begin_params_axis (-1) and begin_norm_axis (3) must be < rank(inputs) (3)"
        with pytest.raises(ValueError) as error:
            contrib_layers.layer_norm(x, begin_params_axis=0)
        assert str(error.value) == "Inputs x:0: shape(inputs)[0:] is not fully defined: (None, 5, 3)"


# --- embed_sequence --------------------------------------------------------------------------------


def test_embed_sequence_names_lookup_unique_and_reuse():
    ids = np.array([[1, 4, 1], [0, 4, 9]], dtype=np.int32)
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("model"):
            embedded = contrib_layers.embed_sequence(ids, vocab_size=10, embed_dim=3)
            unique = contrib_layers.embed_sequence(ids, vocab_size=10, embed_dim=3, unique=True, scope="shared")
            reused = contrib_layers.embed_sequence(ids, scope="shared", reuse=True)
        names = global_names()
        dtypes = {v.name[:-2]: v.dtype.base_dtype for v in tf.compat.v1.global_variables()}
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            w = session_values(session, names)
            got, got_unique, got_reused = session.run([embedded, unique, reused])
    assert names == ["model/EmbedSequence/embeddings", "model/shared/embeddings"]
    assert set(dtypes.values()) == {tf.float32}
    np.testing.assert_array_equal(got, w["model/EmbedSequence/embeddings"][ids])
    np.testing.assert_array_equal(got_unique, w["model/shared/embeddings"][ids])
    np.testing.assert_array_equal(got_reused, got_unique)


def test_embed_sequence_eager_reuses_by_scope_and_checks_sizes():
    ids = np.array([[2, 3]], dtype=np.int64)
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        first = contrib_layers.embed_sequence(ids, 5, 2, scope="emb")
        second = contrib_layers.embed_sequence(ids, scope="emb", reuse=True)
        table = tf1_variable_map(store.trainable_weights)["emb/embeddings"].numpy()
        with pytest.raises(ValueError) as error:
            contrib_layers.embed_sequence(ids, scope="missing", reuse=True)
        assert str(error.value).startswith("Shape of a new variable (missing/embeddings) must be fully defined")
    np.testing.assert_array_equal(first.numpy(), table[ids])
    np.testing.assert_array_equal(second.numpy(), table[ids])
    with pytest.raises(ValueError) as error:
        contrib_layers.embed_sequence(ids, vocab_size=5)
    assert str(error.value) == ("Must specify vocab size and embedding dimension when not reusing. "
                                "Got vocab_size=5 and embed_dim=None")


# --- regularizers ----------------------------------------------------------------------------------

WEIGHTS = np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)


def test_regularizer_values():
    weights = tf.constant(WEIGHTS)
    np.testing.assert_allclose(contrib_layers.l1_regularizer(0.5)(weights).numpy(), 0.5 * 6.5)
    np.testing.assert_allclose(contrib_layers.l2_regularizer(0.5)(weights).numpy(), 0.5 * 14.25 / 2)
    np.testing.assert_allclose(contrib_layers.l1_l2_regularizer(0.5, 0.25)(weights).numpy(),
                               0.5 * 6.5 + 0.25 * 14.25 / 2)
    np.testing.assert_allclose(contrib_layers.l1_l2_regularizer(0.0, 0.25)(weights).numpy(), 0.25 * 14.25 / 2)
    summed = contrib_layers.sum_regularizer([contrib_layers.l1_regularizer(1.0), None,
                                             contrib_layers.l2_regularizer(0.0)])
    np.testing.assert_allclose(summed(weights).numpy(), 6.5)
    assert contrib_layers.l2_regularizer(0.0)(weights) is None
    assert contrib_layers.l1_regularizer(0.0)(weights) is None
    assert contrib_layers.sum_regularizer([None]) is None
    assert contrib_layers.sum_regularizer([contrib_layers.l2_regularizer(0.0)])(weights) is None


def test_regularizer_messages():
    cases = [
        (lambda: contrib_layers.l2_regularizer(1), "scale cannot be an integer: 1"),
        (lambda: contrib_layers.l1_regularizer(2), "scale cannot be an integer: 2"),
        (lambda: contrib_layers.l2_regularizer(-0.5), "Setting a scale less than 0 on a regularizer: -0.5."),
        (lambda: contrib_layers.l1_regularizer(-0.5), "Setting a scale less than 0 on a regularizer: -0.5"),
        (lambda: contrib_layers.l1_l2_regularizer(1, 0.5), "scale_l1 cannot be an integer: 1"),
        (lambda: contrib_layers.l1_l2_regularizer(0.5, 1), "scale_l2 cannot be an integer: 1"),
    ]
    for make, message in cases:
        with pytest.raises(ValueError) as error:
            make()
        assert str(error.value) == message


def test_apply_regularization_sums_weights_collection_in_a_graph():
    with tf.Graph().as_default():
        first = tf.constant(WEIGHTS)
        second = tf.constant(-WEIGHTS)
        tf.compat.v1.add_to_collection(GraphKeys.WEIGHTS, first)
        tf.compat.v1.add_to_collection(GraphKeys.WEIGHTS, second)
        penalty = contrib_layers.apply_regularization(contrib_layers.l1_regularizer(0.5))
        explicit = contrib_layers.apply_regularization(contrib_layers.l2_regularizer(0.0), [first])
        collected = tf.compat.v1.get_collection(GraphKeys.REGULARIZATION_LOSSES)
        with pytest.raises(ValueError) as error:
            contrib_layers.apply_regularization(lambda w: w, [first])
        with tf.compat.v1.Session() as session:
            values = session.run([penalty, explicit])
    assert str(error.value) == "regularizer must return a scalar Tensor instead of a Tensor with rank 2."
    assert collected == [penalty, explicit]
    np.testing.assert_allclose(values, [0.5 * 6.5 * 2, 0.0])
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as error:
            contrib_layers.apply_regularization(contrib_layers.l1_regularizer(0.5))
    assert str(error.value) == "No weights to regularize."


# --- initializers ----------------------------------------------------------------------------------

SAMPLE_SHAPE = [3, 3, 40, 60]  # fan_in = 9 * 40 = 360, fan_out = 9 * 60 = 540


@pytest.mark.parametrize("mode, n", [("FAN_IN", 360.0), ("FAN_OUT", 540.0), ("FAN_AVG", 450.0)])
@pytest.mark.parametrize("uniform", [True, False])
def test_variance_scaling_moments_and_bounds(mode, n, uniform):
    factor = 2.0
    values = contrib_layers.variance_scaling_initializer(factor, mode, uniform, seed=11)(SAMPLE_SHAPE).numpy()
    assert values.dtype == np.float32 and list(values.shape) == SAMPLE_SHAPE
    assert abs(values.mean()) < 0.01 * math.sqrt(factor / n) * 10
    if uniform:
        limit = math.sqrt(3.0 * factor / n)
        assert np.all(np.abs(values) <= limit) and np.abs(values).max() > 0.999 * limit
        np.testing.assert_allclose(values.std(), math.sqrt(factor / n), rtol=0.02)
    else:
        stddev = math.sqrt(1.3 * factor / n)
        assert np.all(np.abs(values) <= 2 * stddev)
        # a normal truncated at two standard deviations keeps 0.8796 of its standard deviation
        np.testing.assert_allclose(values.std(), stddev * 0.87962566, rtol=0.02)


def test_xavier_fans_of_vectors_and_scalars_and_dtypes():
    vector = contrib_layers.xavier_initializer(seed=1)([10000]).numpy()  # fan_in = fan_out = 10000
    assert np.abs(vector).max() <= math.sqrt(3.0 / 10000)
    scalar = contrib_layers.xavier_initializer(uniform=False, seed=1)([]).numpy()
    assert scalar.shape == () and abs(scalar) <= 2 * math.sqrt(1.3)
    assert contrib_layers.xavier_initializer(dtype=tf.float64)([2, 2]).dtype == tf.float64
    assert contrib_layers.xavier_initializer()([2, 2], dtype=tf.float16).dtype == tf.float16


def test_uniform_xavier_draws_glorot_uniforms_numbers_in_a_graph():
    with tf.Graph().as_default():
        ours = contrib_layers.xavier_initializer_conv2d(seed=3)([3, 3, 4, 8])
        glorot = tf.compat.v1.glorot_uniform_initializer(seed=3)([3, 3, 4, 8])
        with tf.compat.v1.Session() as session:
            got, expected = session.run([ours, glorot])
    np.testing.assert_array_equal(got, expected)


def test_initializer_messages():
    with pytest.raises(TypeError) as error:
        contrib_layers.variance_scaling_initializer(dtype=tf.int32)
    assert str(error.value) == "Cannot create initializer for non-floating point type."
    with pytest.raises(TypeError) as error:
        contrib_layers.variance_scaling_initializer(mode="fan_in")
    assert error.value.args == ("Unknown mode %s [FAN_IN, FAN_OUT, FAN_AVG]", "fan_in")
    with pytest.raises(TypeError) as error:
        contrib_layers.variance_scaling_initializer()([2, 2], dtype=tf.int64)
    assert str(error.value) == "Cannot create initializer for non-floating point type."


# --- conv2d, flatten, dropout ----------------------------------------------------------------------


def np_conv2d_valid(x, w, stride):
    kh, kw = w.shape[:2]
    rows = range(0, x.shape[1] - kh + 1, stride)
    cols = range(0, x.shape[2] - kw + 1, stride)
    out = np.zeros((x.shape[0], len(rows), len(cols), w.shape[3]), dtype=np.float64)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            out[:, i, j] = np.einsum("bhwc,hwco->bo", x[:, r:r + kh, c:c + kw], w)
    return out


def test_conv2d_graph_names_and_numbers_and_eager():
    images = RNG.normal(size=(2, 7, 7, 3)).astype(np.float32)
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 7, 7, 3])
        with tf.compat.v1.variable_scope("cnn"):
            y = contrib_layers.conv2d(x, 4, [3, 2], stride=2, padding="VALID")
            same = contrib_layers.convolution2d(x, 2, 3, activation_fn=None)
        names = global_names()
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            w = session_values(session, names)
            got, got_same = session.run([y, same], {x: images})
    assert names == ["cnn/Conv/biases", "cnn/Conv/weights", "cnn/Conv_1/biases", "cnn/Conv_1/weights"]
    assert w["cnn/Conv/weights"].shape == (3, 2, 3, 4)
    expected = relu(np_conv2d_valid(images, w["cnn/Conv/weights"], 2) + w["cnn/Conv/biases"])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)))
    np.testing.assert_allclose(got_same, np_conv2d_valid(padded, w["cnn/Conv_1/weights"], 1), rtol=1e-4, atol=1e-5)
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        eager = contrib_layers.conv2d(images, 4, 3, padding="VALID", scope="c")
        kernel = tf1_variable_map(store.trainable_weights)["c/weights"].numpy()
    np.testing.assert_allclose(eager.numpy(), relu(np_conv2d_valid(images, kernel, 1)), rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError) as error:
        contrib_layers.conv2d(images, 4, 3, data_format="NWHC")
    assert str(error.value) == "Invalid data_format: 'NWHC'"


def test_flatten_shapes_and_errors():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 5, 3])
        flat = contrib_layers.flatten(x)
        assert flat.shape.as_list() == [None, 15]
        with tf.compat.v1.Session() as session:
            np.testing.assert_array_equal(session.run(flat, {x: X3}), X3.reshape(2, 15))
    np.testing.assert_array_equal(contrib_layers.flatten(X3).numpy(), X3.reshape(2, 15))
    # TF 1.15's contrib flatten ran Keras' Flatten (min_ndim=1): a vector becomes a column.
    np.testing.assert_array_equal(contrib_layers.flatten(np.arange(3.0)).numpy(), [[0.0], [1.0], [2.0]])
    with pytest.raises(ValueError) as error:
        contrib_layers.flatten(np.float32(1.0))
    assert str(error.value) == ("Input 0 of layer flatten is incompatible with the layer: expected min_ndim=1, "
                                "found ndim=0. Full shape received: []")
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"^as_list\(\) is not defined on an unknown TensorShape\.$"):
            contrib_layers.flatten(tf.compat.v1.placeholder(tf.float32))


def test_dropout_keep_prob_and_is_training():
    x = np.ones([200, 50], dtype=np.float32)
    dropped = contrib_layers.dropout(x, keep_prob=0.8, seed=5).numpy()  # is_training defaults to True
    assert set(np.unique(dropped)) <= {0.0, 1.25}
    assert abs((dropped == 0).mean() - 0.2) < 0.02
    np.testing.assert_array_equal(contrib_layers.dropout(x, 0.8, is_training=False).numpy(), x)
    rows = contrib_layers.dropout(x, 0.5, noise_shape=[None, 1], seed=2).numpy()  # whole rows kept or dropped
    assert all(len(set(row)) == 1 for row in rows) and set(np.unique(rows)) == {0.0, 2.0}
    with tf.Graph().as_default():
        training = tf.compat.v1.placeholder(tf.bool, [])
        y = contrib_layers.dropout(tf.constant(x), 0.5, is_training=training)
        with tf.compat.v1.Session() as session:
            np.testing.assert_array_equal(session.run(y, {training: False}), x)
            assert set(np.unique(session.run(y, {training: True}))) == {0.0, 2.0}


def test_activation_aliases_behave_like_tf1s_partials():
    store = LegacyVariableStore()
    with store.as_default(), fresh_tf1_scope_names():
        outputs = {name: getattr(contrib_layers, name)(X3, 3, scope=name).numpy()
                   for name in ("linear", "elu", "relu", "relu6")}
        overridden = contrib_layers.relu(X3, 3, activation_fn=None, scope="relu").numpy()
        weights = {name: v.numpy() for name, v in tf1_variable_map(store.trainable_weights).items()}
    for name, activation in (("linear", lambda x: x), ("elu", lambda x: np.where(x > 0, x, np.expm1(x))),
                             ("relu", relu), ("relu6", lambda x: np.clip(x, 0, 6))):
        pre = X3 @ weights[f"{name}/weights"] + weights[f"{name}/biases"]
        np.testing.assert_allclose(outputs[name], activation(pre), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(overridden, X3 @ weights["relu/weights"] + weights["relu/biases"], rtol=1e-5, atol=1e-6)
    with pytest.raises(TypeError, match="multiple values for argument 'activation_fn'"):
        contrib_layers.linear(X3, 3, tf.nn.relu)


def test_initializers_print_the_call_that_made_them():
    assert repr(contrib_layers.xavier_initializer()) == "xavier_initializer()"
    assert repr(contrib_layers.xavier_initializer(False, 3, tf.float64)) == (
        "xavier_initializer(uniform=False, seed=3, dtype=tf.float64)")
    assert repr(contrib_layers.variance_scaling_initializer()) == "variance_scaling_initializer()"
    assert repr(contrib_layers.variance_scaling_initializer(1.0, "FAN_OUT", True)) == (
        "variance_scaling_initializer(factor=1.0, mode='FAN_OUT', uniform=True)")


def test_regularization_read_inside_tf_function_has_gradients():
    store = LegacyVariableStore()
    losses = tf.compat.v1.get_collection_ref(GraphKeys.REGULARIZATION_LOSSES)
    saved = list(losses)
    losses[:] = []
    try:
        with store.as_default(), fresh_tf1_scope_names():
            contrib_layers.fully_connected(X3[0], 2, scope="r", weights_regularizer=contrib_layers.l2_regularizer(0.5))
            weights = tf1_variable_map(store.trainable_weights)["r/weights"]

            @tf.function
            def penalty_and_gradient():
                with tf.GradientTape() as tape:
                    contrib_layers.fully_connected(X3[0], 2, scope="r",
                                                   weights_regularizer=contrib_layers.l2_regularizer(0.5))
                    penalty = tf.compat.v1.losses.get_regularization_loss()
                return penalty, tape.gradient(penalty, weights.value)

            penalty, gradient = penalty_and_gradient()
    finally:
        losses[:] = saved
    np.testing.assert_allclose(penalty.numpy(), 0.5 * np.sum(weights.numpy() ** 2) / 2, rtol=1e-6)
    np.testing.assert_allclose(gradient.numpy(), 0.5 * weights.numpy(), rtol=1e-6)
