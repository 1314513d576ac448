"""TF 1.15's ``tf.contrib.seq2seq`` helpers: how ``BasicDecoder`` samples and what it feeds back.

A helper answers three questions for the decoder: what goes in first (``initialize``), which ids a step
produced (``sample``) and what goes in next and who is finished (``next_inputs``). Same classes,
constructor signatures, defaults and sampling ops as TF 1.15, so seeded sampling draws from the same
random kernels (``Multinomial``, ``RandomUniform``).
"""

from __future__ import annotations

import abc

import tensorflow as tf

from tf_seq2seq_migrate.runtime.seq2seq._interface import InterfaceMeta
from tf_seq2seq_migrate.runtime.seq2seq.decoder import _select_rows, _transpose_batch_time

__all__ = [
    "Helper", "CustomHelper", "TrainingHelper", "GreedyEmbeddingHelper", "SampleEmbeddingHelper",
    "ScheduledEmbeddingTrainingHelper", "ScheduledOutputTrainingHelper", "InferenceHelper",
]


# -- sampling, as TF 1.15's helper module did it (TF Probability semantics on plain ops) -------------

def bernoulli_sample(probs=None, logits=None, dtype=tf.int32, sample_shape=(), seed=None):
    """Bernoulli draws shaped ``sample_shape + probs.shape``: ``uniform < probs``."""
    probs = tf.sigmoid(logits) if probs is None else tf.convert_to_tensor(probs, name="probs")
    sample_shape = tf.reshape(tf.convert_to_tensor(sample_shape, dtype=tf.int32), [-1])
    shape = tf.concat([sample_shape, tf.shape(probs)], axis=0)
    uniform = tf.random.uniform(shape, seed=seed, dtype=probs.dtype)
    return tf.cast(tf.less(uniform, probs), dtype)


def categorical_sample(logits, dtype=tf.int32, sample_shape=(), seed=None):
    """Categorical draws from ``logits`` (``[..., num_classes]``) shaped ``sample_shape + batch``."""
    logits = tf.convert_to_tensor(logits, name="logits")
    batch_shape = tf.shape(logits)[:-1]
    sample_shape = tf.reshape(tf.convert_to_tensor(sample_shape, dtype=tf.int32), [-1])
    count = tf.reduce_prod(sample_shape)
    logits_2d = logits if logits.shape.rank == 2 else tf.reshape(logits, [-1, tf.shape(logits)[-1]])
    draw_dtype = tf.int64 if logits.dtype.size > 4 else tf.int32
    draws = tf.random.categorical(logits_2d, count, seed=seed, dtype=draw_dtype)  # [batch, count]
    draws = tf.reshape(tf.transpose(draws), tf.concat([sample_shape, batch_shape], axis=0))
    return tf.cast(draws, dtype)


def _embedding_fn(embedding):
    """A callable embedding is used as is; anything else is ``embedding_lookup`` params."""
    if callable(embedding):
        return embedding
    return lambda ids: tf.nn.embedding_lookup(embedding, ids)


def _unstack_ta(inputs):
    """A TensorArray holding ``inputs[t]`` at index ``t`` (cheap per-step reads, cheap gradients)."""
    steps = inputs.shape[0] if inputs.shape[0] is not None else tf.shape(inputs)[0]
    return tf.TensorArray(dtype=inputs.dtype, size=steps, element_shape=inputs.shape[1:]).unstack(inputs)


def _convert_inputs(inputs, name):
    """One tensor, as TF 1.15 converted it (a list or tuple of arrays is packed into one tensor). A dict
    or namedtuple of tensors, which TF1 rejected, is kept as a structure and converted leaf by leaf."""
    if isinstance(inputs, dict) or (isinstance(inputs, tuple) and hasattr(inputs, "_fields")):
        return tf.nest.map_structure(lambda leaf: tf.convert_to_tensor(leaf, name=name), inputs)
    return tf.convert_to_tensor(inputs, name=name)


# -- the interface ------------------------------------------------------------------------------------

