"""TF 1.15's ``tf.contrib.opt`` optimizers that seq2seq training code uses, on ``tf.compat.v1.train``.

``LazyAdamOptimizer`` is TF1's ``AdamOptimizer`` (same slots ``m`` / ``v``, same non-slot
``beta1_power`` / ``beta2_power``, same dense update) whose sparse updates touch only the rows named
by the gradient's indices: the moments of the other rows are not decayed, which is what made it the
embedding optimizer of tensor2tensor and NMT code. ``AdamWOptimizer`` and ``MomentumWOptimizer`` add
decoupled weight decay (Loshchilov & Hutter): every variable (or only those in ``decay_var_list``) is
first multiplied by ``1 - weight_decay`` (not scaled by the learning rate), then the base update runs.

They are ``tf.compat.v1.train.Optimizer`` subclasses, so migrated TF1 training code keeps working in
v1 graph mode with sessions, and their checkpoints keep TF1's slot names (``var/Adam``,
``var/Adam_1``, ``var/AdamW``, ``var/MomentumW``, ``beta1_power``, ...).
"""

from __future__ import annotations

import tensorflow as tf

__all__ = ["LazyAdamOptimizer", "DecoupledWeightDecayExtension", "AdamWOptimizer", "MomentumWOptimizer",
           "extend_with_decoupled_weight_decay"]

_V1Optimizer = tf.compat.v1.train.Optimizer


class LazyAdamOptimizer(tf.compat.v1.train.AdamOptimizer):
    """``tf.contrib.opt.LazyAdamOptimizer``: Adam whose sparse updates only touch the gradient's rows.

    Constructor, dense update, slots and checkpoint names are those of ``tf.compat.v1.train.AdamOptimizer``
    (``name="Adam"``). A sparse gradient (``tf.IndexedSlices``, from ``tf.gather`` /
    ``embedding_lookup``) updates ``m``, ``v`` and the variable only at its indices, with Adam's
    bias-corrected step size ``lr * sqrt(1 - beta2^t) / (1 - beta1^t)``; duplicate indices are summed
    first (the base optimizer's deduplication), as in TF1.
    """

    def _lazy_hyperparameters(self, var):
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = self._get_beta_accumulators()
        beta1_power = tf.cast(beta1_power, dtype)
        beta2_power = tf.cast(beta2_power, dtype)
        beta1 = tf.cast(self._beta1_t, dtype)
        beta2 = tf.cast(self._beta2_t, dtype)
        epsilon = tf.cast(self._epsilon_t, dtype)
        step_size = tf.cast(self._lr_t, dtype) * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
        return beta1, beta2, epsilon, step_size

    def _apply_sparse(self, grad, var):
        # Reference (non-resource) variables: TF1's default, and what tf.compat.v1 still creates when
        # resource variables are disabled.
        beta1, beta2, epsilon, step_size = self._lazy_hyperparameters(var)
        indices, values = grad.indices, grad.values
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        m_rows = beta1 * tf.gather(m, indices) + (1 - beta1) * values
        v_rows = beta2 * tf.gather(v, indices) + (1 - beta2) * tf.square(values)
        m_t = tf.compat.v1.scatter_update(m, indices, m_rows, use_locking=self._use_locking)
        v_t = tf.compat.v1.scatter_update(v, indices, v_rows, use_locking=self._use_locking)
        update = step_size * tf.gather(m_t, indices) / (tf.sqrt(tf.gather(v_t, indices)) + epsilon)
        var_t = tf.compat.v1.scatter_sub(var, indices, update, use_locking=self._use_locking)
        return tf.group(var_t, m_t, v_t)

    def _resource_apply_sparse(self, grad, var, indices):
        beta1, beta2, epsilon, step_size = self._lazy_hyperparameters(var)
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        m_rows = beta1 * tf.gather(m, indices) + (1 - beta1) * grad
        v_rows = beta2 * tf.gather(v, indices) + (1 - beta2) * tf.square(grad)
        m_t = tf.raw_ops.ResourceScatterUpdate(resource=m.handle, indices=indices, updates=m_rows)
        v_t = tf.raw_ops.ResourceScatterUpdate(resource=v.handle, indices=indices, updates=v_rows)
        # The variable's rows read the moments just written (control dependencies, as TF1's ordering).
        with tf.control_dependencies([m_t, v_t]):
            update = step_size * tf.gather(m, indices) / (tf.sqrt(tf.gather(v, indices)) + epsilon)
            var_t = tf.raw_ops.ResourceScatterSub(resource=var.handle, indices=indices, updates=update)
        return tf.group(var_t, m_t, v_t)


def _decays(decay_var_list, var) -> bool:
    # decay_var_list holds variable references (Variable.ref()), since TF 2 variables are unhashable
    # eagerly; TF1 kept the variables themselves in a set, which is the same membership test.
    return not decay_var_list or var.ref() in decay_var_list


