"""Fixture inputs: their specs (``[inputs.<name>]`` tables of fixture.toml) and deterministic values.

Shared by the legacy emulation (which feeds the original TF1 model) and validate (which feeds the
rewritten one), so both see the same arrays for the same seed. numpy only: no TensorFlow import.

``[inputs.<name>]`` keys: ``shape`` (list of ints, required), ``dtype`` (``int32``, ``int64``,
``float32``, ``float64`` or ``bool``; default ``float32``), ``low`` / ``high`` (integers: drawn
uniformly from ``low`` to ``high - 1``; floats: uniform in ``[low, high)``; defaults 0..10 for integers and
-1..1 for floats; ignored for bool), ``dynamic_axes`` (optional list of axes whose placeholder
dimension is left unknown (``None``), as TF1 programs declared ``[None, None]`` placeholders).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

__all__ = ["InputSpec", "parse_input_specs", "generate_inputs", "SUPPORTED_DTYPES"]

SUPPORTED_DTYPES = ("int32", "int64", "float32", "float64", "bool")
_KEYS = {"shape", "dtype", "low", "high", "dynamic_axes"}


@dataclass(frozen=True)
class InputSpec:
    """One model input: concrete ``shape`` of the generated array, ``placeholder_shape`` with ``None``
    on ``dynamic_axes``."""

    name: str
    shape: tuple[int, ...]
    dtype: str = "float32"
    low: float | None = None
    high: float | None = None
    dynamic_axes: tuple[int, ...] = ()

    @property
    def placeholder_shape(self) -> tuple[int | None, ...]:
        dynamic = {axis % len(self.shape) for axis in self.dynamic_axes} if self.shape else set()
        return tuple(None if axis in dynamic else size for axis, size in enumerate(self.shape))


def parse_input_specs(table: Mapping[str, Any]) -> tuple[InputSpec, ...]:
    """The ``[inputs]`` table of a fixture.toml as specs, in file order; ValueError names a bad entry."""
    specs = []
    for name, entry in table.items():
        if not isinstance(entry, Mapping):
            raise ValueError(f"inputs.{name}: expected a table with shape= and dtype=, got {entry!r}")
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise ValueError(f"inputs.{name}: unknown keys {unknown}; allowed: {sorted(_KEYS)}")
        shape = entry.get("shape")
        if not isinstance(shape, list) or not all(isinstance(size, int) and size >= 0 for size in shape):
            raise ValueError(f"inputs.{name}: shape must be a list of non-negative integers, got {shape!r}")
        dtype = entry.get("dtype", "float32")
        if dtype not in SUPPORTED_DTYPES:
            raise ValueError(f"inputs.{name}: dtype must be one of {', '.join(SUPPORTED_DTYPES)}, got {dtype!r}")
        dynamic_axes = tuple(entry.get("dynamic_axes", ()))
        if any(not isinstance(axis, int) or not -len(shape) <= axis < len(shape) for axis in dynamic_axes):
            raise ValueError(f"inputs.{name}: dynamic_axes {list(dynamic_axes)} out of range for shape {shape}")
        low, high = entry.get("low"), entry.get("high")
        if low is not None and high is not None and not low < high:
            raise ValueError(f"inputs.{name}: low ({low}) must be smaller than high ({high})")
        specs.append(InputSpec(name=name, shape=tuple(shape), dtype=dtype, low=low, high=high,
                               dynamic_axes=dynamic_axes))
    return tuple(specs)


def generate_inputs(specs, seed: int) -> dict[str, np.ndarray]:
    """One array per spec. Each input has its own stream derived from ``seed`` and its name, so adding
    or reordering inputs does not change the others; numpy's legacy ``RandomState`` streams are frozen
    across numpy versions."""
    return {spec.name: _generate(spec, seed) for spec in specs}


def _generate(spec: InputSpec, seed: int) -> np.ndarray:
    rng = np.random.RandomState((int(seed) * 1_000_003 + zlib.crc32(spec.name.encode("utf-8"))) % 2**32)
    if spec.dtype == "bool":
        return rng.randint(0, 2, size=spec.shape).astype(bool)
    if spec.dtype.startswith("int"):
        low = int(spec.low) if spec.low is not None else 0
        high = int(spec.high) if spec.high is not None else 10
        return rng.randint(low, high, size=spec.shape).astype(spec.dtype)
    low = float(spec.low) if spec.low is not None else -1.0
    high = float(spec.high) if spec.high is not None else 1.0
    return rng.uniform(low, high, size=spec.shape).astype(spec.dtype)
