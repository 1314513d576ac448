"""TF1 ``tf.layers`` equivalents that keep TF1 variable names (``dense/kernel``, ``conv1d/kernel``,
``batch_normalization/moving_mean``) and TF1 call semantics (``training=False`` defaults, update ops).

Seq2seq code passes ``tf.layers.Dense`` instances as ``output_layer`` / ``attention_layer`` /
``memory_layer`` and calls ``tf.layers.dense`` functionally; Keras 3 has no TF1-named equivalent
that takes part in ``variable_scope`` reuse, so the runtime provides one.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer, in_v1_graph

__all__ = [
    "Dense", "dense", "Dropout", "dropout", "Flatten", "flatten", "Conv1D", "conv1d", "Conv2D", "conv2d",
    "Conv3D", "conv3d", "BatchNormalization", "batch_normalization", "MaxPooling1D", "max_pooling1d",
    "MaxPooling2D", "max_pooling2d", "MaxPooling3D", "max_pooling3d", "AveragePooling1D", "average_pooling1d",
    "AveragePooling2D", "average_pooling2d", "AveragePooling3D", "average_pooling3d", "is_layer",
]  # fmt: skip


def is_layer(obj) -> bool:
    """Whether ``obj`` may stand where contrib took a layer (``output_layer``, ``attention_layer``, ...):
    a Keras 3 layer, or a TF1 / tf_keras layer such as ``tf.compat.v1.layers.Dense`` under
    ``TF_USE_LEGACY_KERAS=1`` (duck-typed: TF1 code runs both kinds the same way)."""
    if isinstance(obj, keras.layers.Layer):
        return True
    return callable(obj) and hasattr(obj, "compute_output_shape") and hasattr(obj, "trainable_weights")


class Dense(Tf1Layer):
    """``tf.layers.Dense`` (TF 1.15 signature): ``outputs = activation(inputs @ kernel + bias)``."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=tf.compat.v1.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, dtype=None, _reuse=None, **kwargs):
        super().__init__(name=name, dtype=dtype, _reuse=_reuse, trainable=trainable, **kwargs)
        self.units = int(units)
        self.activation = keras.activations.get(activation) if isinstance(activation, str) else activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        # Regularizers and constraints are accepted for signature compatibility; TF2 training loops
        # apply them explicitly, so they are stored for the caller.
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.kernel = None
        self.bias = None

    def build(self, input_shape):
        input_shape = tf.TensorShape(input_shape)
        last_dim = tf.compat.dimension_value(input_shape[-1])
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        self.kernel = self.tf1_weight("kernel", [last_dim, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, trainable=self.trainable)
        if self.use_bias:
            self.bias = self.tf1_weight("bias", [self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, trainable=self.trainable)
        self.built = True

    def call(self, inputs):
        inputs = tf.convert_to_tensor(inputs, dtype=tf.as_dtype(self.kernel.dtype).base_dtype)
        rank = inputs.shape.rank
        if rank is not None and rank > 2:
            outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
        else:
            outputs = tf.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=tf.compat.v1.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
          name=None, reuse=None):
    """Functional ``tf.layers.dense``: a fresh layer each call, sharing by name under ``reuse``."""
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                  trainable=trainable, name=name, _reuse=reuse)
    return layer(inputs)


# --- layers without variables ---------------------------------------------------------------------


def _smart_cond(pred, true_fn, false_fn):
    """A Python bool picks a branch now; a boolean tensor (``training`` placeholder) builds a tf.cond."""
    if isinstance(pred, (bool, int)) or pred is None:
        return true_fn() if pred else false_fn()
    static = tf.get_static_value(pred)
    if static is not None:
        return true_fn() if bool(static) else false_fn()
    return tf.cond(pred, true_fn, false_fn)


class Dropout(Tf1Layer):
    """``tf.layers.Dropout``: ``rate`` is the fraction DROPPED; active only when ``training`` is true."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def _noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        dynamic = tf.shape(inputs)
        return tf.stack([dynamic[i] if size is None else size for i, size in enumerate(self.noise_shape)])

    def call(self, inputs, training=False):
        return _smart_cond(
            training,
            lambda: tf.nn.dropout(inputs, rate=self.rate, noise_shape=self._noise_shape(inputs), seed=self.seed),
            lambda: tf.identity(inputs),
        )

    def compute_output_shape(self, input_shape):
        return input_shape


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Functional ``tf.layers.dropout`` (TF1 defaults: rate 0.5, inactive unless ``training``)."""
    return Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)(inputs, training=training)


