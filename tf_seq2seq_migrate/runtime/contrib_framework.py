"""TF 1.15's ``tf.contrib.framework`` variable helpers (also re-exported by ``tf.contrib.slim``), on TF2.

``from tf_seq2seq_migrate.runtime import contrib_framework`` replaces ``tf.contrib.framework`` /
``slim`` for ``variable``, ``model_variable``, ``get_variables``, ``get_model_variables``,
``get_trainable_variables``, ``get_variables_by_name``, ``get_variables_to_restore`` and
``assign_from_checkpoint_fn`` (a ``tf.compat.v1`` graph only), with TF 1.15's
signatures, collections and messages, and re-exports ``arg_scope`` / ``add_arg_scope``
(:mod:`tf_seq2seq_migrate.runtime.contrib_arg_scope`).

* In a ``tf.compat.v1`` graph the variables are ``tf.compat.v1.get_variable``'s and the lookups read the
  graph's collections (``get_collection(collection, scope)``, the scope being a regular expression
  matched at the start of the name), exactly as in TF1.
* Eagerly and inside ``tf.function`` the variables live in legacy_seq2seq's variable store under their full
  TF1 names (as the runtime's contrib.layers functions keep theirs), and the lookups match those names:
  GLOBAL_VARIABLES is every variable of the store, TRAINABLE_VARIABLES its trainable ones, and any other
  collection (MODEL_VARIABLES, ``collections=[...]``) the process-wide collection the variable was added to.
"""

from __future__ import annotations

import contextlib
import logging
import re

import tensorflow as tf

from tf_seq2seq_migrate.runtime.base_layer import in_v1_graph
from tf_seq2seq_migrate.runtime.contrib_arg_scope import (
    add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope, has_arg_scope)
from tf_seq2seq_migrate.runtime.contrib_layers import _eager_variable
from tf_seq2seq_migrate.runtime.legacy_seq2seq.variables import get_variable_store

__all__ = [
    "variable", "model_variable", "get_variables", "get_model_variables", "get_trainable_variables",
    "get_variables_by_name", "get_variables_to_restore", "assign_from_checkpoint_fn", "arg_scope", "add_arg_scope", "current_arg_scope",
    "has_arg_scope", "arg_scoped_arguments",
]  # fmt: skip

_GraphKeys = tf.compat.v1.GraphKeys
_AUTO = tf.VariableSynchronization.AUTO
_NO_AGGREGATION = tf.VariableAggregation.NONE


@add_arg_scope
def variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True, collections=None,
             caching_device=None, device=None, partitioner=None, custom_getter=None, use_resource=None,
             synchronization=_AUTO, aggregation=_NO_AGGREGATION):
    """``get_variable(name, ...)`` in the current variable scope, listed in ``collections`` (default
    GLOBAL_VARIABLES; TRAINABLE_VARIABLES too when trainable), on ``device`` when given."""
    collections = list(dict.fromkeys(collections if collections is not None else [_GraphKeys.GLOBAL_VARIABLES]))
    with tf.device(device) if device is not None else contextlib.nullcontext():
        if in_v1_graph():
            return tf.compat.v1.get_variable(
                name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                trainable=trainable, collections=collections, caching_device=caching_device,
                partitioner=partitioner, custom_getter=custom_getter, use_resource=use_resource,
                synchronization=synchronization, aggregation=aggregation)
        for argument, value in (("partitioner", partitioner), ("custom_getter", custom_getter)):
            if value is not None:
                raise NotImplementedError(f"variable({argument}=...) works only in a tf.compat.v1 graph; "
                                          "eagerly tf-migrate's runtime creates whole, uncustomized variables.")
        return _eager_variable(name, shape, dtype, initializer, regularizer, trainable, collections)


@add_arg_scope
def model_variable(name, shape=None, dtype=tf.float32, initializer=None, regularizer=None, trainable=True,
                   collections=None, caching_device=None, device=None, partitioner=None, custom_getter=None,
                   use_resource=None, synchronization=_AUTO, aggregation=_NO_AGGREGATION):
    """:func:`variable` also listed in MODEL_VARIABLES (what ``get_model_variables`` and checkpoints of the
    model's own weights read)."""
    collections = list(collections or []) + [_GraphKeys.GLOBAL_VARIABLES, _GraphKeys.MODEL_VARIABLES]
    return variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                    trainable=trainable, collections=collections, caching_device=caching_device, device=device,
                    partitioner=partitioner, custom_getter=custom_getter, use_resource=use_resource,
                    synchronization=synchronization, aggregation=aggregation)


