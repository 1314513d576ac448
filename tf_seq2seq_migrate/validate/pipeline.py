"""The validate pipeline for one fixture: original, rewrite, graph run, eager run, comparison.

Every TensorFlow step runs in its own process (the emulation and the rewritten model cannot share one:
the first needs ``TF_USE_LEGACY_KERAS=1`` before TensorFlow starts, the second must run without tf_keras):

1. the original under the legacy emulation (:mod:`tf_seq2seq_migrate.legacy.api`), which writes the fed
   inputs, the outputs of every mode and a TF1 checkpoint;
2. the rewrite of ``model.py`` by the real rewriter (:func:`tf_seq2seq_migrate.api.migrate_source`); a
   rewrite that still mentions ``tensorflow.contrib`` fails here;
3. and 4. :mod:`.worker` in ``graph`` and ``eager`` variants (in parallel), on the original's inputs and
   checkpoint;
5. :mod:`.compare` for every output of every mode.

This module imports no TensorFlow.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tf_seq2seq_migrate.validate.compare import OutputComparison, compare_outputs, first_divergence
from tf_seq2seq_migrate.validate.inputs import load_inputs
from tf_seq2seq_migrate.validate.spec import FixtureSpec

__all__ = ["RunResult", "FixtureResult", "validate_fixture", "VARIANTS", "PASSED", "FAILED", "SKIPPED", "ERROR",
           "gpu_available", "rewrite_model"]

VARIANTS = ("graph", "eager")
PASSED, FAILED, SKIPPED, ERROR = "passed", "failed", "skipped", "error"
WORKER_TIMEOUT_S = 600
_CONTRIB_OWNERS = {"tensorflow", "tf"}


@dataclasses.dataclass(frozen=True)
class RunResult:
    """One row of the report: a fixture's mode on a device, run as ``graph`` or ``eager``."""

    fixture: str
    mode: str
    device: str
    variant: str
    status: str  # passed | failed (numbers differ) | error (something did not run) | skipped
    outputs: tuple[OutputComparison, ...] = ()
    message: str = ""

    @property
    def max_abs_error(self) -> float | None:
        return max((o.max_abs_error for o in self.outputs if o.problem is None), default=None)

    @property
    def max_rel_error(self) -> float | None:
        return max((o.max_rel_error for o in self.outputs if o.problem is None and not o.exact), default=None)


@dataclasses.dataclass(frozen=True)
class FixtureResult:
    name: str
    directory: str
    runs: tuple[RunResult, ...]
    seconds: float
    rewritten_path: str | None = None
    rewrite_findings: int = 0
    manual_findings: int = 0

    @property
    def ok(self) -> bool:
        return all(run.status in (PASSED, SKIPPED) for run in self.runs)


@dataclasses.dataclass(frozen=True)
class _Subject:
    spec: FixtureSpec
    given_inputs: str | None  # an inputs .npz for a user's model; fixtures generate theirs


def gpu_available() -> bool:
    """Whether TensorFlow sees a GPU (asked in a child process: this one must stay free of TensorFlow)."""
    probe = "import tensorflow as tf; print(len(tf.config.list_physical_devices('GPU')))"
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                               env=_child_env("gpu"), timeout=300)
    return completed.returncode == 0 and completed.stdout.strip().splitlines()[-1:] != ["0"]


