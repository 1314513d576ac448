"""TF 1.15's ``tf.contrib.layers`` functions that seq2seq projects use, on TF2 + Keras 3.

``from tf_seq2seq_migrate.runtime import contrib_layers`` replaces ``tf.contrib.layers`` for
``fully_connected`` (and ``linear`` / ``elu`` / ``relu`` / ``relu6``), ``layer_norm``, ``embed_sequence``,
``conv2d`` / ``convolution2d``, ``flatten``, ``dropout``, ``one_hot_encoding``, ``batch_norm``,
``optimize_loss`` (a ``tf.compat.v1`` graph only), the regularizers (``l1_regularizer``,
``l2_regularizer``, ``l1_l2_regularizer``, ``sum_regularizer``, ``apply_regularization``) and the
initializers (``variance_scaling_initializer``, ``xavier_initializer``, ``xavier_initializer_conv2d``),
with TF 1.15's signatures, defaults and variable names (``fully_connected/weights``,
``fully_connected/biases``, ``LayerNorm/beta``, ``LayerNorm/gamma``, ``EmbedSequence/embeddings``,
``Conv/weights``, ``BatchNorm/moving_mean``).

The functions create their variables as TF1 did, with ``get_variable`` in the current variable scope:

* In a ``tf.compat.v1`` graph that is literally ``tf.compat.v1.get_variable``: ``reuse``, scope
  initializers, the MODEL_VARIABLES collection, ``variables_collections`` and the regularizers'
  REGULARIZATION_LOSSES entries behave as in TF1, and a TF1 checkpoint restores by name.
* Eagerly and inside ``tf.function`` each weight lives in legacy_seq2seq's variable store under its full
  TF1 name (see :mod:`tf_seq2seq_migrate.runtime.legacy_seq2seq.variables`): a call with the same
  explicit ``scope`` reuses it. A call without ``scope`` opens a fresh ``fully_connected_N`` scope each
  time, as in TF1, so eager code that calls the function every step must pass ``scope=``. A regularizer's
  penalty goes into REGULARIZATION_LOSSES as an entry that is recomputed whenever it is read.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import numbers

import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import in_v1_graph
from tf_seq2seq_migrate.runtime.contrib_arg_scope import add_arg_scope
from tf_seq2seq_migrate.runtime.legacy_seq2seq.variables import get_variable_store

__all__ = [
    "fully_connected", "linear", "elu", "relu", "relu6", "layer_norm", "embed_sequence", "conv2d", "convolution2d",
    "flatten", "dropout", "l1_regularizer", "l2_regularizer", "l1_l2_regularizer", "sum_regularizer",
    "apply_regularization", "variance_scaling_initializer", "xavier_initializer", "xavier_initializer_conv2d",
    "one_hot_encoding", "batch_norm", "optimize_loss",
]  # fmt: skip
# Also public, as in TF1, but constants: OPTIMIZER_CLS_NAMES and OPTIMIZER_SUMMARIES (optimize_loss's choices).

_GraphKeys = tf.compat.v1.GraphKeys


# --- initializers ----------------------------------------------------------------------------------


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=tf.float32):
    """TF1 contrib's variance scaling: stddev ``sqrt(factor / n)`` with ``n`` the fan-in, fan-out or their
    mean; uniform on ``[-sqrt(3 factor / n), +...]`` or a truncated normal of stddev ``sqrt(1.3 factor / n)``
    (1.3 undoes most of the truncation's shrinkage). Fans come from the last two dimensions times the rest."""
    dtype = tf.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    if mode not in ["FAN_IN", "FAN_OUT", "FAN_AVG"]:
        # TF1 passed the mode as a second exception argument instead of formatting it in; kept as it was.
        raise TypeError("Unknown mode %s [FAN_IN, FAN_OUT, FAN_AVG]", mode)

    return _VarianceScaling(factor, mode, uniform, seed, dtype)


class _VarianceScaling:
    """The initializer :func:`variance_scaling_initializer` returns: ``init(shape, dtype=..., partition_info=None)``
    (a class rather than TF1's closure only so that it prints its arguments)."""

    def __init__(self, factor, mode, uniform, seed, dtype):
        self._factor, self._mode, self._uniform, self._seed, self._dtype = factor, mode, uniform, seed, dtype

    def __repr__(self):
        # The call that makes it, with only the arguments that differ from that function's defaults.
        if self._factor == 1.0 and self._mode == "FAN_AVG":
            name, defaults = "xavier_initializer", {"uniform": True}
        else:
            name, defaults = "variance_scaling_initializer", {"factor": 2.0, "mode": "FAN_IN", "uniform": False}
        values = {"factor": self._factor, "mode": self._mode, "uniform": self._uniform}
        arguments = [f"{key}={values[key]!r}" for key in defaults if values[key] != defaults[key]]
        if self._seed is not None:
            arguments.append(f"seed={self._seed!r}")
        if self._dtype != tf.float32:
            arguments.append(f"dtype=tf.{self._dtype.name}")
        return f"{name}({', '.join(arguments)})"

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = tf.as_dtype(dtype or self._dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        dims = [int(dim) for dim in tf.TensorShape(shape).as_list()]
        if dims:
            fan_in = float(dims[-2]) if len(dims) > 1 else float(dims[-1])
            fan_out = float(dims[-1])
        else:
            fan_in = fan_out = 1.0
        for receptive in dims[:-2]:
            fan_in *= float(receptive)
            fan_out *= float(receptive)
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[self._mode]
        if self._uniform:
            limit = math.sqrt(3.0 * self._factor / n)
            return tf.random.uniform(dims, -limit, limit, dtype, seed=self._seed)
        stddev = math.sqrt(1.3 * self._factor / n)
        return tf.random.truncated_normal(dims, 0.0, stddev, dtype, seed=self._seed)


def xavier_initializer(uniform=True, seed=None, dtype=tf.float32):
    """Glorot/Xavier: ``variance_scaling_initializer(1.0, 'FAN_AVG', uniform)`` (so with ``uniform=False`` a
    truncated normal of stddev ``sqrt(1.3 / fan_avg)``, which no TF2 initializer draws)."""
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer


# --- regularizers ----------------------------------------------------------------------------------


def _checked_scale(scale, what: str, message_end: str = ""):
    """TF1's checks: an int is refused, a negative number is refused, 0.0 disables the regularizer."""
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"{what} cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real) and scale < 0.0:
        raise ValueError("Setting a scale less than 0 on a regularizer: %g%s" % (scale, message_end))
    return scale


def l1_regularizer(scale, scope=None):
    """``weights -> scale * sum(|weights|)``; ``scale == 0.0`` gives a regularizer that returns None."""
    _checked_scale(scale, "scale")
    if isinstance(scale, numbers.Real) and scale == 0.0:
        return lambda _: None

    def l1(weights, name=None):
        with tf.name_scope(scope or "l1_regularizer") as name:
            my_scale = tf.convert_to_tensor(scale, dtype=tf.as_dtype(weights.dtype).base_dtype, name="scale")
            return tf.multiply(my_scale, tf.reduce_sum(tf.abs(weights)), name=name)

    return l1


def l2_regularizer(scale, scope=None):
    """``weights -> scale * l2_loss(weights)``, i.e. HALF the sum of squares (TF1's convention);
    ``scale == 0.0`` gives a regularizer that returns None."""
    _checked_scale(scale, "scale", ".")
    if isinstance(scale, numbers.Real) and scale == 0.0:
        return lambda _: None

    def l2(weights):
        with tf.name_scope(scope or "l2_regularizer") as name:
            my_scale = tf.convert_to_tensor(scale, dtype=tf.as_dtype(weights.dtype).base_dtype, name="scale")
            return tf.multiply(my_scale, tf.nn.l2_loss(weights), name=name)

    return l2


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """The sum of :func:`l1_regularizer` and :func:`l2_regularizer` (one of them alone if the other scale is 0)."""
    if isinstance(scale_l1, numbers.Integral):
        raise ValueError(f"scale_l1 cannot be an integer: {scale_l1}")
    if isinstance(scale_l2, numbers.Integral):
        raise ValueError(f"scale_l2 cannot be an integer: {scale_l2}")
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def sum_regularizer(regularizer_list, scope=None):
    """A regularizer adding up the given ones (None entries and None results are skipped); None if none is left."""
    regularizer_list = [reg for reg in regularizer_list if reg is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        with tf.name_scope(scope or "sum_regularizer") as name:
            penalties = [penalty for penalty in (reg(weights) for reg in regularizer_list) if penalty is not None]
            return tf.add_n(penalties, name=name) if penalties else None

    return sum_reg


def apply_regularization(regularizer, weights_list=None):
    """The summed penalty of ``regularizer`` over ``weights_list`` (default: the WEIGHTS collection), also
    added to REGULARIZATION_LOSSES."""
    if not weights_list:
        weights_list = tf.compat.v1.get_collection(_GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with tf.name_scope("get_regularization_penalty") as scope:
        penalties = [regularizer(weights) for weights in weights_list]
        penalties = [tf.constant(0.0) if penalty is None else penalty for penalty in penalties]
        for penalty in penalties:
            if penalty.shape.rank != 0:
                raise ValueError("regularizer must return a scalar Tensor instead of a Tensor with rank %d."
                                 % penalty.shape.rank)
        summed = tf.add_n(penalties, name=scope.rstrip("/") or None)
        tf.compat.v1.add_to_collection(_GraphKeys.REGULARIZATION_LOSSES, summed)
        return summed


class _LazyPenalty:
    """An eager REGULARIZATION_LOSSES entry that computes ``regularizer(variable)`` when it is read, so
    ``tf.compat.v1.losses.get_regularization_loss()`` follows the variable's current value."""

    def __init__(self, compute):
        self._compute = compute

    def value(self):
        return self._compute()

    @property
    def dtype(self):
        return self.value().dtype

    def numpy(self):
        return self.value().numpy()


tf.register_tensor_conversion_function(
    _LazyPenalty, lambda penalty, dtype=None, name=None, as_ref=False: tf.convert_to_tensor(penalty.value(), dtype))


# --- variables -------------------------------------------------------------------------------------


def _model_variable(name, shape, dtype=tf.float32, initializer=None, regularizer=None, trainable=True,
                    collections=None):
    """contrib.framework's ``model_variable``: ``get_variable`` listed in GLOBAL_VARIABLES, MODEL_VARIABLES and
    the given collections (TRAINABLE_VARIABLES when trainable)."""
    collections = list(dict.fromkeys(list(collections or []) + [_GraphKeys.GLOBAL_VARIABLES,
                                                               _GraphKeys.MODEL_VARIABLES]))
    if in_v1_graph():
        return tf.compat.v1.get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                         regularizer=regularizer, trainable=trainable, collections=collections)
    return _eager_variable(name, shape, dtype, initializer, regularizer, trainable, collections)


def _eager_variable(name, shape, dtype, initializer, regularizer, trainable, collections):
    """Eagerly and in tf.function: the variable ``<scope>/name`` of legacy_seq2seq's variable store (made once,
    then returned), listed in ``collections`` and carrying its regularizer's penalty, as get_variable did in
    a graph; also what contrib_framework's variable/model_variable use."""
    store = get_variable_store()
    scope_name = tf.compat.v1.get_variable_scope().name
    full_name = f"{scope_name}/{name}" if scope_name else name
    existing = store.tf1_variables.get(full_name)
    if initializer is not None and not callable(initializer):
        # get_variable's constant initializer: a value that also gives the shape (and the dtype).
        value = tf.convert_to_tensor(initializer, dtype=dtype)
        if shape is not None and not value.shape.is_compatible_with(shape):
            raise ValueError(f"Shape of a new variable ({full_name}) must match the initializer's "
                             f"{value.shape}, but instead was {tf.TensorShape(shape)}.")
        shape, dtype = value.shape, value.dtype
        initializer = functools.partial(lambda constant, *_, **__: constant, value)
    if shape is None:
        if existing is None:
            raise ValueError(f"Shape of a new variable ({full_name}) must be fully defined, but instead was "
                             f"{tf.TensorShape(None)}.")
        return existing
    created = store.get_variable(name, shape, dtype=dtype, initializer=initializer, trainable=trainable)
    if existing is None:
        # The eager collections are the process's (tf.function graphs would drop them).
        with tf.init_scope():
            for collection in collections:
                if collection not in (_GraphKeys.GLOBAL_VARIABLES, _GraphKeys.TRAINABLE_VARIABLES):
                    tf.compat.v1.add_to_collection(collection, created)
            if regularizer is not None:
                tf.compat.v1.add_to_collection(_GraphKeys.REGULARIZATION_LOSSES,
                                               _LazyPenalty(functools.partial(regularizer, created)))
    return created


def _variable_collections(variables_collections, name):
    """contrib's per-variable collections: a dict maps the variable's short name, anything else applies to all."""
    if isinstance(variables_collections, dict):
        return variables_collections.get(name, None)
    return variables_collections


def _collect_named_outputs(collections, alias, outputs):
    """TF1's ``collect_named_outputs``: tag ``outputs.aliases`` with the scope name and add it to the collections."""
    if collections:
        alias = alias[:-1] if alias.endswith("/") else alias
        try:
            outputs.aliases = [*getattr(outputs, "aliases", []), alias]
        except AttributeError:  # eager tensors take no new attributes
            pass
        with contextlib.nullcontext() if in_v1_graph() else tf.init_scope():
            tf.compat.v1.add_to_collections(collections, outputs)
    return outputs


def _tensor_name(tensor) -> str:
    """``tensor.name`` in a graph; eager tensors have none, so their repr stands in (as in error messages)."""
    try:
        return tensor.name
    except AttributeError:
        return repr(tensor)


# --- layers ----------------------------------------------------------------------------------------


def _dense_product(inputs, weights):
    rank = inputs.shape.rank
    if rank is not None and rank > 2:
        outputs = tf.tensordot(inputs, weights, [[rank - 1], [0]])
        outputs.set_shape(inputs.shape[:-1].concatenate([weights.shape[-1]]))
        return outputs
    return tf.matmul(inputs, weights)


@add_arg_scope
def fully_connected(inputs, num_outputs, activation_fn=tf.nn.relu, normalizer_fn=None, normalizer_params=None,
                    weights_initializer=xavier_initializer(), weights_regularizer=None,
                    biases_initializer=tf.compat.v1.zeros_initializer(), biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """``activation_fn(normalizer_fn(inputs @ weights) or inputs @ weights + biases)`` under the variable scope
    ``scope`` (default ``fully_connected``, made unique). ``biases`` exist only without ``normalizer_fn`` and with
    a ``biases_initializer``; inputs of rank > 2 are multiplied along their last axis."""
    if not isinstance(num_outputs, int) or isinstance(num_outputs, bool):
        raise ValueError("num_outputs type should be one of %s, got %s." % ([int], type(num_outputs)))
    with tf.compat.v1.variable_scope(scope, "fully_connected", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        dtype = inputs.dtype.base_dtype
        if inputs.shape.rank is not None and inputs.shape.rank < 2:
            raise ValueError(f"Input 0 of layer {sc.name} is incompatible with the layer: expected min_ndim=2, "
                             f"found ndim={inputs.shape.rank}. Full shape received: {inputs.shape.as_list()}")
        depth = tf.compat.dimension_value(inputs.shape[-1]) if inputs.shape.rank is not None else None
        if depth is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        weights = _dense_variable(sc, "weights", "kernel", [depth, num_outputs], dtype, weights_initializer,
                                  weights_regularizer, trainable, variables_collections)
        outputs = _dense_product(inputs, weights)
        if normalizer_fn is None and biases_initializer is not None:
            biases = _dense_variable(sc, "biases", "bias", [num_outputs], dtype, biases_initializer,
                                     biases_regularizer, trainable, variables_collections)
            outputs = tf.nn.bias_add(outputs, biases)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        # TF 1.15 aliased the output with the scope's full name scope ("outer/fc"), not the variable scope's.
        alias = (sc.original_name_scope or sc.name) if in_v1_graph() else sc.name
        return _collect_named_outputs(outputs_collections, alias, outputs)


def _dense_variable(sc, name, keras_name, shape, dtype, initializer, regularizer, trainable, collections):
    """A ``fully_connected`` variable. TF 1.15 built the function on core ``Dense``, so in a graph its penalty
    op sits under the Keras weight's name (``fully_connected/kernel/Regularizer/...``, not ``.../weights/...``)
    and is added only when the variable is created, not when it is reused."""
    collections = _variable_collections(collections, name)
    if not in_v1_graph() or regularizer is None:
        return _model_variable(name, shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                               trainable=trainable, collections=collections)
    existing = {id(v) for v in tf.compat.v1.global_variables()}
    variable = _model_variable(name, shape, dtype=dtype, initializer=initializer, trainable=trainable,
                               collections=collections)
    if id(variable) not in existing:
        with tf.name_scope(f"{sc.original_name_scope}{keras_name}/Regularizer/"):
            penalty = regularizer(variable)
        if penalty is not None:
            tf.compat.v1.add_to_collection(_GraphKeys.REGULARIZATION_LOSSES, penalty)
    return variable


def _fully_connected_alias(name: str, activation, spelled: str):
    """TF1's ``functools.partial(fully_connected, activation_fn=...)`` aliases, as named functions (same
    signature and call rules as the partial: ``activation_fn`` and what follows it are keyword-only)."""

    def alias(*args, **kwargs):
        return fully_connected(*args, **{"activation_fn": activation, **kwargs})

    alias.__name__ = alias.__qualname__ = name
    alias.__signature__ = inspect.signature(functools.partial(fully_connected, activation_fn=activation))
    alias.__doc__ = f"``fully_connected`` with ``activation_fn={spelled}`` (a ``functools.partial`` in TF1)."
    return alias


linear = _fully_connected_alias("linear", None, "None")
elu = _fully_connected_alias("elu", tf.nn.elu, "tf.nn.elu")
relu = _fully_connected_alias("relu", tf.nn.relu, "tf.nn.relu")
relu6 = _fully_connected_alias("relu6", tf.nn.relu6, "tf.nn.relu6")


@add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None, variables_collections=None,
               outputs_collections=None, trainable=True, begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """Normalizes over axes ``begin_norm_axis..R-1`` (moments with keep_dims, variance epsilon 1e-12, 1e-3 for
    float16), then ``* gamma + beta`` shaped ``inputs.shape[begin_params_axis:]``, under scope ``LayerNorm``."""
    with tf.compat.v1.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        inputs_shape = inputs.shape
        inputs_rank = inputs_shape.rank
        if inputs_rank is None:
            raise ValueError("Inputs %s has undefined rank." % _tensor_name(inputs))
        dtype = inputs.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis = inputs_rank + begin_norm_axis
        if begin_params_axis >= inputs_rank or begin_norm_axis >= inputs_rank:
            raise ValueError("begin_params_axis (%d) and begin_norm_axis (%d) must be < rank(inputs) (%d)"
                             % (begin_params_axis, begin_norm_axis, inputs_rank))
        params_shape = inputs_shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError("Inputs %s: shape(inputs)[%s:] is not fully defined: %s"
                             % (_tensor_name(inputs), begin_params_axis, inputs_shape))
        beta = gamma = None
        if center:
            beta = _model_variable("beta", params_shape, dtype=dtype, initializer=tf.compat.v1.zeros_initializer(),
                                   collections=_variable_collections(variables_collections, "beta"),
                                   trainable=trainable)
        if scale:
            gamma = _model_variable("gamma", params_shape, dtype=dtype, initializer=tf.compat.v1.ones_initializer(),
                                    collections=_variable_collections(variables_collections, "gamma"),
                                    trainable=trainable)
        mean, variance = tf.nn.moments(inputs, list(range(begin_norm_axis, inputs_rank)), keepdims=True)
        variance_epsilon = 1e-12 if dtype != tf.float16 else 1e-3
        outputs = tf.nn.batch_normalization(inputs, mean, variance, offset=beta, scale=gamma,
                                            variance_epsilon=variance_epsilon)
        outputs.set_shape(inputs_shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None, regularizer=None,
                   trainable=True, scope=None, reuse=None):
    """``embedding_lookup(EmbedSequence/embeddings, ids)`` with ``embeddings`` float32 ``[vocab_size, embed_dim]``
    (the scope's initializer when ``initializer`` is None); under ``reuse`` the sizes may be left out."""
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError("Must specify vocab size and embedding dimension when not reusing. Got vocab_size=%s "
                         "and embed_dim=%s" % (vocab_size, embed_dim))
    with tf.compat.v1.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = [vocab_size, embed_dim]
        # TF1's test, precedence included: `(reuse and vocab_size is None) or embed_dim is None`.
        if reuse and vocab_size is None or embed_dim is None:
            shape = None
        embeddings = _model_variable("embeddings", shape, initializer=initializer, regularizer=regularizer,
                                     trainable=trainable)
        if unique:
            return _embedding_lookup_unique(embeddings, ids)
        return tf.nn.embedding_lookup(embeddings, ids)


def _embedding_lookup_unique(params, ids):
    """Look each distinct id up once and scatter the rows back to ``ids``' shape."""
    ids = tf.convert_to_tensor(ids)
    flat_ids = tf.reshape(ids, [-1])
    distinct, positions = tf.unique(flat_ids)
    rows = tf.gather(tf.nn.embedding_lookup(params, distinct), positions)
    return tf.reshape(rows, tf.concat([tf.shape(ids), tf.shape(rows)[1:]], 0))


def _pair(value, what: str) -> list[int]:
    if isinstance(value, int):
        return [value, value]
    value = list(value)
    if len(value) != 2:
        raise ValueError(f"The `{what}` argument must be a tuple of 2 integers. Received: {value}")
    return [int(v) for v in value]


@add_arg_scope
def convolution2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
                  activation_fn=tf.nn.relu, normalizer_fn=None, normalizer_params=None,
                  weights_initializer=xavier_initializer(), weights_regularizer=None,
                  biases_initializer=tf.compat.v1.zeros_initializer(), biases_regularizer=None, reuse=None,
                  variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """2-D ``contrib.layers.conv2d``: ``weights`` ``[kh, kw, in_channels, num_outputs]`` and ``biases`` under the
    variable scope ``Conv`` (made unique); ``rate`` dilates, ``data_format`` is ``NHWC`` (None) or ``NCHW``."""
    if data_format not in [None, "NHWC", "NCHW"]:
        raise ValueError("Invalid data_format: %r" % (data_format,))
    with tf.compat.v1.variable_scope(scope, "Conv", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        if inputs.shape.rank != 4:
            raise ValueError("Convolution expects input with rank %d, got %s" % (4, inputs.shape.rank))
        channels_first = data_format == "NCHW"
        in_channels = tf.compat.dimension_value(inputs.shape[1 if channels_first else -1])
        if in_channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        dtype = inputs.dtype.base_dtype
        kernel_h, kernel_w = _pair(kernel_size, "kernel_size")
        strides, dilations = _pair(stride, "strides"), _pair(rate, "dilation_rate")
        weights = _model_variable("weights", [kernel_h, kernel_w, in_channels, num_outputs], dtype=dtype,
                                  initializer=weights_initializer, regularizer=weights_regularizer,
                                  trainable=trainable,
                                  collections=_variable_collections(variables_collections, "weights"))
        nn_format = "NCHW" if channels_first else "NHWC"
        outputs = tf.nn.convolution(inputs, weights, strides=strides, padding=padding.upper(),
                                    data_format=nn_format, dilations=dilations)
        if normalizer_fn is None and biases_initializer is not None:
            biases = _model_variable("biases", [num_outputs], dtype=dtype, initializer=biases_initializer,
                                     regularizer=biases_regularizer, trainable=trainable,
                                     collections=_variable_collections(variables_collections, "biases"))
            outputs = tf.nn.bias_add(outputs, biases, data_format=nn_format)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


conv2d = convolution2d


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    """``[batch, ...] -> [batch, prod(...)]`` under the name scope ``Flatten`` (TF 1.15 ran Keras' Flatten: a
    vector ``[n]`` becomes ``[n, 1]``)."""
    with tf.compat.v1.name_scope(scope, "Flatten", [inputs]) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        if rank is None:
            # TF1 failed setting the static output shape: TensorShape.as_list() of an unknown shape.
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        if rank < 1:
            raise ValueError("Input 0 of layer flatten is incompatible with the layer: expected min_ndim=1, "
                             f"found ndim={rank}. Full shape received: {inputs.shape.as_list()}")
        rest = inputs.shape[1:]
        if rest.is_fully_defined():
            outputs = tf.reshape(inputs, [-1, rest.num_elements()])
        else:
            outputs = tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], -1]))
        outputs.set_shape([inputs.shape[0], rest.num_elements() if rest.is_fully_defined() else None])
        return _collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None, scope=None,
            seed=None):
    """``tf.nn.dropout(inputs, rate=1 - keep_prob)`` when ``is_training`` (default True, a Python bool or a
    boolean tensor), the inputs unchanged otherwise; variable scope ``Dropout``."""
    with tf.compat.v1.variable_scope(scope, "Dropout", [inputs]) as sc:
        inputs = tf.convert_to_tensor(inputs)

        def dropped():
            shape = noise_shape
            if shape is not None and not tf.is_tensor(shape):
                # As Keras' Dropout (which TF 1.15 ran): a None entry takes the input's dynamic size.
                dynamic = tf.shape(inputs)
                shape = tf.stack([dynamic[i] if size is None else size for i, size in enumerate(shape)])
            return tf.nn.dropout(inputs, noise_shape=shape, seed=seed, rate=1 - keep_prob)

        def kept():
            return tf.identity(inputs)

        static = is_training if isinstance(is_training, bool) else tf.get_static_value(is_training)
        if static is not None:
            outputs = dropped() if bool(static) else kept()
        else:
            outputs = tf.cond(is_training, dropped, kept)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0, outputs_collections=None, scope=None):
    """``tf.one_hot(labels, num_classes, on_value, off_value)`` in the name scope ``OneHotEncoding`` (int32 labels
    are widened to int64 first, as TF1 did)."""
    with tf.compat.v1.name_scope(scope, "OneHotEncoding", [labels, num_classes]) as sc:
        labels = tf.convert_to_tensor(labels)
        if labels.dtype == tf.int32:
            labels = tf.cast(labels, tf.int64)
        outputs = tf.one_hot(labels, num_classes, on_value=on_value, off_value=off_value)
        return _collect_named_outputs(outputs_collections, sc, outputs)


