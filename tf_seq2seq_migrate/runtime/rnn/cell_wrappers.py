"""TF 1.15's cell wrappers: ``DropoutWrapper``, ``ResidualWrapper``, ``DeviceWrapper``.

A wrapper opens no variable scope of its own: the wrapped cell's weights keep the names they would have
unwrapped (``rnn/basic_lstm_cell/kernel``), exactly as in TF1.

Per-step (non-variational) dropout masks, and how far they can equal TF1's
----------------------------------------------------------------------------
TF1's wrapper calls ``tf.nn.dropout(v, rate, seed=_gen_seed(prefix, i))`` for every dropped leaf on every
call. That is a *stateful* ``RandomUniform`` op whose seeds are ``(graph seed, op seed)`` (``(87654321, op
seed)`` when no graph/global seed is set). Each execution of one such kernel takes the next block of its
Philox stream, so a step's mask is "the k-th draw of that kernel", and k depends on execution order:

* v1 graph / ``tf.function``: inside ``dynamic_rnn`` the op is ONE node of the ``while_loop`` body, so the
  steps take consecutive draws of one stream, and a second ``session.run`` (or a second call of the same
  function) continues it. The mask shape is static, so the node has no data input: with TF1's default
  ``parallel_iterations=32`` several steps' draws race and TF1 assigns draws to steps in an order that
  changes from process to process (measured on tf_keras 2.21: the same graph gives different outputs in
  different runs). Only with ``parallel_iterations=1`` is TF1's order fixed: step t gets draw t.
* eager: every call runs a fresh op, but the eager kernel cache keys kernels by their attributes (seeds
  included), so all calls with the same seeds share one stream across steps, wrappers with equal seeds
  and repeated ``dynamic_rnn`` calls, in call order (``tf.random.set_seed`` empties the cache). Step t
  gets draw t, so eager TF1 agrees with sequential graph TF1 (except where two wrappers have equal seeds:
  one shared stream eagerly, two graph nodes with a stream each), never with a race it happened to lose.

The runtime issues the same ops with the same seeds and, in graphs and ``tf.function``, chains each
wrapper's draws through the recurrent state (a step's draws wait for the incoming state; the outgoing state
waits for the step's draws), so step t always gets draw t. Hence: v1 graph equals TF1 with
``parallel_iterations=1`` exactly (and is one of the orders racing TF1 can produce; no implementation can
equal a race); eager equals eager TF1 exactly, continuing the shared eager stream the same way;
``tf.function`` equals sequential graph TF1 (a function owns its kernels, so its stream starts fresh at
its first call and does not continue the eager one). Under XLA (``jit_compile=True``) the op is XLA's own
generator and no mask equals TF1's. ``dynamic_rnn``'s throw-away build call before the loop draws
nothing (see :func:`no_dropout_draws`), so it does not shift the eager stream by one step.
"""

from __future__ import annotations

import contextlib
import hashlib
import numbers
import threading

import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import LSTMStateTuple, RNNCell

__all__ = ["DropoutWrapper", "ResidualWrapper", "DeviceWrapper"]

_DRAWS = threading.local()


@contextlib.contextmanager
def no_dropout_draws():
    """Calls inside this block apply no per-step dropout and draw no random numbers.

    For calls whose results are thrown away (a build call that only creates weights): a stateful random
    op run there would advance the stream TF1's masks come from.
    """
    previous = getattr(_DRAWS, "skipped", False)
    _DRAWS.skipped = True
    try:
        yield
    finally:
        _DRAWS.skipped = previous


def _tensor_leaves(structure):
    return [leaf for leaf in tf.nest.flatten(structure) if isinstance(leaf, tf.Tensor)]


def _enumerated_map_up_to(shallow, fn, *structures):
    """``map_structure_up_to(shallow, fn)`` where ``fn`` also gets the leaf's running index."""
    counter = [0]

    def numbered(*leaves):
        index = counter[0]
        counter[0] += 1
        return fn(index, *leaves)

    return tf.__internal__.nest.map_structure_up_to(shallow, numbered, *structures)


