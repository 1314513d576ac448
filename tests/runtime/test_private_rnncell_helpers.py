"""TF1's private cell helpers that copied decoders use (tests/golden/private_like_rnncell_base_name).

``rnn_cell_impl._like_rnncell(cell)`` (TF 1.5-1.8) and ``RNNCell._base_name`` (read in Tacotron-2's
decoder cell) must exist on the runtime and answer as TF1's do; the migrated golden output runs on
TF 2.21 eagerly and in a v1 graph.
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf1_reference import run_tf1
from tf_seq2seq_migrate.runtime import rnn

EXPECTED = Path(__file__).parents[1] / "golden" / "private_like_rnncell_base_name" / "expected.py"


class _NoZeroState:
    output_size = 1
    state_size = 1

    def __call__(self, inputs, state):
        return inputs, state


def test_like_rnncell_answers_like_tf1_and_takes_keras_cells():
    assert rnn._like_rnncell(rnn.GRUCell(3))
    assert rnn._like_rnncell(rnn.MultiRNNCell([rnn.BasicLSTMCell(2)]))
    assert rnn._like_rnncell(keras.layers.LSTMCell(3))  # the runtime takes Keras 3 cells everywhere
    assert not rnn._like_rnncell(_NoZeroState())
    assert not rnn._like_rnncell(object())


def test_base_name_is_tf1s_and_renames_the_default_scope():
    cells = {
        "gru": rnn.GRUCell(3),
        "named": rnn.GRUCell(3, name="decoder_gru"),
        "lstm": rnn.LSTMCell(4),
        "basic": rnn.BasicLSTMCell(4),
        "multi": rnn.MultiRNNCell([rnn.GRUCell(2)]),
        "wrapper": rnn.DropoutWrapper(rnn.GRUCell(2)),
    }
    reference = run_tf1('''
cells = {
    "gru": tf.compat.v1.nn.rnn_cell.GRUCell(3),
    "named": tf.compat.v1.nn.rnn_cell.GRUCell(3, name="decoder_gru"),
    "lstm": tf.compat.v1.nn.rnn_cell.LSTMCell(4),
    "basic": tf.compat.v1.nn.rnn_cell.BasicLSTMCell(4),
    "multi": tf.compat.v1.nn.rnn_cell.MultiRNNCell([tf.compat.v1.nn.rnn_cell.GRUCell(2)]),
    "wrapper": tf.compat.v1.nn.rnn_cell.DropoutWrapper(tf.compat.v1.nn.rnn_cell.GRUCell(2)),
}
for key, cell in cells.items():
    outputs[key] = np.array(cell._base_name)

class Renamed(tf.compat.v1.nn.rnn_cell.GRUCell):
    def __init__(self, units):
        super(Renamed, self).__init__(units)
        self._base_name = "renamed_gru"

with tf.Graph().as_default():
    Renamed(2)(tf.zeros([1, 3]), tf.zeros([1, 2]))
    outputs["renamed_variables"] = variable_names()
''')
    renamed_variables = reference.pop("renamed_variables")
    assert {key: cell._base_name for key, cell in cells.items()} == {key: str(value) for key, value in reference.items()}

    class Renamed(rnn.GRUCell):  # setting _base_name renames the default scope, as in TF1
        def __init__(self, units):
            super().__init__(units)
            self._base_name = "renamed_gru"

    with tf.Graph().as_default():
        Renamed(2)(tf.zeros([1, 3]), tf.zeros([1, 2]))
        names = sorted(v.name[: -len(":0")] for v in tf.compat.v1.global_variables())
    assert names == [str(name) for name in renamed_variables]
    assert names[0].startswith("renamed_gru/")


def _golden_module() -> dict:
    namespace: dict = {}
    exec(compile(EXPECTED.read_bytes(), str(EXPECTED), "exec"), namespace)
    return namespace


def test_migrated_decoder_checks_its_cell():
    module = _golden_module()
    module["StopTokenDecoder"](rnn.GRUCell(3), helper=None, initial_state=None)
    with pytest.raises(TypeError, match="cell must be an RNNCell, received: <class 'object'>"):
        module["StopTokenDecoder"](object(), helper=None, initial_state=None)
    gru, lstm = rnn.GRUCell(2), keras.layers.LSTMCell(2)
    assert module["usable_cells"]([gru, object(), lstm, _NoZeroState()]) == [gru, lstm]


def test_migrated_cell_zero_state_and_its_message_in_a_graph():
    module = _golden_module()
    with tf.Graph().as_default():
        batch = tf.compat.v1.placeholder(tf.int32, [])
        cell = module["CheckedCell"](rnn.BasicLSTMCell(3), batch_size=2)
        state = cell.zero_state(batch, tf.float32)
        with tf.compat.v1.Session() as sess:
            c, h = sess.run(state, {batch: 2})
            np.testing.assert_array_equal(c, np.zeros((2, 3), np.float32))
            np.testing.assert_array_equal(h, np.zeros((2, 3), np.float32))
            with pytest.raises(tf.errors.InvalidArgumentError, match="When calling zero_state of checked_cell"):
                sess.run(state, {batch: 5})
