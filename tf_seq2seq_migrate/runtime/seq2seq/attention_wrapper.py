"""TF 1.15's ``tf.contrib.seq2seq`` attention: mechanisms, monotonic attention and ``AttentionWrapper``.

Same public names, constructor and call signatures, defaults and state structures as
``tensorflow/contrib/seq2seq/python/ops/attention_wrapper.py``, rebuilt on TF2 + Keras 3.

TF1 variable names are kept:

* the memory layer runs while the mechanism is constructed, so its kernel lives in the scope that
  was active then: ``<scope>/memory_layer/kernel``;
* the scoring weights and the query layer are created on the mechanism's first call, which happens
  inside the wrapper's scope: ``<wrapper scope>/bahdanau_attention/{query_layer/kernel, attention_v,
  attention_g, attention_b}``, ``.../luong_attention/attention_g``,
  ``.../{bahdanau,luong}_monotonic_attention/attention_score_bias``;
* the wrapper's own layers and the wrapped cell: ``<wrapper scope>/attention_layer/kernel``,
  ``<wrapper scope>/basic_lstm_cell/kernel``, where ``<wrapper scope>`` is
  ``<enclosing scope>/attention_wrapper``.

TF1 mechanisms were plain objects that called ``get_variable`` on every call. Here they are
:class:`Tf1Layer` s that create their weights once, on the first call, in the TF1 scope: in a
``tf.compat.v1`` graph that is ``get_variable`` under the same names, eagerly and in ``tf.function``
the weights are tracked Keras weights (so ``wrapper.trainable_variables`` holds every weight).

Additions (as tensorflow-addons had them): every mechanism also accepts keyword-only
``memory_layer=``, ``query_layer=`` (layer instances that replace the default ``Dense`` layers) and
``kernel_initializer=`` (the initializer of ``attention_v``; ``None`` keeps TF1's default).
"""

from __future__ import annotations

import collections
import functools
import math
import os

import keras
import numpy as np
import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import Tf1Layer, in_v1_graph
from tf_seq2seq_migrate.runtime.layers import Dense
from tf_seq2seq_migrate.runtime.rnn.keras_cells import as_rnn_cell
from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import RNNCell

__all__ = [
    "AttentionMechanism",
    "AttentionWrapper",
    "AttentionWrapperState",
    "LuongAttention",
    "BahdanauAttention",
    "hardmax",
    "safe_cumprod",
    "monotonic_attention",
    "BahdanauMonotonicAttention",
    "LuongMonotonicAttention",
]


# -- small shape helpers ---------------------------------------------------------------------------
def _dim(tensor, axis):
    """The static size of ``axis`` if known, else the dynamic one (TF1's ``x.shape[i].value or shape``)."""
    static = tf.compat.dimension_value(tensor.shape[axis])
    return static if static is not None else tf.shape(tensor)[axis]