def _channels_first(data_format) -> bool:
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}")
    return data_format == "channels_first"


class Flatten(Tf1Layer):
    """``tf.layers.Flatten``: ``[batch, ...] -> [batch, prod(...)]`` (channels_first flattened channels-last first)."""

    def __init__(self, data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        if _channels_first(self.data_format) and rank is not None and rank > 2:
            inputs = tf.transpose(inputs, [0, *range(2, rank), 1])
        flat = tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], -1]))
        static = inputs.shape[1:]
        last = static.num_elements() if static.is_fully_defined() else None
        flat.set_shape([inputs.shape[0], last])
        return flat

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        return (input_shape[0], None if None in rest else int(tf.reduce_prod(rest)))


def flatten(inputs, name=None, data_format="channels_last"):
    return Flatten(data_format=data_format, name=name)(inputs)


def _tuple(value, rank: int, what: str) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,) * rank
    value = tuple(int(v) for v in value)
    if len(value) != rank:
        raise ValueError(f"The `{what}` argument must be a tuple of {rank} integers. Received: {value}")
    return value


def _nn_format(rank: int, channels_first: bool) -> str:
    spatial = {1: "W", 2: "HW", 3: "DHW"}[rank]
    return f"NC{spatial}" if channels_first else f"N{spatial}C"


def _padding(padding, allowed=("valid", "same")) -> str:
    value = padding.lower()
    if value not in allowed:
        raise ValueError(f"padding must be one of {', '.join(map(repr, allowed))}, got {padding!r}")
    return value


class _Pooling(Tf1Layer):
    """TF1 ``tf.layers`` pooling (``MaxPooling2D(pool_size, strides, padding, data_format)``), on ``tf.nn.pool``."""

    rank = 0
    pooling_type = ""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = _tuple(pool_size, self.rank, "pool_size")
        self.strides = _tuple(strides, self.rank, "strides")
        self.padding = _padding(padding)
        self.data_format = data_format
        self._nn_data_format = _nn_format(self.rank, _channels_first(data_format))

    def call(self, inputs):
        return tf.nn.pool(inputs, window_shape=self.pool_size, pooling_type=self.pooling_type,
                          strides=self.strides, padding=self.padding.upper(), data_format=self._nn_data_format)


def _pooling_class(class_name: str, rank: int, pooling_type: str) -> type:
    return type(class_name, (_Pooling,), {"rank": rank, "pooling_type": pooling_type, "__module__": __name__,
                                          "__doc__": f"``tf.layers.{class_name}`` (TF 1.15 signature)."})


MaxPooling1D = _pooling_class("MaxPooling1D", 1, "MAX")
MaxPooling2D = _pooling_class("MaxPooling2D", 2, "MAX")
MaxPooling3D = _pooling_class("MaxPooling3D", 3, "MAX")
AveragePooling1D = _pooling_class("AveragePooling1D", 1, "AVG")
AveragePooling2D = _pooling_class("AveragePooling2D", 2, "AVG")
AveragePooling3D = _pooling_class("AveragePooling3D", 3, "AVG")


