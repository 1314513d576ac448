"""TF 1.15's ``tf.contrib.seq2seq`` ``Decoder`` interface and ``dynamic_decode``.

``dynamic_decode`` calls ``decoder.initialize()`` once and ``decoder.step()`` inside a
``tf.while_loop`` until every batch entry is finished (or ``maximum_iterations`` is reached), with
TF1's rules: a sequence's length counts the steps up to and including the one that finished it;
``impute_finished`` zeroes outputs and copies states through for entries already finished before a
step. It runs eagerly, inside ``tf.function`` (also ``jit_compile=True``) and in ``tf.compat.v1`` graph
sessions, inside the variable scope ``decoder`` (so a cell's weights are ``decoder/<cell>/kernel``).
"""

from __future__ import annotations

import abc
import numbers

import tensorflow as tf

from tf_seq2seq_migrate.runtime.seq2seq._interface import InterfaceMeta

__all__ = ["Decoder", "dynamic_decode"]


class Decoder(metaclass=InterfaceMeta):
    """An RNN decoder: the object ``dynamic_decode`` drives (TF 1.15 interface).

    Subclasses implement ``batch_size``, ``output_size``, ``output_dtype``, ``initialize`` and ``step``;
    ``finalize`` and ``tracks_own_finished`` are optional.
    """

    _HOOK_SIGNATURES = {
        "initialize": "initialize(self, name=None) -> (finished, initial_inputs, initial_state)",
        "step": "step(self, time, inputs, state, name=None) -> (outputs, next_state, next_inputs, finished)",
    }

    @property
    def batch_size(self):
        """The batch size of the inputs (a scalar int32 tensor or a Python int)."""
        raise NotImplementedError(f"{type(self).__name__} must implement the property batch_size")

    @property
    def output_size(self):
        """A (possibly nested) structure of ints or ``TensorShape``s: one step's output, batch excluded."""
        raise NotImplementedError(f"{type(self).__name__} must implement the property output_size")

    @property
    def output_dtype(self):
        """A (possibly nested) structure of dtypes matching ``output_size``."""
        raise NotImplementedError(f"{type(self).__name__} must implement the property output_dtype")

    @abc.abstractmethod
    def initialize(self, name=None):
        """Returns ``(finished, initial_inputs, initial_state)`` before the first step."""
        raise NotImplementedError

    @abc.abstractmethod
    def step(self, time, inputs, state, name=None):
        """Returns ``(outputs, next_state, next_inputs, finished)`` for step ``time``."""
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        """Optional post-processing of the stacked outputs: returns ``(final_outputs, final_state)``."""
        raise NotImplementedError

    @property
    def tracks_own_finished(self) -> bool:
        """True if the decoder's ``finished`` already accounts for earlier steps (beam search reorders
        batch entries, so ``dynamic_decode`` must not OR it with its own record)."""
        return False


