"""Programmatic entry points of the legacy emulation. Each call runs the TF1 code in a FRESH process.

This module imports no TensorFlow (only numpy): the emulation needs ``TF_USE_LEGACY_KERAS=1`` before
TensorFlow's first import, so it can never run inside a process that already imported TensorFlow.

* :func:`run_script` runs an unmodified TF1 script (``python script.py`` semantics).
* :func:`run_fixture_original` runs a fixture's original model (``fixtures/<name>/model.py`` +
  ``fixture.toml``, read by :mod:`tf_seq2seq_migrate.validate.spec`, format in ``fixtures/README.md``;
  inputs from :func:`tf_seq2seq_migrate.validate.inputs.generate_inputs`); :func:`run_original` is the same for any model
  file and given input arrays (``tf-migrate validate --original file.py:build --inputs x.npz``).

What ``run_original`` / ``run_fixture_original`` leave in ``out_dir``::

    inputs.npz              the arrays fed (fixtures: validate.inputs.generate_inputs(spec))
    original_<mode>.npz     every output of build(inputs, mode); nested outputs as "key/field" names
    tf1/model.ckpt.*        a TF1 name-based checkpoint of every variable any mode created (absent
                            when the model has no variables), plus tf1/checkpoint
    manifest.json           the dict they return, see below

Manifest keys: ``model``, ``function``, ``modes``, ``seed``, ``device`` (``cpu``/``gpu``, what ran),
``gpus`` (GPUs TensorFlow saw), ``tensorflow_version``, ``restored_from`` (the user checkpoint or null),
``inputs`` (file name), ``checkpoint`` (``tf1/model.ckpt``, relative to out_dir, or null),
``outputs`` (``{mode: [{name, dtype, shape}]}``), ``variables`` (``[{name, dtype, shape}]``, TF1 names
without ``:0``), ``seconds``.

Determinism: each mode's graph gets ``tf.set_random_seed(seed)``, and numpy's and Python's global
generators are seeded too, so a seeded run repeats exactly. Variables are initialised once (first mode
that creates them) and the same values are loaded into every later mode.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

__all__ = [
    "run_script", "run_fixture_original", "run_original", "LegacyRunError",
    "DeviceUnavailableError", "EXIT_NO_GPU",
]

EXIT_NO_GPU = 3
DEVICES = ("cpu", "gpu")


class LegacyRunError(RuntimeError):
    """The original program failed under the emulation; ``stderr`` holds the child's error output."""

    def __init__(self, message: str, returncode: int | None = None, stderr: str = ""):
        super().__init__(message)
        self.returncode = returncode
        self.stderr = stderr


class DeviceUnavailableError(LegacyRunError):
    """``device="gpu"`` was asked for on a machine where TensorFlow sees no GPU (report it as skipped)."""


def _child_env(env: Mapping[str, str] | None, device: str | None = None) -> dict[str, str]:
    merged = dict(os.environ)
    merged.update(env or {})
    merged.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if device == "cpu":
        merged["CUDA_VISIBLE_DEVICES"] = ""  # hidden before TensorFlow starts: nothing can land on a GPU
    return merged


def run_script(path, argv: Sequence[str] = (), cwd=None, env: Mapping[str, str] | None = None,
               timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run the TF1 script ``path`` with arguments ``argv`` under the emulation in a new process.

    ``env`` adds to (does not replace) the current environment. Returns the finished process with
    ``returncode`` (the script's exit status) and text ``stdout`` / ``stderr``; never raises for a
    failing script.
    """
    command = [sys.executable, "-m", "tf_seq2seq_migrate.legacy", "run", os.fspath(path), *map(str, argv)]
    return subprocess.run(command, cwd=cwd, env=_child_env(env), capture_output=True, text=True,
                          timeout=timeout)


def run_fixture_original(fixture_dir, out_dir, device: str = "cpu", checkpoint=None,
                         timeout: float | None = None) -> dict:
    """Run ``fixture_dir``'s original TF1 model under the emulation; see the module docstring.

    ``checkpoint`` (or ``checkpoint = "..."`` in fixture.toml, relative to the fixture) is a user TF1
    checkpoint to restore instead of initialising from the seed. Raises :class:`LegacyRunError` if the
    model fails, :class:`DeviceUnavailableError` for ``device="gpu"`` without a GPU.
    """
    from tf_seq2seq_migrate.validate.inputs import generate_inputs
    from tf_seq2seq_migrate.validate.spec import load_fixture

    spec = load_fixture(fixture_dir)
    if checkpoint is None:
        checkpoint = spec.checkpoint_path
    return run_original(spec.model_path, out_dir, inputs=generate_inputs(spec), seed=spec.seed, modes=spec.modes,
                        function=spec.entry, checkpoint=checkpoint, device=device, timeout=timeout,
                        placeholder_shapes={item.name: item.placeholder_shape for item in spec.inputs})


def run_original(model_path, out_dir, *, inputs: Mapping[str, np.ndarray], seed: int = 0,
                 modes: Sequence[str] = ("infer",), function: str = "build", checkpoint=None,
                 device: str = "cpu", timeout: float | None = None,
                 placeholder_shapes: Mapping[str, Sequence[int | None]] | None = None) -> dict:
    """Run ``function(inputs, mode)`` of the TF1 module ``model_path`` for each mode, feeding ``inputs``
    (placeholders shaped like the arrays unless ``placeholder_shapes`` says otherwise); returns the
    manifest. See the module docstring for what lands in ``out_dir``."""
    if device not in DEVICES:
        raise ValueError(f"device must be one of {DEVICES}, got {device!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs_npz = out_dir / "inputs.npz"
    np.savez(inputs_npz, **{name: np.asarray(value) for name, value in inputs.items()})
    shapes = dict(placeholder_shapes or {})
    job = {
        "model_path": os.fspath(Path(model_path).resolve()),
        "function": function,
        "modes": list(modes),
        "seed": int(seed),
        "inputs_npz": os.fspath(inputs_npz.resolve()),
        "input_specs": [{"name": name, "placeholder_shape": list(shapes.get(name, np.shape(value)))}
                        for name, value in inputs.items()],
        "checkpoint": os.fspath(checkpoint) if checkpoint is not None else None,
        "device": device,
        "out_dir": os.fspath(out_dir.resolve()),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="legacy_job_", delete=False) as handle:
        json.dump(job, handle)
    try:
        completed = subprocess.run([sys.executable, "-m", "tf_seq2seq_migrate.legacy", "fixture", handle.name],
                                   env=_child_env(None, device), capture_output=True, text=True, timeout=timeout)
    finally:
        os.unlink(handle.name)
    if completed.returncode == EXIT_NO_GPU and device == "gpu":
        raise DeviceUnavailableError("no GPU visible to TensorFlow: the GPU run is skipped",
                                     completed.returncode, completed.stderr)
    if completed.returncode != 0:
        raise LegacyRunError(f"the original model {model_path} failed under the TF1 emulation (exit "
                             f"{completed.returncode}):\n{_last_lines(completed.stderr)}",
                             completed.returncode, completed.stderr)
    with open(out_dir / "manifest.json", encoding="utf-8") as manifest:
        return json.load(manifest)


def _last_lines(text: str, count: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-count:])