class Helper(metaclass=InterfaceMeta):
    """Interface for sampling in ``BasicDecoder`` (TF 1.15): subclass it and implement every hook."""

    _HOOK_SIGNATURES = {
        "batch_size": "the property batch_size (scalar int32 tensor)",
        "sample_ids_shape": "the property sample_ids_shape (TensorShape of one sample, batch excluded)",
        "sample_ids_dtype": "the property sample_ids_dtype (a DType)",
        "initialize": "initialize(self, name=None) -> (initial_finished, initial_inputs)",
        "sample": "sample(self, time, outputs, state, name=None) -> sample_ids",
        "next_inputs": "next_inputs(self, time, outputs, state, sample_ids, name=None) "
                       "-> (finished, next_inputs, next_state)",
    }

    @property
    @abc.abstractmethod
    def batch_size(self):
        """Batch size of the tensor returned by ``sample`` (scalar int32 tensor)."""
        raise NotImplementedError("batch_size has not been implemented")

    @property
    @abc.abstractmethod
    def sample_ids_shape(self):
        """Shape of one sample returned by ``sample``, batch excluded (a ``TensorShape``)."""
        raise NotImplementedError("sample_ids_shape has not been implemented")

    @property
    @abc.abstractmethod
    def sample_ids_dtype(self):
        """DType of the tensor returned by ``sample``."""
        raise NotImplementedError("sample_ids_dtype has not been implemented")

    @abc.abstractmethod
    def initialize(self, name=None):
        """Returns ``(initial_finished, initial_inputs)``."""

    @abc.abstractmethod
    def sample(self, time, outputs, state, name=None):
        """Returns ``sample_ids``."""

    @abc.abstractmethod
    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        """Returns ``(finished, next_inputs, next_state)``."""


class CustomHelper(Helper):
    """A helper built from three callables (TF 1.15 ``CustomHelper``)."""

    def __init__(self, initialize_fn, sample_fn, next_inputs_fn, sample_ids_shape=None, sample_ids_dtype=None):
        self._initialize_fn = initialize_fn
        self._sample_fn = sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = tf.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = tf.as_dtype(sample_ids_dtype or tf.int32)

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_ids_dtype

    def initialize(self, name=None):
        with tf.compat.v1.name_scope(name, f"{type(self).__name__}Initialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = tf.size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        with tf.compat.v1.name_scope(name, f"{type(self).__name__}Sample", (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.compat.v1.name_scope(name, f"{type(self).__name__}NextInputs", (time, outputs, state)):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state, sample_ids=sample_ids)


class TrainingHelper(Helper):
    """Teacher forcing: step ``t + 1`` reads ``inputs[:, t + 1]``; sample ids are the argmax."""

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        with tf.compat.v1.name_scope(name, "TrainingHelper"):
            inputs = _convert_inputs(inputs, name="inputs")
            self._inputs = inputs
            if not time_major:
                inputs = tf.nest.map_structure(_transpose_batch_time, inputs)
            self._time_major_inputs = inputs
            self._sequence_length = tf.convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.rank != 1:
                raise ValueError("Expected sequence_length to be a vector, but received shape: "
                                 f"{self._sequence_length.shape}")
            self._zero_inputs = tf.nest.map_structure(lambda inp: tf.zeros_like(inp[0]), inputs)
            self._batch_size = tf.size(self._sequence_length)
        self._input_tas = None

    @property
    def inputs(self):
        return self._inputs

    @property
    def sequence_length(self):
        return self._sequence_length

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return tf.int32

    def _time_slices(self):
        # Built where decoding starts (initialize), not in the constructor, so a helper made eagerly
        # still works when dynamic_decode runs inside tf.function.
        if self._input_tas is None:
            self._input_tas = tf.nest.map_structure(_unstack_ta, self._time_major_inputs)
        return self._input_tas

    def initialize(self, name=None):
        with tf.compat.v1.name_scope(name, "TrainingHelperInitialize"):
            self._input_tas = None
            input_tas = self._time_slices()
            finished = tf.equal(0, self._sequence_length)
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._zero_inputs,
                                  lambda: tf.nest.map_structure(lambda ta: ta.read(0), input_tas))
            return finished, next_inputs

    def sample(self, time, outputs, name=None, **unused_kwargs):
        with tf.compat.v1.name_scope(name, "TrainingHelperSample", [time, outputs]):
            return tf.cast(tf.argmax(outputs, axis=-1), tf.int32)

    def next_inputs(self, time, outputs, state, name=None, **unused_kwargs):
        with tf.compat.v1.name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            input_tas = self._time_slices()
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._zero_inputs,
                                  lambda: tf.nest.map_structure(lambda ta: ta.read(next_time), input_tas))
            return finished, next_inputs, state