def _static_int(value):
    """A Python int for a static batch size (int or constant tensor), else None."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    if tf.is_tensor(value):
        constant = tf.get_static_value(value)
        return None if constant is None else int(constant)
    return None


def _in_xla_context() -> bool:
    """True while tracing for XLA (``tf.function(jit_compile=True)``)."""
    try:
        from tensorflow.python.ops import control_flow_util
    except ImportError:  # private module moved: assume no XLA rather than refuse to run
        return False
    return control_flow_util.GraphOrParentsInXlaContext(tf.compat.v1.get_default_graph())


def _zero_state_tensors(size, batch_size, dtype):
    """Zeros shaped ``[batch_size, size]`` with the static batch size set where it is known."""
    zeros = tf.zeros(tf.stack([batch_size, size]) if tf.is_tensor(batch_size) or tf.is_tensor(size)
                     else [batch_size, size], dtype=dtype)
    if not tf.executing_eagerly():
        zeros.set_shape([_static_int(batch_size), _static_int(size)])
    return zeros


# -- memory and score masking --------------------------------------------------------------------
def _prepare_memory(memory, memory_sequence_length=None, memory_mask=None, check_inner_dims_defined=True):
    """Convert ``memory`` to tensors and zero the time steps past ``memory_sequence_length``."""
    memory = tf.nest.map_structure(lambda m: tf.convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is not None and memory_mask is not None:
        raise ValueError("memory_sequence_length and memory_mask can't be provided at same time.")
    if memory_sequence_length is not None:
        memory_sequence_length = tf.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    if check_inner_dims_defined:
        for m in tf.nest.flatten(memory):
            if not m.shape[2:].is_fully_defined():
                raise ValueError(f"Expected memory {getattr(m, 'name', 'memory')} to have fully defined inner "
                                 f"dims, but saw shape: {m.shape}")
    if memory_sequence_length is None and memory_mask is None:
        return memory
    first = tf.nest.flatten(memory)[0]
    if memory_sequence_length is not None:
        seq_len_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(first)[1], dtype=first.dtype)
    else:
        seq_len_mask = tf.cast(memory_mask, first.dtype)

    def mask(m):
        rank = m.shape.rank if m.shape.rank is not None else tf.rank(m)
        extra_ones = tf.ones(rank - 2, dtype=tf.int32)
        return m * tf.reshape(seq_len_mask, tf.concat((tf.shape(seq_len_mask), extra_ones), 0))

    return tf.nest.map_structure(mask, memory)


def _maybe_mask_score(score, memory_sequence_length=None, memory_mask=None, score_mask_value=None):
    """Replace the scores of time steps past the memory length with ``score_mask_value``."""
    if memory_sequence_length is None and memory_mask is None:
        return score
    if memory_sequence_length is not None and memory_mask is not None:
        raise ValueError("memory_sequence_length and memory_mask can't be provided at same time.")
    if memory_sequence_length is not None:
        message = "All values in memory_sequence_length must be greater than zero."
        with tf.control_dependencies([tf.debugging.assert_positive(memory_sequence_length, message=message)]):
            memory_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(score)[1])
    score_mask_values = score_mask_value * tf.ones_like(score)
    return tf.where(memory_mask, score, score_mask_values)


# -- mechanisms -----------------------------------------------------------------------------------
class AttentionMechanism:
    """Marker base of every attention mechanism (``isinstance`` checks in ``AttentionWrapper``)."""

    @property
    def alignments_size(self):
        raise NotImplementedError

    @property
    def state_size(self):
        raise NotImplementedError


def _check_layer(argument: str, layer) -> None:
    from tf_seq2seq_migrate.runtime.layers import is_layer

    if layer is not None and not is_layer(layer):
        raise TypeError(f"{argument} is not a Layer: {type(layer).__name__}")


class _BaseAttentionMechanism(AttentionMechanism, Tf1Layer):
    """Stores the query and memory layers and the processed memory (``values``, ``keys``).

    ``call_scope_name`` is the TF1 variable scope the mechanism's call opens (``bahdanau_attention``);
    ``name`` is, as in TF1, only the name scope of the ops that process the memory.
    """

    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length=None, memory_layer=None,
                 check_inner_dims_defined=True, score_mask_value=None, custom_key_value_fn=None, name=None,
                 *, call_scope_name=None, dtype=None):
        _check_layer("query_layer", query_layer)
        _check_layer("memory_layer", memory_layer)
        if not callable(probability_fn):
            raise TypeError(f"probability_fn must be callable, saw type: {type(probability_fn).__name__}")
        if memory_layer is not None:
            dtype = memory_layer.dtype
        dtype = tf.as_dtype(dtype or tf.float32)
        super().__init__(name=call_scope_name or "attention_mechanism", dtype=dtype.name)
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        if score_mask_value is None:
            score_mask_value = dtype.as_numpy_dtype(-np.inf)
        if memory_sequence_length is not None:
            memory_sequence_length = tf.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
        self._memory_sequence_length = memory_sequence_length
        self._score_mask_value = score_mask_value
        self._unmasked_probability_fn = probability_fn
        self._tf1_weights = {}
        with tf.compat.v1.name_scope(name, "BaseAttentionMechanismInit", tf.nest.flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length=memory_sequence_length,
                                           check_inner_dims_defined=check_inner_dims_defined)
            self._keys = self._memory_layer(self._values) if self._memory_layer is not None else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = _dim(self._keys, 0)
            self._alignments_size = _dim(self._keys, 1)

    def _probability_fn(self, score, previous):
        """The user's probability function applied to the masked scores."""
        masked = _maybe_mask_score(score, memory_sequence_length=self._memory_sequence_length,
                                   score_mask_value=self._score_mask_value)
        return self._unmasked_probability_fn(masked, previous)

    # -- TF1 properties ---------------------------------------------------------------------------
    @property
    def memory_layer(self):
        return self._memory_layer

    @property
    def query_layer(self):
        return self._query_layer

    @property
    def values(self):
        return self._values

    @property
    def keys(self):
        return self._keys

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def alignments_size(self):
        return self._alignments_size

    @property
    def state_size(self):
        return self._alignments_size

    def initial_alignments(self, batch_size, dtype):
        """All-zero alignments ``[batch_size, alignments_size]``."""
        return _zero_state_tensors(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size, dtype):
        """The mechanism's initial state: by default the initial alignments."""
        return self.initial_alignments(batch_size, dtype)

    # -- calling ----------------------------------------------------------------------------------
    def __call__(self, query, state):
        """``(alignments, next_state)`` for ``query`` ``[batch, query_depth]`` and the previous state."""
        with self.tf1_scope():
            result = self.call(query, state)
        # Weights exist now; later calls re-enter the scope with reuse=True.
        self.built = True
        return result

    def call(self, query, state):
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(query, state)")

    def build(self, input_shape=None):
        """Weights are created on the first call, inside the TF1 scope; nothing to do here."""

    def _weight(self, name, shape, dtype, initializer=None):
        """The weight ``<call scope>/<name>``, created on first use and reused afterwards.

        TF1 called ``get_variable`` on every call; in a v1 graph the cached variable is exactly what
        ``get_variable`` under ``reuse`` returns, and eagerly it avoids creating a new one per call.
        """
        variable = self._tf1_weights.get(name)
        stale = in_v1_graph() and getattr(variable, "graph", None) is not tf.compat.v1.get_default_graph()
        if variable is None or stale:
            variable = self.tf1_weight(name, shape, dtype=dtype, initializer=initializer)
            self._tf1_weights[name] = variable
        return variable


