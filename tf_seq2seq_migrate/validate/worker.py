"""Run a REWRITTEN model in this (fresh) process on TF 2 without tf_keras, and save its outputs.

``python -m tf_seq2seq_migrate.validate.worker JOB.json``; the job names the rewritten model file, the
inputs (``inputs.npz`` from the original run), the modes, the original's TF1 checkpoint and one variant:

* ``graph``: ``tf.compat.v1`` graph mode (eager execution disabled, as migrated session code runs):
  placeholders shaped as the fixture declares, ``build(placeholders, mode)``, then the TF1 checkpoint
  restored BY NAME with ``tf.compat.v1.train.Saver``. The graph's variables and the checkpoint's must be
  the same set: a variable the checkpoint lacks, or one the graph lacks, fails the mode.
* ``eager``: ``build(eager_tensors, mode)`` once to create the variables, the TF1 checkpoint loaded into
  them through the runtime's TF1 name map (:func:`tf_seq2seq_migrate.checkpoints.restore_tf1_checkpoint`,
  which refuses any variable that does not map), then ``build`` again on the loaded variables (the
  second call is handed the first call's variables in creation order) to compute the outputs.

Writes ``<variant>_<mode>.npz`` per mode and ``<variant>_result.json`` (per mode: ok or the error).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import sys
import traceback
from pathlib import Path

from tf_seq2seq_migrate.validate.spec import flatten_outputs

__all__ = ["main", "run_job"]


class WorkerError(RuntimeError):
    """A failure the report shows as is (no traceback): unmapped variables, a build that is not repeatable."""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m tf_seq2seq_migrate.validate.worker JOB.json\n")
        return 2
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = run_job(job)
    Path(job["out_dir"], f"{job['variant']}_result.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


def run_job(job: dict) -> dict:
    if os.environ.get("TF_USE_LEGACY_KERAS"):
        raise SystemExit("the rewritten model must run without tf_keras: unset TF_USE_LEGACY_KERAS")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    device = job["device"]
    result: dict = {"variant": job["variant"], "device": device, "modes": {}}
    if device == "gpu":
        if not tf.config.list_physical_devices("GPU"):
            result["error"] = "no GPU is visible to TensorFlow"
            return result
        # TF32 would change float32 matmul results by ~1e-3: compare true float32 arithmetic.
        tf.config.experimental.enable_tensor_float_32_execution(False)
    if job["variant"] == "graph":
        tf.compat.v1.disable_eager_execution()
    try:
        build = _load_entry(job["model_path"], job["entry"], job.get("extra_paths", ()))
    except Exception as error:  # noqa: BLE001 - reported per run, not raised
        result["error"] = _describe(error)
        return result
    with np.load(job["inputs"], allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    run_mode = _run_graph_mode if job["variant"] == "graph" else _run_eager_mode
    used_names: set[str] = set()
    for mode in job["modes"]:
        try:
            outputs = run_mode(build, arrays, job, mode, used_names)
        except Exception as error:  # noqa: BLE001 - one mode's failure must not hide the others
            result["modes"][mode] = {"ok": False, "error": _describe(error)}
            continue
        np.savez(Path(job["out_dir"], f"{job['variant']}_{mode}.npz"), **outputs)
        result["modes"][mode] = {"ok": True, "outputs": list(outputs)}
    if all(entry["ok"] for entry in result["modes"].values()):
        result["error"] = _check_coverage(used_names, job["checkpoint"])
    return result


def _describe(error: Exception) -> str:
    if isinstance(error, WorkerError):
        return str(error)
    frames = traceback.format_exception(type(error), error, error.__traceback__)
    tail = "".join(frames[-4:]).strip()
    return f"{type(error).__name__}: {error}\n{tail}"


def _load_entry(model_path: str, entry: str, extra_paths):
    model_path = os.path.abspath(model_path)
    for folder in [os.path.dirname(model_path), *extra_paths]:
        if folder not in sys.path:
            sys.path.append(folder)
    module_name = "_tf_migrate_validate_model"
    spec = importlib.util.spec_from_file_location(module_name, model_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    build = getattr(module, entry, None)
    if not callable(build):
        raise WorkerError(f"{model_path} defines no function {entry!r}")
    return build


@contextlib.contextmanager
def _on_device(device: str):
    import tensorflow as tf

    if device == "gpu":
        with tf.device("/device:GPU:0"):
            yield
    else:
        yield


def _run_graph_mode(build, arrays, job, mode, used_names: set[str]):
    import tensorflow as tf

    graph = tf.Graph()
    with graph.as_default(), _on_device(job["device"]):
        tf.compat.v1.set_random_seed(job["seed"])
        placeholders = {item["name"]: tf.compat.v1.placeholder(item["dtype"], item["placeholder_shape"],
                                                               name=item["name"])
                        for item in job["input_specs"]}
        outputs = flatten_outputs(build(dict(placeholders), mode), mode, WorkerError)
        variables = tf.compat.v1.global_variables()
        used_names.update(_check_graph_names(variables, job["checkpoint"]))
        saver = tf.compat.v1.train.Saver(var_list=variables) if variables else None
        local_init = tf.compat.v1.local_variables_initializer()
        config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
        with tf.compat.v1.Session(graph=graph, config=config) as session:
            if saver is not None:
                saver.restore(session, job["checkpoint"])
            session.run(local_init)
            feed = {placeholders[name]: value for name, value in arrays.items() if name in placeholders}
            return session.run(outputs, feed_dict=feed)


def _check_graph_names(variables, checkpoint) -> set[str]:
    """The graph's variable names, each of which must be in the checkpoint (the checkpoint holds every
    mode's variables: coverage over all modes is checked by :func:`_check_coverage`)."""
    in_graph = {variable.op.name for variable in variables}
    missing = sorted(in_graph - _checkpoint_names(checkpoint))
    if missing:
        raise WorkerError(f"the rewritten graph has variable(s) the TF1 checkpoint does not ({len(missing)}): "
                          f"{', '.join(missing)}")
    return in_graph


