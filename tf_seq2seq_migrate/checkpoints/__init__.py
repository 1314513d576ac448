"""TF1 name-based checkpoints: inspection, loading into the eager runtime, conversion to TF2 checkpoints.

Importing this package does not import TensorFlow (the CLI registers :mod:`.command` at start-up);
the functions below import it when called.
"""

import importlib

__all__ = ["CheckpointError", "inspect", "resolve_checkpoint", "tf1_name_map", "model_variables",
           "restore_tf1_checkpoint", "convert_checkpoint", "modern_name", "load_model", "fresh_tf1_scope_names"]

_HOMES = {
    "CheckpointError": "errors",
    "inspect": "reader",
    "resolve_checkpoint": "reader",
    "tf1_name_map": "name_map",
    "model_variables": "name_map",
    "restore_tf1_checkpoint": "restore",
    "convert_checkpoint": "convert",
    "modern_name": "legacy_names",
    "load_model": "model_loader",
    "fresh_tf1_scope_names": "model_loader",
}


def __getattr__(name):
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
