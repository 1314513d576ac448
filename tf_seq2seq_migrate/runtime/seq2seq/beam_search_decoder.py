"""TF 1.15's ``tf.contrib.seq2seq.BeamSearchDecoder`` on TensorFlow 2 + Keras 3.

Same names, signatures, state structures and numbers as contrib: ``BeamSearchDecoderState``,
``BeamSearchDecoderOutput``, ``FinalBeamSearchDecoderOutput``, ``tile_batch``,
``gather_tree_from_array`` and the decoder itself, whose ``step`` reproduces contrib's scoring (length
penalty ``((5 + len) / 6) ** weight``, coverage penalty over the accumulated attention of an
``AttentionWrapper``), its ``tf.math.top_k`` choice of beams (ties go to the lower flat index), and its
treatment of finished beams (``tracks_own_finished``).

The step is written for speed as well: masks and penalties broadcast from ``[batch, beam]`` instead of
materialising ``[batch, beam, vocab]`` index tensors, gathers use ``batch_dims``, and the arithmetic on
``[batch, beam, vocab]`` is compiled as one XLA function (also inside a plain ``tf.function``, eagerly and
in sessions), with an exact two-stage top-k. The formulas are contrib's; XLA's ``exp``/``log`` may differ
from TensorFlow's kernels in the last bits (set ``TF_SEQ2SEQ_MIGRATE_FUSE_XLA=0`` for the unfused ops).
"""

from __future__ import annotations

import collections
import os

import keras
import numpy as np
import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn import as_rnn_cell
from tf_seq2seq_migrate.runtime.seq2seq import decoder
from tf_seq2seq_migrate.runtime.seq2seq.beam_search_ops import _in_xla_context, gather_tree

__all__ = [
    "BeamSearchDecoderOutput",
    "BeamSearchDecoderState",
    "BeamSearchDecoder",
    "FinalBeamSearchDecoderOutput",
    "tile_batch",
    "gather_tree_from_array",
    "get_attention_probs",
    "attention_probs_from_attn_state",
]


class BeamSearchDecoderState(
        collections.namedtuple("BeamSearchDecoderState",
                               ("cell_state", "log_probs", "finished", "lengths",
                                "accumulated_attention_probs"))):
    """The decoder's loop state; every field but ``cell_state`` is ``[batch_size, beam_width, ...]``."""