def _luong_score(query, keys, scale):
    """Multiplicative score ``query . keys[t]`` (times the scalar ``scale`` when given)."""
    depth = query.shape[-1]
    key_units = keys.shape[-1]
    # As TF1's Dimension comparison: only two known, different depths are an error.
    if depth is not None and key_units is not None and depth != key_units:
        raise ValueError(
            "Incompatible or unknown inner dimensions between query and keys.  "
            f"Query ({query}) has units: {depth}.  Keys ({keys}) have units: {key_units}.  "
            f"Perhaps you need to set num_units to the keys' dimension ({key_units})?")
    # [batch, 1, depth] x [batch, depth, time] -> [batch, 1, time]
    score = tf.squeeze(tf.matmul(tf.expand_dims(query, 1), keys, transpose_b=True), [1])
    if scale is not None:
        score = scale * score
    return score


def _bahdanau_score(processed_query, keys, attention_v, attention_g=None, attention_b=None):
    """Additive score ``v . tanh(keys + query)``, or the weight-normalised form with ``g`` and ``b``."""
    # Without XLA this is four passes over [batch, max_time, units] (a beam search's hottest loop after
    # the matmuls); compiled, one. _fuse_with_xla() says when (TF_SEQ2SEQ_MIGRATE_FUSE_XLA=0: never).
    if not _fuse_with_xla():
        return _bahdanau_score_math(processed_query, keys, attention_v, attention_g, attention_b)
    as_tensor = lambda w: None if w is None else tf.convert_to_tensor(w)  # noqa: E731  (read variables)
    return _bahdanau_score_fused(processed_query, keys, as_tensor(attention_v), as_tensor(attention_g),
                                 as_tensor(attention_b))


def _bahdanau_score_math(processed_query, keys, attention_v, attention_g=None, attention_b=None):
    processed_query = tf.expand_dims(processed_query, 1)
    if attention_g is not None and attention_b is not None:
        normed_v = attention_g * attention_v * tf.math.rsqrt(tf.reduce_sum(tf.square(attention_v)))
        return tf.reduce_sum(normed_v * tf.tanh(keys + processed_query + attention_b), [2])
    return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])


_bahdanau_score_fused = tf.function(_bahdanau_score_math, jit_compile=True, autograph=False)


