"""Model builders for the convert-checkpoint tests (``--model tests/checkpoint_models.py:FUNCTION``).

One small network, three spellings of it with the same TF1 variable names:
``enc`` LSTM (4 units) over the inputs, ``dec`` GRU (4 units) over its outputs, dense ``proj`` (3 units).
The runtime spelling builds in a v1 graph (the "TF1-style program") and eagerly; the Keras spelling uses
Keras 3 ``LSTMCell`` / ``GRUCell`` where TF1 had its own cells.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from tf_seq2seq_migrate.runtime import rnn
from tf_seq2seq_migrate.runtime.layers import Dense

BATCH, STEPS, FEATURES, UNITS, OUTPUTS = 2, 5, 3, 4, 3

# The TF1 variables of the network, as TF1's dynamic_rnn names them.
TF1_SHAPES = {
    "enc/rnn/basic_lstm_cell/kernel": (FEATURES + UNITS, 4 * UNITS),
    "enc/rnn/basic_lstm_cell/bias": (4 * UNITS,),
    "dec/rnn/gru_cell/gates/kernel": (2 * UNITS, 2 * UNITS),
    "dec/rnn/gru_cell/gates/bias": (2 * UNITS,),
    "dec/rnn/gru_cell/candidate/kernel": (2 * UNITS, UNITS),
    "dec/rnn/gru_cell/candidate/bias": (UNITS,),
    "proj/kernel": (UNITS, OUTPUTS),
    "proj/bias": (OUTPUTS,),
}


def random_weights(seed: int = 7) -> dict[str, np.ndarray]:
    generator = np.random.default_rng(seed)
    return {name: generator.uniform(-0.7, 0.7, size=shape).astype(np.float32)
            for name, shape in sorted(TF1_SHAPES.items())}


def random_inputs(seed: int = 11) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1, 1, size=(BATCH, STEPS, FEATURES)).astype(np.float32)


def _unroll(cell, inputs, state):
    """TF1's dynamic_rnn without sequence lengths: the cell applied step by step under scope ``rnn``."""
    outputs = []
    with tf.compat.v1.variable_scope("rnn"):
        for step in range(inputs.shape[1]):
            output, state = cell(inputs[:, step], state)
            outputs.append(output)
    return tf.stack(outputs, axis=1)


def runtime_forward(encoder, decoder, projection, inputs):
    inputs = tf.convert_to_tensor(inputs)
    with tf.compat.v1.variable_scope("enc"):
        encoded = _unroll(encoder, inputs, encoder.zero_state(BATCH, tf.float32))
    with tf.compat.v1.variable_scope("dec"):
        decoded = _unroll(decoder, encoded, decoder.zero_state(BATCH, tf.float32))
    return projection(decoded)


def runtime_parts(forget_bias: float = 1.0):
    return rnn.BasicLSTMCell(UNITS, forget_bias=forget_bias), rnn.GRUCell(UNITS), Dense(OUTPUTS, name="proj")


def build_runtime():
    """``--model`` function: the eager runtime network, variables created by one dummy call."""
    encoder, decoder, projection = runtime_parts()
    runtime_forward(encoder, decoder, projection, np.zeros([BATCH, STEPS, FEATURES], np.float32))
    return {"encoder": encoder, "decoder": decoder, "projection": projection}


def build_runtime_forget_bias_half():
    encoder, decoder, projection = runtime_parts(forget_bias=0.5)
    runtime_forward(encoder, decoder, projection, np.zeros([BATCH, STEPS, FEATURES], np.float32))
    return {"encoder": encoder, "decoder": decoder, "projection": projection}


def build_runtime_without_projection():
    model = build_runtime()
    del model["projection"]
    return model


def keras_forward(encoder, decoder, projection, inputs):
    inputs = tf.convert_to_tensor(inputs)
    zeros = tf.zeros([BATCH, UNITS])
    state = [zeros, zeros]
    encoded = []
    for step in range(inputs.shape[1]):
        output, state = encoder(inputs[:, step], state)
        encoded.append(output)
    state = [zeros]
    decoded = []
    for output in encoded:
        output, state = decoder(output, state)
        decoded.append(output)
    return projection(tf.stack(decoded, axis=1))


def keras_parts(reset_after: bool = False):
    return (keras.layers.LSTMCell(UNITS, name="encoder_lstm"),
            keras.layers.GRUCell(UNITS, reset_after=reset_after, name="decoder_gru"),
            Dense(OUTPUTS, name="proj"))


def _built_keras(reset_after: bool):
    encoder, decoder, projection = keras_parts(reset_after)
    keras_forward(encoder, decoder, projection, np.zeros([BATCH, STEPS, FEATURES], np.float32))
    return {"encoder": encoder, "decoder": decoder, "projection": projection}


def build_keras():
    """``--model`` function for ``--keras-cells``: Keras 3 cells plus the runtime's TF1-named projection."""
    return _built_keras(reset_after=False)


def build_keras_reset_after():
    return _built_keras(reset_after=True)


def build_two_keras_lstms():
    """Two same-shaped Keras LSTM cells: shapes cannot tell which TF1 scope each takes."""
    first, second = keras.layers.LSTMCell(UNITS, name="first"), keras.layers.LSTMCell(UNITS, name="second")
    zeros = tf.zeros([BATCH, UNITS])
    first(tf.zeros([BATCH, FEATURES]), [zeros, zeros])
    second(tf.zeros([BATCH, FEATURES]), [zeros, zeros])
    return {"first": first, "second": second}


def build_nothing():
    return {"empty": tf.__internal__.tracking.AutoTrackable()}


def build_failing():
    raise RuntimeError("no GPU here")


def build_not_trackable():
    return 42
