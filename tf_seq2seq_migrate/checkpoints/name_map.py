"""The model side of a conversion: which variables a model owns and the TF1 name each stands for.

The runtime records, for every variable it creates eagerly, the name TF1 would have given it
(:func:`tf_seq2seq_migrate.runtime.base_layer.tf1_name`); that record is the whole name map.
"""

from __future__ import annotations

from typing import Any

__all__ = ["model_variables", "tf1_name_map", "display_name", "as_trackable_root"]


def as_trackable_root(named_objects: dict[str, Any]):
    """A trackable with each model object as an attribute, so the objects can be walked and saved together."""
    import tensorflow as tf

    root = tf.__internal__.tracking.AutoTrackable()
    for name, obj in named_objects.items():
        setattr(root, name, obj)
    return root


def model_variables(named_objects: dict[str, Any]) -> list:
    """Every variable reachable from the model objects, each once, in breadth-first discovery order."""
    import keras
    import tensorflow as tf

    from tf_seq2seq_migrate.runtime.checkpoint import list_objects

    found, seen = [], set()
    for obj in list_objects(as_trackable_root(named_objects)):
        if isinstance(obj, (tf.Variable, keras.Variable)):
            key = id(_backing(obj))
            if key not in seen:
                seen.add(key)
                found.append(obj)
    return found


def tf1_name_map(variables) -> dict[str, Any]:
    """``{tf1_name: variable}`` for the variables the runtime created (others have no TF1 name)."""
    from tf_seq2seq_migrate.runtime.base_layer import tf1_name

    mapping = {}
    for variable in variables:
        name = tf1_name(variable)
        if name is not None:
            if name in mapping:
                raise ValueError(f"two model variables map onto the TF1 name {name!r}")
            mapping[name] = variable
    return mapping


def display_name(variable) -> str:
    """How a model variable is named in messages: its TF1 name, else its Keras path, else its TF name."""
    from tf_seq2seq_migrate.runtime.base_layer import tf1_name

    name = tf1_name(variable) or getattr(variable, "path", None) or variable.name
    return name[:-2] if name.endswith(":0") else name


def _backing(variable):
    return getattr(variable, "value", variable) if not hasattr(variable, "ref") else variable