class BeamSearchDecoderOutput(
        collections.namedtuple("BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))):
    """One step's output: the chosen beams' scores, token ids and the beams they extend."""


class FinalBeamSearchDecoderOutput(
        collections.namedtuple("FinalBeamDecoderOutput", ("predicted_ids", "beam_search_decoder_output"))):
    """``predicted_ids``: full beams rebuilt by ``gather_tree``, best first; plus the raw step outputs."""


# -- tiling --------------------------------------------------------------------------------------

def _tile_one(t, multiplier):
    t = tf.convert_to_tensor(t, name="t")
    if t.shape.rank is None or t.shape.rank < 1:
        raise ValueError("t must have statically known rank")
    static_batch = t.shape[0]
    repeated = tf.repeat(t, multiplier, axis=0)  # t[0], t[0], ..., t[1], t[1], ...
    repeated.set_shape(tf.TensorShape([None if static_batch is None else static_batch * multiplier])
                       .concatenate(t.shape[1:]))
    return repeated


def tile_batch(t, multiplier, name=None):
    """Repeat every batch entry of (a nested structure of) tensors ``multiplier`` times, in place.

    ``[batch_size, ...]`` becomes ``[batch_size * multiplier, ...]`` holding ``t[0]`` ``multiplier``
    times, then ``t[1]``, ... -- the layout ``BeamSearchDecoder`` expects for encoder outputs, encoder
    final states and memory sequence lengths (``tf.tile`` gives the wrong order).
    """
    with tf.name_scope(name or "tile_batch"):
        return tf.nest.map_structure(lambda t_: _tile_one(t_, multiplier), t)


# -- reordering TensorArrays kept in the cell state (alignment_history) ----------------------------

def gather_tree_from_array(t, parent_ids, sequence_length):
    """Reorder a stacked ``TensorArray`` (``[max_time, batch*beam or batch, beam, ...]``) along the
    beams that ``parent_ids`` (``[max_time, batch, beam]``) traces back from the final beams.

    Steps past a beam's ``sequence_length`` keep their own beam.
    """
    max_time = parent_ids.shape[0] or tf.shape(parent_ids)[0]
    batch_size = parent_ids.shape[1] or tf.shape(parent_ids)[1]
    beam_width = parent_ids.shape[2] or tf.shape(parent_ids)[2]

    # gather_tree on the beam indices themselves yields, per step, the source beam of each final beam.
    beam_ids = tf.broadcast_to(tf.range(beam_width), tf.stack([max_time, batch_size, beam_width]))
    max_sequence_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1), tf.int32)
    sorted_beam_ids = gather_tree(beam_ids, parent_ids, max_sequence_lengths=max_sequence_lengths,
                                  end_token=beam_width + 1)
    in_bound_steps = tf.transpose(tf.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    sorted_beam_ids = tf.where(in_bound_steps, sorted_beam_ids, beam_ids)

    final_shape = tf.shape(t)
    gather_from = tf.reshape(t, tf.stack([max_time, batch_size, beam_width, -1]))
    ordered = tf.gather(gather_from, sorted_beam_ids, axis=2, batch_dims=2)
    return tf.reshape(ordered, final_shape)


def _check_static_batch_beam_maybe(shape, batch_size, beam_width) -> bool:
    """False (with a warning) when a TensorArray element shape visibly cannot be split into beams."""
    if batch_size is None or shape[0] is None:
        return True
    splits_flat = shape[0] == batch_size * beam_width
    splits_2d = shape.rank >= 2 and shape[0] == batch_size and shape[1] == beam_width
    if splits_flat or splits_2d or (shape.rank >= 2 and shape[1] is None and shape[0] == batch_size):
        return True
    tf.get_logger().warning(
        "TensorArray reordering expects elements to be reshapable to [%s, %s, None] which is incompatible "
        "with the current shape %s. Consider setting reorder_tensor_arrays to False to disable "
        "TensorArray reordering during the beam search.", batch_size, beam_width, shape)
    return False


def _check_batch_beam(t, batch_size, beam_width):
    """Run-time check that a stacked TensorArray's elements split into ``[batch, beam, -1]``."""
    message = ("TensorArray reordering expects elements to be reshapable to [batch_size, beam_size, -1] "
               "which is incompatible with the dynamic shape of the stacked elements. Consider setting "
               "reorder_tensor_arrays to False to disable TensorArray reordering during the beam search.")
    shape = tf.shape(t)
    condition = tf.equal(shape[1], batch_size * beam_width)
    if t.shape.rank > 2:
        condition = tf.logical_or(condition, tf.logical_and(tf.equal(shape[1], batch_size),
                                                            tf.equal(shape[2], beam_width)))
    return tf.debugging.Assert(condition, [message])


# -- coverage penalty inputs ----------------------------------------------------------------------

def _attention_wrapper_state_type():
    from tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper import AttentionWrapperState
    return AttentionWrapperState


def attention_probs_from_attn_state(attention_state):
    """The alignments of an ``AttentionWrapperState``, averaged over its mechanisms if several."""
    alignments = attention_state.alignments
    if isinstance(alignments, tuple):
        alignments = tf.reduce_mean(tf.stack(alignments, axis=-1), axis=-1)
    return alignments


def get_attention_probs(next_cell_state, coverage_penalty_weight):
    """``[batch, beam, max_time]`` attention probabilities for the coverage penalty, or None when off.

    Raises:
      ValueError: coverage penalty is on but no part of the cell state is an ``AttentionWrapperState``.
    """
    if _static_float(coverage_penalty_weight) == 0.0:
        return None
    state_type = _attention_wrapper_state_type()
    if isinstance(next_cell_state, state_type):
        per_layer = [attention_probs_from_attn_state(next_cell_state)]
    elif isinstance(next_cell_state, tuple):
        per_layer = [attention_probs_from_attn_state(s) for s in next_cell_state if isinstance(s, state_type)]
    else:
        per_layer = []
    if not per_layer:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    if len(per_layer) == 1:
        return per_layer[0]
    return tf.reduce_mean(tf.stack(per_layer, axis=-1), axis=-1)


def _static_float(value):
    """A Python float for a number or a constant tensor; None for a tensor known only at run time."""
    if isinstance(value, (int, float, np.floating, np.integer)):
        return float(value)
    static = tf.get_static_value(value)
    return None if static is None else float(static)


# -- the decoder ---------------------------------------------------------------------------------

class BeamSearchDecoder(decoder.Decoder):
    """Beam search decoding (TF 1.15 ``tf.contrib.seq2seq.BeamSearchDecoder``).

    With an ``AttentionWrapper`` cell, tile the encoder outputs, the encoder final state and the
    memory sequence lengths with :func:`tile_batch` (not ``tf.tile``) and create the wrapper's
    ``zero_state`` with ``batch_size = true_batch_size * beam_width``.
    """

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width,
                 output_layer=None, length_penalty_weight=0.0, coverage_penalty_weight=0.0,
                 reorder_tensor_arrays=True):
        self._cell = as_rnn_cell(cell)
        from tf_seq2seq_migrate.runtime.layers import is_layer

        if output_layer is not None and not is_layer(output_layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._beam_width = int(beam_width)
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight

        if callable(embedding):
            self._embedding_fn = embedding
        else:
            params = embedding
            self._embedding_fn = lambda ids: tf.nn.embedding_lookup(params, ids)

        start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        if start_tokens.shape.rank != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._end_token.shape.rank != 0:
            raise ValueError("end_token must be a scalar")

        # A Python int whenever the batch is static: shapes then stay fully known (XLA, set_shape).
        static_batch = start_tokens.shape[0]
        self._batch_size = static_batch if static_batch is not None else tf.size(start_tokens)
        self._initial_cell_state = tf.nest.map_structure(
            self._split_initial_state, initial_state, self._cell.state_size)
        self._start_tokens = tf.tile(tf.expand_dims(start_tokens, 1), [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        # Only beam 0 is alive at the start; the others are finished with log-probability -inf.
        first_beam = tf.zeros(tf.reshape(self._batch_size, [1]), dtype=tf.int32)
        self._finished = tf.one_hot(first_beam, depth=self._beam_width, on_value=False, off_value=True,
                                    dtype=tf.bool)

    # -- Decoder interface --------------------------------------------------------------------------
    @property
    def batch_size(self):
        return self._batch_size

    @property
    def tracks_own_finished(self):
        """True: beams are reshuffled every step together with their finished flags, so
        ``dynamic_decode`` must not keep its own (it would stop decoding too early)."""
        return True

    @property
    def output_size(self):
        beams = tf.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=beams, predicted_ids=beams, parent_ids=beams)

    @property
    def output_dtype(self):
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(
            scores=tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            predicted_ids=tf.int32, parent_ids=tf.int32)

    def initialize(self, name=None):
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        first_beam = tf.zeros(tf.reshape(self._batch_size, [1]), dtype=tf.int32)
        log_probs = tf.one_hot(first_beam, depth=self._beam_width,
                               on_value=tf.constant(0.0, dtype), off_value=tf.constant(-np.inf, dtype),
                               dtype=dtype)
        init_attention_probs = get_attention_probs(self._initial_cell_state, self._coverage_penalty_weight)
        if init_attention_probs is None:
            init_attention_probs = ()
        lengths = tf.zeros(tf.stack([self._batch_size, self._beam_width]), dtype=tf.int64)
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=self._finished,
            lengths=lengths, accumulated_attention_probs=init_attention_probs)
        return self._finished, self._start_inputs, initial_state

    def step(self, time, inputs, state, name=None):
        with tf.name_scope(name or "BeamSearchDecoderStep"):
            inputs = tf.nest.map_structure(lambda inp: self._merge_batch_beams(inp, inp.shape[2:]), inputs)
            cell_state = tf.nest.map_structure(self._maybe_merge_batch_beams, state.cell_state,
                                               self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = tf.nest.map_structure(lambda out: self._split_batch_beams(out, out.shape[1:]),
                                                 cell_outputs)
            next_cell_state = tf.nest.map_structure(self._maybe_split_batch_beams, next_cell_state,
                                                    self._cell.state_size)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)

            beam_search_output, beam_search_state = _beam_search_step(
                time=time, logits=cell_outputs, next_cell_state=next_cell_state, beam_state=state,
                batch_size=self._batch_size, beam_width=self._beam_width, end_token=self._end_token,
                length_penalty_weight=self._length_penalty_weight,
                coverage_penalty_weight=self._coverage_penalty_weight)

            finished = beam_search_state.finished
            sample_ids = beam_search_output.predicted_ids
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                                  lambda: self._embedding_fn(sample_ids))
        return beam_search_output, beam_search_state, next_inputs, finished

    def finalize(self, outputs, final_state, sequence_lengths):
        """Rebuild full beams with ``gather_tree``; ``sequence_lengths`` is ignored (the beams'
        lengths live in ``final_state.lengths``). ``outputs`` are time-major here."""
        del sequence_lengths
        max_sequence_lengths = tf.cast(tf.reduce_max(final_state.lengths, axis=1), tf.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids,
                                    max_sequence_lengths=max_sequence_lengths, end_token=self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=tf.nest.map_structure(
                lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids, final_state.lengths),
                final_state.cell_state))
        return (FinalBeamSearchDecoderOutput(predicted_ids=predicted_ids, beam_search_decoder_output=outputs),
                final_state)

    # -- shapes -----------------------------------------------------------------------------------
    def _rnn_output_size(self):
        size = self._cell.output_size
        if self._output_layer is None:
            return size
        with_batch = tf.nest.map_structure(lambda s: tf.TensorShape([None]).concatenate(s), size)
        if isinstance(with_batch, tf.TensorShape):
            layer_shape = self._output_layer.compute_output_shape(tuple(with_batch.as_list()))
            return tf.TensorShape(layer_shape)[1:]
        layer_shape = self._output_layer.compute_output_shape(with_batch)
        return tf.nest.map_structure(lambda s: tf.TensorShape(s)[1:], layer_shape)

    @property
    def _static_batch_size(self):
        return self._batch_size if isinstance(self._batch_size, int) else tf.get_static_value(self._batch_size)

    def _merge_batch_beams(self, t, s=None):
        """``[batch, beam, ...]`` -> ``[batch * beam, ...]``."""
        static_batch = self._static_batch_size
        merged = tf.reshape(t, tf.concat([[self._batch_size * self._beam_width], tf.shape(t)[2:]], 0))
        merged.set_shape(tf.TensorShape([None if static_batch is None else static_batch * self._beam_width])
                         .concatenate(_as_shape(s, t.shape[2:])))
        return merged

    def _split_batch_beams(self, t, s=None):
        """``[batch * beam, ...]`` -> ``[batch, beam, ...]``."""
        static_batch = self._static_batch_size
        split = tf.reshape(t, tf.concat([[self._batch_size, self._beam_width], tf.shape(t)[1:]], 0))
        expected = tf.TensorShape([static_batch, self._beam_width]).concatenate(_as_shape(s, t.shape[1:]))
        if not split.shape.is_compatible_with(expected):
            raise ValueError(f"Unexpected behavior when reshaping between beam width and batch size. The "
                             f"reshaped tensor has shape: {split.shape}. We expected it to have shape "
                             f"(batch_size, beam_width, depth) == {expected}.")
        split.set_shape(expected)
        return split

    def _split_initial_state(self, t, s):
        """Split one initial-state tensor, explaining a missing ``tile_batch`` clearly."""
        if isinstance(t, tf.TensorArray):
            return t
        t = tf.convert_to_tensor(t)
        _check_known_rank(t)
        if t.shape.rank < 1:
            return t
        static_batch = self._static_batch_size
        rows = t.shape[0]
        if rows is not None and static_batch is not None and rows != static_batch * self._beam_width:
            raise ValueError(_untiled_state_message(t.shape, static_batch, self._beam_width))
        if rows is None or static_batch is None:
            check = tf.debugging.assert_equal(
                tf.shape(t)[0], self._batch_size * self._beam_width,
                message=_untiled_state_message(t.shape, static_batch, self._beam_width))
            with tf.control_dependencies([check]):
                t = tf.identity(t)
        return self._split_batch_beams(t, s)

    def _maybe_split_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_known_rank(t)
        return self._split_batch_beams(t, s) if t.shape.rank >= 1 else t

    def _maybe_merge_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_known_rank(t)
        return self._merge_batch_beams(t, s) if t.shape.rank >= 2 else t

    def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
        if not isinstance(t, tf.TensorArray):
            return t
        element_shape = t.element_shape
        if element_shape.rank is None or element_shape.rank < 1:
            tf.get_logger().warning(
                "The TensorArray %s in the cell state is not amenable to sorting based on the beam search "
                "result. For a TensorArray to be sorted, its elements shape must be defined and have at "
                "least a rank of 1, but saw shape: %s", getattr(t.handle, "name", t), element_shape)
            return t
        if not _check_static_batch_beam_maybe(element_shape, self._static_batch_size, self._beam_width):
            return t
        stacked = t.stack()
        with tf.control_dependencies([_check_batch_beam(stacked, self._batch_size, self._beam_width)]):
            return gather_tree_from_array(stacked, parent_ids, sequence_length)