def _default_dense(layer, num_units, name, dtype):
    return layer if layer is not None else Dense(num_units, name=name, use_bias=False, dtype=dtype)


def _wrap_softmax_like(probability_fn):
    """TF1's ``probability_fn(score)`` becomes ``fn(score, previous_alignments)``."""
    probability_fn = tf.nn.softmax if probability_fn is None else probability_fn
    if not callable(probability_fn):
        raise TypeError(f"probability_fn must be callable, saw type: {type(probability_fn).__name__}")
    return lambda score, _: probability_fn(score)


class LuongAttention(_BaseAttentionMechanism):
    """Luong-style (multiplicative) attention; ``scale=True`` adds the learned scalar ``attention_g``."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="LuongAttention", *,
                 memory_layer=None, kernel_initializer=None):
        dtype = tf.float32 if dtype is None else dtype
        super().__init__(
            query_layer=None,
            memory_layer=_default_dense(memory_layer, num_units, "memory_layer", dtype),
            memory=memory, probability_fn=_wrap_softmax_like(probability_fn),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn, name=name, call_scope_name="luong_attention")
        self._num_units = num_units
        self._scale = scale
        self._kernel_initializer = kernel_initializer

    def call(self, query, state):
        attention_g = None
        if self._scale:
            attention_g = self._weight("attention_g", [], query.dtype, tf.compat.v1.ones_initializer())
        score = _luong_score(query, self._keys, attention_g)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class BahdanauAttention(_BaseAttentionMechanism):
    """Bahdanau-style (additive) attention; ``normalize=True`` gives the weight-normalised form."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="BahdanauAttention", *,
                 memory_layer=None, query_layer=None, kernel_initializer=None):
        dtype = tf.float32 if dtype is None else dtype
        super().__init__(
            query_layer=_default_dense(query_layer, num_units, "query_layer", dtype),
            memory_layer=_default_dense(memory_layer, num_units, "memory_layer", dtype),
            memory=memory, probability_fn=_wrap_softmax_like(probability_fn),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn, name=name, call_scope_name="bahdanau_attention")
        self._num_units = num_units
        self._normalize = normalize
        self._kernel_initializer = kernel_initializer

    def _additive_score(self, query):
        """Query layer, then ``attention_v`` (+ ``attention_g``, ``attention_b``): TF1's creation order."""
        processed_query = self.query_layer(query) if self.query_layer is not None else query
        attention_v = self._weight("attention_v", [self._num_units], query.dtype, self._kernel_initializer)
        attention_g = attention_b = None
        if self._normalize:
            attention_g = self._weight("attention_g", [], query.dtype,
                                       tf.compat.v1.constant_initializer(math.sqrt(1.0 / self._num_units)))
            attention_b = self._weight("attention_b", [self._num_units], query.dtype,
                                       tf.compat.v1.zeros_initializer())
        score = _bahdanau_score(processed_query, self._keys, attention_v, attention_g=attention_g,
                                attention_b=attention_b)
        return score, processed_query

    def call(self, query, state):
        score, _ = self._additive_score(query)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


# -- monotonic attention -----------------------------------------------------------------------
def safe_cumprod(x, *args, **kwargs):
    """``cumprod(x)`` computed as ``exp(cumsum(log(clip(x, tiny, 1))))``: no underflow, stable gradient.

    Extra arguments go to ``tf.cumsum`` (``axis``, ``exclusive``, ``reverse``) like ``tf.math.cumprod``.
    """
    with tf.name_scope("SafeCumprod"):
        x = tf.convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return tf.exp(tf.cumsum(tf.math.log(tf.clip_by_value(x, tiny, 1)), *args, **kwargs))