def get_variables(scope=None, suffix=None, collection=_GraphKeys.GLOBAL_VARIABLES):
    """The variables of ``collection`` whose name matches ``scope`` (a regular expression, or a
    ``VariableScope``) at its start, and ending in ``suffix`` when given."""
    if isinstance(scope, tf.compat.v1.VariableScope):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    if in_v1_graph():
        return tf.compat.v1.get_collection(collection, scope)
    with tf.init_scope():
        named = get_variable_store().tf1_variables
        tf1_name_of = {id(var): name for name, var in named.items()}
        if collection == _GraphKeys.GLOBAL_VARIABLES:
            candidates = list(named.values())
        elif collection == _GraphKeys.TRAINABLE_VARIABLES:
            candidates = [var for var in named.values() if var.trainable]
        else:
            candidates = [var for var in tf.compat.v1.get_collection(collection) if isinstance(var, tf.Variable)
                          or hasattr(var, "assign")]
    found = []
    for var in candidates:
        name = tf1_name_of.get(id(var), var.name.split(":")[0]) + ":0"
        if scope is None or re.match(scope, name):
            found.append(var)
    return found


def get_model_variables(scope=None, suffix=None):
    """:func:`get_variables` of the MODEL_VARIABLES collection."""
    return get_variables(scope, suffix, _GraphKeys.MODEL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
    """:func:`get_variables` of the TRAINABLE_VARIABLES collection."""
    return get_variables(scope, suffix, _GraphKeys.TRAINABLE_VARIABLES)


def get_variables_by_name(given_name, scope=None):
    """The global variables whose (last) name is ``given_name``, optionally under ``scope``."""
    return get_variables(scope=scope, suffix=given_name)


def get_variables_to_restore(include=None, exclude=None):
    """The global variables under the scopes in ``include`` (default: all of them), minus those under a scope
    in ``exclude``, in collection order (compared by identity; what a Saver for a partial restore is built from)."""
    if include is None:
        to_include = get_variables()
    else:
        if not isinstance(include, (list, tuple)):
            raise TypeError("include is provided but is not a list or a tuple.")
        to_include = [var for scope in include for var in get_variables(scope)]
    excluded = set()
    if exclude is not None:
        if not isinstance(exclude, (list, tuple)):
            raise TypeError("exclude is provided but is not a list or a tuple.")
        excluded = {id(var) for scope in exclude for var in get_variables(scope)}
    return [var for var in to_include if id(var) not in excluded]


def assign_from_checkpoint_fn(model_path, var_list, ignore_missing_vars=False, reshape_variables=False):
    """A ``callback(session)`` restoring ``var_list`` (variables, or a dict ``{checkpoint name: variable}``) from
    ``model_path`` with a ``tf.compat.v1.train.Saver``; with ``ignore_missing_vars`` the names the checkpoint
    lacks are skipped with a warning, and None is returned (with a warning) when nothing is left."""
    if not var_list:
        raise ValueError("var_list cannot be empty")
    if not in_v1_graph():
        raise RuntimeError("assign_from_checkpoint_fn restores with a tf.compat.v1.train.Saver into a Session and "
                           "works only in a tf.compat.v1 graph; eagerly use "
                           "tf_seq2seq_migrate.checkpoints.restore_tf1_checkpoint instead.")
    if ignore_missing_vars:
        reader = tf.train.load_checkpoint(model_path)
        by_name = var_list if isinstance(var_list, dict) else {var.op.name: var for var in var_list}
        available = {}
        for name, var in by_name.items():
            if reader.has_tensor(name):
                available[name] = var
            else:
                logging.warning("Variable %s missing in checkpoint %s", name, model_path)
        var_list = available
    if not var_list:
        logging.warning("No Variables to restore")
        return None
    saver = tf.compat.v1.train.Saver(var_list, reshape=reshape_variables)

    def callback(session):
        saver.restore(session, model_path)

    return callback
