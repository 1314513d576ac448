"""TF 1.15's ``arg_scope`` / ``add_arg_scope`` (``tf.contrib.framework``, re-exported by ``tf.contrib.slim``).

Pure Python, as in TF1: ``with arg_scope([fully_connected, conv2d], weights_regularizer=reg):`` makes those
keyword arguments the defaults of every call to the listed functions inside the block (arguments the call
passes itself win; nested scopes add to or override the outer ones). Only functions decorated with
:func:`add_arg_scope` can be listed; the runtime decorates the ones TF1 did (contrib_layers'
``fully_connected``, ``conv2d`` / ``convolution2d``, ``batch_norm``, ``layer_norm``, ``dropout``,
``flatten``, ``one_hot_encoding``; contrib_framework's ``variable`` and ``model_variable``), and user
code may decorate its own. Like TF1's, the stack of scopes is one per process.
"""

from __future__ import annotations

import contextlib
import functools
import inspect

__all__ = ["arg_scope", "add_arg_scope", "current_arg_scope", "has_arg_scope", "arg_scoped_arguments"]

_ARG_STACK: list[dict] = [{}]
# key of a decorated function -> the names of its keyword parameters
_DECORATED: dict[tuple, tuple[str, ...]] = {}


def _key(op) -> tuple:
    """The scope key of a function: its decorated original's module and name (TF1 keyed by the original too)."""
    found = getattr(op, "_arg_scope_key", None)
    return found if found is not None else (getattr(op, "__module__", None), getattr(op, "__qualname__", repr(op)))


def current_arg_scope() -> dict:
    """The innermost scope: ``{function key: {keyword: default}}`` (can be re-entered with ``arg_scope(scope)``)."""
    return _ARG_STACK[-1]


def has_arg_scope(func) -> bool:
    """Whether ``func`` was decorated with :func:`add_arg_scope`."""
    return getattr(func, "_arg_scope_key", None) in _DECORATED


def arg_scoped_arguments(func) -> tuple[str, ...]:
    """The keyword parameters of a decorated function (those an ``arg_scope`` can set)."""
    assert has_arg_scope(func)
    return _DECORATED[_key(func)]


def add_arg_scope(func):
    """Decorate ``func`` so that calls take their missing keyword arguments from the enclosing ``arg_scope``."""
    key = (func.__module__, func.__qualname__)
    parameters = inspect.signature(func).parameters.values()
    _DECORATED[key] = tuple(p.name for p in parameters if p.default is not inspect.Parameter.empty)

    @functools.wraps(func)
    def with_scoped_arguments(*args, **kwargs):
        scoped = current_arg_scope().get(key)
        if scoped:
            kwargs = {**scoped, **kwargs}
        return func(*args, **kwargs)

    with_scoped_arguments._arg_scope_key = key
    return with_scoped_arguments


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """Set default keyword arguments for the listed decorated functions, or re-enter a scope (a dict that an
    earlier ``arg_scope`` yielded; no keyword arguments then)."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must be empty.")
        scope = list_ops_or_scope.copy()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict)")
        scope = current_arg_scope().copy()
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                # TF1 passed the name as a second exception argument instead of formatting it in; kept.
                raise ValueError("%s is not decorated with @add_arg_scope",
                                 (getattr(op, "__module__", None), getattr(op, "__name__", repr(op))))
            key = _key(op)
            scope[key] = {**scope.get(key, {}), **kwargs}
    _ARG_STACK.append(scope)
    try:
        yield scope
    finally:
        _ARG_STACK.pop()