def monotonic_attention(p_choose_i, previous_attention, mode):
    """Monotonic attention distribution from choosing probabilities (Raffel et al., 2017).

    ``attention[i] = p_choose_i[i] * q[i]`` with ``q[i] = (1 - p_choose_i[i - 1]) * q[i - 1] +
    previous_attention[i]``. ``mode``: ``'recursive'`` (exact scan), ``'parallel'`` (closed form with
    cumulative sums/products, clipped), ``'hard'`` (``p_choose_i`` in {0, 1}, exact).
    """
    p_choose_i = tf.convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = tf.convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        batch_size = _dim(p_choose_i, 0)
        # [1, 1 - p[0], ..., 1 - p[-2]]: the factor carrying q from step i - 1 to i.
        shifted_1mp_choose_i = tf.concat(
            [tf.ones(tf.stack([batch_size, 1]) if tf.is_tensor(batch_size) else (batch_size, 1),
                     dtype=p_choose_i.dtype),
             1 - p_choose_i[:, :-1]], 1)
        q = tf.scan(lambda carried, factor_and_prev: tf.reshape(
                        factor_and_prev[0] * carried + factor_and_prev[1], tf.shape(carried)),
                    [tf.transpose(shifted_1mp_choose_i), tf.transpose(previous_attention)],
                    initializer=tf.zeros_like(p_choose_i[:, 0]))
        attention = p_choose_i * tf.transpose(q)
    elif mode == "parallel":
        cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        # The clip keeps the division finite once the cumulative product has underflowed.
        attention = p_choose_i * cumprod_1mp_choose_i * tf.cumsum(
            previous_attention / tf.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.0), axis=1)
    elif mode == "hard":
        # Nothing before the previously attended index can be chosen; keep the first choice after it.
        p_choose_i = p_choose_i * tf.cumsum(previous_attention, axis=1)
        attention = p_choose_i * tf.math.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    else:
        raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")
    return attention


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode, seed=None):
    """Pre-sigmoid noise (training aid), sigmoid (a step for ``'hard'``), then ``monotonic_attention``."""
    if sigmoid_noise > 0:
        noise = tf.random.normal(tf.shape(score), dtype=score.dtype, seed=seed)
        score += sigmoid_noise * noise
    if mode == "hard":
        p_choose_i = tf.cast(score > 0, score.dtype)
    else:
        p_choose_i = tf.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    """Monotonic mechanisms start from a dirac distribution on the first memory entry."""

    def initial_alignments(self, batch_size, dtype):
        return tf.one_hot(tf.zeros(tf.reshape(batch_size, [1]) if tf.is_tensor(batch_size) else (batch_size,),
                                   dtype=tf.int32),
                          self._alignments_size, dtype=dtype)


def _monotonic_fn(sigmoid_noise, sigmoid_noise_seed, mode):
    if mode not in ("recursive", "parallel", "hard"):
        raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")
    return functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                             seed=sigmoid_noise_seed)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau energy + scalar ``attention_score_bias``, normalised by monotonic attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, score_mask_value=None,
                 sigmoid_noise=0.0, sigmoid_noise_seed=None, score_bias_init=0.0, mode="parallel", dtype=None,
                 name="BahdanauMonotonicAttention", *, memory_layer=None, query_layer=None,
                 kernel_initializer=None):
        dtype = tf.float32 if dtype is None else dtype
        super().__init__(
            query_layer=_default_dense(query_layer, num_units, "query_layer", dtype),
            memory_layer=_default_dense(memory_layer, num_units, "memory_layer", dtype),
            memory=memory, probability_fn=_monotonic_fn(sigmoid_noise, sigmoid_noise_seed, mode),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value, name=name,
            call_scope_name="bahdanau_monotonic_attention")
        self._num_units = num_units
        self._normalize = normalize
        self._score_bias_init = score_bias_init
        self._kernel_initializer = kernel_initializer

    _additive_score = BahdanauAttention._additive_score

    def call(self, query, state):
        score, processed_query = self._additive_score(query)
        score_bias = self._weight("attention_score_bias", [], processed_query.dtype,
                                  tf.compat.v1.constant_initializer(self._score_bias_init))
        alignments = self._probability_fn(score + score_bias, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong energy (optionally scaled) + scalar ``attention_score_bias``, monotonic normalisation."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, score_mask_value=None,
                 sigmoid_noise=0.0, sigmoid_noise_seed=None, score_bias_init=0.0, mode="parallel", dtype=None,
                 name="LuongMonotonicAttention", *, memory_layer=None, kernel_initializer=None):
        dtype = tf.float32 if dtype is None else dtype
        super().__init__(
            query_layer=None,
            memory_layer=_default_dense(memory_layer, num_units, "memory_layer", dtype),
            memory=memory, probability_fn=_monotonic_fn(sigmoid_noise, sigmoid_noise_seed, mode),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value, name=name,
            call_scope_name="luong_monotonic_attention")
        self._num_units = num_units
        self._scale = scale
        self._score_bias_init = score_bias_init
        self._kernel_initializer = kernel_initializer

    def call(self, query, state):
        attention_g = None
        if self._scale:
            attention_g = self._weight("attention_g", [], query.dtype, tf.compat.v1.ones_initializer())
        score = _luong_score(query, self._keys, attention_g)
        score_bias = self._weight("attention_score_bias", [], query.dtype,
                                  tf.compat.v1.constant_initializer(self._score_bias_init))
        alignments = self._probability_fn(score + score_bias, state)
        return alignments, alignments