def _pooling_function(layer_class: type, function_name: str):
    def pool(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
        return layer_class(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)

    pool.__name__ = pool.__qualname__ = function_name
    pool.__doc__ = f"Functional ``tf.layers.{function_name}``."
    return pool


max_pooling1d = _pooling_function(MaxPooling1D, "max_pooling1d")
max_pooling2d = _pooling_function(MaxPooling2D, "max_pooling2d")
max_pooling3d = _pooling_function(MaxPooling3D, "max_pooling3d")
average_pooling1d = _pooling_function(AveragePooling1D, "average_pooling1d")
average_pooling2d = _pooling_function(AveragePooling2D, "average_pooling2d")
average_pooling3d = _pooling_function(AveragePooling3D, "average_pooling3d")


# --- convolutions ---------------------------------------------------------------------------------


class _Conv(Tf1Layer):
    """TF1 ``tf.layers.ConvND``: ``<scope>/convNd/kernel`` of shape ``kernel_size + (in, filters)`` and
    ``<scope>/convNd/bias``; ``tf.nn.convolution`` with TF1's padding, strides and dilations."""

    rank = 0

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=tf.compat.v1.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, dtype=None, _reuse=None, **kwargs):
        super().__init__(name=name, dtype=dtype, _reuse=_reuse, trainable=trainable, **kwargs)
        self.filters = int(filters)
        self.kernel_size = _tuple(kernel_size, self.rank, "kernel_size")
        self.strides = _tuple(strides, self.rank, "strides")
        self.padding = _padding(padding, ("valid", "same", "causal") if self.rank == 1 else ("valid", "same"))
        self.data_format = data_format
        self.channels_first = _channels_first(data_format)
        self.dilation_rate = _tuple(dilation_rate, self.rank, "dilation_rate")
        self.activation = keras.activations.get(activation) if isinstance(activation, str) else activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        # Accepted for signature compatibility, as in Dense.
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.kernel = None
        self.bias = None

    def build(self, input_shape):
        input_shape = tf.TensorShape(input_shape)
        channels = tf.compat.dimension_value(input_shape[1 if self.channels_first else -1])
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        self.kernel = self.tf1_weight("kernel", [*self.kernel_size, channels, self.filters],
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      trainable=self.trainable)
        if self.use_bias:
            self.bias = self.tf1_weight("bias", [self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, trainable=self.trainable)
        self.built = True

    def call(self, inputs):
        inputs = tf.convert_to_tensor(inputs, dtype=tf.as_dtype(self.kernel.dtype).base_dtype)
        padding = self.padding
        if padding == "causal":  # left-pad the time axis so no output sees the future
            amount = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs = tf.pad(inputs, [[0, 0], [0, 0], [amount, 0]] if self.channels_first else [[0, 0], [amount, 0], [0, 0]])
            padding = "valid"
        outputs = tf.nn.convolution(inputs, self.kernel, strides=self.strides, padding=padding.upper(),
                                    dilations=self.dilation_rate,
                                    data_format=_nn_format(self.rank, self.channels_first))
        if self.use_bias:
            if self.channels_first:
                outputs = outputs + tf.reshape(self.bias, [1, self.filters] + [1] * self.rank)
            else:
                outputs = tf.nn.bias_add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs


class Conv1D(_Conv):
    """``tf.layers.Conv1D`` (TF 1.15 signature; ``padding`` may be ``'causal'``)."""

    rank = 1


class Conv2D(_Conv):
    """``tf.layers.Conv2D`` (TF 1.15 signature)."""

    rank = 2


class Conv3D(_Conv):
    """``tf.layers.Conv3D`` (TF 1.15 signature)."""

    rank = 3


def _conv_function(layer_class: type, function_name: str):
    def conv(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
             dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
             bias_initializer=tf.compat.v1.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
             activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
             name=None, reuse=None):
        layer = layer_class(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                            bias_constraint=bias_constraint, trainable=trainable, name=name, _reuse=reuse)
        return layer(inputs)

    conv.__name__ = conv.__qualname__ = function_name
    conv.__doc__ = f"Functional ``tf.layers.{function_name}``: a fresh layer each call, sharing by name under ``reuse``."
    return conv


conv1d = _conv_function(Conv1D, "conv1d")
conv2d = _conv_function(Conv2D, "conv2d")
conv3d = _conv_function(Conv3D, "conv3d")


# --- batch normalization --------------------------------------------------------------------------


class BatchNormalization(Tf1Layer):
    """``tf.layers.BatchNormalization`` (TF 1.15 signature, without renorm / virtual batches / adjustment).

    Variables ``gamma``, ``beta`` (trainable) and ``moving_mean``, ``moving_variance`` under the layer's
    TF1 scope. Training normalises with the batch's mean and (biased) variance and moves the averages
    by ``moving -= (moving - batch) * (1 - momentum)`` (with the unbiased variance where TF1 would use
    its fused kernel: channel axis first or last of a 4-D/5-D input); in a v1 graph those assignments are added to
    ``tf.GraphKeys.UPDATE_OPS`` for ``tf.control_dependencies`` as TF1 code expects, eagerly and in
    ``tf.function`` they run with the call. ``training`` may be a boolean tensor.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=tf.compat.v1.zeros_initializer(), gamma_initializer=tf.compat.v1.ones_initializer(),
                 moving_mean_initializer=tf.compat.v1.zeros_initializer(),
                 moving_variance_initializer=tf.compat.v1.ones_initializer(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("tf_seq2seq_migrate.runtime.layers.BatchNormalization does not support "
                                      "renorm, virtual_batch_size or adjustment")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.fused = fused
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape):
        input_shape = tf.TensorShape(input_shape)
        rank = input_shape.rank
        if rank is None:
            raise ValueError("Input has undefined rank.")
        self._axes = sorted(a % rank for a in self.axis)
        shape = [tf.compat.dimension_value(input_shape[a]) for a in self._axes]
        if None in shape:
            raise ValueError(f"Input has undefined `axis` dimension. Received input with shape {input_shape}")
        self._reduction_axes = [a for a in range(rank) if a not in self._axes]
        self._broadcast_shape = [1] * rank
        # TF1 uses its fused kernel for a channel axis first or last of a 4-D/5-D input (fused=None or True);
        # that path moves the moving variance with the UNBIASED batch variance, the unfused one with the biased.
        channel_axes = ([1], [3]) if rank == 4 else ([1], [4]) if rank == 5 else ()
        self._unbiased_moving_variance = self.fused is not False and self._axes in channel_axes and (
            self.dtype or "float32") in ("float16", "bfloat16", "float32")
        for a, size in zip(self._axes, shape):
            self._broadcast_shape[a] = size
        dtype = tf.float32 if (self.dtype or "float32") in ("float16", "bfloat16") else None
        if self.scale:
            self.gamma = self.tf1_weight("gamma", shape, dtype=dtype, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, trainable=self.trainable)
        if self.center:
            self.beta = self.tf1_weight("beta", shape, dtype=dtype, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, trainable=self.trainable)
        self.moving_mean = self.tf1_weight("moving_mean", shape, dtype=dtype,
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.tf1_weight("moving_variance", shape, dtype=dtype,
                                               initializer=self.moving_variance_initializer, trainable=False)
        self.built = True

    def _broadcast(self, value):
        return None if value is None else tf.reshape(value, self._broadcast_shape)

    def _moving_average_update(self, variable, value, momentum):
        with tf.name_scope("AssignMovingAvg"):
            delta = (variable - tf.cast(value, variable.dtype)) * tf.cast(1.0 - momentum, variable.dtype)
            if in_v1_graph():
                return tf.compat.v1.assign_sub(variable, delta)
            return variable.assign_sub(delta)

    def call(self, inputs, training=False):
        inputs = tf.convert_to_tensor(inputs)
        compute_dtype = self.moving_mean.dtype
        x = tf.cast(inputs, compute_dtype)
        batch_mean, batch_variance = tf.nn.moments(x, self._reduction_axes)
        mean = _smart_cond(training, lambda: batch_mean, lambda: tf.convert_to_tensor(self.moving_mean))
        variance = _smart_cond(training, lambda: batch_variance, lambda: tf.convert_to_tensor(self.moving_variance))
        static_training = training if isinstance(training, (bool, int)) else tf.get_static_value(training)
        if static_training is None or bool(static_training):
            observed_variance = batch_variance
            if self._unbiased_moving_variance:
                count = tf.cast(tf.size(x) // tf.size(batch_variance), compute_dtype)
                observed_variance = batch_variance * count / tf.maximum(count - 1.0, 1.0)
            # Like TF1: with a training tensor the momentum becomes 1 (no move) when it is false.
            momentum = self.momentum if static_training is not None else _smart_cond(
                training, lambda: tf.constant(self.momentum), lambda: tf.constant(1.0))
            updates = [self._moving_average_update(self.moving_mean, batch_mean, momentum),
                       self._moving_average_update(self.moving_variance, observed_variance, momentum)]
            if in_v1_graph():
                for update in updates:
                    tf.compat.v1.add_to_collection(tf.compat.v1.GraphKeys.UPDATE_OPS, update)
        outputs = tf.nn.batch_normalization(x, self._broadcast(mean), self._broadcast(variance),
                                            self._broadcast(self.beta), self._broadcast(self.gamma), self.epsilon)
        return tf.cast(outputs, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=tf.compat.v1.zeros_initializer(),
                        gamma_initializer=tf.compat.v1.ones_initializer(),
                        moving_mean_initializer=tf.compat.v1.zeros_initializer(),
                        moving_variance_initializer=tf.compat.v1.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None, virtual_batch_size=None, adjustment=None):
    """Functional ``tf.layers.batch_normalization``; in a v1 graph run ``tf.GraphKeys.UPDATE_OPS`` with the train op."""
    layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                               beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                               moving_mean_initializer=moving_mean_initializer,
                               moving_variance_initializer=moving_variance_initializer,
                               beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                               beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
                               renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
                               trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
                               name=name, _reuse=reuse)
    return layer(inputs, training=training)
