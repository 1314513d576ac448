"""``gather_tree``: TF 1.15's beam back-tracking op, rebuilt from TensorFlow ops.

TF 1.15 shipped ``gather_tree`` as a custom C++ kernel. Here it is a reverse ``tf.while_loop`` over
time plus a vectorised end-token pass, so it runs eagerly, inside ``tf.function``, under XLA and in
``tf.compat.v1`` graph sessions, with no compiled extension.
"""

from __future__ import annotations

import tensorflow as tf

__all__ = ["gather_tree"]


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """Follow ``parent_ids`` back from the last step to rebuild each beam's full id sequence.

    Args:
      step_ids: ``[max_time, batch_size, beam_width]`` ids chosen at each step (int32 or int64).
      parent_ids: same shape, the beam each step's id was extended from.
      max_sequence_lengths: ``[batch_size]`` int32, the number of valid steps of each batch entry.
      end_token: scalar, the end-of-sequence id (same dtype as ``step_ids``).

    Returns:
      ``[max_time, batch_size, beam_width]`` ids with TF1's semantics: steps at or after
      ``max_sequence_lengths[b]`` hold ``end_token``, and once a beam has emitted ``end_token``
      every later step holds ``end_token`` too.

    Raises:
      tf.errors.InvalidArgumentError: a followed parent id lies outside ``[0, beam_width)``
        (eagerly, in ``tf.function`` and in sessions; XLA has no run-time assertions, so under
        ``jit_compile=True`` out-of-range parents are clamped instead).
    """
    with tf.name_scope(name or "gather_tree"):
        step_ids = tf.convert_to_tensor(step_ids, name="step_ids")
        parent_ids = tf.convert_to_tensor(parent_ids, dtype=step_ids.dtype, name="parent_ids")
        max_sequence_lengths = tf.convert_to_tensor(max_sequence_lengths, dtype=tf.int32,
                                                    name="max_sequence_lengths")
        end_token = tf.convert_to_tensor(end_token, dtype=step_ids.dtype, name="end_token")
        if step_ids.shape.rank is not None and step_ids.shape.rank != 3:
            raise ValueError(f"step_ids must be a [max_time, batch_size, beam_width] tensor, got shape "
                             f"{step_ids.shape}")
        step_ids.shape.assert_is_compatible_with(parent_ids.shape)

        shape = tf.shape(step_ids)
        max_time, beam_width = shape[0], shape[2]
        lengths = tf.minimum(max_sequence_lengths, max_time)  # [batch]
        identity_beams = tf.broadcast_to(tf.range(beam_width, dtype=step_ids.dtype), shape[1:])
        # XLA has no run-time assertions (and cannot compile the bookkeeping on a dynamic time).
        check_parents = not _in_xla_context()

        def body(time, beam_index, first_end, first_bad, beams):
            # `beam_index[b, k]` is the beam that final beam k occupied at step `time`.
            active = tf.expand_dims(time < lengths, 1)  # [batch, 1]
            ids_now = tf.where(active, tf.gather(step_ids[time], beam_index, batch_dims=1), end_token)
            beams = beams.write(time, ids_now)
            # Walking backwards, the last end_token seen is the beam's first one.
            first_end = tf.where(tf.equal(ids_now, end_token), time, first_end)
            parents = tf.gather(parent_ids[time], beam_index, batch_dims=1)
            # The parent read at step 0 is never followed, exactly as in TF1's kernel.
            followed = tf.logical_and(active, time > 0)
            bad = tf.logical_and(followed, tf.logical_or(parents < 0, parents >= tf.cast(beam_width,
                                                                                            parents.dtype)))
            if check_parents:
                first_bad = _remember_first_bad(first_bad, bad, parents, time)
            safe_parents = tf.clip_by_value(parents, 0, tf.cast(beam_width - 1, parents.dtype))
            beam_index = tf.where(active, safe_parents, beam_index)
            return time - 1, beam_index, first_end, first_bad, beams

        no_end = tf.fill(shape[1:], max_time)
        no_bad = tf.fill([4], tf.constant(-1, tf.int64))  # (parent, time, batch, beam); time -1: none
        beams = tf.TensorArray(step_ids.dtype, size=max_time, element_shape=step_ids.shape[1:])
        _, _, first_end, first_bad, beams = tf.while_loop(
            lambda time, *_: time >= 0, body,
            (max_time - 1, identity_beams, no_end, no_bad, beams))
        # TF1's final pass: everything after a beam's first end_token becomes end_token. (A mask from
        # the first end's position rather than a cumsum over time, which XLA cannot do on a dynamic time.)
        after_end = tf.range(max_time)[:, tf.newaxis, tf.newaxis] > first_end
        beams = tf.where(after_end, end_token, beams.stack())

        if tf.executing_eagerly():
            _raise_if_bad(first_bad.numpy(), int(beam_width))
        elif check_parents:
            check = tf.debugging.Assert(
                tf.equal(first_bad[1], -1),
                [tf.strings.format(_BAD_PARENT_MESSAGE,
                                   [first_bad[0], first_bad[2], first_bad[1], first_bad[3]])])
            with tf.control_dependencies([check]):
                beams = tf.identity(beams)
        beams.set_shape(step_ids.shape)
        return beams


# TF 1.15's CPU kernel's words (beam_search_ops_test.testBadParentValuesOnCPU matches them): `time` is the
# step whose id the bad parent would have picked (one before the step storing it), `beam` the final beam
# whose trace met it. Placeholders in order parent, batch, time, beam; str.format and tf.strings.format
# both fill "{}".
_BAD_PARENT_MESSAGE = "Saw invalid parent id {} at (batch, time, beam) == ({}, {}, {})"


def _raise_if_bad(first_bad, beam_width: int) -> None:
    del beam_width  # TF1's message does not name it
    parent, time, batch, beam = (int(v) for v in first_bad)
    if time != -1:  # time -1 marks "none found"; a found one is always at time >= 0
        raise tf.errors.InvalidArgumentError(
            None, None, _BAD_PARENT_MESSAGE.format(parent, batch, time, beam))


def _remember_first_bad(first_bad, bad, parents, time):
    """Keep (parent, time, batch, beam) of the first invalid parent met, in TF1's report terms: the
    step the parent would have been followed into (``time - 1``) and the final beam being traced.

    The loop runs from the last step backwards, so "first" is the latest step holding one.
    """
    flat_bad = tf.reshape(bad, [-1])
    beam_width = tf.shape(bad, out_type=tf.int64)[1]
    position = tf.argmax(tf.cast(flat_bad, tf.int32), output_type=tf.int64)
    found = tf.stack([tf.cast(tf.reshape(parents, [-1])[position], tf.int64), tf.cast(time, tf.int64) - 1,
                      position // beam_width, position % beam_width])
    take = tf.logical_and(tf.reduce_any(flat_bad), tf.equal(first_bad[1], -1))
    return tf.where(take, found, first_bad)


def _in_xla_context() -> bool:
    """True while tracing for XLA (``tf.function(jit_compile=True)``)."""
    if tf.executing_eagerly():
        return False
    from tensorflow.python.ops import control_flow_util  # private, but the only reliable probe
    return bool(control_flow_util.GraphOrParentsInXlaContext(tf.compat.v1.get_default_graph()))