def dynamic_decode(decoder, output_time_major=False, impute_finished=False, maximum_iterations=None,
                   parallel_iterations=32, swap_memory=False, scope=None):
    """Run ``decoder`` to the end: returns ``(final_outputs, final_state, final_sequence_lengths)``.

    ``final_outputs`` are batch major (``[batch, time, ...]``) unless ``output_time_major``.
    ``maximum_iterations`` (int32 scalar, 0 allowed) bounds the number of steps and is required under
    XLA (``tf.function(jit_compile=True)``), where the outputs are still cut to the steps actually run.
    """
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}")

    with tf.compat.v1.variable_scope(scope, default_name="decoder"):
        # TF1 also set a caching device here; it only changes where weights are read, not the numbers.
        is_xla = _in_xla_context()
        if maximum_iterations is not None:
            maximum_iterations = tf.convert_to_tensor(maximum_iterations, dtype=tf.int32,
                                                      name="maximum_iterations")
            if maximum_iterations.shape.rank != 0:
                raise ValueError("maximum_iterations must be a scalar")
        if is_xla and maximum_iterations is None:
            raise ValueError("maximum_iterations is required for XLA compilation.")

        initial_finished, initial_inputs, initial_state = decoder.initialize()
        batch_size = decoder.batch_size
        zero_outputs = _zero_outputs(decoder.output_size, decoder.output_dtype, batch_size)
        if maximum_iterations is not None:
            initial_finished = tf.logical_or(initial_finished, maximum_iterations <= 0)
        initial_sequence_lengths = tf.zeros_like(initial_finished, dtype=tf.int32)
        initial_time = tf.constant(0, dtype=tf.int32)

        element_shapes = tf.nest.map_structure(lambda size: _step_shape(batch_size, size),
                                               decoder.output_size)
        # XLA needs a TensorArray of fixed size; dynamic_size would silently drop the writes.
        dynamic_size = not is_xla

        def make_tensor_array(element_shape, dtype):
            return tf.TensorArray(dtype=tf.as_dtype(dtype), size=0 if dynamic_size else maximum_iterations,
                                  dynamic_size=dynamic_size, element_shape=element_shape)

        initial_outputs_ta = tf.nest.map_structure(make_tensor_array, element_shapes, decoder.output_dtype)

        def condition(unused_time, unused_outputs_ta, unused_state, unused_inputs, finished,
                      unused_sequence_lengths):
            return tf.logical_not(tf.reduce_all(finished))

        def body(time, outputs_ta, state, inputs, finished, sequence_lengths):
            next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(time, inputs, state)
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
            else:
                next_finished = tf.logical_or(decoder_finished, finished)
            # Entries still running before this step gain one step of length.
            next_sequence_lengths = tf.where(tf.logical_not(finished),
                                             tf.fill(tf.shape(sequence_lengths), time + 1),
                                             sequence_lengths)

            tf.nest.assert_same_structure(state, decoder_state)
            tf.nest.assert_same_structure(outputs_ta, next_outputs)
            tf.nest.assert_same_structure(inputs, next_inputs)

            if impute_finished:
                emit = tf.nest.map_structure(lambda out, zero: _select_rows(finished, zero, out),
                                             next_outputs, zero_outputs)
                next_state = tf.nest.map_structure(lambda new, cur: _copy_through(finished, new, cur),
                                                   decoder_state, state)
            else:
                emit = next_outputs
                next_state = decoder_state

            outputs_ta = tf.nest.map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
            return time + 1, outputs_ta, next_state, next_inputs, next_finished, next_sequence_lengths

        final_time, final_outputs_ta, final_state, _, _, final_sequence_lengths = tf.while_loop(
            condition, body,
            loop_vars=(initial_time, initial_outputs_ta, initial_state, initial_inputs, initial_finished,
                       initial_sequence_lengths),
            parallel_iterations=parallel_iterations, maximum_iterations=maximum_iterations,
            swap_memory=swap_memory)

        final_outputs = tf.nest.map_structure(
            lambda ta, element_shape: _stack(ta, element_shape, final_time, batch_size, is_xla),
            final_outputs_ta, element_shapes)

        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_sequence_lengths)
        except NotImplementedError:
            pass

        if not output_time_major:
            final_outputs = tf.nest.map_structure(_transpose_batch_time, final_outputs)

    return final_outputs, final_state, final_sequence_lengths


# -- helpers shared with the other seq2seq modules ----------------------------------------------------

def _transpose_batch_time(x):
    """Swap the first two dimensions (``[time, batch, ...]`` <-> ``[batch, time, ...]``); rank < 2 as is."""
    x = tf.convert_to_tensor(x)
    rank = x.shape.rank
    if rank is not None and rank < 2:
        return x
    if rank is not None:
        return tf.transpose(x, [1, 0] + list(range(2, rank)))
    dims = tf.range(tf.rank(x))
    return tf.transpose(x, tf.concat([[1, 0], dims[2:]], axis=0))


def _static_batch_size(batch_size):
    """The batch size as a Python int when it is known before running, else None."""
    if isinstance(batch_size, numbers.Integral):
        return int(batch_size)
    value = tf.get_static_value(tf.convert_to_tensor(batch_size))
    return None if value is None else int(value)