def _as_shape(s, fallback):
    if s is None:
        return tf.TensorShape(fallback)
    if isinstance(s, tf.Tensor):
        return tf.TensorShape(tf.get_static_value(s))
    return tf.TensorShape(s)


def _check_known_rank(t):
    if t.shape.rank is None:
        raise ValueError(f"Expected tensor ({t}) to have known rank, but ndims == None.")


def _untiled_state_message(shape, batch_size, beam_width):
    rows = f"batch_size * beam_width = {batch_size} * {beam_width} = {batch_size * beam_width}" \
        if batch_size is not None else "batch_size * beam_width"
    return (f"BeamSearchDecoder: an initial_state tensor has shape {shape}, but its first dimension must be "
            f"{rows}. Tile the encoder outputs, the encoder final state and the memory sequence lengths with "
            f"tile_batch(t, multiplier=beam_width) (not tf.tile), and create the cell's zero_state with "
            f"batch_size=batch_size * beam_width.")


# -- one beam-search step -------------------------------------------------------------------------

def _beam_search_step(time, logits, next_cell_state, beam_state, batch_size, beam_width, end_token,
                      length_penalty_weight, coverage_penalty_weight):
    """Score every (beam, token) continuation, keep the ``beam_width`` best per batch entry."""
    del time  # kept for contrib's signature; the -inf initial log-probs already restrict step 0
    attention_probs = get_attention_probs(next_cell_state, coverage_penalty_weight)
    select = _select_beams_fused if _fuse_with_xla() else _select_beams
    (next_beam_scores, next_word_ids, next_beam_ids, next_beam_probs, next_finished, next_prediction_len,
     next_accumulated_attention_probs) = select(
        logits, beam_state.log_probs, beam_state.finished, beam_state.lengths, end_token, attention_probs,
        beam_state.accumulated_attention_probs, beam_width, length_penalty_weight, coverage_penalty_weight)
    static_batch = batch_size if isinstance(batch_size, int) else tf.get_static_value(batch_size)
    for tensor in (next_beam_scores, next_word_ids, next_beam_ids, next_beam_probs, next_finished,
                   next_prediction_len):
        tensor.set_shape([static_batch, beam_width])
    next_cell_state = tf.nest.map_structure(lambda t: _gather_beams(t, next_beam_ids), next_cell_state)

    next_state = BeamSearchDecoderState(cell_state=next_cell_state, log_probs=next_beam_probs,
                                        finished=next_finished, lengths=next_prediction_len,
                                        accumulated_attention_probs=next_accumulated_attention_probs)
    output = BeamSearchDecoderOutput(scores=next_beam_scores, predicted_ids=next_word_ids,
                                     parent_ids=next_beam_ids)
    return output, next_state


