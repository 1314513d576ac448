"""What a fixture declares: ``fixtures/<name>/fixture.toml`` read into frozen dataclasses.

The format is documented in ``fixtures/README.md``; this module is its only reader, shared by the
legacy emulation (which builds placeholders and feeds the inputs) and by validate.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the tomli backport (a dependency there)
    import tomli as tomllib

__all__ = ["InputSpec", "Tolerance", "FixtureSpec", "FixtureError", "load_fixture", "find_fixtures",
           "DTYPES", "DEFAULT_MODES", "DEFAULT_DEVICES", "MODEL_FILE", "SPEC_FILE"]

MODEL_FILE = "model.py"
SPEC_FILE = "fixture.toml"
DTYPES = ("int32", "int64", "float32", "float64", "bool")
DEFAULT_MODES = ("train", "infer")
DEFAULT_DEVICES = ("cpu", "gpu")
DEFAULT_ATOL = 1e-5
DEFAULT_RTOL = 1e-4


class FixtureError(ValueError):
    """A fixture folder or its fixture.toml is malformed; the message names the file and the key."""


@dataclasses.dataclass(frozen=True)
class InputSpec:
    """One model input: generated from the seed (``low``/``high``) or given (``values``).

    ``dynamic`` lists the dimensions a graph placeholder leaves unknown (``[0]`` is ``[None, 7]``), as TF1
    programs declared them; the fed values always have the full ``shape``.
    """

    name: str
    shape: tuple[int, ...]
    dtype: str
    low: float | None = None
    high: float | None = None
    values: tuple | None = None
    dynamic: tuple[int, ...] = ()

    @property
    def placeholder_shape(self) -> tuple[int | None, ...]:
        return tuple(None if axis in self.dynamic else size for axis, size in enumerate(self.shape))


@dataclasses.dataclass(frozen=True)
class Tolerance:
    """Float outputs pass when ``|migrated - original| <= atol + rtol * |original|`` everywhere."""

    atol: float = DEFAULT_ATOL
    rtol: float = DEFAULT_RTOL


@dataclasses.dataclass(frozen=True)
class FixtureSpec:
    """A fixture: ``model.py`` (TF1 source with ``build(inputs, mode) -> dict``) and its fixture.toml."""

    name: str
    directory: Path
    inputs: tuple[InputSpec, ...]
    seed: int = 0
    modes: tuple[str, ...] = DEFAULT_MODES
    devices: tuple[str, ...] = DEFAULT_DEVICES
    tolerance: Tolerance = Tolerance()
    description: str = ""
    entry: str = "build"
    model_file: str = MODEL_FILE
    checkpoint: str | None = None  # a user TF1 checkpoint prefix, restored instead of the seeded initialisation

    @property
    def model_path(self) -> Path:
        return self.directory / self.model_file

    @property
    def checkpoint_path(self) -> Path | None:
        return None if self.checkpoint is None else self.directory / self.checkpoint


def find_fixtures(paths) -> list[Path]:
    """Fixture folders in ``paths``: each path is a fixture folder or a folder of them (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if (path / SPEC_FILE).is_file():
            found.append(path)
        elif path.is_dir():
            children = sorted(child for child in path.iterdir() if (child / SPEC_FILE).is_file())
            if not children:
                raise FixtureError(f"{path}: no {SPEC_FILE} in it or in its sub-folders")
            found.extend(children)
        else:
            raise FixtureError(f"{path}: not a fixture folder (no {SPEC_FILE})")
    return found


def load_fixture(directory) -> FixtureSpec:
    """Read ``directory/fixture.toml``; raise :class:`FixtureError` naming the problem."""
    directory = Path(directory)
    spec_path = directory / SPEC_FILE
    try:
        data = tomllib.loads(spec_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(f"{spec_path}: not found") from None
    except tomllib.TOMLDecodeError as error:
        raise FixtureError(f"{spec_path}: invalid TOML: {error}") from None
    where = str(spec_path)
    _no_unknown_keys(data, {"description", "seed", "modes", "devices", "inputs", "tolerance", "entry",
                            "model", "checkpoint"}, where)
    raw_inputs = data.get("inputs")
    if not isinstance(raw_inputs, dict) or not raw_inputs:
        raise FixtureError(f"{where}: needs at least one [inputs.<name>] table")
    inputs = tuple(_input_spec(name, table, f"{where} [inputs.{name}]") for name, table in raw_inputs.items())
    tolerance_table = data.get("tolerance", {})
    _no_unknown_keys(tolerance_table, {"atol", "rtol"}, f"{where} [tolerance]")
    tolerance = Tolerance(atol=float(tolerance_table.get("atol", DEFAULT_ATOL)),
                          rtol=float(tolerance_table.get("rtol", DEFAULT_RTOL)))
    modes = tuple(data.get("modes", DEFAULT_MODES))
    devices = tuple(data.get("devices", DEFAULT_DEVICES))
    unknown_devices = set(devices) - {"cpu", "gpu"}
    if unknown_devices or not modes:
        raise FixtureError(f"{where}: devices must be among cpu, gpu and modes must not be empty")
    spec = FixtureSpec(name=directory.name, directory=directory, inputs=inputs, seed=int(data.get("seed", 0)),
                       modes=modes, devices=devices, tolerance=tolerance,
                       description=str(data.get("description", "")), entry=str(data.get("entry", "build")),
                       model_file=str(data.get("model", MODEL_FILE)), checkpoint=data.get("checkpoint"))
    if not spec.model_path.is_file():
        raise FixtureError(f"{where}: the model file {spec.model_path} does not exist")
    return spec


def _input_spec(name: str, table, where: str) -> InputSpec:
    if not isinstance(table, dict):
        raise FixtureError(f"{where}: must be a table")
    _no_unknown_keys(table, {"shape", "dtype", "low", "high", "values", "dynamic"}, where)
    dtype = table.get("dtype", "float32")
    if dtype not in DTYPES:
        raise FixtureError(f"{where}: dtype must be one of {', '.join(DTYPES)} (got {dtype!r})")
    if "shape" not in table:
        raise FixtureError(f"{where}: shape is required")
    shape = tuple(int(size) for size in table["shape"])
    values = table.get("values")
    low, high = table.get("low"), table.get("high")
    if values is None and dtype != "bool" and (low is None or high is None):
        raise FixtureError(f"{where}: give low and high (random values) or values (explicit ones)")
    if values is None and low is not None and high is not None and not low < high:
        raise FixtureError(f"{where}: low must be below high")
    dynamic = tuple(int(axis) for axis in table.get("dynamic", ()))
    if any(not 0 <= axis < len(shape) for axis in dynamic):
        raise FixtureError(f"{where}: dynamic axes must index the shape {list(shape)}")
    return InputSpec(name=name, shape=shape, dtype=dtype, low=low, high=high,
                     values=None if values is None else tuple(_freeze(values)), dynamic=dynamic)


def _freeze(values):
    return [tuple(_freeze(v)) if isinstance(v, list) else v for v in values]


def _no_unknown_keys(table, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise FixtureError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def flatten_outputs(outputs, mode: str, error=TypeError) -> dict:
    """``{name: tensor}`` from what ``build(inputs, mode)`` returned; nested outputs (a state tuple) become
    ``key/field`` names. The original's and the rewrite's runs both use this, so their names agree."""
    from tensorflow.python.util import nest  # flatten_with_joined_string_paths is not in tf.nest

    if not isinstance(outputs, dict) or not outputs:
        raise error(f"build(inputs, {mode!r}) must return a non-empty dict of output tensors "
                    f"(got {type(outputs).__name__})")
    flat = {}
    for key, value in outputs.items():
        if nest.is_nested(value):
            for path, leaf in nest.flatten_with_joined_string_paths(value, separator="/"):
                flat[f"{key}/{path}"] = leaf
        else:
            flat[key] = value
    return flat