def _as_size_shape(size) -> tf.TensorShape:
    if isinstance(size, numbers.Integral):
        return tf.TensorShape([int(size)])
    return tf.TensorShape(size)


def _step_shape(batch_size, size) -> tf.TensorShape:
    """``[batch] + size``: the static shape of one step's output."""
    return tf.TensorShape([_static_batch_size(batch_size)]).concatenate(_as_size_shape(size))


def _zero_outputs(output_size, output_dtype, batch_size):
    """Zeros shaped ``[batch] + size`` for every entry of ``output_size`` (what impute_finished emits)."""
    static_batch = _static_batch_size(batch_size)
    batch = static_batch if static_batch is not None else batch_size

    def zeros(size, dtype):
        shape = _as_size_shape(size)
        if not shape.is_fully_defined():
            raise ValueError(f"dynamic_decode needs fully known output sizes, got output_size {output_size}")
        return tf.zeros(_dims([batch], shape), dtype=tf.as_dtype(dtype))
    return tf.nest.map_structure(zeros, output_size, output_dtype)


def _dims(leading, shape: tf.TensorShape):
    """``leading + shape`` as a shape for ``tf.zeros``; ``leading`` may hold scalar tensors (every part
    int32: an empty Python list would otherwise become a float32 constant)."""
    if not any(tf.is_tensor(d) for d in leading):
        return list(leading) + shape.as_list()
    return tf.stack([tf.cast(d, tf.int32) for d in leading] + [tf.constant(d, tf.int32) for d in shape.as_list()])


def _select_rows(mask, if_true, if_false):
    """TF1's ``where(mask, x, y)``: a ``[batch]`` mask picks whole rows of ``[batch, ...]`` tensors."""
    if_false = tf.convert_to_tensor(if_false)
    if_true = tf.convert_to_tensor(if_true, dtype=if_false.dtype)
    rank = if_false.shape.rank
    if rank == 1:
        return tf.where(mask, if_true, if_false)
    trailing_ones = (tf.ones([rank - 1], dtype=tf.int32) if rank is not None
                     else tf.ones([tf.rank(if_false) - 1], dtype=tf.int32))
    row_mask = tf.reshape(mask, tf.concat([tf.shape(mask), trailing_ones], axis=0))
    return tf.where(row_mask, if_true, if_false)


def _copy_through(finished, new, current):
    """impute_finished for state: finished entries keep ``current``; TensorArrays and scalars pass."""
    if isinstance(current, tf.TensorArray):
        return new
    new = tf.convert_to_tensor(new)
    if not tf.executing_eagerly():
        new.set_shape(current.shape)
    if new.shape.rank == 0:
        return new
    return _select_rows(finished, current, new)


def _stack(tensor_array, element_shape, final_time, batch_size, is_xla):
    """Stack the per-step outputs into ``[time, batch, ...]``."""
    if is_xla:
        # The fixed-size array holds maximum_iterations slots; keep only the steps that ran.
        return tensor_array.stack()[:final_time]
    if tf.executing_eagerly() or element_shape.is_fully_defined() or element_shape.rank is None \
            or not element_shape[1:].is_fully_defined():
        return tensor_array.stack()
    # An empty TensorList cannot be stacked without a full element shape (maximum_iterations=0 with
    # a batch size known only at run time), so the empty result is built from the runtime batch size.
    def empty():
        return tf.zeros(_dims([0, batch_size], element_shape[1:]), dtype=tensor_array.dtype)
    return tf.cond(final_time > 0, tensor_array.stack, empty)


def _in_xla_context() -> bool:
    """True while tracing a function compiled with XLA (``tf.function(jit_compile=True)``)."""
    if tf.executing_eagerly():
        return False
    try:
        from tensorflow.python.ops import control_flow_util  # private, but the only reliable probe
    except ImportError:  # pragma: no cover - layout changed in a future TensorFlow
        return False
    return bool(control_flow_util.GraphOrParentsInXlaContext(tf.compat.v1.get_default_graph()))