def _select_beams(logits, log_probs, previously_finished, lengths, end_token, attention_probs,
                  accumulated_attention_probs, beam_width, length_penalty_weight, coverage_penalty_weight):
    """The arithmetic of one step, on ``[batch, beam, ...]`` tensors only (no cell state), so that it
    can be compiled as one XLA cluster. Returns the chosen beams' scores, token ids, parent beams,
    log-probs, finished flags, lengths and accumulated attention (or ``()``)."""
    batch_size = tf.shape(logits)[0]
    vocab_size = logits.shape[-1] if logits.shape[-1] is not None else tf.shape(logits)[-1]
    dtype = logits.dtype
    not_finished = tf.logical_not(previously_finished)

    # A finished beam puts all its mass on end_token: log-prob 0 there, the dtype's minimum elsewhere.
    step_log_probs = tf.nn.log_softmax(logits)
    finished_row = tf.one_hot(end_token, vocab_size, on_value=tf.constant(0.0, dtype),
                              off_value=tf.constant(dtype.min, dtype), dtype=dtype)
    step_log_probs = tf.where(tf.expand_dims(previously_finished, 2), finished_row, step_log_probs)
    total_probs = tf.expand_dims(log_probs, 2) + step_log_probs

    accumulated = None
    if attention_probs is not None:
        attention_probs *= tf.expand_dims(tf.cast(not_finished, attention_probs.dtype), 2)
        accumulated = accumulated_attention_probs + attention_probs

    scores = _get_scores(total_probs, lengths, not_finished, end_token, vocab_size, length_penalty_weight,
                         coverage_penalty_weight, previously_finished, accumulated)

    next_beam_scores, word_indices = _top_k_over_beams(scores, beam_width, two_stage=_in_xla_context())

    next_beam_probs = tf.gather(tf.reshape(total_probs, tf.stack([batch_size, -1])), word_indices,
                                batch_dims=1, name="next_beam_probs")
    next_word_ids = tf.cast(tf.math.floormod(word_indices, vocab_size), tf.int32, name="next_beam_word_ids")
    next_beam_ids = tf.cast(tf.math.floordiv(word_indices, vocab_size), tf.int32, name="next_beam_parent_ids")

    previously_finished = tf.gather(previously_finished, next_beam_ids, batch_dims=1)
    next_finished = tf.logical_or(previously_finished, tf.equal(next_word_ids, end_token),
                                  name="next_beam_finished")
    # A beam that was still running grows by one (also when it now emits end_token).
    next_lengths = (tf.gather(lengths, next_beam_ids, batch_dims=1)
                    + tf.cast(tf.logical_not(previously_finished), tf.int64))
    next_accumulated = ()
    if accumulated is not None:
        next_accumulated = tf.gather(accumulated, next_beam_ids, batch_dims=1,
                                     name="next_accumulated_attention_probs")
    return (next_beam_scores, next_word_ids, next_beam_ids, next_beam_probs, next_finished, next_lengths,
            next_accumulated)


