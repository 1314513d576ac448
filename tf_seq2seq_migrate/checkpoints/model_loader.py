"""``--model MODULE:FUNCTION``: build the eager runtime model whose variables a checkpoint fills.

Contract for the function: it takes no arguments, runs eagerly, and returns the model object (a Keras
layer or model, a runtime cell, a ``tf.Module``, any trackable) or a dict / list / tuple of them. All
variables must exist when it returns: Keras and the runtime create weights on the first call, so the
function calls the model once on dummy inputs of the right feature sizes (batch and time sizes do not
matter). In the converted checkpoint a single object is saved as ``model``, a dict under its keys and a
list or tuple as ``model_0``, ``model_1``, ...; restore it with the same layout, e.g.
``tf.train.Checkpoint(model=build()).restore(tf.train.latest_checkpoint(output_dir))``.

``MODULE`` is a dotted module name importable from the current directory, or a path to a ``.py`` file.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
from typing import Any

from tf_seq2seq_migrate.checkpoints.errors import CheckpointError

__all__ = ["load_model", "fresh_tf1_scope_names"]


def load_model(spec: str) -> dict[str, Any]:
    """Call the function ``spec`` names and return its model objects by checkpoint name."""
    module_name, _, function_name = spec.rpartition(":")
    if not module_name or not function_name:
        raise CheckpointError(f"--model must be MODULE:FUNCTION or path/to/file.py:FUNCTION (got {spec!r})")
    module = _import(module_name)
    function = getattr(module, function_name, None)
    if not callable(function):
        raise CheckpointError(f"model module {module_name!r} has no function {function_name!r}")
    import tensorflow as tf

    if not tf.executing_eagerly():
        raise CheckpointError("the model function must run eagerly (not inside a tf.compat.v1 graph)")
    try:
        with fresh_tf1_scope_names():
            built = function()
    except Exception as error:
        raise CheckpointError(f"model function {spec} failed: {type(error).__name__}: {error}") from error
    return _named_objects(built, spec)


# The tf.compat.v1 collection holding the variable-scope store (scope use counts) of the eager context.
_VARIABLE_SCOPE_STORE_KEY = ("__varscope",)


@contextlib.contextmanager
def fresh_tf1_scope_names():
    """Build with the variable-scope use counts of a fresh program.

    Eagerly, TF1 scope names are uniquified against everything built earlier in the process (a second
    top-level ``proj`` layer becomes ``proj_1``), so a model built after others would not get the names
    its TF1 program had. TF keeps the counts in a collection of the eager context; an empty collection
    makes it start a new store, and the old one is put back afterwards.
    """
    import tensorflow as tf

    store = tf.compat.v1.get_collection_ref(_VARIABLE_SCOPE_STORE_KEY)
    saved = list(store)
    store[:] = []
    try:
        yield
    finally:
        store[:] = saved


def _import(module_name: str):
    try:
        if module_name.endswith(".py"):
            if not os.path.isfile(module_name):
                raise CheckpointError(f"model file not found: {module_name}")
            unique = "_tf_migrate_model_" + os.path.splitext(os.path.basename(module_name))[0]
            spec = importlib.util.spec_from_file_location(unique, module_name)
            module = importlib.util.module_from_spec(spec)
            sys.modules[unique] = module
            spec.loader.exec_module(module)
            return module
        if os.getcwd() not in sys.path and "" not in sys.path:
            sys.path.insert(0, os.getcwd())
        return importlib.import_module(module_name)
    except CheckpointError:
        raise
    except Exception as error:
        raise CheckpointError(f"cannot import model module {module_name!r}: {type(error).__name__}: {error}") from error


def _named_objects(built, spec: str) -> dict[str, Any]:
    import tensorflow as tf

    if isinstance(built, dict):
        named = {str(key): value for key, value in built.items()}
    elif isinstance(built, (list, tuple)):
        named = {f"model_{index}": value for index, value in enumerate(built)}
    else:
        named = {"model": built}
    for name, value in named.items():
        if not isinstance(value, tf.__internal__.tracking.Trackable):
            raise CheckpointError(f"model function {spec} returned {type(value).__name__} for {name!r}; expected a "
                                  "trackable model object (Keras layer, runtime cell, tf.Module) or a dict, list or "
                                  "tuple of them")
    if not named:
        raise CheckpointError(f"model function {spec} returned no model objects")
    return named
