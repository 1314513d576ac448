"""``tf-migrate validate``: the click command (registered lazily by :mod:`tf_seq2seq_migrate.cli`).

Exit codes: 0 every run passed (or was skipped: a GPU run on a machine without one), 1 a run failed or
could not run, 2 usage error (no such fixture, a malformed fixture.toml, bad options).
Imports no TensorFlow: every TensorFlow step runs in a child process.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click

__all__ = ["validate", "run_validation"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEVICE_CHOICES = {"cpu": ("cpu",), "gpu": ("gpu",), "all": ("cpu", "gpu")}


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=str))
@click.option("--original", metavar="FILE.py:FUNCTION",
              help="Validate your own TF1 model: the file and its build(inputs, mode) function.")
@click.option("--inputs", "inputs_npz", type=click.Path(exists=True, dir_okay=False, path_type=str),
              help="With --original: a .npz of the input arrays, one per build() input.")
@click.option("--checkpoint", metavar="TF1_CKPT",
              help="With --original: a TF1 checkpoint to restore instead of the seeded initialisation.")
@click.option("--mode", "modes", multiple=True, metavar="MODE",
              help="With --original: the mode(s) passed to build() (repeatable) [default: infer].")
@click.option("--seed", type=int, default=0, show_default=True, help="With --original: the random seed.")
@click.option("--atol", type=float, default=None, help="Absolute tolerance for float outputs [fixture's, or 1e-5].")
@click.option("--rtol", type=float, default=None, help="Relative tolerance for float outputs [fixture's, or 1e-4].")
@click.option("--device", type=click.Choice(sorted(DEVICE_CHOICES)), default="cpu", show_default=True,
              help="Where to run; GPU runs on a machine without a GPU are reported as skipped.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="Report format.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Fixtures validated at once [default: half the CPUs]; each uses up to two processes.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Keep the rewritten sources, inputs, checkpoints and outputs here (default: a temporary folder).")
def validate(paths, original, inputs_npz, checkpoint, modes, seed, atol, rtol, device, fmt, jobs, work_dir) -> None:
    """Run TF1 models and their rewrites on the same inputs and weights, and compare every output.

    PATHS are fixture folders (model.py + fixture.toml, see fixtures/README.md) or folders of them.
    Each runs under the TF1 emulation, is rewritten by tf-migrate, then runs in TF 2 graph mode
    (restoring the original's TF1 checkpoint by name) and eagerly (through the runtime's name map).
    Float outputs must agree within tolerance, integer outputs exactly.
    """
    from tf_seq2seq_migrate.validate.spec import FixtureError

    try:
        specs, given_inputs = _subjects(paths, original, inputs_npz, checkpoint, modes, seed, atol, rtol)
    except FixtureError as error:
        raise click.UsageError(str(error)) from None
    report = run_validation(specs, DEVICE_CHOICES[device], given_inputs=given_inputs, jobs=jobs, work_dir=work_dir)
    from tf_seq2seq_migrate.validate.report import render

    color = fmt == "text" and _wants_color()
    click.echo(render(fmt, report, color=color), nl=False)
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


def _wants_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _subjects(paths, original, inputs_npz, checkpoint, modes, seed, atol, rtol):
    import dataclasses

    from tf_seq2seq_migrate.validate.spec import FixtureError, Tolerance, find_fixtures, load_fixture

    if original is None:
        if inputs_npz or checkpoint or modes:
            raise click.UsageError("--inputs, --checkpoint and --mode go with --original FILE.py:FUNCTION")
        if not paths:
            raise click.UsageError("give fixture folders (or a folder of fixtures), or --original FILE.py:FUNCTION")
        specs = [load_fixture(folder) for folder in find_fixtures(paths)]
        given = None
    else:
        if paths:
            raise click.UsageError("give either fixture PATHS or --original, not both")
        if not inputs_npz:
            raise click.UsageError("--original needs --inputs X.npz (one array per build() input)")
        specs = [_user_model_spec(original, inputs_npz, checkpoint, modes or ("infer",), seed)]
        given = inputs_npz
    if atol is not None or rtol is not None:
        specs = [dataclasses.replace(spec, tolerance=Tolerance(
            atol=spec.tolerance.atol if atol is None else atol,
            rtol=spec.tolerance.rtol if rtol is None else rtol)) for spec in specs]
    names = [spec.name for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise FixtureError(f"two fixtures are named {', '.join(duplicates)}: fixture folder names must be unique")
    return specs, given


def _user_model_spec(original: str, inputs_npz: str, checkpoint, modes, seed):
    import numpy as np

    from tf_seq2seq_migrate.validate.spec import DTYPES, FixtureError, FixtureSpec, InputSpec

    file_name, _, function = original.rpartition(":")
    if not file_name or not function or not file_name.endswith(".py"):
        raise click.UsageError(f"--original must be FILE.py:FUNCTION (got {original!r})")
    model_path = Path(file_name).resolve()
    if not model_path.is_file():
        raise click.UsageError(f"--original: no such file {file_name}")
    with np.load(inputs_npz, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    if not arrays:
        raise FixtureError(f"{inputs_npz}: holds no arrays")
    inputs = []
    for name, array in arrays.items():
        if array.dtype.name not in DTYPES:
            raise FixtureError(f"{inputs_npz}: input {name!r} has dtype {array.dtype}; use one of {', '.join(DTYPES)}")
        inputs.append(InputSpec(name=name, shape=tuple(array.shape), dtype=array.dtype.name))
    return FixtureSpec(name=model_path.stem, directory=model_path.parent, inputs=tuple(inputs), seed=seed,
                       modes=tuple(modes), entry=function, model_file=model_path.name,
                       checkpoint=None if checkpoint is None else os.path.abspath(checkpoint))


def run_validation(specs, devices, *, given_inputs=None, jobs=None, work_dir=None):
    """Validate every spec on every device; returns a :class:`~.report.ValidationReport`."""
    from tf_seq2seq_migrate.validate.pipeline import gpu_available, validate_fixture
    from tf_seq2seq_migrate.validate.report import ValidationReport

    started = time.perf_counter()
    gpu_present = "gpu" in devices and gpu_available()
    jobs = jobs or max(1, (os.cpu_count() or 2) // 2)
    root = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="tf-migrate-validate-"))
    try:
        def one(spec):
            return validate_fixture(spec, root / spec.name, devices, gpu_present=gpu_present,
                                    given_inputs=given_inputs)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = tuple(pool.map(one, specs))
    finally:
        if not work_dir:
            shutil.rmtree(root, ignore_errors=True)
    return ValidationReport(results, tuple(devices), time.perf_counter() - started)
