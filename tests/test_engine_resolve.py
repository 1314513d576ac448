"""Name resolution: every import spelling maps to the canonical TF1 name, look-alikes to nothing of ours."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from tf_seq2seq_migrate.engine.resolve import prescan
from tf_seq2seq_migrate.rules.catalog import load_catalog

CATALOG = load_catalog()


def resolve_module_name(source: str, name: str, function: str | None = None) -> str | None:
    """What ``name`` stands for at module level (or inside ``function``) before any rewrite."""
    module = cst.parse_module(textwrap.dedent(source))
    scan = prescan(module, CATALOG, frozenset())
    scope = scan.module_scope
    if function is not None:
        node = next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == function)
        scope = scan.scopes[id(node)]
    resolved = scope.resolve(name)
    return None if resolved is None else resolved.canonical


@pytest.mark.parametrize(
    "source, name, canonical",
    [
        ("import tensorflow as tf", "tf", "tensorflow"),
        ("import tensorflow.compat.v1 as tf", "tf", "tensorflow"),
        ("import tensorflow", "tensorflow", "tensorflow"),
        ("import tensorflow.contrib.seq2seq", "tensorflow", "tensorflow"),
        ("from tensorflow.contrib import seq2seq", "seq2seq", "tensorflow.contrib.seq2seq"),
        ("from tensorflow.contrib import seq2seq as s", "s", "tensorflow.contrib.seq2seq"),
        ("import tensorflow.contrib.seq2seq as s2s", "s2s", "tensorflow.contrib.seq2seq"),
        ("from tensorflow.contrib.seq2seq import BasicDecoder as BD", "BD", "tensorflow.contrib.seq2seq.BasicDecoder"),
        (
            "from tensorflow.contrib.seq2seq.python.ops.attention_wrapper import AttentionWrapper",
            "AttentionWrapper",
            "tensorflow.contrib.seq2seq.AttentionWrapper",
        ),
        ("from tensorflow.contrib.seq2seq.python.ops import helper", "helper", "tensorflow.contrib.seq2seq"),
        ("from tensorflow.contrib.rnn import core_rnn_cell", "core_rnn_cell", "tensorflow.contrib.rnn"),
        ("from tensorflow.contrib.rnn.python.ops import core_rnn_cell", "core_rnn_cell", "tensorflow.contrib.rnn"),
        ("from tensorflow.python.ops import rnn_cell_impl", "rnn_cell_impl", "tensorflow.nn.rnn_cell"),
        ("from tensorflow.python.ops.rnn_cell_impl import LSTMCell", "LSTMCell", "tensorflow.nn.rnn_cell.LSTMCell"),
        ("import tensorflow as tf\ntfe = tf.contrib.eager", "tfe", "tensorflow.contrib.eager"),
        ("import tensorflow as tf\nrnn = tf.nn.rnn_cell", "rnn", "tensorflow.nn.rnn_cell"),
        ("import tensorflow.compat.v1 as tf\nrnn = tf.nn.rnn_cell", "rnn", "tensorflow.nn.rnn_cell"),
        ("import tensorflow as tf\nseq2seq = tf.contrib.seq2seq", "seq2seq", "tensorflow.contrib.seq2seq"),
        (
            "try:\n    import tensorflow.compat.v1 as tf\nexcept ImportError:\n    import tensorflow as tf",
            "tf",
            "tensorflow",
        ),
        ("try:\n    from tensorflow.contrib import seq2seq\nexcept ImportError:\n    seq2seq = None", "seq2seq", "tensorflow.contrib.seq2seq"),
        # Look-alikes: a project's own packages are not TensorFlow.
        ("import seq2seq", "seq2seq", "seq2seq"),
        ("from seq2seq.contrib.seq2seq import helper", "helper", "seq2seq.contrib.seq2seq.helper"),
        ("from django.contrib import admin", "admin", "django.contrib.admin"),
        ("from . import seq2seq", "seq2seq", None),
        # Conflicting bindings of one name: no meaning at all, so nothing gets rewritten.
        ("import tensorflow as tf\ntf = make_fake()", "tf", None),
        ("import numpy", "tf", None),
    ],
)
def test_module_level_spellings(source, name, canonical):
    assert resolve_module_name(source, name) == canonical


def test_function_sees_module_alias_defined_below_it():
    source = """
    import tensorflow as tf

    def build():
        return s2s.BasicDecoder

    s2s = tf.contrib.seq2seq
    """
    assert resolve_module_name(source, "s2s", function="build") == "tensorflow.contrib.seq2seq"


def test_function_local_import_and_parameter_shadowing():
    source = """
    def uses_local_import():
        from tensorflow.contrib import seq2seq
        return seq2seq

    def tf_is_a_parameter(tf):
        return tf.contrib
    """
    assert resolve_module_name(source, "seq2seq", function="uses_local_import") == "tensorflow.contrib.seq2seq"
    assert resolve_module_name(source, "seq2seq") is None
    assert resolve_module_name(source, "tf", function="tf_is_a_parameter") is None


def test_global_statement_reaches_the_module_binding():
    source = """
    import tensorflow as tf

    def f():
        global tf
        tf = None
    """
    # `tf = None` inside f rebinds the module name, which only counts as a None fallback.
    assert resolve_module_name(source, "tf", function="f") == "tensorflow"


def test_rewritten_meaning_is_recorded_for_in_place_imports():
    module = cst.parse_module("from tensorflow.contrib import seq2seq\nimport tensorflow as tf\n")
    scan = prescan(module, CATALOG, frozenset())
    seq2seq = scan.module_scope.resolve("seq2seq")
    assert (seq2seq.canonical, seq2seq.rewritten) == ("tensorflow.contrib.seq2seq", "tf_seq2seq_migrate.runtime.seq2seq")
    tf = scan.module_scope.resolve("tf")
    assert (tf.canonical, tf.rewritten) == ("tensorflow", "tensorflow")
    assert scan.tf_names == {"seq2seq", "tf"}
