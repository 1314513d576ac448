"""Lets Keras 3 RNN cells stand wherever TF1 accepted an ``RNNCell``.

``keras.layers.LSTMCell`` / ``GRUCell`` / ``SimpleRNNCell`` / ``StackedRNNCells`` take their state as a
list and return lists; TF1 code (``dynamic_rnn``, ``MultiRNNCell``, attention wrappers, decoders) expects
``state_size`` / ``zero_state`` and tuples. :func:`as_rnn_cell` bridges the two.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from tf_seq2seq_migrate.runtime.rnn.rnn_cell_impl import RNNCell

__all__ = ["as_rnn_cell", "KerasCellAdapter", "assert_like_rnncell"]


def _lists_to_tuples(structure):
    if isinstance(structure, list):
        return tuple(_lists_to_tuples(item) for item in structure)
    if isinstance(structure, tuple) and not hasattr(structure, "_fields"):
        return tuple(_lists_to_tuples(item) for item in structure)
    return structure


def _tuples_to_lists(structure):
    if isinstance(structure, (list, tuple)) and not hasattr(structure, "_fields"):
        return [_tuples_to_lists(item) for item in structure]
    return structure


def _is_keras_cell(cell) -> bool:
    return isinstance(cell, keras.layers.Layer) and not isinstance(cell, RNNCell) and hasattr(cell, "state_size")


def _missing_rnncell_parts(cell) -> list[str]:
    missing = []
    if not hasattr(cell, "output_size"):
        missing.append("'output_size' property is missing")
    if not hasattr(cell, "state_size"):
        missing.append("'state_size' property is missing")
    if not (hasattr(cell, "zero_state") or hasattr(cell, "get_initial_state")):
        missing.append("either 'zero_state' or 'get_initial_state' method is required")
    if not callable(cell):
        missing.append("is not callable")
    return missing


def assert_like_rnncell(argument_name: str, cell) -> None:
    """TF1's check, with the message naming what is missing."""
    missing = _missing_rnncell_parts(cell)
    if missing:
        raise TypeError(f"The argument {argument_name!r} ({cell!r}) is not an RNNCell: {', '.join(missing)}.")


def _like_rnncell(cell) -> bool:
    """TF 1.5-1.8's private duck-typing predicate (custom decoders copied from BasicDecoder call it):
    the same test as :func:`assert_like_rnncell`, answered with a bool."""
    return not _missing_rnncell_parts(cell)


class KerasCellAdapter(RNNCell):
    """A Keras 3 cell seen through the TF1 ``RNNCell`` contract (tuples for states, ``zero_state``).

    The Keras cell keeps its own weights and names; no TF1 scope is added around it.
    """

    def __init__(self, keras_cell, training=None, **kwargs):
        super().__init__(name=kwargs.pop("name", None) or f"{keras_cell.name}_adapter", **kwargs)
        self.keras_cell = keras_cell
        self._training = training

    @property
    def state_size(self):
        return _lists_to_tuples(self.keras_cell.state_size)

    @property
    def output_size(self):
        size = getattr(self.keras_cell, "output_size", None)
        if size is None:
            size = tf.nest.flatten(self.keras_cell.state_size)[0]
        return size

    def __call__(self, inputs, state, scope=None, training=None):
        training = self._training if training is None else training
        keras_state = _tuples_to_lists(state)
        if training is None:
            output, new_state = self.keras_cell(inputs, keras_state)
        else:
            output, new_state = self.keras_cell(inputs, keras_state, training=training)
        # Keras returns a one-element list for a single-tensor state that was passed as a list.
        new_state = _lists_to_tuples(new_state)
        if not tf.nest.is_nested(state) and tf.nest.is_nested(new_state) and len(new_state) == 1:
            new_state = new_state[0]
        return output, new_state

    @property
    def built(self):
        keras_cell = self.__dict__.get("keras_cell")
        return bool(keras_cell.built) if keras_cell is not None else False

    @built.setter
    def built(self, value):
        # Keras' Layer.__init__ sets built=False; the wrapped cell's own flag is what counts.
        pass


def as_rnn_cell(cell, argument_name: str = "cell", training=None):
    """The given cell as an object with the TF1 ``RNNCell`` contract.

    Runtime cells and other TF1-style cells pass through unchanged; Keras 3 cells are wrapped in a
    :class:`KerasCellAdapter`.
    """
    if isinstance(cell, RNNCell):
        return cell
    if _is_keras_cell(cell):
        return KerasCellAdapter(cell, training=training)
    assert_like_rnncell(argument_name, cell)
    return cell