class DecoupledWeightDecayExtension:
    """``tf.contrib.opt.DecoupledWeightDecayExtension``: mix it in before a ``tf.compat.v1.train``
    optimizer class to decay the weights before each update.

    ``weight_decay`` (a float, a tensor, or a callable returning one) is the first constructor
    argument; the rest go to the base optimizer. ``minimize`` and ``apply_gradients`` take
    ``decay_var_list``: when given, only those variables are decayed (the others are still updated).
    The decay is ``var -= weight_decay * var`` (dense) or the same on the gradient's rows (sparse),
    run before the base optimizer's update of that variable.
    """

    def __init__(self, weight_decay, **kwargs):
        self._decay_var_list = None
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None
        super().__init__(**kwargs)

    def _set_decay_var_list(self, decay_var_list):
        self._decay_var_list = {var.ref() for var in decay_var_list} if decay_var_list else False

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=_V1Optimizer.GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None, grad_loss=None,
                 decay_var_list=None):
        self._set_decay_var_list(decay_var_list)
        return super().minimize(loss, global_step=global_step, var_list=var_list, gate_gradients=gate_gradients,
                                aggregation_method=aggregation_method,
                                colocate_gradients_with_ops=colocate_gradients_with_ops, name=name,
                                grad_loss=grad_loss)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
        self._set_decay_var_list(decay_var_list)
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _prepare(self):
        weight_decay = self._weight_decay
        if callable(weight_decay):
            weight_decay = weight_decay()
        self._weight_decay_tensor = tf.convert_to_tensor(weight_decay, name="weight_decay")
        super()._prepare()

    def _weight_decay_for(self, var):
        return tf.cast(self._weight_decay_tensor, var.dtype.base_dtype)

    def _decay_weights_op(self, var):
        if _decays(self._decay_var_list, var):
            return var.assign_sub(self._weight_decay_for(var) * var, self._use_locking)
        return tf.no_op()

    def _decay_weights_sparse_op(self, var, indices, scatter_add):
        if _decays(self._decay_var_list, var):
            update = -self._weight_decay_for(var) * tf.gather(var, indices)
            return scatter_add(var, indices, update, self._use_locking)
        return tf.no_op()

    def _apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            return super()._apply_dense(grad, var)

    def _resource_apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            return super()._resource_apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        decay = self._decay_weights_sparse_op(var, grad.indices, tf.compat.v1.scatter_add)
        with tf.control_dependencies([decay]):
            return super()._apply_sparse(grad, var)

    def _resource_scatter_add(self, var, indices, updates, _use_locking=None):
        # Also AdamOptimizer's own helper, which it calls for its moments: it returns the new value.
        with tf.control_dependencies([tf.raw_ops.ResourceScatterAdd(resource=var.handle, indices=indices,
                                                                    updates=updates)]):
            return var.value()

    def _resource_apply_sparse(self, grad, var, indices):
        decay = self._decay_weights_sparse_op(var, indices, self._resource_scatter_add)
        with tf.control_dependencies([decay]):
            return super()._resource_apply_sparse(grad, var, indices)


def extend_with_decoupled_weight_decay(base_optimizer):
    """``tf.contrib.opt.extend_with_decoupled_weight_decay``: ``base_optimizer`` (a
    ``tf.compat.v1.train.Optimizer`` class) with decoupled weight decay as its first argument."""
    if not (isinstance(base_optimizer, type) and issubclass(base_optimizer, _V1Optimizer)):
        raise TypeError("extend_with_decoupled_weight_decay needs a tf.compat.v1.train.Optimizer subclass, got "
                        f"{base_optimizer!r}")

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            # as in TF1, the base optimizer's arguments must be passed by keyword
            super().__init__(weight_decay, *args, **kwargs)

    return OptimizerWithDecoupledWeightDecay


class MomentumWOptimizer(DecoupledWeightDecayExtension, tf.compat.v1.train.MomentumOptimizer):
    """``tf.contrib.opt.MomentumWOptimizer``: ``MomentumOptimizer`` with decoupled weight decay (slot
    ``momentum``, checkpoint name ``var/MomentumW``)."""

    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False, name="MomentumW",
                 use_nesterov=False):
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum, use_locking=use_locking,
                         name=name, use_nesterov=use_nesterov)


class AdamWOptimizer(DecoupledWeightDecayExtension, tf.compat.v1.train.AdamOptimizer):
    """``tf.contrib.opt.AdamWOptimizer``: ``AdamOptimizer`` with decoupled weight decay (slots ``m`` /
    ``v``, checkpoint names ``var/AdamW``, ``var/AdamW_1``, ``beta1_power``, ``beta2_power``)."""

    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="AdamW"):
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon,
                         use_locking=use_locking, name=name)