def _top_k_over_beams(scores, k, two_stage):
    """``tf.math.top_k`` over each batch entry's flattened ``[beam, vocab]`` scores: values and flat
    indices, larger first, equal values lower index first.

    ``two_stage`` (used under XLA, whose top-k over one long row is slow on CPU) gives the same result,
    ties included, in two cheap steps: see :func:`_top_k_by_blocks`, or, when no block size divides the
    row, each beam's top ``k`` first and then the top ``k`` of those ``beam * k`` candidates (kept in
    flat-index order).
    """
    batch_size = tf.shape(scores)[0]
    beam_width, vocab_size = scores.shape[1], scores.shape[2]
    if not two_stage or beam_width is None or vocab_size is None or vocab_size < k:
        return tf.math.top_k(tf.reshape(scores, tf.stack([batch_size, -1])), k=k)
    block = _block_size(beam_width * vocab_size, k)
    if block is not None:
        return _top_k_by_blocks(tf.reshape(scores, tf.stack([batch_size, -1])), k, block)
    beam_values, beam_indices = tf.math.top_k(scores, k=k)  # [batch, beam, k]
    flat_indices = beam_indices + tf.reshape(tf.range(beam_width) * vocab_size, [1, beam_width, 1])
    values, positions = tf.math.top_k(tf.reshape(beam_values, [batch_size, beam_width * k]), k=k)
    return values, tf.gather(tf.reshape(flat_indices, [batch_size, beam_width * k]), positions, batch_dims=1)