def _check_sampling_probability(probability):
    probability = tf.convert_to_tensor(probability, name="sampling_probability")
    if probability.shape.rank not in (0, 1):
        raise ValueError(f"sampling_probability must be either a scalar or a vector. saw shape: {probability.shape}")
    return probability


def _select_per_entry(probability, batch_size, seed, dtype):
    """One Bernoulli draw per batch entry. A vector probability gives each entry its own probability
    (TF 1.15 drew a [batch, batch] sample there and then failed)."""
    if probability.shape.rank == 1:
        return bernoulli_sample(probs=probability, dtype=dtype, seed=seed)
    return bernoulli_sample(probs=probability, dtype=dtype, sample_shape=batch_size, seed=seed)


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """Training with scheduled sampling: with ``sampling_probability`` an entry's next input is the
    embedding of an id sampled from the outputs instead of the ground truth. Sample ids are -1 where
    no sampling took place."""

    def __init__(self, inputs, sequence_length, embedding, sampling_probability, time_major=False, seed=None,
                 scheduling_seed=None, name=None):
        with tf.compat.v1.name_scope(name, "ScheduledEmbeddingSamplingWrapper"):
            self._embedding_fn = _embedding_fn(embedding)
            self._sampling_probability = _check_sampling_probability(sampling_probability)
            self._seed = seed
            self._scheduling_seed = scheduling_seed
            super().__init__(inputs=inputs, sequence_length=sequence_length, time_major=time_major, name=name)

    def initialize(self, name=None):
        return super().initialize(name=name)

    def sample(self, time, outputs, state, name=None):
        with tf.compat.v1.name_scope(name, "ScheduledEmbeddingTrainingHelperSample", [time, outputs, state]):
            select_sample = _select_per_entry(self._sampling_probability, self.batch_size,
                                              self._scheduling_seed, tf.bool)
            sampled = categorical_sample(logits=outputs, seed=self._seed)
            return tf.where(select_sample, sampled, tf.fill([self.batch_size], -1))

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.compat.v1.name_scope(name, "ScheduledEmbeddingTrainingHelperNextInputs",
                                     [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name)

            def maybe_sample():
                # TF1 gathered the sampled rows and scattered them back; a row-wise select gives the
                # same values and gradients and also compiles under XLA (no data-dependent shapes).
                sampling = sample_ids > -1
                embedded = self._embedding_fn(tf.maximum(sample_ids, 0))
                return _select_rows(sampling, embedded, base_next_inputs)

            next_inputs = tf.cond(tf.reduce_all(finished), lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """Training with scheduled sampling straight from the outputs: with ``sampling_probability`` an
    entry's next input is its output (through ``next_inputs_fn``, plus ``auxiliary_inputs``). Sample ids
    are 1 where sampling took place, 0 elsewhere."""

    def __init__(self, inputs, sequence_length, sampling_probability, time_major=False, seed=None,
                 next_inputs_fn=None, auxiliary_inputs=None, name=None):
        with tf.compat.v1.name_scope(name, "ScheduledOutputTrainingHelper"):
            self._sampling_probability = _check_sampling_probability(sampling_probability)
            if auxiliary_inputs is None:
                maybe_concatenated_inputs = inputs
            else:
                inputs = _convert_inputs(inputs, name="inputs")
                auxiliary_inputs = _convert_inputs(auxiliary_inputs, name="auxiliary_inputs")
                maybe_concatenated_inputs = tf.nest.map_structure(lambda x, y: tf.concat((x, y), -1),
                                                                  inputs, auxiliary_inputs)
                if not time_major:
                    auxiliary_inputs = tf.nest.map_structure(_transpose_batch_time, auxiliary_inputs)
            self._time_major_auxiliary_inputs = auxiliary_inputs
            self._auxiliary_input_tas = None
            self._seed = seed
            self._next_inputs_fn = next_inputs_fn
            super().__init__(inputs=maybe_concatenated_inputs, sequence_length=sequence_length,
                             time_major=time_major, name=name)

    def initialize(self, name=None):
        self._auxiliary_input_tas = None
        self._auxiliary_slices()
        return super().initialize(name=name)

    def _auxiliary_slices(self):
        if self._time_major_auxiliary_inputs is None:
            return None
        if self._auxiliary_input_tas is None:
            self._auxiliary_input_tas = tf.nest.map_structure(_unstack_ta, self._time_major_auxiliary_inputs)
        return self._auxiliary_input_tas

    def sample(self, time, outputs, state, name=None):
        with tf.compat.v1.name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs, state]):
            return _select_per_entry(self._sampling_probability, self.batch_size, self._seed, tf.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.compat.v1.name_scope(name, "ScheduledOutputTrainingHelperNextInputs",
                                     [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name)
            sampling = tf.cast(sample_ids, tf.bool)

            def maybe_sample():
                sampled = outputs if self._next_inputs_fn is None else self._next_inputs_fn(outputs)
                auxiliary_tas = self._auxiliary_slices()
                if auxiliary_tas is not None:
                    auxiliary = tf.nest.map_structure(lambda ta: ta.read(time + 1), auxiliary_tas)
                    sampled = tf.nest.map_structure(lambda x, y: tf.concat((x, y), -1), sampled, auxiliary)
                # Row-wise select instead of TF1's gather/scatter: same values, XLA-compatible.
                return tf.nest.map_structure(lambda new, base: _select_rows(sampling, new, base),
                                             sampled, base_next_inputs)

            keep_base = tf.logical_or(tf.reduce_all(finished), tf.logical_not(tf.reduce_any(sampling)))
            next_inputs = tf.cond(keep_base, lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class GreedyEmbeddingHelper(Helper):
    """Inference: the argmax of the outputs (logits), embedded, is the next input; an entry finishes
    when it emits ``end_token``."""

    def __init__(self, embedding, start_tokens, end_token):
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._start_tokens.shape.rank != 1:
            raise ValueError("start_tokens must be a vector")
        self._batch_size = tf.size(self._start_tokens)
        if self._end_token.shape.rank != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return tf.int32

    def initialize(self, name=None):
        finished = tf.tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        del time, state
        if not tf.is_tensor(outputs):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return tf.argmax(outputs, axis=-1, output_type=tf.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        del time, outputs
        finished = tf.equal(sample_ids, self._end_token)
        # Once everyone is finished the next input is never used; skip the lookup.
        next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                              lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """Inference by sampling from ``softmax(outputs / softmax_temperature)`` instead of the argmax."""

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time, outputs, state, name=None):
        del time, state
        if not tf.is_tensor(outputs):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        logits = outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        return categorical_sample(logits=logits, seed=self._seed)


class InferenceHelper(Helper):
    """Inference with user sampling: ``sample_fn(outputs)`` gives the samples, ``end_fn(samples)`` who
    is finished, ``next_inputs_fn(samples)`` (default: the samples themselves) the next inputs."""

    def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn, next_inputs_fn=None):
        self._sample_fn = sample_fn
        self._end_fn = end_fn
        self._sample_shape = tf.TensorShape(sample_shape)
        self._sample_dtype = sample_dtype
        self._next_inputs_fn = next_inputs_fn
        self._start_inputs = tf.convert_to_tensor(start_inputs, name="start_inputs")
        static_batch = self._start_inputs.shape[0]
        self._batch_size = tf.shape(self._start_inputs)[0] if static_batch is None else tf.constant(static_batch)

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_dtype

    def initialize(self, name=None):
        finished = tf.tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        del time, state
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        del time, outputs
        next_inputs = sample_ids if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        finished = self._end_fn(sample_ids)
        return finished, next_inputs, state