def _child_env(device: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TF_USE_LEGACY_KERAS", None)  # the rewritten model runs on plain TF 2 + Keras 3
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = ""
    return env


def contrib_references(text: str) -> list[int]:
    """Lines whose code (not strings or comments) spells ``tensorflow.contrib`` or ``tf.contrib``."""
    tokens = [token for token in tokenize.generate_tokens(io.StringIO(text).readline)
              if token.type in (tokenize.NAME, tokenize.OP)]
    found = []
    for first, dot, last in zip(tokens, tokens[1:], tokens[2:]):
        if first.string in _CONTRIB_OWNERS and dot.string == "." and last.string == "contrib":
            if first.start[0] not in found:
                found.append(first.start[0])
    return found


def rewrite_model(spec: FixtureSpec, work_dir: Path) -> tuple[Path, int, int]:
    """Rewrite ``spec``'s model with the real rewriter into ``work_dir/rewritten/``.

    Returns the new file, the number of findings and of findings left for a manual edit. Raises
    ValueError when the rewriter fails or the result still references ``tensorflow.contrib``.
    """
    from tf_seq2seq_migrate.api import migrate_source

    source = spec.model_path.read_bytes()
    result = migrate_source(source, path=str(spec.model_path))
    if result.error is not None:
        raise ValueError(f"the rewriter could not convert {spec.model_path}: {result.error}")
    text = result.output.decode("utf-8", errors="replace")
    lines = text.splitlines()
    left = [f"line {number}: {lines[number - 1].strip()}" for number in contrib_references(text)]
    if left:
        raise ValueError("the rewritten source still references tensorflow.contrib:\n  " + "\n  ".join(left))
    target = work_dir / "rewritten" / spec.model_file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(result.output)
    manual = sum(1 for finding in result.findings if not finding.fixed)
    return target, len(result.findings), manual


def validate_fixture(spec: FixtureSpec, work_dir: Path, devices, *, gpu_present: bool,
                     given_inputs: str | None = None, parallel: bool = True) -> FixtureResult:
    """Validate one fixture (or user model) on each of ``devices``; never raises for a model's failure."""
    started = time.perf_counter()
    subject = _Subject(spec, given_inputs)
    runs: list[RunResult] = []
    try:
        rewritten, findings, manual = rewrite_model(spec, work_dir)
    except ValueError as error:
        runs = [RunResult(spec.name, mode, device, variant, ERROR, message=str(error))
                for device in devices for mode in spec.modes for variant in VARIANTS]
        return FixtureResult(spec.name, str(spec.directory), tuple(runs), time.perf_counter() - started)
    for device in devices:
        runs.extend(_validate_on(subject, rewritten, work_dir / device, device, gpu_present, parallel))
    return FixtureResult(spec.name, str(spec.directory), tuple(runs), time.perf_counter() - started,
                         str(rewritten), findings, manual)


def _all_runs(spec: FixtureSpec, device: str, status: str, message: str) -> list[RunResult]:
    return [RunResult(spec.name, mode, device, variant, status, message=message)
            for mode in spec.modes for variant in VARIANTS]


def _validate_on(subject: _Subject, rewritten: Path, out_dir: Path, device: str, gpu_present: bool,
                 parallel: bool) -> list[RunResult]:
    spec = subject.spec
    if device not in spec.devices:
        return _all_runs(spec, device, SKIPPED, f"the fixture does not run on {device}")
    if device == "gpu" and not gpu_present:
        return _all_runs(spec, device, SKIPPED, "no GPU on this machine")
    from tf_seq2seq_migrate.legacy import api as legacy

    try:
        manifest = _run_original(subject, out_dir, device)
    except legacy.DeviceUnavailableError:
        return _all_runs(spec, device, SKIPPED, "no GPU visible to TensorFlow")
    except legacy.LegacyRunError as error:
        return _all_runs(spec, device, ERROR, f"the original failed under the TF1 emulation: {error}")
    checkpoint = manifest.get("checkpoint")
    job = {
        "model_path": str(rewritten),
        "extra_paths": [str(spec.directory.resolve())],
        "entry": spec.entry,
        "inputs": str(out_dir / manifest.get("inputs", "inputs.npz")),
        "input_specs": [{"name": item.name, "dtype": item.dtype, "placeholder_shape": list(item.placeholder_shape)}
                        for item in spec.inputs],
        "modes": list(spec.modes),
        "checkpoint": str(out_dir / checkpoint) if checkpoint else None,
        "out_dir": str(out_dir),
        "device": device,
        "seed": spec.seed,
    }
    if parallel:
        with ThreadPoolExecutor(max_workers=len(VARIANTS)) as pool:
            results = list(pool.map(lambda variant: _run_worker(job, variant), VARIANTS))
    else:
        results = [_run_worker(job, variant) for variant in VARIANTS]
    by_variant = dict(zip(VARIANTS, results))
    return [_judge(spec, out_dir, device, variant, mode, by_variant[variant])
            for mode in spec.modes for variant in VARIANTS]


def _run_original(subject: _Subject, out_dir: Path, device: str) -> dict:
    from tf_seq2seq_migrate.legacy import api as legacy

    spec = subject.spec
    if subject.given_inputs is None:
        return legacy.run_fixture_original(spec.directory, out_dir, device=device, timeout=WORKER_TIMEOUT_S)
    return legacy.run_original(spec.model_path, out_dir, inputs=load_inputs(subject.given_inputs), seed=spec.seed,
                               modes=spec.modes, function=spec.entry, checkpoint=spec.checkpoint_path,
                               device=device, timeout=WORKER_TIMEOUT_S)


def _run_worker(job: dict, variant: str) -> dict:
    job = dict(job, variant=variant)
    job_path = Path(job["out_dir"], f"{variant}_job.json")
    job_path.write_text(json.dumps(job, indent=1), encoding="utf-8")
    result_path = Path(job["out_dir"], f"{variant}_result.json")
    result_path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "tf_seq2seq_migrate.validate.worker", str(job_path)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, env=_child_env(job["device"]),
                                   timeout=WORKER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"error": f"the {variant} run did not finish within {WORKER_TIMEOUT_S} s"}
    if completed.returncode != 0 or not result_path.is_file():
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        return {"error": f"the {variant} run crashed (exit {completed.returncode}):\n{tail}"}
    return json.loads(result_path.read_text(encoding="utf-8"))


def _judge(spec: FixtureSpec, out_dir: Path, device: str, variant: str, mode: str, worker: dict) -> RunResult:
    def row(status, outputs=(), message=""):
        return RunResult(spec.name, mode, device, variant, status, tuple(outputs), message)

    mode_result = worker.get("modes", {}).get(mode)
    if mode_result is None or not mode_result.get("ok"):
        error = (mode_result or {}).get("error") or worker.get("error") or "no result"
        return row(ERROR, message=f"the rewritten model failed ({variant}, {mode}): {error}")
    original = load_inputs(out_dir / f"original_{mode}.npz")
    migrated = load_inputs(out_dir / f"{variant}_{mode}.npz")
    comparisons = compare_outputs(original, migrated, spec.tolerance)
    diverging = first_divergence(comparisons)
    if diverging is not None:
        return row(FAILED, comparisons, "first diverging " + diverging.describe(spec.tolerance))
    if worker.get("error"):  # e.g. checkpoint variables no mode created
        return row(ERROR, comparisons, worker["error"])
    return row(PASSED, comparisons)
