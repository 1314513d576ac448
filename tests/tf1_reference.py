"""Run a snippet against TF1's real code (tf_keras legacy cells, ``TF_USE_LEGACY_KERAS=1``) in a subprocess.

The reference has to live in its own process: ``TF_USE_LEGACY_KERAS`` must be set before TensorFlow is
first imported, and the test process already imported it with Keras 3.

Usage (pytest puts tests/ on sys.path: ``from tf1_reference import run_tf1``)::

    results = run_tf1('''
    with tf.Graph().as_default():
        cell = tf.compat.v1.nn.rnn_cell.BasicLSTMCell(4)
        ...
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assign_by_name(sess, weights)
            outputs["y"] = sess.run(y, {x: inputs["x"]})
            outputs["names"] = variable_names()
    ''', {"x": x, "weights/rnn/basic_lstm_cell/kernel": kernel})

Inside the snippet: ``tf``, ``np``, ``inputs`` (the arrays passed), ``weights`` (the inputs whose key
starts with ``weights/``, keyed by the rest: a TF1 variable name), ``outputs`` (a dict to fill with
arrays), ``assign_by_name(sess, weights)`` and ``variable_names()`` (sorted global variable names without
``:0``, as a string array).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

__all__ = ["run_tf1", "WEIGHTS_PREFIX"]

WEIGHTS_PREFIX = "weights/"

_RUNNER = r'''
import os, sys
os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import warnings
warnings.filterwarnings("ignore")
import numpy as np
import tensorflow as tf

in_path, code_path, out_path = sys.argv[1:4]
with np.load(in_path) as data:
    inputs = {key: data[key] for key in data.files}
weights = {key[len("weights/"):]: value for key, value in inputs.items() if key.startswith("weights/")}
outputs = {}


def variable_names():
    names = sorted(v.name[:-2] if v.name.endswith(":0") else v.name for v in tf.compat.v1.global_variables())
    return np.array(names, dtype=str)


def assign_by_name(sess, values):
    by_name = {v.name[:-2]: v for v in tf.compat.v1.global_variables()}
    missing = sorted(set(values) - set(by_name))
    if missing:
        raise KeyError(f"TF1 graph has no variables {missing}; it has {sorted(by_name)}")
    for name, value in values.items():
        by_name[name].load(value, sess)


namespace = dict(tf=tf, np=np, inputs=inputs, weights=weights, outputs=outputs,
                 variable_names=variable_names, assign_by_name=assign_by_name)
exec(compile(open(code_path).read(), "<tf1 snippet>", "exec"), namespace)
np.savez(out_path, **{key: np.asarray(value) for key, value in outputs.items()})
'''


def run_tf1(code: str, inputs: dict[str, np.ndarray] | None = None, timeout: float = 300) -> dict[str, np.ndarray]:
    """Run ``code`` under real TF1 semantics in a fresh process and return the ``outputs`` it filled."""
    with tempfile.TemporaryDirectory(prefix="tf1_reference_") as workdir:
        work = Path(workdir)
        in_path, code_path, out_path, runner_path = (work / "inputs.npz", work / "snippet.py",
                                                     work / "outputs.npz", work / "runner.py")
        np.savez(in_path, **{key: np.asarray(value) for key, value in (inputs or {}).items()})
        code_path.write_text(textwrap.dedent(code))
        runner_path.write_text(_RUNNER)
        env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
        completed = subprocess.run([sys.executable, str(runner_path), str(in_path), str(code_path), str(out_path)],
                                   capture_output=True, text=True, env=env, timeout=timeout)
        if completed.returncode != 0:
            raise RuntimeError(f"TF1 reference snippet failed (exit {completed.returncode}):\n"
                               f"{completed.stderr[-6000:]}")
        with np.load(out_path) as data:
            return {key: data[key] for key in data.files}