def hardmax(logits, name=None):
    """One-hot vectors at the arg-max of the last axis (batched)."""
    with tf.compat.v1.name_scope(name, "Hardmax", [logits]):
        logits = tf.convert_to_tensor(logits, name="logits")
        depth = _dim(logits, -1)
        return tf.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)


# -- the wrapper --------------------------------------------------------------------------------
class AttentionWrapperState(
        collections.namedtuple("AttentionWrapperState", ("cell_state", "attention", "time", "alignments",
                                                         "alignment_history", "attention_state"))):
    """State of an :class:`AttentionWrapper` (TF1 field order).

    ``cell_state``: the wrapped cell's state; ``attention``: the attention emitted at the previous step;
    ``time``: int32 scalar step counter; ``alignments``: the previous alignments (a tuple with several
    mechanisms); ``alignment_history``: time-major ``TensorArray`` (s) when enabled, else ``()``;
    ``attention_state``: each mechanism's state.
    """

    __slots__ = ()

    def clone(self, **kwargs):
        """A copy with the given fields replaced; replacement tensors must keep the original shapes."""

        def with_same_shape(old, new):
            if not (tf.is_tensor(old) and tf.is_tensor(new)):
                return new
            if tf.executing_eagerly():
                if old.shape.as_list() != new.shape.as_list():
                    raise ValueError("The shape of the AttentionWrapperState is expected to be same as the one "
                                     f"to clone. self.shape: {old.shape}, input.shape: {new.shape}")
                return new
            if not old.shape.is_compatible_with(new.shape):
                raise ValueError(f"Shapes {old.shape} and {new.shape} are not compatible")
            checked = tf.identity(new)
            checked.set_shape(old.shape.merge_with(new.shape))
            return checked

        return tf.nest.map_structure(with_same_shape, self, self._replace(**kwargs))


def _compute_attention(attention_mechanism, cell_output, attention_state, attention_layer):
    """One mechanism: alignments, context ``alignments @ values``, then the optional attention layer."""
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    context = _attention_context(alignments, attention_mechanism.values)
    if attention_layer is not None:
        attention = attention_layer(tf.concat([cell_output, context], 1))
    else:
        attention = context
    return attention, alignments, next_attention_state


def _attention_context_math(alignments, values):
    # [batch, 1, memory_time] x [batch, memory_time, memory_depth] -> [batch, memory_depth]
    return tf.squeeze(tf.matmul(tf.expand_dims(alignments, 1), values), [1])


# TensorFlow's CPU BatchMatMul runs this one-row-per-batch-entry product about half as fast as XLA's
# dot (measured for [640, 1, 50] x [640, 50, 512], a beam step: 3.5 vs 6.8 ms; equal results there).
_attention_context_fused = tf.function(_attention_context_math, jit_compile=True, autograph=False)


def _attention_context(alignments, values):
    """The context ``sum_t alignments[:, t] * values[:, t]``, XLA-compiled where ``_fuse_with_xla()``."""
    if not _fuse_with_xla():
        return _attention_context_math(alignments, values)
    return _attention_context_fused(alignments, values)


def _fuse_with_xla() -> bool:
    """Whether the Bahdanau score and the context run as XLA-compiled functions: on by default,
    off with TF_SEQ2SEQ_MIGRATE_FUSE_XLA=0 and under TF1 control flow (disable_v2_behavior), whose
    while_v1 loops cannot take the gradient of a compiled call without maximum_iterations."""
    if os.environ.get("TF_SEQ2SEQ_MIGRATE_FUSE_XLA", "1") == "0":
        return False
    return tf.compat.v1.control_flow_v2_enabled()


