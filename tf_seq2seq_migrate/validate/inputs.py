"""The fixture inputs, generated deterministically from fixture.toml (numpy only, no TensorFlow).

The legacy emulation and validate call the same function, and the original run saves what it fed to
``inputs.npz``; every later run feeds that file, so the arrays are generated exactly once per run.

Random values come from ``numpy.random.default_rng(seed)`` drawn input by input in the order the
inputs are declared: integers uniformly in ``[low, high)``, floats uniformly in ``[low, high)``,
booleans with probability one half (``low``/``high`` unused). ``values`` gives an input explicitly.
"""

from __future__ import annotations

import numpy as np

from tf_seq2seq_migrate.validate.spec import FixtureError, FixtureSpec, InputSpec

__all__ = ["generate_inputs", "generate_input", "save_inputs", "load_inputs"]


def generate_inputs(spec: FixtureSpec) -> dict[str, np.ndarray]:
    """``{name: array}`` for every input of ``spec``, in declaration order."""
    rng = np.random.default_rng(spec.seed)
    return {item.name: generate_input(item, rng) for item in spec.inputs}


def generate_input(item: InputSpec, rng: np.random.Generator) -> np.ndarray:
    dtype = np.dtype(item.dtype)
    if item.values is not None:
        array = np.asarray(item.values, dtype=dtype)
        if array.shape != item.shape:
            raise FixtureError(f"input {item.name!r}: values have shape {list(array.shape)}, "
                               f"the declared shape is {list(item.shape)}")
        return array
    if dtype == np.bool_:
        return rng.random(item.shape) < 0.5
    if np.issubdtype(dtype, np.integer):
        return rng.integers(int(item.low), int(item.high), size=item.shape).astype(dtype)
    return rng.uniform(float(item.low), float(item.high), size=item.shape).astype(dtype)


def save_inputs(path, arrays: dict[str, np.ndarray]) -> None:
    np.savez(path, **arrays)


def load_inputs(path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}