# TF1's fused kernel refused smaller epsilons (a cuDNN limit), and nn.fused_batch_norm raised them to this.
_FUSED_MIN_EPSILON = 1.001e-5


@add_arg_scope
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, param_regularizers=None, updates_collections=_GraphKeys.UPDATE_OPS,
               is_training=True, reuse=None, variables_collections=None, outputs_collections=None, trainable=True,
               batch_weights=None, fused=None, data_format="NHWC", zero_debias_moving_mean=False, scope=None,
               renorm=False, renorm_clipping=None, renorm_decay=0.99, adjustment=None):
    """contrib's batch normalization under the variable scope ``BatchNorm``: ``beta`` (center), ``gamma`` (scale,
    off by default), ``moving_mean`` and ``moving_variance`` (not trainable), all shaped ``[channels]``.

    Training normalizes with the batch's mean and biased variance and moves the moving statistics by
    ``moving -= (moving - batch) * (1 - decay)``; inference normalizes with the moving statistics. As in
    TF 1.15, the fused kernel (``fused`` None or True, inputs of rank 2 or 4) feeds the moving variance the
    batch variance with Bessel's correction ``n / (n - 1)``; the non-fused path feeds the biased one. In a v1
    graph the update ops go to ``updates_collections`` (run them with the train op), or, when it is None, run
    before the output; eagerly and in ``tf.function`` the moving statistics are updated when called.
    """
    unsupported = {"batch_weights": batch_weights is not None, "renorm": bool(renorm),
                   "adjustment": adjustment is not None, "zero_debias_moving_mean": bool(zero_debias_moving_mean)}
    for argument, given in unsupported.items():
        if given:
            raise NotImplementedError(f"batch_norm({argument}=...) is not supported by tf-migrate's runtime; "
                                      "only the default batch_weights, renorm, adjustment and "
                                      "zero_debias_moving_mean are.")
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with tf.compat.v1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        if rank is None:
            raise ValueError("Inputs %s has undefined rank." % _tensor_name(inputs))
        channel_axis = 1 if data_format == "NCHW" and rank > 1 else rank - 1
        channels = tf.compat.dimension_value(inputs.shape[channel_axis])
        if channels is None:
            raise ValueError("Inputs %s has undefined channels dimension %s."
                             % (_tensor_name(inputs), inputs.shape[channel_axis:channel_axis + 1]))
        dtype = inputs.dtype.base_dtype
        initializers = param_initializers or {}
        regularizers = param_regularizers or {}

        def parameter(name, default_initializer, trainable_here):
            return _model_variable(name, [channels], dtype=dtype,
                                   initializer=initializers.get(name, default_initializer),
                                   regularizer=regularizers.get(name), trainable=trainable_here,
                                   collections=_variable_collections(variables_collections, name))

        beta = parameter("beta", tf.compat.v1.zeros_initializer(), trainable) if center else None
        gamma = parameter("gamma", tf.compat.v1.ones_initializer(), trainable) if scale else None
        moving_mean = parameter("moving_mean", tf.compat.v1.zeros_initializer(), False)
        moving_variance = parameter("moving_variance", tf.compat.v1.ones_initializer(), False)

        fused_kernel = (fused is None or bool(fused)) and rank in (2, 4)
        if fused_kernel:
            epsilon = max(epsilon, _FUSED_MIN_EPSILON)
        reduction_axes = [axis for axis in range(rank) if axis != channel_axis]
        broadcast_shape = [1] * rank
        broadcast_shape[channel_axis] = channels

        def per_channel(vector):
            return None if vector is None else tf.reshape(vector, broadcast_shape)

        def normalized(mean, variance):
            return tf.nn.batch_normalization(inputs, per_channel(mean), per_channel(variance), per_channel(beta),
                                             per_channel(gamma), epsilon)

        def training_branch():
            mean, variance = tf.nn.moments(inputs, reduction_axes)
            outputs = normalized(mean, variance)
            if fused_kernel:
                count = tf.cast(tf.size(inputs) // channels, dtype)
                variance = variance * count / tf.maximum(count - 1.0, 1.0)
            return outputs, mean, variance

        def inference_branch():
            return (normalized(moving_mean, moving_variance), tf.identity(moving_mean),
                    tf.identity(moving_variance))

        static_training = is_training if isinstance(is_training, bool) else tf.get_static_value(is_training)
        if static_training is not None:
            branch = training_branch if bool(static_training) else inference_branch
            outputs, batch_mean, batch_variance = branch()
        else:
            outputs, batch_mean, batch_variance = tf.cond(is_training, training_branch, inference_branch)

        if static_training is None or bool(static_training):
            # Under a False is_training tensor the "batch" statistics are the moving ones: the update is a no-op.
            def moved(moving, batch):
                return tf.compat.v1.assign_sub(moving, (moving - batch) * tf.cast(1.0 - decay, dtype))

            if in_v1_graph():
                updates = [moved(moving_mean, batch_mean), moved(moving_variance, batch_variance)]
                if updates_collections is None:
                    with tf.control_dependencies(updates):
                        outputs = tf.identity(outputs)
                else:
                    tf.compat.v1.add_to_collections(updates_collections, updates[0])
                    tf.compat.v1.add_to_collections(updates_collections, updates[1])
            else:
                moving_mean.assign_sub((moving_mean - batch_mean) * tf.cast(1.0 - decay, dtype))
                moving_variance.assign_sub((moving_variance - batch_variance) * tf.cast(1.0 - decay, dtype))
        outputs.set_shape(inputs.shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


# --- training --------------------------------------------------------------------------------------

OPTIMIZER_CLS_NAMES = {
    "Adagrad": tf.compat.v1.train.AdagradOptimizer,
    "Adam": tf.compat.v1.train.AdamOptimizer,
    "Ftrl": tf.compat.v1.train.FtrlOptimizer,
    "Momentum": functools.partial(tf.compat.v1.train.MomentumOptimizer, momentum=0.9),
    "RMSProp": tf.compat.v1.train.RMSPropOptimizer,
    "SGD": tf.compat.v1.train.GradientDescentOptimizer,
}

OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"]


def optimize_loss(loss, global_step, learning_rate, optimizer, gradient_noise_scale=None, gradient_multipliers=None,
                  clip_gradients=None, learning_rate_decay_fn=None, update_ops=None, variables=None, name=None,
                  summaries=None, colocate_gradients_with_ops=False, increment_global_step=True):
    """TF1's one-call training op: the loss tensor, run after the optimizer's update (and ``update_ops``).

    Under the variable scope ``OptimizeLoss`` a float ``learning_rate`` becomes the non-trainable variable
    ``OptimizeLoss/learning_rate``; ``optimizer`` is a name from :data:`OPTIMIZER_CLS_NAMES`, a
    ``tf.compat.v1.train.Optimizer`` class, instance or factory. The gradients are optionally noised
    (truncated normal times ``gradient_noise_scale``), multiplied per variable (``gradient_multipliers``, keyed
    by variable or name) and clipped (a float: by global norm; a callable: applied to the pairs), and the
    summaries go to the graph's SUMMARIES collection. It builds graph ops (a tensor to ``session.run``), so
    it works in a ``tf.compat.v1`` graph only; TF2 code trains with ``tf.GradientTape`` instead.
    """
    if not in_v1_graph():
        raise RuntimeError("optimize_loss builds a TF1 training op and works only in a tf.compat.v1 graph "
                           "(tf.compat.v1.disable_eager_execution() or `with tf.Graph().as_default():`); "
                           "eagerly and in tf.function train with tf.GradientTape and an optimizer instead.")
    loss = tf.convert_to_tensor(loss)
    if loss.shape.rank is not None and loss.shape.rank != 0:
        raise ValueError("Expected scalar shape for %s, saw shape: %s." % (loss.name, loss.shape))
    if global_step is None:
        global_step = tf.compat.v1.train.get_global_step()
    else:
        tf.compat.v1.train.assert_global_step(global_step)
    with tf.compat.v1.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(tf.compat.v1.get_collection(_GraphKeys.UPDATE_OPS))
        if update_ops:
            with tf.control_dependencies(list(update_ops)):
                loss = tf.identity(loss)

        rate = None
        if learning_rate is not None:
            if tf.is_tensor(learning_rate) and learning_rate.shape.rank == 0:
                rate = learning_rate
            elif isinstance(learning_rate, float):
                if learning_rate < 0.0:
                    raise ValueError("Invalid learning_rate %s." % learning_rate)
                rate = tf.compat.v1.get_variable("learning_rate", [], trainable=False,
                                                 initializer=tf.compat.v1.constant_initializer(learning_rate))
            else:
                raise ValueError("Learning rate should be 0d Tensor or float. Got %s of type %s"
                                 % (str(learning_rate), str(type(learning_rate))))
        if summaries is None:
            summaries = ["loss", "learning_rate", "global_gradient_norm"]
        else:
            for summary in summaries:
                if summary not in OPTIMIZER_SUMMARIES:
                    raise ValueError("Summaries should be one of [%s], you provided %s."
                                     % (", ".join(OPTIMIZER_SUMMARIES), summary))
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            rate = learning_rate_decay_fn(rate, global_step)
            if "learning_rate" in summaries:
                tf.compat.v1.summary.scalar("learning_rate", rate)

        opt = _optimizer_from(optimizer, rate, learning_rate)
        if variables is None:
            variables = tf.compat.v1.trainable_variables()
        gradients = opt.compute_gradients(loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = _noisy_gradients(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiplied_gradients(gradients, gradient_multipliers)
            if not gradients:
                raise ValueError("Empty list of (gradient, var) pairs encountered. This is most likely to be "
                                 "caused by an improper value of gradient_multipliers.")
        norm_summaries = "global_gradient_norm" in summaries or "gradient_norm" in summaries
        if norm_summaries:
            tf.compat.v1.summary.scalar("global_norm/gradient_norm", tf.linalg.global_norm(list(zip(*gradients))[0]))
        if isinstance(clip_gradients, float):
            clipped, _ = tf.clip_by_global_norm([grad for grad, _ in gradients], clip_gradients)
            gradients = list(zip(clipped, [var for _, var in gradients]))
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError("Unknown type %s for clip_gradients" % type(clip_gradients))
        if "loss" in summaries:
            tf.compat.v1.summary.scalar("loss", loss)
        for gradient, var in gradients:
            values = gradient.values if isinstance(gradient, tf.IndexedSlices) else gradient
            if values is not None:
                var_name = var.name.replace(":", "_")
                if "gradients" in summaries:
                    tf.compat.v1.summary.histogram("gradients/%s" % var_name, values)
                if "gradient_norm" in summaries:
                    tf.compat.v1.summary.scalar("gradient_norm/%s" % var_name, tf.linalg.global_norm([values]))
        if clip_gradients is not None and norm_summaries:
            tf.compat.v1.summary.scalar("global_norm/clipped_gradient_norm",
                                        tf.linalg.global_norm(list(zip(*gradients))[0]))
        grad_updates = opt.apply_gradients(gradients, global_step=global_step if increment_global_step else None,
                                           name="train")
        with tf.control_dependencies([grad_updates]):
            return tf.identity(loss)


def _optimizer_from(optimizer, rate, learning_rate):
    """optimize_loss's ``optimizer`` argument as a ``tf.compat.v1.train.Optimizer`` (TF1's checks and messages)."""
    if isinstance(optimizer, str):
        if rate is None:
            raise ValueError("Learning rate is None, but should be specified if optimizer is string (%s)."
                             % optimizer)
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError("Optimizer name should be one of [%s], you provided %s."
                             % (", ".join(OPTIMIZER_CLS_NAMES), optimizer))
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=rate)
    if isinstance(optimizer, type) and issubclass(optimizer, tf.compat.v1.train.Optimizer):
        if rate is None:
            raise ValueError("Learning rate is None, but should be specified if optimizer is class (%s)."
                             % optimizer)
        return optimizer(learning_rate=rate)
    if isinstance(optimizer, tf.compat.v1.train.Optimizer):
        return optimizer
    if callable(optimizer):
        opt = optimizer(rate) if learning_rate is not None else optimizer()
        if not isinstance(opt, tf.compat.v1.train.Optimizer):
            raise ValueError("Unrecognized optimizer: function should return subclass of Optimizer. Got %s."
                             % str(opt))
        return opt
    raise ValueError("Unrecognized optimizer: should be string, subclass of Optimizer, instance of subclass of "
                     "Optimizer or function with one argument. Got %s." % str(optimizer))


def _noisy_gradients(grads_and_vars, scale):
    noisy = []
    for gradient, var in grads_and_vars:
        if gradient is not None:
            shape = gradient.dense_shape if isinstance(gradient, tf.IndexedSlices) else gradient.shape
            gradient = gradient + tf.random.truncated_normal(shape) * scale
        noisy.append((gradient, var))
    return noisy


def _multiplied_gradients(grads_and_vars, multipliers):
    """Scale the gradients of the variables ``multipliers`` names (by variable, or by ``var.name``)."""
    by_identity = {id(key): value for key, value in multipliers.items() if not isinstance(key, str)}
    multiplied = []
    for gradient, var in grads_and_vars:
        multiplier = by_identity.get(id(var), multipliers.get(var.name) if var.name in multipliers else None)
        if gradient is not None and multiplier is not None:
            if isinstance(gradient, tf.IndexedSlices):
                gradient = tf.IndexedSlices(gradient.values * multiplier, gradient.indices, gradient.dense_shape)
            else:
                gradient = gradient * tf.cast(multiplier, gradient.dtype)
        multiplied.append((gradient, var))
    return multiplied
