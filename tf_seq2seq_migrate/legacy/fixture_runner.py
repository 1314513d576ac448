"""The child-process side of ``run_original``: build a TF1 model under the emulation, run it, record it.

Reads a job file written by :mod:`tf_seq2seq_migrate.legacy.api` (the fields are documented there) and,
for each mode in order, in a fresh graph seeded with ``tf.set_random_seed(seed)``:

1. creates one placeholder per input (dtype of the array, shape with ``None`` on dynamic axes) and calls
   ``build(inputs, mode)`` of the user's module (imported under the emulation, so its
   ``import tensorflow as tf`` is TF1);
2. initialises the variables: from the user's TF1 checkpoint when one is given (every variable must
   be in it), otherwise from the seed; a variable an earlier mode already created takes that mode's
   value, so every mode computes with the same weights;
3. feeds the inputs and writes every output (nested outputs flattened to ``key/field`` names) to
   ``original_<mode>.npz``.

Finally it saves all variables met in any mode as one TF1 name-based checkpoint ``tf1/model.ckpt`` and
writes ``manifest.json``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
import time

import numpy as np

from tf_seq2seq_migrate.legacy.api import EXIT_NO_GPU
from tf_seq2seq_migrate.legacy.bootstrap import install
from tf_seq2seq_migrate.validate.spec import flatten_outputs

__all__ = ["run_job_file", "EXIT_NO_GPU"]

MANIFEST = "manifest.json"
CHECKPOINT = os.path.join("tf1", "model.ckpt")


def run_job_file(job_path: str) -> int:
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    install()
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if job["device"] == "gpu":
        if not gpus:
            sys.stderr.write("tf_seq2seq_migrate.legacy: device 'gpu' requested but TensorFlow sees no GPU\n")
            return EXIT_NO_GPU
        # Full float32 matmuls, so that GPU numbers are comparable within the fixture's tolerance.
        tf.config.experimental.enable_tensor_float_32_execution(False)
    manifest = _run(job, tf)
    with open(os.path.join(job["out_dir"], MANIFEST), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
    return 0


def _import_model(model_path: str):
    model_dir = os.path.dirname(os.path.abspath(model_path))
    if model_dir not in sys.path:
        sys.path.insert(0, model_dir)  # the model's own helper modules import as they did in TF1
    spec = importlib.util.spec_from_file_location("tf1_original_model", model_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _seed_everything(tf, seed: int) -> None:
    tf.compat.v1.set_random_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def _run(job: dict, tf) -> dict:
    started = time.perf_counter()
    build = getattr(_import_model(job["model_path"]), job["function"])
    with np.load(job["inputs_npz"]) as data:
        arrays = {name: data[name] for name in data.files}
    placeholder_shapes = {spec["name"]: spec["placeholder_shape"] for spec in job.get("input_specs", [])}
    values: dict[str, np.ndarray] = {}  # TF1 variable name -> value, over all modes
    outputs_manifest: dict[str, list] = {}
    for mode in job["modes"]:
        graph = tf.Graph()
        with graph.as_default():
            _seed_everything(tf, job["seed"])
            placeholders = {
                name: tf.compat.v1.placeholder(tf.as_dtype(array.dtype),
                                               placeholder_shapes.get(name, list(array.shape)), name=name)
                for name, array in arrays.items()}
            built = build(dict(placeholders), mode)
            fetches = flatten_outputs(built, mode)
            variables = tf.compat.v1.global_variables()
            with tf.compat.v1.Session(graph=graph, config=_session_config(tf)) as session:
                session.run([tf.compat.v1.global_variables_initializer(),
                             tf.compat.v1.local_variables_initializer(), tf.compat.v1.tables_initializer()])
                if job.get("checkpoint"):
                    _restore_user_checkpoint(tf, session, variables, job["checkpoint"])
                else:
                    _load_known_values(session, variables, values)
                for variable, value in zip(variables, session.run(variables)):
                    values.setdefault(_plain_name(variable), value)
                results = session.run(fetches, {placeholders[name]: array for name, array in arrays.items()})
        results = {name: np.asarray(value) for name, value in results.items()}
        np.savez(os.path.join(job["out_dir"], f"original_{mode}.npz"), **results)
        outputs_manifest[mode] = [{"name": name, "dtype": str(value.dtype), "shape": list(value.shape)}
                                  for name, value in results.items()]
    if values:
        _save_checkpoint(tf, values, os.path.join(job["out_dir"], CHECKPOINT))
    return {
        "model": os.path.abspath(job["model_path"]),
        "function": job["function"],
        "modes": list(job["modes"]),
        "seed": job["seed"],
        "device": job["device"],
        "gpus": [gpu.name for gpu in tf.config.list_physical_devices("GPU")],
        "tensorflow_version": tf.__version__,
        "restored_from": job.get("checkpoint"),
        "inputs": os.path.basename(job["inputs_npz"]),
        "checkpoint": CHECKPOINT if values else None,
        "outputs": outputs_manifest,
        "variables": [{"name": name, "dtype": str(value.dtype), "shape": list(value.shape)}
                      for name, value in sorted(values.items())],
        "seconds": round(time.perf_counter() - started, 3),
    }


def _session_config(tf):
    return tf.compat.v1.ConfigProto(allow_soft_placement=True)


def _plain_name(variable) -> str:
    name = variable.name
    return name[:-2] if name.endswith(":0") else name


def _restore_user_checkpoint(tf, session, variables, checkpoint: str) -> None:
    reader = tf.train.load_checkpoint(checkpoint)
    stored = reader.get_variable_to_shape_map()
    missing = [_plain_name(v) for v in variables if _plain_name(v) not in stored]
    if missing:
        raise KeyError(f"the TF1 checkpoint {checkpoint} lacks {len(missing)} variable(s) of the model: "
                       f"{', '.join(missing[:20])}")
    tf.compat.v1.train.Saver(var_list=variables).restore(session, checkpoint)


def _load_known_values(session, variables, values: dict) -> None:
    for variable in variables:
        value = values.get(_plain_name(variable))
        if value is None:
            continue
        if tuple(value.shape) != tuple(variable.shape.as_list()):
            raise ValueError(f"variable {_plain_name(variable)} has shape {variable.shape.as_list()} in this mode "
                             f"but {list(value.shape)} in an earlier one")
        variable.load(value, session)


def _save_checkpoint(tf, values: dict, prefix: str) -> None:
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    with tf.Graph().as_default():
        variables = {name: tf.compat.v1.Variable(value, name=name.replace(":", "_"), trainable=False)
                     for name, value in values.items()}
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            tf.compat.v1.train.Saver(var_list=variables, write_version=tf.compat.v1.train.SaverDef.V2).save(
                session, prefix, write_meta_graph=False, write_state=True)
