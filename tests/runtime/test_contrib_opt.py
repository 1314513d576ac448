"""runtime.opt (tf.contrib.opt's LazyAdam / AdamW / MomentumW) against numpy re-derivations of TF 1.15.

The references write out TF1's update formulas: Adam's bias-corrected step (dense for AdamOptimizer,
row-wise for LazyAdamOptimizer's sparse gradients: untouched rows keep their moments and values),
decoupled weight decay (``var -= weight_decay * var`` before the base update, only on the gradient's
rows for sparse gradients, only on decay_var_list when given) and momentum. Several steps with
changing gradients, in v1 graph mode (reference and resource variables), eagerly and in tf.function;
the checkpoint holds TF1's slot names.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tf_seq2seq_migrate.runtime import opt

LR, BETA1, BETA2, EPS = 0.1, 0.9, 0.999, 1e-8
INITIAL = np.arange(15, dtype=np.float32).reshape(5, 3) / 10.0
STEPS = 3


def gradients(step):
    rng = np.random.default_rng(step)
    return rng.normal(size=(5, 3)).astype(np.float32)


def sparse_gradients(step):
    # a repeated row in each step (TF1 sums duplicate indices first); row 4 never gets a gradient
    rng = np.random.default_rng(100 + step)
    indices = [[3, 1, 3], [0, 3, 0], [1, 1, 2]][step]
    return np.array(indices, np.int64), rng.normal(size=(3, 3)).astype(np.float32)


def densify(indices, values):
    dense = np.zeros_like(INITIAL, dtype=np.float64)
    np.add.at(dense, indices, values)
    return dense


class AdamReference:
    """TF1's AdamOptimizer (dense) and LazyAdamOptimizer (sparse) on float64 numpy arrays."""

    def __init__(self, weight_decay=0.0):
        self.var = INITIAL.astype(np.float64)
        self.m = np.zeros_like(self.var)
        self.v = np.zeros_like(self.var)
        self.t = 0
        self.weight_decay = weight_decay

    def step_size(self):
        self.t += 1
        return LR * np.sqrt(1 - BETA2 ** self.t) / (1 - BETA1 ** self.t)

    def dense(self, grad):
        lr = self.step_size()
        self.var -= self.weight_decay * self.var
        self.m = BETA1 * self.m + (1 - BETA1) * grad
        self.v = BETA2 * self.v + (1 - BETA2) * grad ** 2
        self.var -= lr * self.m / (np.sqrt(self.v) + EPS)

    def lazy_sparse(self, indices, values):
        lr = self.step_size()
        rows = np.unique(indices)
        grad = densify(indices, values)[rows]
        self.m[rows] = BETA1 * self.m[rows] + (1 - BETA1) * grad
        self.v[rows] = BETA2 * self.v[rows] + (1 - BETA2) * grad ** 2
        self.var[rows] -= lr * self.m[rows] / (np.sqrt(self.v[rows]) + EPS)

    def decayed_adam_sparse(self, indices, values):
        # AdamW on a sparse gradient: the decay touches the gradient's rows; Adam's sparse update
        # decays every row's moments and moves every row
        rows = np.unique(indices)
        self.var[rows] -= self.weight_decay * self.var[rows]
        grad = densify(indices, values)
        lr = self.step_size()
        self.m = BETA1 * self.m + (1 - BETA1) * grad
        self.v = BETA2 * self.v + (1 - BETA2) * grad ** 2
        self.var -= lr * self.m / (np.sqrt(self.v) + EPS)


def run_graph(make_optimizer, sparse, use_resource, decay_var_list=None, extra_var=False):
    """``STEPS`` apply_gradients in a v1 graph + Session; returns variable values, slots, var names."""
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("model"):
            var = tf.compat.v1.get_variable("embedding", initializer=INITIAL, use_resource=use_resource)
            other = tf.compat.v1.get_variable("other", initializer=INITIAL, use_resource=use_resource)
        optimizer = make_optimizer()
        if sparse:
            values = tf.compat.v1.placeholder(tf.float32, [None, 3])
            indices = tf.compat.v1.placeholder(tf.int64, [None])
            grad = tf.IndexedSlices(values, indices, tf.constant([5, 3], tf.int64))
        else:
            grad = tf.compat.v1.placeholder(tf.float32, [5, 3])
        pairs = [(grad, var)] + ([(grad, other)] if extra_var else [])
        kwargs = {} if decay_var_list is None else {"decay_var_list": decay_var_list(var, other)}
        train = optimizer.apply_gradients(pairs, **kwargs)
        names = sorted(v.op.name for v in tf.compat.v1.global_variables())
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            for step in range(STEPS):
                if sparse:
                    step_indices, step_values = sparse_gradients(step)
                    session.run(train, {indices: step_indices, values: step_values})
                else:
                    session.run(train, {grad: gradients(step)})
            slots = {name: session.run(optimizer.get_slot(var, name)) for name in optimizer.get_slot_names()}
            return session.run(var), session.run(other), slots, names