def _default_dropout_state_filter_visitor(substate):
    # The LSTM memory c is never dropped (Gal & Ghahramani); TensorArrays cannot be.
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    if isinstance(substate, tf.TensorArray):
        return False
    return True


class _RNNCellWrapper(RNNCell):
    """Delegates ``state_size``/``output_size``/``zero_state`` to the wrapped cell and calls it in the
    caller's scope."""

    def __init__(self, cell, **kwargs):
        from tf_seq2seq_migrate.runtime.rnn.keras_cells import as_rnn_cell

        super().__init__(**kwargs)
        self.cell = as_rnn_cell(cell, argument_name="cell")

    @property
    def wrapped_cell(self):
        return self.cell

    @property
    def built(self):
        # A wrapper owns no weights: it is built when the wrapped cell is.
        cell = self.__dict__.get("cell")
        return bool(getattr(cell, "built", True)) if cell is not None else False

    @built.setter
    def built(self, value):
        pass

    @property
    def state_size(self):
        return self.cell.state_size

    @property
    def output_size(self):
        return self.cell.output_size

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped_cell(inputs, state, cell_call_fn=self.cell.__call__, scope=scope)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        raise NotImplementedError


class DropoutWrapper(_RNNCellWrapper):
    """Dropout on the inputs, outputs and/or new state of a cell (per step, or the same mask every step
    with ``variational_recurrent=True``)."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None, **kwargs):
        super().__init__(cell, dtype=dtype, **kwargs)
        if dropout_state_filter_visitor is not None and not callable(dropout_state_filter_visitor):
            raise TypeError(f"dropout_state_filter_visitor must be callable. Received: "
                            f"{dropout_state_filter_visitor}")
        self._dropout_state_filter = dropout_state_filter_visitor or _default_dropout_state_filter_visitor
        with tf.name_scope("DropoutWrapperInit"):
            for prob, attr in ((input_keep_prob, "input_keep_prob"), (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")):
                tensor_prob = tf.convert_to_tensor(prob)
                constant = tf.get_static_value(tensor_prob)
                if constant is not None:
                    if constant < 0 or constant > 1:
                        raise ValueError(f"Parameter {attr} must be between 0 and 1. Received {constant}")
                    setattr(self, f"_{attr}", float(constant))
                else:
                    setattr(self, f"_{attr}", tensor_prob)
        self._variational_recurrent = variational_recurrent
        self._input_size = input_size
        self._seed = seed
        self._recurrent_input_noise = None
        self._recurrent_state_noise = None
        self._recurrent_output_noise = None
        if variational_recurrent:
            self._make_recurrent_noise(dtype, input_size)

    def _make_recurrent_noise(self, dtype, input_size) -> None:
        # As in TF1 the masks are drawn once, here: in a graph that is once per session.run; eagerly it
        # is once per wrapper, so build a new wrapper for a new mask.
        if dtype is None:
            raise ValueError("When variational_recurrent=True, dtype must be provided")

        def batch_noise(size, seed):
            shape = [1] + tf.TensorShape(size).as_list()
            return tf.random.uniform(shape, seed=seed, dtype=dtype)

        if not isinstance(self._input_keep_prob, numbers.Real) or self._input_keep_prob < 1.0:
            if input_size is None:
                raise ValueError("When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, "
                                 "input_size must be provided")
            self._recurrent_input_noise = _enumerated_map_up_to(
                input_size, lambda i, s: batch_noise(s, self._gen_seed("input", i)), input_size)
        self._recurrent_state_noise = _enumerated_map_up_to(
            self.cell.state_size, lambda i, s: batch_noise(s, self._gen_seed("state", i)), self.cell.state_size)
        self._recurrent_output_noise = _enumerated_map_up_to(
            self.cell.output_size, lambda i, s: batch_noise(s, self._gen_seed("output", i)),
            self.cell.output_size)

    def _gen_seed(self, salt_prefix, index):
        """TF1's per-tensor op seed: md5 of ``<seed><prefix>_<index>``, so masks match TF1 given a seed."""
        if self._seed is None:
            return None
        digest = hashlib.md5(f"{self._seed}{salt_prefix}_{index}".encode("utf-8")).hexdigest()
        return int(digest[:8], 16) & 0x7FFFFFFF

    def _dropout(self, values, salt_prefix, recurrent_noise, keep_prob, shallow=None):
        shallow = values if shallow is None else shallow
        if not self._variational_recurrent:
            def dropout(index, do_dropout, value):
                if isinstance(do_dropout, bool) and not do_dropout:
                    return value
                return tf.nn.dropout(value, rate=1.0 - keep_prob, seed=self._gen_seed(salt_prefix, index))
            return _enumerated_map_up_to(shallow, dropout, shallow, values)

        def variational(index, do_dropout, value, noise):
            if isinstance(do_dropout, bool) and not do_dropout:
                return value
            kept = tf.floor(keep_prob + noise)
            result = tf.divide(value, keep_prob) * kept
            result.set_shape(value.shape)
            return result
        return _enumerated_map_up_to(shallow, variational, shallow, values, recurrent_noise)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        def should_dropout(prob):
            return not isinstance(prob, float) or prob < 1

        per_step_draws = not self._variational_recurrent and any(
            should_dropout(prob) for prob in (self._input_keep_prob, self._state_keep_prob, self._output_keep_prob))
        if per_step_draws and getattr(_DRAWS, "skipped", False):
            return cell_call_fn(inputs, state, **kwargs)
        # In a graph, order this step's draws after the previous step's (module docstring).
        chained = per_step_draws and not tf.executing_eagerly()
        after_previous_step = _tensor_leaves(state) if chained else []

        if should_dropout(self._input_keep_prob):
            with tf.control_dependencies(after_previous_step):
                inputs = self._dropout(inputs, "input", self._recurrent_input_noise, self._input_keep_prob)
        output, new_state = cell_call_fn(inputs, state, **kwargs)
        if should_dropout(self._state_keep_prob):
            shallow = tf.__internal__.nest.get_traverse_shallow_structure(self._dropout_state_filter, new_state)
            with tf.control_dependencies(after_previous_step):
                new_state = self._dropout(new_state, "state", self._recurrent_state_noise, self._state_keep_prob,
                                          shallow)
        if should_dropout(self._output_keep_prob):
            with tf.control_dependencies(after_previous_step):
                output = self._dropout(output, "output", self._recurrent_output_noise, self._output_keep_prob)
        if chained:
            new_state = self._after(new_state, _tensor_leaves((inputs, output, new_state)))
        return output, new_state

    @staticmethod
    def _after(state, dependencies):
        """``state`` with each tensor leaf waiting for ``dependencies`` (TensorArrays pass unchanged)."""
        with tf.control_dependencies(dependencies):
            return tf.nest.map_structure(
                lambda leaf: tf.identity(leaf) if isinstance(leaf, tf.Tensor) else leaf, state)


class ResidualWrapper(_RNNCellWrapper):
    """Adds the cell's inputs to its outputs (or applies ``residual_fn(inputs, outputs)``)."""

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        outputs, new_state = cell_call_fn(inputs, state, **kwargs)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state
        tf.nest.assert_same_structure(inputs, outputs)

        def add(inp, out):
            if not inp.shape.is_compatible_with(out.shape):
                raise ValueError(f"ResidualWrapper adds the cell inputs to its outputs, but their shapes differ: "
                                 f"inputs {inp.shape} vs outputs {out.shape}. Make the input depth equal the "
                                 "cell's output_size, or pass residual_fn=.")
            return inp + out
        return tf.nest.map_structure(add, inputs, outputs), new_state


class DeviceWrapper(_RNNCellWrapper):
    """Runs the wrapped cell (and its zero state) on ``device``."""

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, **kwargs)
        self._device = device

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            with tf.compat.v1.device(self._device):
                return self.cell.zero_state(batch_size, dtype)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        with tf.compat.v1.device(self._device):
            return cell_call_fn(inputs, state, **kwargs)