def _block_size(row_length, k):
    """A block length near 128 that divides ``row_length`` into at least ``k`` blocks, or None."""
    for distance in range(0, 97):
        for block in (128 - distance, 128 + distance):
            if row_length % block == 0 and row_length // block >= k:
                return block
    return None


def _top_k_by_blocks(flat_scores, k, block):
    """Exact ``tf.math.top_k(flat_scores, k)`` for ``[batch, n * block]`` rows, reading each row once.

    Cut each row into contiguous blocks and take every block's maximum. An element among the top ``k``
    lies in a block whose maximum ranks among the top ``k`` block maxima (ranked by value, then lower
    block first): otherwise ``k`` other blocks would each hold an element ranking before it. So the top
    ``k`` of the ``k * block`` elements of those blocks, taken in ascending block order so that equal
    values still go to the lower flat index, are the answer.
    """
    batch_size = tf.shape(flat_scores)[0]
    blocks = tf.reshape(flat_scores, tf.stack([batch_size, -1, block]))
    _, best_blocks = tf.math.top_k(tf.reduce_max(blocks, axis=2), k=k)
    best_blocks = tf.sort(best_blocks, axis=1)
    candidates = tf.reshape(tf.gather(blocks, best_blocks, batch_dims=1), tf.stack([batch_size, k * block]))
    values, positions = tf.math.top_k(candidates, k=k)
    chosen_blocks = tf.gather(best_blocks, positions // block, batch_dims=1)
    return values, chosen_blocks * block + positions % block


# Without XLA every elementwise op above is its own pass over [batch, beam, vocab] floats (about 40 MB
# for an NMT-sized step); compiled, they fuse into a couple of passes and XLA's top-k is faster too.
# The function is traced per distinct Python argument (beam width, penalty weights) and shape.
_select_beams_fused = tf.function(_select_beams, jit_compile=True, autograph=False)


def _fuse_with_xla() -> bool:
    """Compile the step's arithmetic with XLA: on by default, off with TF_SEQ2SEQ_MIGRATE_FUSE_XLA=0 and
    under TF1 control flow (disable_v2_behavior), where the compiled call inside a while_v1 loop was
    fed a constant from outside the loop's frame and the session refused the graph."""
    if os.environ.get("TF_SEQ2SEQ_MIGRATE_FUSE_XLA", "1") == "0":
        return False
    return tf.compat.v1.control_flow_v2_enabled()


def _gather_beams(t, beam_ids):
    """Pick beams of a ``[batch, beam, ...]`` state tensor; TensorArrays and scalars pass through."""
    if isinstance(t, tf.TensorArray):
        return t
    _check_known_rank(t)
    if t.shape.rank < 2:
        return t
    return tf.gather(t, beam_ids, axis=1, batch_dims=1)


def _length_penalty(sequence_lengths, penalty_factor):
    """GNMT's ``((5 + length) / 6) ** penalty_factor`` (https://arxiv.org/abs/1609.08144), in float32
    as contrib computed it; the Python float 1.0 when the factor is statically 0."""
    penalty_factor = tf.convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.shape.assert_is_compatible_with([])
    if _static_float(penalty_factor) == 0.0:
        return 1.0
    lengths = tf.cast(sequence_lengths, tf.float32)
    return tf.math.divide(tf.pow(5.0 + lengths, penalty_factor), tf.pow(tf.constant(6.0), penalty_factor))


def _get_scores(total_probs, lengths, not_finished, end_token, vocab_size, length_penalty_weight,
                coverage_penalty_weight, finished, accumulated_attention_probs):
    """``total_probs / length_penalty`` (+ the coverage penalty of finished beams).

    A continuation's length is the beam's length, plus one unless the beam is finished or the
    token is ``end_token``. Instead of contrib's ``[batch, beam, vocab]`` length tensor, the two
    possible penalties are computed per beam and broadcast: the same numbers, far less work.
    """
    continued = _length_penalty(lengths + tf.cast(not_finished, tf.int64), length_penalty_weight)
    if isinstance(continued, float):
        scores = total_probs
    else:
        ended = _length_penalty(lengths, length_penalty_weight)
        is_end_token = tf.reshape(tf.equal(tf.range(vocab_size), end_token), [1, 1, -1])
        penalty = tf.where(is_end_token, tf.expand_dims(ended, 2), tf.expand_dims(continued, 2))
        scores = total_probs / tf.cast(penalty, total_probs.dtype)

    coverage_penalty_weight = tf.convert_to_tensor(coverage_penalty_weight, name="coverage_penalty_weight")
    if coverage_penalty_weight.shape.rank != 0:
        raise ValueError(f"coverage_penalty_weight should be a scalar, but saw shape: "
                         f"{coverage_penalty_weight.shape}")
    if _static_float(coverage_penalty_weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is disabled.")
    # Positions never attended (zero, e.g. past the source length) count as fully covered.
    covered = tf.where(tf.equal(accumulated_attention_probs, 0.0), tf.ones_like(accumulated_attention_probs),
                       accumulated_attention_probs)
    coverage_penalty = tf.reduce_sum(tf.math.log(tf.minimum(covered, 1.0)), 2)
    # As in contrib, only beams that had already finished carry the coverage penalty.
    coverage_penalty *= tf.cast(finished, coverage_penalty.dtype)
    weighted = coverage_penalty * tf.cast(coverage_penalty_weight, coverage_penalty.dtype)
    return scores + tf.expand_dims(tf.cast(weighted, scores.dtype), 2)
