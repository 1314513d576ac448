"""TF 1.15's ``tf.contrib.training.HParams`` (and its ``parse_values``) as plain Python.

TF1 NMT projects (tensorflow/nmt, Tacotron, OpenNMT-style code) keep every hyperparameter in an
``HParams`` object, fill it from a ``--hparams=a=1,b=[2,3]`` flag or a JSON file, and read it back with
``hparams.x`` / ``values()`` / ``to_json()``. TF 2 has no home for it (``tf.contrib`` is gone), so the
runtime carries it with TF 1.15's behaviour: the same constructor, the same type rules when a value is
set (an int parameter refuses a float, a float one accepts an int, a parameter created from ``None``
accepts anything), the same ``parse`` syntax and the same error messages.

Not ported: the ``HParamDef`` protocol buffer (``hparam_def=``, ``to_proto``, ``from_proto``); its proto
module was part of contrib. ``to_json`` / ``parse_json`` carry the same information.
"""

from __future__ import annotations

import json
import numbers
import re
import warnings

__all__ = ["HParams", "parse_values"]

# One ``name[index]=value`` or ``name=[v1,v2]`` clause of a parse() string, followed by the end of the
# string or a comma. A scalar value stops at a comma or '['; a list runs to the first ']'.
_CLAUSE = re.compile(
    r"(?P<name>[a-zA-Z][\w.]*)"
    r"(?:\[\s*(?P<index>\d+)\s*\])?"
    r"\s*=\s*"
    r"(?:(?P<val>[^,\[]*)|\[(?P<vals>[^\]]*)\])"
    r"(?:$|,\s*)"
)

_PROTO_NOT_PORTED = (
    "HParamDef protocol buffers are not supported by tf_seq2seq_migrate.runtime.hparams (the proto "
    "module was part of tf.contrib): build HParams from keyword arguments and use to_json()/parse_json()."
)


def _parse_error(name, var_type, value, values):
    return ValueError("Could not parse hparam '%s' of type '%s' with value '%s' in %s"
                      % (name, var_type.__name__, value, values))


def _reuse_error(name, values):
    return ValueError("Multiple assignments to variable '%s' in %s" % (name, values))


def _value_parser(name, type_, values):
    """The function turning one token of ``values`` into a ``type_`` value; booleans take
    true/True/false/False or an integer (0 is False)."""
    if type_ != bool:
        return type_

    def parse_bool(token):
        if token in ("true", "True"):
            return True
        if token in ("false", "False"):
            return False
        try:
            return bool(int(token))
        except ValueError:
            raise _parse_error(name, type_, token, values) from None

    return parse_bool


def _assign_scalar(results, name, index, token, parse, type_, values):
    try:
        parsed = parse(token)
    except ValueError:
        raise _parse_error(name, type_, token, values) from None
    if index is None:
        if name in results:
            raise _reuse_error(name, values)
        results[name] = parsed
        return
    # An indexed assignment collects {index: value}; a name already bound to a whole value clashes.
    by_index = results.setdefault(name, {})
    if not isinstance(by_index, dict):
        raise _reuse_error(name, values)
    position = int(index)
    if position in by_index:
        raise _reuse_error("{}[{}]".format(name, position), values)
    by_index[position] = parsed


def _assign_list(results, name, index, tokens, parse, type_, values):
    if index is not None:
        raise ValueError("Assignment of a list to a list index.")
    if name in results:
        raise _reuse_error(name, values)
    try:
        results[name] = [parse(token) for token in re.split("[ ,]", tokens) if token]
    except ValueError:
        raise _parse_error(name, type_, tokens, values) from None


def parse_values(values, type_map, ignore_unknown=False):
    """Parse ``"a=1,b=[2,3],c[1]=x"`` into ``{'a': 1, 'b': [2, 3], 'c': {1: 'x'}}`` (TF 1.15's
    ``tf.contrib.training.parse_values``).

    ``type_map`` maps each name to the type of its value (of its elements for a list); a name missing
    from it raises ``ValueError('Unknown hyperparameter type for <name>')`` unless ``ignore_unknown``.
    Integers and floats take Python's literal syntax, booleans true/false/True/False or an integer,
    strings any characters but comma and '['. Assigning a name twice raises ValueError.
    """
    results = {}
    position = 0
    while position < len(values):
        match = _CLAUSE.match(values, position)
        if not match:
            raise ValueError("Malformed hyperparameter value: %s" % values[position:])
        position = match.end()
        name = match.group("name")
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError("Unknown hyperparameter type for %s" % name)
        type_ = type_map[name]
        parse = _value_parser(name, type_, values)
        index = match.group("index")
        if match.group("val") is not None:
            _assign_scalar(results, name, index, match.group("val"), parse, type_, values)
        elif match.group("vals") is not None:
            _assign_list(results, name, index, match.group("vals"), parse, type_, values)
        else:  # the pattern always binds one of the two; kept for the error TF1 would give
            raise _parse_error(name, type_, "", values)
    return results


