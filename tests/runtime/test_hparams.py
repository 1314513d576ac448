"""runtime.hparams against TF 1.15's documented HParams behaviour.

Expected values are restated from the TF 1.15 API documentation of tf.contrib.training.HParams /
parse_values and from the scenarios of TF 1.15's hparam_test.py (values written out here by hand); the
error messages are TF 1.15's. Pure Python: no TensorFlow is imported.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from tf_seq2seq_migrate.runtime.hparams import HParams, parse_values


def test_the_module_does_not_import_tensorflow():
    code = ("import sys, tf_seq2seq_migrate.runtime.hparams; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- construction, attributes, values, str/repr ------------------------------------------------------
def test_documented_example():
    hparams = HParams(learning_rate=0.1, num_hidden_units=100, activations=["relu", "tanh"])
    assert hparams.learning_rate == 0.1 and hparams.num_hidden_units == 100
    hparams.parse("learning_rate=0.3")
    assert hparams.learning_rate == 0.3
    assert hparams.activations == ["relu", "tanh"]
    hparams.parse_json('{"learning_rate": 0.5, "num_hidden_units": 7}')
    assert (hparams.learning_rate, hparams.num_hidden_units) == (0.5, 7)


def test_empty_hparams():
    hparams = HParams()
    assert hparams.values() == {}
    assert hparams.parse("") is hparams
    with pytest.raises(ValueError, match="^Unknown hyperparameter type for xyz$"):
        hparams.parse("xyz=123")


def test_values_repr_str_and_contains():
    hparams = HParams(zeta=1, b=2.0, c_c="relu6", d="/a/b=c/d")
    assert hparams.values() == {"zeta": 1, "b": 2.0, "c_c": "relu6", "d": "/a/b=c/d"}
    assert list(hparams.values()) == ["zeta", "b", "c_c", "d"]  # insertion order
    # repr sorts by name, str keeps the order of addition
    assert repr(hparams) == "HParams([('b', 2.0), ('c_c', 'relu6'), ('d', '/a/b=c/d'), ('zeta', 1)])"
    assert str(hparams) == "zeta=1,b=2.0,c_c=relu6,d=/a/b=c/d"
    assert "zeta" in hparams and "nope" not in hparams


def test_str_of_one_hparams_parses_into_another():
    source = HParams(a=1, b=[2.0, 3.0], c="relu6")
    target = HParams(a=4, b=[5.0, 6.0], c="relu10")
    target.parse(str(source))
    assert (target.a, target.b, target.c) == (1, [2.0, 3.0], "relu6")


def test_subclass_repr_uses_the_subclass_name():
    class ModelParams(HParams):
        pass

    assert repr(ModelParams(x=1)) == "ModelParams([('x', 1)])"


def test_reserved_and_empty_list_names():
    with pytest.raises(ValueError, match="^Hyperparameter name is reserved: parse$"):
        HParams(parse=1)
    hparams = HParams()
    with pytest.raises(ValueError, match="^Multi-valued hyperparameters cannot be empty: layers$"):
        hparams.add_hparam("layers", [])
    hparams.add_hparam("a.b", 0.0)  # dotted names are reachable through getattr only
    assert getattr(hparams, "a.b") == 0.0


def test_model_structure_round_trip():
    marker = object()
    hparams = HParams(model_structure=marker, x=1)
    assert hparams.get_model_structure() is marker
    hparams.set_model_structure("other")
    assert hparams.get_model_structure() == "other"
    assert hparams.values() == {"x": 1}


def test_deepcopy_keeps_types():
    hparams = HParams(x=1)
    clone = copy.deepcopy(hparams)
    clone.set_hparam("x", 5)
    assert (hparams.x, clone.x) == (1, 5)
    with pytest.raises(ValueError):
        clone.set_hparam("x", 1.5)


# -- parse ---------------------------------------------------------------------------------------------
def test_parse_scalars_sequence():
    hparams = HParams(aaa=1, b=2.0, c_c="relu6", d="/a/b=c/d")
    hparams.parse("aaa=12")
    assert hparams.values() == {"aaa": 12, "b": 2.0, "c_c": "relu6", "d": "/a/b=c/d"}
    hparams.parse("c_c=relu4, b=-2.0e10")
    assert (hparams.c_c, hparams.b) == ("relu4", -2.0e10)
    hparams.parse("c_c=,b=0,")  # an empty string; a trailing comma is allowed
    assert (hparams.c_c, hparams.b) == ("", 0.0) and type(hparams.b) is float
    hparams.parse('c_c=2.3",b=+2,')
    assert (hparams.c_c, hparams.b) == ('2.3"', 2.0)
    hparams.parse("b=1.5,d=/a=b/c/d,aaa=10,")  # '=' inside a string value
    assert hparams.values() == {"aaa": 10, "b": 1.5, "c_c": '2.3"', "d": "/a=b/c/d"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("x=123", "Unknown hyperparameter type for x"),
        ("aaa=poipoi", "Could not parse hparam 'aaa' of type 'int' with value 'poipoi' in aaa=poipoi"),
        ("aaa=1.0", "Could not parse hparam 'aaa' of type 'int' with value '1.0' in aaa=1.0"),
        ("b=12x", "Could not parse hparam 'b' of type 'float' with value '12x' in b=12x"),
        ("aaa=[123]", "Must not pass a list for single-valued parameter: aaa"),
        ("aaa=1,aaa=2", "Multiple assignments to variable 'aaa' in aaa=1,aaa=2"),
        # a scalar runs to the next comma, so ';' is part of the value
        ("aaa=1;b=2", "Could not parse hparam 'aaa' of type 'int' with value '1;b=2' in aaa=1;b=2"),
        ("b=2.0,aaa=[1,2", "Malformed hyperparameter value: aaa=[1,2"),
        ("=1", "Malformed hyperparameter value: =1"),
    ],
)
def test_parse_errors(text, message):
    hparams = HParams(aaa=10, b=1.5)
    with pytest.raises(ValueError) as error:
        hparams.parse(text)
    assert str(error.value) == message
    assert (hparams.aaa, hparams.b) == (10, 1.5)


@pytest.mark.parametrize("token, expected", [("true", True), ("True", True), ("1", True), ("false", False),
                                             ("False", False), ("0", False), ("7", True)])
@pytest.mark.parametrize("initial", [False, True])
def test_parse_booleans(token, expected, initial):
    hparams = HParams(use_gpu=initial)
    hparams.parse("use_gpu=" + token)
    assert hparams.use_gpu is expected


def test_parse_bad_boolean():
    with pytest.raises(ValueError) as error:
        HParams(use_gpu=True).parse("use_gpu=yep")
    assert str(error.value) == "Could not parse hparam 'use_gpu' of type 'bool' with value 'yep' in use_gpu=yep"


def test_parse_lists():
    hparams = HParams(aaa=[1], b=[2.0, 3.0], c_c=["relu6"])
    hparams.parse("aaa=[12,34,56]")
    assert hparams.aaa == [12, 34, 56]
    hparams.parse("c_c=[relu4,relu12],b=[1.0]")
    assert (hparams.c_c, hparams.b) == (["relu4", "relu12"], [1.0])
    hparams.parse("c_c=[],aaa=[-34]")  # an empty list is accepted by parse, unlike add_hparam
    assert (hparams.c_c, hparams.aaa) == ([], [-34])
    hparams.parse("c_c=[_12,3'4\"],aaa=[+3]")
    assert (hparams.c_c, hparams.aaa) == (["_12", "3'4\""], [3])
    hparams.parse("aaa=[1 2, 3]")  # elements split on spaces as well as commas
    assert hparams.aaa == [1, 2, 3]
    with pytest.raises(ValueError) as error:
        hparams.parse("aaa=[1.0]")
    assert str(error.value) == "Could not parse hparam 'aaa' of type 'int' with value '1.0' in aaa=[1.0]"
    with pytest.raises(ValueError, match=r"^Must pass a list for multi-valued parameter: aaa\.$"):
        hparams.parse("aaa=123")


def test_parse_dotted_names():
    hparams = HParams()
    hparams.add_hparam("a.b", 0.0)
    hparams.add_hparam("d..", 0.0)
    hparams.add_hparam("e.f", "")
    hparams.parse("a.b=1.0,d..=10.0,e.f=abc")
    assert (getattr(hparams, "a.b"), getattr(hparams, "d.."), getattr(hparams, "e.f")) == (1.0, 10.0, "abc")


def test_parse_indexed_assignment_reaches_set_hparam_as_a_dict():
    # TF 1.15's parse() hands the {index: value} dict of 'arr[1]=3' to set_hparam, which refuses it:
    # indexed assignment only ever worked through parse_values.
    hparams = HParams(arr=[1, 2, 3])
    with pytest.raises(ValueError, match=r"^Must pass a list for multi-valued parameter: arr\.$"):
        hparams.parse("arr[1]=3")


# -- parse_values --------------------------------------------------------------------------------------
def test_parse_values_documented_example():
    assert parse_values("x=5,L=[1,2],arr[1]=3", {"x": int, "L": int, "arr": int}) == {
        "x": 5, "L": [1, 2], "arr": {1: 3}}


def test_parse_values_index_assignments():
    assert parse_values("arr[0]=10,arr[5]=20", {"arr": int}) == {"arr": {0: 10, 5: 20}}
    assert parse_values("arr[0]=10,arr[1]=20,L[5]=100,L[10]=200", {"arr": int, "L": int}) == {
        "arr": {0: 10, 1: 20}, "L": {5: 100, 10: 200}}
    assert parse_values("a[0]=5,b[1]=true,c[2]=abc,d[3]=3.14", {"a": int, "b": bool, "c": str, "d": float}) == {
        "a": {0: 5}, "b": {1: True}, "c": {2: "abc"}, "d": {3: 3.14}}
    assert parse_values("arr[ 2 ] = 7", {"arr": int}) == {"arr": {2: 7}}


def test_parse_values_ignore_unknown():
    assert parse_values("arr[0]=10,C=5,arr[1]=20,B[0]=kkk,L[5]=100", {"arr": int, "L": int},
                        ignore_unknown=True) == {"arr": {0: 10, 1: 20}, "L": {5: 100}}
    assert parse_values("arr[1]=5", {}, ignore_unknown=True) == {}
    with pytest.raises(ValueError, match="^Unknown hyperparameter type for arr$"):
        parse_values("arr[1]=1", {"arr[1]": int})


@pytest.mark.parametrize(
    "text, message",
    [
        ("x=1,x=1", "Multiple assignments to variable 'x' in x=1,x=1"),
        ("arr=[100,200],arr[0]=10", "Multiple assignments to variable 'arr' in arr=[100,200],arr[0]=10"),
        ("arr[0]=10,arr[0]=20", "Multiple assignments to variable 'arr[0]' in arr[0]=10,arr[0]=20"),
        ("arr[0]=10,arr=[100]", "Multiple assignments to variable 'arr' in arr[0]=10,arr=[100]"),
        ("arr[1]=[1,2,3]", "Assignment of a list to a list index."),
    ],
)
def test_parse_values_errors(text, message):
    with pytest.raises(ValueError) as error:
        parse_values(text, {"x": int, "arr": int})
    assert str(error.value) == message


# -- set_hparam, override_from_dict, del_hparam --------------------------------------------------------
def test_set_hparam_and_override_from_dict():
    hparams = HParams(a=1, b=2.0, c="tanh", d=[0.5])
    assert hparams.override_from_dict({"a": -2, "c": "identity", "d": [0.1, 0.2]}) is hparams
    assert hparams.values() == {"a": -2, "b": 2.0, "c": "identity", "d": [0.1, 0.2]}
    hparams.set_hparam("b", 3)  # an int for a float parameter is converted
    assert hparams.b == 3.0 and type(hparams.b) is float
    with pytest.raises(KeyError):
        hparams.set_hparam("missing", 1)


def test_set_hparam_list_scalar_mismatch():
    hparams = HParams(a=1, b=[2.0, 3.0])
    with pytest.raises(ValueError, match="^Must not pass a list for single-valued parameter: a$"):
        hparams.set_hparam("a", [1.0])
    with pytest.raises(ValueError, match=r"^Must pass a list for multi-valued parameter: b\.$"):
        hparams.set_hparam("b", 1.0)


@pytest.mark.parametrize(
    "name, value",
    [("str_", 2.2), ("int_", False), ("bool_", 1), ("bool_", "true"), ("bool_", "False"), ("bool_", "0"),
     ("int_", 2.2), ("int_", "2"), ("float_", "1.5")],
)
def test_set_hparam_type_mismatches(name, value):
    hparams = HParams(int_=1, str_="str", bool_=True, float_=1.1)
    with pytest.raises(ValueError):
        hparams.set_hparam(name, value)


def test_set_hparam_messages_and_none_typed_parameters():
    hparams = HParams(int_=1, list_int=[1, 2], none=None)
    with pytest.raises(ValueError) as error:
        hparams.set_hparam("int_", 2.2)
    assert str(error.value) == "Could not cast hparam 'int_' of type '<class 'int'>' from value 2.2"
    with pytest.raises(ValueError) as error:
        hparams.set_hparam("list_int", [2, 3.3])
    assert str(error.value) == "Could not cast hparam 'list_int' of type '<class 'int'>' from value 3.3"
    hparams.set_hparam("none", "1")  # a parameter created from None takes anything, unconverted
    assert hparams.none == "1"


def test_set_hparam_keeps_objects_of_the_exact_type():
    class Context:
        def __init__(self, a):
            self.a = a

    hparams = HParams(x=Context(1))
    replacement = Context(2)
    hparams.set_hparam("x", replacement)
    assert hparams.x is replacement


def test_del_hparam_then_add_with_another_type():
    hparams = HParams(aaa=1, b=2.0)
    with pytest.raises(ValueError):
        hparams.set_hparam("aaa", "will fail")
    with pytest.raises(ValueError, match="^Hyperparameter name is reserved: aaa$"):
        hparams.add_hparam("aaa", "will fail")
    hparams.del_hparam("aaa")
    hparams.del_hparam("never_there")  # no error
    hparams.add_hparam("aaa", "will work")
    hparams.set_hparam("aaa", "still works")
    assert hparams.get("aaa") == "still works" and hparams.values() == {"b": 2.0, "aaa": "still works"}


def test_set_from_map_is_deprecated_override_from_dict():
    hparams = HParams(a=1)
    with pytest.warns(DeprecationWarning, match="override_from_dict"):
        assert hparams.set_from_map({"a": 4}) is hparams
    assert hparams.a == 4


# -- get -----------------------------------------------------------------------------------------------
def test_get_with_compatible_defaults():
    hparams = HParams(aaa=1, b=2.0, c_c="relu6", d=True, e=[5.0, 6.0])
    assert [hparams.get(k) for k in ("aaa", "b", "c_c", "d", "e")] == [1, 2.0, "relu6", True, [5.0, 6.0]]
    assert hparams.get("aaa", 2) == 1 and hparams.get("b", 3) == 2.0 and hparams.get("c_c", "x") == "relu6"
    assert hparams.get("d", True) is True and hparams.get("e", [1, 2, 3]) == [5.0, 6.0]
    assert hparams.get("unknown") is None and hparams.get("unknown", [1, 2, 3]) == [1, 2, 3]


@pytest.mark.parametrize("key, default", [("aaa", 2.0), ("b", False), ("c_c", [1, 2, 3]), ("d", "relu"),
                                          ("e", 123.0), ("e", ["a", "b", "c"])])
def test_get_with_incompatible_defaults(key, default):
    hparams = HParams(aaa=1, b=2.0, c_c="relu6", d=True, e=[5.0, 6.0])
    with pytest.raises(ValueError):
        hparams.get(key, default)


def test_get_messages():
    hparams = HParams(aaa=1, e=[5.0])
    with pytest.raises(ValueError) as error:
        hparams.get("aaa", 2.5)
    assert str(error.value) == ("Hparam 'aaa' of type '<class 'int'>' is incompatible with default=2.5. "
                                "Could not cast hparam 'aaa' of type '<class 'int'>' from value 2.5")
    with pytest.raises(ValueError) as error:
        hparams.get("e", 1.0)
    assert str(error.value) == "Hparam 'e' of type 'list<<class 'float'>>' is incompatible with default=1.0"


# -- JSON ----------------------------------------------------------------------------------------------
def test_json_round_trip_and_formatting():
    hparams = HParams(aaa=1, b=2.0, c_c="relu6", d=True)
    assert hparams.parse_json('{"aaa": 12, "b": 3.0, "c_c": "relu4", "d": false}') is hparams
    assert hparams.values() == {"aaa": 12, "b": 3.0, "c_c": "relu4", "d": False}
    other = HParams(aaa=10, b=20.0, c_c="hello", d=True)
    other.parse_json(hparams.to_json())
    assert other.values() == hparams.values()

    single = HParams(aaa=123)
    assert single.to_json() == '{"aaa": 123}'
    assert single.to_json(indent=2) == '{\n  "aaa": 123\n}'
    assert single.to_json(separators=(";", "=")) == '{"aaa"=123}'
    assert HParams(zz=1, b="hello", c_c=False).to_json(sort_keys=True) == '{"b": "hello", "c_c": false, "zz": 1}'
    assert json.loads(HParams(layers=[1, 2]).to_json()) == {"layers": [1, 2]}


def test_parse_json_checks_types():
    with pytest.raises(ValueError, match="Could not cast hparam 'aaa'"):
        HParams(aaa=1).parse_json('{"aaa": 1.5}')
    with pytest.raises(KeyError):
        HParams(aaa=1).parse_json('{"zzz": 1}')


# -- not ported ----------------------------------------------------------------------------------------
def test_protos_are_refused_with_a_clear_message():
    message = ("HParamDef protocol buffers are not supported by tf_seq2seq_migrate.runtime.hparams (the proto "
               "module was part of tf.contrib): build HParams from keyword arguments and use "
               "to_json()/parse_json().")
    with pytest.raises(NotImplementedError) as error:
        HParams(hparam_def=object())
    assert str(error.value) == message
    with pytest.raises(NotImplementedError):
        HParams(a=1).to_proto()
    with pytest.raises(NotImplementedError):
        HParams.from_proto(object())
