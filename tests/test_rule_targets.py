"""Every rewrite target of the rule tables exists: in the runtime, or in TensorFlow 2 itself."""

from __future__ import annotations

import importlib

import pytest

from tf_seq2seq_migrate.rules.catalog import load_catalog

tf = pytest.importorskip("tensorflow")

CATALOG = load_catalog()
TARGETS = sorted(
    {(rule.id, rule.replacement) for rule in CATALOG.rules.values() if rule.rewrites and rule.replacement}
)


def resolve(dotted: str):
    """Import the longest importable module prefix, then walk the remaining attributes."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for attribute in parts[end:]:
            value = getattr(value, attribute)
        return value
    raise ImportError(dotted)


@pytest.mark.parametrize("rule_id, replacement", TARGETS, ids=[rule_id for rule_id, _ in TARGETS])
def test_replacement_exists(rule_id, replacement):
    assert resolve(replacement) is not None


def test_runtime_aliases_are_the_tensorflow_objects():
    # Rows may point at either spelling; both must be the same object.
    checkpoint = resolve("tf_seq2seq_migrate.runtime.checkpoint")
    assert checkpoint.CheckpointManager is tf.train.CheckpointManager
    assert checkpoint.Variable is tf.Variable
    assert resolve("tensorflow.nest.is_nested") is tf.nest.is_nested