def _cast_to_type_if_compatible(name, param_type, value):
    """``value`` as a ``param_type``, refusing the conversions TF1 refused: a non-string to a string,
    a bool to or from anything else, a non-integer to an integer, a non-number to a number."""
    fail = ValueError("Could not cast hparam '%s' of type '%s' from value %r" % (name, param_type, value))
    # An exact type match wins (isinstance would accept True for an int parameter).
    if type(value) == param_type:  # noqa: E721
        return value
    # A parameter created from None takes any value unchanged.
    if issubclass(param_type, type(None)):
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise fail
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise fail
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise fail
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise fail
    return param_type(value)


class HParams:
    """Named hyperparameters with types inferred from their first value (TF 1.15's
    ``tf.contrib.training.HParams``): ``HParams(learning_rate=0.1, layers=[512, 512])``, then
    ``hparams.learning_rate``, ``parse('learning_rate=0.3')``, ``to_json()``, ``values()``."""

    _HAS_DYNAMIC_ATTRIBUTES = True  # tells pytype the attributes are added at run time

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        # name -> (type of the value, or of the list's elements; whether it is a list)
        self._hparam_types = {}
        self._model_structure = model_structure
        if hparam_def:
            raise NotImplementedError(_PROTO_NOT_PORTED)
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        """Add a hyperparameter; its type (or its elements' type, for a non-empty list or tuple) is
        fixed from ``value``. Names of existing attributes (``parse``, ``values``, ...) are refused."""
        if getattr(self, name, None) is not None:
            raise ValueError("Hyperparameter name is reserved: %s" % name)
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError("Multi-valued hyperparameters cannot be empty: %s" % name)
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        """Set an existing hyperparameter, converting ``value`` to its type where TF1 allowed it
        (KeyError for an unknown name, ValueError for a type or list/scalar mismatch)."""
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError("Must not pass a list for single-valued parameter: %s" % name)
            setattr(self, name, [_cast_to_type_if_compatible(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError("Must pass a list for multi-valued parameter: %s." % name)
            setattr(self, name, _cast_to_type_if_compatible(name, param_type, value))

    def del_hparam(self, name):
        """Remove a hyperparameter; nothing happens when there is no attribute of that name."""
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values):
        """Override values from a ``"name=value,list=[1,2]"`` string (see ``parse_values``); returns self."""
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict):
        """``set_hparam`` for every item of ``values_dict``; returns self."""
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map):
        """Deprecated in TF1 for ``override_from_dict``, which it calls."""
        warnings.warn("HParams.set_from_map is deprecated: use override_from_dict.", DeprecationWarning,
                      stacklevel=2)
        return self.override_from_dict(values_dict=values_map)

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False):
        """``json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)``."""
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        """Override values from a JSON object string; returns self."""
        return self.override_from_dict(json.loads(values_json))

    def values(self):
        """The hyperparameters as a ``{name: value}`` dict, in the order they were added."""
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key, default=None):
        """The value of ``key``, or ``default`` when there is no such hyperparameter. A ``default``
        that could not be assigned to an existing hyperparameter raises ValueError."""
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_list = self._hparam_types[key]
            type_str = "list<%s>" % param_type if is_list else str(param_type)
            fail_msg = "Hparam '%s' of type '%s' is incompatible with default=%s" % (key, type_str, default)
            if is_list != isinstance(default, list):
                raise ValueError(fail_msg)
            try:
                for value in default if is_list else [default]:
                    _cast_to_type_if_compatible(key, param_type, value)
            except ValueError as error:
                raise ValueError("%s. %s" % (fail_msg, error)) from None
        return getattr(self, key)

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return ",".join("{}={}".format(name, value) for name, value in self.values().items())

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, str(sorted(self.values().items())))

    def to_proto(self, export_scope=None):
        raise NotImplementedError(_PROTO_NOT_PORTED)

    @staticmethod
    def from_proto(hparam_def, import_scope=None):
        raise NotImplementedError(_PROTO_NOT_PORTED)