def _checkpoint_names(checkpoint) -> set[str]:
    import tensorflow as tf

    if checkpoint is None:  # the original created no variables
        return set()
    return {name for name, _ in tf.train.list_variables(checkpoint)}


def _check_coverage(used: set[str], checkpoint) -> str | None:
    unused = sorted(_checkpoint_names(checkpoint) - used)
    if unused:
        return (f"the TF1 checkpoint has variable(s) no mode of the rewritten model created ({len(unused)}): "
                f"{', '.join(unused)}")
    return None


# -- eager mode ---------------------------------------------------------------------------------
def _run_eager_mode(build, arrays, job, mode, used_names: set[str]):
    import tensorflow as tf

    from tf_seq2seq_migrate.checkpoints import CheckpointError, model_variables, restore_tf1_checkpoint, tf1_name_map

    with _on_device(job["device"]):
        tensors = {name: tf.constant(value) for name, value in arrays.items()}
        created, creation_names = [], []

        def capture(next_creator, **kwargs):
            variable = next_creator(**kwargs)
            created.append(variable)
            creation_names.append(kwargs.get("name"))
            return variable

        with _fresh_build(job["seed"]) as get_variable_store, tf.variable_creator_scope(capture):
            build(dict(tensors), mode)
        _name_get_variable_weights(get_variable_store.variables())
        holder = tf.Module()
        holder.created = list(created)
        model_names = set(tf1_name_map(model_variables({"model": holder})))
        used_names.update(model_names)
        # Checkpoint names of other modes may stay unused here; every model variable must still map.
        other_modes = sorted(_checkpoint_names(job["checkpoint"]) - model_names)
        if created:
            if job["checkpoint"] is None:
                raise WorkerError("the rewritten model creates variables but the original created none")
            try:
                restore_tf1_checkpoint(job["checkpoint"], {"model": holder}, allow_missing=other_modes)
            except CheckpointError as error:
                # the loader's hints name convert-checkpoint's options, which validate does not have
                reason = "\n".join(line for line in str(error).splitlines() if not line.startswith("pass --"))
                raise WorkerError(f"the TF1 checkpoint does not load into the eager model: {reason}") from None

        replay = iter(zip(created, creation_names))

        def reuse(next_creator, **kwargs):
            try:
                variable, name = next(replay)
            except StopIteration:
                raise WorkerError("build() created more variables on its second call than on its first; "
                                  "validate needs a build that creates the same variables each call") from None
            if name != kwargs.get("name"):
                raise WorkerError(f"build() created variable {kwargs.get('name')!r} where its first call created "
                                  f"{name!r}; validate needs a build that creates the same variables each call")
            return variable

        with _fresh_build(job["seed"]), tf.variable_creator_scope(reuse):
            outputs = flatten_outputs(build(dict(tensors), mode), mode, WorkerError)
        return {name: value.numpy() if hasattr(value, "numpy") else value for name, value in outputs.items()}


@contextlib.contextmanager
def _fresh_build(seed: int):
    """Each eager build starts like a fresh TF1 program: same seed, scope names, empty variable stores."""
    import tensorflow as tf
    from tensorflow.python.ops.variable_scope import EagerVariableStore

    from tf_seq2seq_migrate.checkpoints import fresh_tf1_scope_names
    from tf_seq2seq_migrate.runtime.legacy_seq2seq import LegacyVariableStore

    tf.random.set_seed(seed)
    store = EagerVariableStore()
    with fresh_tf1_scope_names(), store.as_default(), LegacyVariableStore().as_default():
        yield store


def _name_get_variable_weights(variables) -> None:
    """``tf.compat.v1.get_variable`` eagerly names its variable exactly as TF1 did (``scope/name``); give
    the runtime's name map that name, so these weights load by TF1 name like the runtime's own."""
    from tf_seq2seq_migrate.runtime import base_layer

    for variable in variables:
        if base_layer.tf1_name(variable) is None:
            name = variable.name[:-2] if variable.name.endswith(":0") else variable.name
            base_layer._record(variable, name)  # noqa: SLF001 - the runtime's registry has no public setter


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