@pytest.mark.parametrize("use_resource", [False, True], ids=["ref_variable", "resource_variable"])
def test_lazy_adam_sparse_updates_touch_only_the_gradient_rows(use_resource):
    value, _, slots, names = run_graph(lambda: opt.LazyAdamOptimizer(LR), sparse=True, use_resource=use_resource)
    reference = AdamReference()
    for step in range(STEPS):
        reference.lazy_sparse(*sparse_gradients(step))
    np.testing.assert_allclose(value, reference.var, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(slots["m"], reference.m, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(slots["v"], reference.v, rtol=1e-4, atol=1e-9)  # 1 - beta2 in float32
    np.testing.assert_array_equal(value[4], INITIAL[4])
    np.testing.assert_array_equal(slots["m"][4], 0.0)
    assert names == ["beta1_power", "beta2_power", "model/embedding", "model/embedding/Adam",
                     "model/embedding/Adam_1", "model/other"]


def test_lazy_adam_differs_from_adam_on_sparse_gradients():
    lazy, _, _, _ = run_graph(lambda: opt.LazyAdamOptimizer(LR), sparse=True, use_resource=True)
    adam, _, _, _ = run_graph(lambda: tf.compat.v1.train.AdamOptimizer(LR), sparse=True, use_resource=True)
    # Adam keeps moving rows whose moments are non-zero (row 1 in step 2, row 0 in step 3); LazyAdam
    # does not
    assert np.abs(lazy - adam).max() > 1e-3


def test_lazy_adam_dense_is_adam():
    value, _, slots, _ = run_graph(lambda: opt.LazyAdamOptimizer(LR), sparse=False, use_resource=True)
    reference = AdamReference()
    for step in range(STEPS):
        reference.dense(gradients(step))
    np.testing.assert_allclose(value, reference.var, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(slots["v"], reference.v, rtol=1e-4, atol=1e-9)  # 1 - beta2 in float32


@pytest.mark.parametrize("use_resource", [False, True], ids=["ref_variable", "resource_variable"])
def test_adamw_dense_decays_then_adam(use_resource):
    value, other, slots, names = run_graph(lambda: opt.AdamWOptimizer(0.05, learning_rate=LR), sparse=False,
                                           use_resource=use_resource, extra_var=True)
    reference = AdamReference(weight_decay=0.05)
    for step in range(STEPS):
        reference.dense(gradients(step))
    np.testing.assert_allclose(value, reference.var, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(other, reference.var, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(slots["m"], reference.m, rtol=1e-5, atol=1e-7)
    assert names == ["beta1_power", "beta2_power", "model/embedding", "model/embedding/AdamW",
                     "model/embedding/AdamW_1", "model/other", "model/other/AdamW", "model/other/AdamW_1"]


def test_adamw_decay_var_list_limits_the_decay():
    value, other, _, _ = run_graph(lambda: opt.AdamWOptimizer(0.05, learning_rate=LR), sparse=False,
                                   use_resource=True, extra_var=True, decay_var_list=lambda var, other: [other])
    decayed, plain = AdamReference(weight_decay=0.05), AdamReference()
    for step in range(STEPS):
        decayed.dense(gradients(step))
        plain.dense(gradients(step))
    np.testing.assert_allclose(value, plain.var, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(other, decayed.var, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("use_resource", [False, True], ids=["ref_variable", "resource_variable"])
def test_adamw_sparse_decays_only_the_gradient_rows(use_resource):
    value, _, _, _ = run_graph(lambda: opt.AdamWOptimizer(0.05, learning_rate=LR), sparse=True,
                               use_resource=use_resource)
    reference = AdamReference(weight_decay=0.05)
    for step in range(STEPS):
        reference.decayed_adam_sparse(*sparse_gradients(step))
    np.testing.assert_allclose(value, reference.var, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("use_nesterov", [False, True])
def test_momentumw_dense(use_nesterov):
    value, _, slots, names = run_graph(
        lambda: opt.MomentumWOptimizer(0.05, LR, 0.9, use_nesterov=use_nesterov), sparse=False, use_resource=True)
    var, accum = INITIAL.astype(np.float64), np.zeros((5, 3))
    for step in range(STEPS):
        grad = gradients(step)
        var = var - 0.05 * var
        accum = 0.9 * accum + grad
        var = var - (LR * (grad + 0.9 * accum) if use_nesterov else LR * accum)
    np.testing.assert_allclose(value, var, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(slots["momentum"], accum, rtol=1e-5, atol=1e-6)
    assert names == ["model/embedding", "model/embedding/MomentumW", "model/other"]


def test_weight_decay_may_be_a_callable_eagerly_and_in_tf_function():
    reference = AdamReference(weight_decay=0.05)
    for step in range(STEPS):
        reference.dense(gradients(step))
    for wrap in (lambda f: f, tf.function):
        var = tf.Variable(INITIAL)
        optimizer = opt.AdamWOptimizer(lambda: 0.05, learning_rate=LR)
        def step_fn(grad):
            optimizer.apply_gradients([(grad, var)])

        step_fn = wrap(step_fn)
        for step in range(STEPS):
            step_fn(tf.constant(gradients(step)))
        np.testing.assert_allclose(var.numpy(), reference.var, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("in_tf_function", [False, True], ids=["eager", "tf_function"])
def test_lazy_adam_sparse_gradient_from_gather(in_tf_function):
    var = tf.Variable(INITIAL)
    optimizer = opt.LazyAdamOptimizer(LR)
    reference = AdamReference()

    def step_fn(indices, weights):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.gather(var, indices) * weights)
        (grad,) = tape.gradient(loss, [var])
        assert isinstance(grad, tf.IndexedSlices)
        optimizer.apply_gradients([(grad, var)])

    step_fn = tf.function(step_fn) if in_tf_function else step_fn
    for step in range(STEPS):
        indices, weights = sparse_gradients(step)
        step_fn(tf.constant(indices), tf.constant(weights))
        reference.lazy_sparse(indices, weights)
    np.testing.assert_allclose(var.numpy(), reference.var, rtol=1e-5, atol=1e-6)


def test_checkpoint_holds_tf1_slot_names(tmp_path):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("encoder"):
            embedding = tf.compat.v1.get_variable("embedding", [6, 2])
            kernel = tf.compat.v1.get_variable("kernel", [2, 2])
        loss = tf.reduce_sum(tf.matmul(tf.nn.embedding_lookup(embedding, [1, 4]), kernel))
        global_step = tf.compat.v1.train.get_or_create_global_step()
        optimizer = opt.LazyAdamOptimizer(0.01)
        train = optimizer.minimize(loss, global_step=global_step)
        saver = tf.compat.v1.train.Saver()
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            session.run(train)
            path = saver.save(session, str(tmp_path / "model.ckpt"))
            powers = session.run(optimizer._get_beta_accumulators())
    stored = dict(tf.train.list_variables(path))
    assert stored == {"beta1_power": [], "beta2_power": [], "encoder/embedding": [6, 2],
                      "encoder/embedding/Adam": [6, 2], "encoder/embedding/Adam_1": [6, 2],
                      "encoder/kernel": [2, 2], "encoder/kernel/Adam": [2, 2], "encoder/kernel/Adam_1": [2, 2],
                      "global_step": []}
    np.testing.assert_allclose(powers, [BETA1 ** 2, BETA2 ** 2], rtol=1e-6)


def test_extend_with_decoupled_weight_decay():
    sgdw = opt.extend_with_decoupled_weight_decay(tf.compat.v1.train.GradientDescentOptimizer)
    value, _, _, _ = run_graph(lambda: sgdw(0.05, learning_rate=LR), sparse=False, use_resource=True)
    var = INITIAL.astype(np.float64)
    for step in range(STEPS):
        var = var - 0.05 * var - LR * gradients(step)
    np.testing.assert_allclose(value, var, rtol=1e-5, atol=1e-6)
    with pytest.raises(TypeError) as error:
        opt.extend_with_decoupled_weight_decay(tf.keras.optimizers.Adam)
    assert str(error.value).startswith("extend_with_decoupled_weight_decay needs a tf.compat.v1.train.Optimizer "
                                       "subclass, got <class ")
