"""TF 1.15's fused-RNN interface from ``tf.contrib.rnn`` (``contrib/rnn/python/ops/fused_rnn_cell.py``).

A fused RNN runs a whole time-major sequence in one call:
``fused(inputs, initial_state=None, dtype=None, sequence_length=None, scope=None) -> (outputs, state)``.
``FusedRNNCell`` is the abstract interface, ``FusedRNNCellAdaptor`` runs an ordinary cell through
``dynamic_rnn`` (``time_major=True``) or ``static_rnn``, and ``TimeReversedFusedRNN`` runs a fused RNN
over the time-reversed inputs (each row reversed within its ``sequence_length``) and reverses the
outputs back. Variables are those of the wrapped cell under the scope TF1 used (``rnn`` by default).
"""

from __future__ import annotations

import abc

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.rnn import dynamic_rnn, static_rnn

__all__ = ["FusedRNNCell", "FusedRNNCellAdaptor", "TimeReversedFusedRNN"]


class FusedRNNCell(abc.ABC):
    """Abstract fused RNN: subclasses implement ``__call__(inputs, initial_state=None, dtype=None,
    sequence_length=None, scope=None)`` for ``[time, batch, depth]`` inputs (or a list of ``[batch,
    depth]`` steps) and return ``(outputs, final_state)``, outputs in the same form as the inputs."""

    @abc.abstractmethod
    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        """Run the fused RNN over ``inputs``; returns ``(outputs, final_state)``."""


class FusedRNNCellAdaptor(FusedRNNCell):
    """``FusedRNNCellAdaptor(cell, use_dynamic_rnn=False)``: ``cell`` run with ``dynamic_rnn``
    (time-major) when ``use_dynamic_rnn``, else unrolled with ``static_rnn``."""

    def __init__(self, cell, use_dynamic_rnn=False):
        self._cell = cell
        self._use_dynamic_rnn = use_dynamic_rnn

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        is_list = isinstance(inputs, list)
        if self._use_dynamic_rnn:
            if is_list:
                inputs = tf.stack(inputs)
            outputs, state = dynamic_rnn(self._cell, inputs, sequence_length=sequence_length,
                                         initial_state=initial_state, dtype=dtype, time_major=True, scope=scope)
            if is_list:
                outputs = tf.unstack(outputs)
        else:
            if not is_list:
                inputs = tf.unstack(inputs)
            outputs, state = static_rnn(self._cell, inputs, initial_state=initial_state, dtype=dtype,
                                        sequence_length=sequence_length, scope=scope)
            if not is_list:
                outputs = tf.stack(outputs)
        return outputs, state


class TimeReversedFusedRNN(FusedRNNCell):
    """``TimeReversedFusedRNN(cell)``: the fused RNN ``cell`` over reversed time. With ``sequence_length``
    a tensor's rows are reversed within their lengths (``tf.reverse_sequence``); a list of steps is
    reversed as a whole, lengths or not, as in TF1."""

    def __init__(self, cell):
        self._cell = cell

    def _reverse(self, t, lengths):
        """Reverse the time axis (the first) of a tensor, or the order of a list of steps."""
        if isinstance(t, list):
            return list(reversed(t))
        if lengths is None:
            return tf.reverse(t, [0])
        return tf.reverse_sequence(t, lengths, seq_axis=0, batch_axis=1)

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        inputs = self._reverse(inputs, sequence_length)
        outputs, state = self._cell(inputs, initial_state=initial_state, dtype=dtype,
                                    sequence_length=sequence_length, scope=scope)
        return self._reverse(outputs, sequence_length), state
