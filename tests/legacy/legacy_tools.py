"""Helpers for the legacy emulation tests: paths, running scripts, numpy references."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tf_seq2seq_migrate.legacy.api import run_script

DATA = Path(__file__).parent / "data"
SCRIPTS = DATA / "scripts"
REPOSITORY = Path(__file__).resolve().parents[2]


def run_ok(script, *argv, cwd=None, timeout=300):
    """Run ``script`` under the emulation; fail the test with its stderr unless it exits 0."""
    completed = run_script(script, argv, cwd=cwd, timeout=timeout)
    assert completed.returncode == 0, f"exit {completed.returncode}\n{completed.stderr[-6000:]}"
    return completed


def last_json_line(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def basic_lstm_reference(x, lengths, kernel, bias, forget_bias=1.0):
    """TF1 BasicLSTMCell under dynamic_rnn with sequence_length: gates i, j, f, o over [x, h]; outputs
    are zero past a row's length and its state stops there."""
    batch, steps, _ = x.shape
    units = kernel.shape[1] // 4
    c = np.zeros((batch, units), np.float64)
    h = np.zeros((batch, units), np.float64)
    outputs = np.zeros((batch, steps, units), np.float64)
    for t in range(steps):
        gates = np.concatenate([x[:, t], h], axis=1) @ kernel + bias
        i, j, f, o = np.split(gates, 4, axis=1)
        new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
        new_h = np.tanh(new_c) * sigmoid(o)
        alive = (t < lengths)[:, None]
        c, h = np.where(alive, new_c, c), np.where(alive, new_h, h)
        outputs[:, t] = np.where(alive, new_h, 0.0)
    return outputs, c, h