def _default_cell_input_fn(inputs, attention):
    return tf.concat([inputs, attention], -1)


class AttentionWrapper(RNNCell):
    """Wraps an ``RNNCell`` (runtime or Keras 3 cell) with one or several attention mechanisms.

    With ``BeamSearchDecoder``: tile the memory, its lengths and the encoder state with
    ``tile_batch`` and call ``zero_state(batch_size=true_batch_size * beam_width, ...)``.
    """

    def __init__(self, cell, attention_mechanism, attention_layer_size=None, alignment_history=False,
                 cell_input_fn=None, output_attention=True, initial_cell_state=None, name=None,
                 attention_layer=None, attention_fn=None):
        super().__init__(name=name)
        cell = as_rnn_cell(cell, "cell")
        if isinstance(attention_mechanism, (list, tuple)):
            self._is_multi = True
            attention_mechanisms = tuple(attention_mechanism)
            for mechanism in attention_mechanisms:
                if not isinstance(mechanism, AttentionMechanism):
                    raise TypeError("attention_mechanism must contain only instances of AttentionMechanism, "
                                    f"saw type: {type(mechanism).__name__}")
        else:
            self._is_multi = False
            if not isinstance(attention_mechanism, AttentionMechanism):
                raise TypeError("attention_mechanism must be an AttentionMechanism or list of multiple "
                                f"AttentionMechanism instances, saw type: {type(attention_mechanism).__name__}")
            attention_mechanisms = (attention_mechanism,)

        if cell_input_fn is None:
            cell_input_fn = _default_cell_input_fn
        elif not callable(cell_input_fn):
            raise TypeError(f"cell_input_fn must be callable, saw type: {type(cell_input_fn).__name__}")

        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                          else (attention_layer_size,))
            if len(sizes) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer_size must contain exactly one integer per "
                                 f"attention_mechanism, saw: {len(sizes)} vs {len(attention_mechanisms)}")
            attention_layers = tuple(
                Dense(size, name="attention_layer", use_bias=False, dtype=mechanism.dtype)
                for size, mechanism in zip(sizes, attention_mechanisms))
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            attention_layers = tuple(attention_layer if isinstance(attention_layer, (list, tuple))
                                     else (attention_layer,))
            if len(attention_layers) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer must contain exactly one layer per "
                                 f"attention_mechanism, saw: {len(attention_layers)} vs "
                                 f"{len(attention_mechanisms)}")
            self._attention_layer_size = sum(
                tf.compat.dimension_value(tf.TensorShape(layer.compute_output_shape(
                    [None, cell.output_size + tf.compat.dimension_value(mechanism.values.shape[-1])]))[-1])
                for layer, mechanism in zip(attention_layers, attention_mechanisms))
        else:
            attention_layers = None
            self._attention_layer_size = sum(tf.compat.dimension_value(mechanism.values.shape[-1])
                                             for mechanism in attention_mechanisms)

        self._attention_fn = _compute_attention if attention_fn is None else attention_fn
        self._cell = cell
        self._attention_mechanisms = attention_mechanisms
        self._attention_layers = attention_layers
        self._cell_input_fn = cell_input_fn
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        with tf.name_scope("AttentionWrapperInit"):
            if initial_cell_state is None:
                self._initial_cell_state = None
            else:
                state_batch_size = _dim(tf.nest.flatten(initial_cell_state)[-1], 0)
                error_message = (
                    f"When constructing AttentionWrapper {self._tf1_base_name}: Non-matching batch sizes "
                    "between the memory (encoder output) and initial_cell_state.  Are you using the "
                    "BeamSearchDecoder?  You may need to tile your initial state via the "
                    "tf.contrib.seq2seq.tile_batch function with argument multiple=beam_width.")
                with tf.control_dependencies(self._batch_size_checks(state_batch_size, error_message)):
                    self._initial_cell_state = tf.nest.map_structure(
                        lambda s: tf.identity(s, name="check_initial_cell_state"), initial_cell_state)

    def _batch_size_checks(self, batch_size, error_message):
        return [tf.debugging.assert_equal(batch_size, mechanism.batch_size, message=error_message)
                for mechanism in self._attention_mechanisms]

    def _item_or_tuple(self, seq):
        """A tuple with several mechanisms, the single item with one (as the constructor was given)."""
        items = tuple(seq)
        return items if self._is_multi else items[0]

    @property
    def output_size(self):
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self):
        return AttentionWrapperState(
            cell_state=self._cell.state_size,
            time=tf.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(m.alignments_size for m in self._attention_mechanisms),
            attention_state=self._item_or_tuple(m.state_size for m in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(
                m.alignments_size if self._alignment_history else () for m in self._attention_mechanisms))

    def zero_state(self, batch_size, dtype):
        """The initial state; raises (or fails at run time) when ``batch_size`` differs from the memory's."""
        if self._alignment_history and _in_xla_context():
            # XLA compiles a growing TensorArray to an empty one: refuse rather than return nothing.
            raise ValueError("AttentionWrapper(alignment_history=True) records alignments in a TensorArray that "
                             "grows with every step, which XLA (tf.function(jit_compile=True)) cannot compile. "
                             "Use alignment_history=False under jit_compile, or collect state.alignments "
                             "at each step.")
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            if self._initial_cell_state is not None:
                cell_state = self._initial_cell_state
            elif hasattr(self._cell, "get_initial_state"):
                cell_state = self._cell.get_initial_state(batch_size=batch_size, dtype=dtype)
            else:
                cell_state = self._cell.zero_state(batch_size, dtype)
            error_message = (
                f"When calling zero_state of AttentionWrapper {self._tf1_base_name}: Non-matching batch sizes "
                "between the memory (encoder output) and the requested batch size.  Are you using the "
                "BeamSearchDecoder?  If so, make sure your encoder output has been tiled to beam_width via "
                "tf.contrib.seq2seq.tile_batch, and the batch_size= argument passed to zero_state is "
                "batch_size * beam_width.")
            with tf.control_dependencies(self._batch_size_checks(batch_size, error_message)):
                cell_state = tf.nest.map_structure(lambda s: tf.identity(s, name="checked_cell_state"),
                                                   cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype) for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state,
                time=tf.zeros([], dtype=tf.int32),
                attention=_zero_state_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(m.initial_state(batch_size, dtype)
                                                    for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    tf.TensorArray(dtype, size=0, dynamic_size=True, element_shape=alignment.shape)
                    if self._alignment_history else () for alignment in initial_alignments))

    def call(self, inputs, state):
        """One step: cell on ``cell_input_fn(inputs, attention)``, then every mechanism on the cell output."""
        if not isinstance(state, AttentionWrapperState):
            raise TypeError("Expected state to be instance of AttentionWrapperState. "
                            f"Received type {type(state)} instead.")
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)

        error_message = (
            f"When applying AttentionWrapper {self.name}: Non-matching batch sizes between the memory "
            "(encoder output) and the query (decoder output).  Are you using the BeamSearchDecoder?  You may "
            "need to tile your memory input via the tf.contrib.seq2seq.tile_batch function with argument "
            "multiple=beam_width.")
        with tf.control_dependencies(self._batch_size_checks(_dim(cell_output, 0), error_message)):
            cell_output = tf.identity(cell_output, name="checked_cell_output")

        if self._is_multi:
            previous_attention_states = state.attention_state
            previous_histories = state.alignment_history
        else:
            previous_attention_states = [state.attention_state]
            previous_histories = [state.alignment_history]

        all_alignments, all_attentions, all_attention_states, all_histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            attention_layer = self._attention_layers[i] if self._attention_layers else None
            attention, alignments, next_attention_state = self._attention_fn(
                mechanism, cell_output, previous_attention_states[i], attention_layer)
            history = previous_histories[i].write(state.time, alignments) if self._alignment_history else ()
            all_attention_states.append(next_attention_state)
            all_alignments.append(alignments)
            all_attentions.append(attention)
            all_histories.append(history)

        attention = tf.concat(all_attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1,
            cell_state=next_cell_state,
            attention=attention,
            attention_state=self._item_or_tuple(all_attention_states),
            alignments=self._item_or_tuple(all_alignments),
            alignment_history=self._item_or_tuple(all_histories))
        return (attention if self._output_attention else cell_output), next_state
