"""docs/runtime.md: its generated listings match the runtime, and the generator renders what it claims.

Imports TensorFlow (through the runtime) in this process; rendering every module takes a few seconds,
so it happens once per test session.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "generate_runtime_docs.py"
DOC = REPO_ROOT / "docs" / "runtime.md"

# TF 1.15's public names, written down independently of the runtime (tf.contrib.seq2seq's and
# tf.contrib.legacy_seq2seq's __init__ lists): the reference must name every one of them.
TF115_SEQ2SEQ = {
    "AttentionMechanism", "AttentionWrapper", "AttentionWrapperState", "BahdanauAttention",
    "BahdanauMonotonicAttention", "LuongAttention", "LuongMonotonicAttention", "hardmax", "safe_cumprod",
    "monotonic_attention", "Decoder", "dynamic_decode", "Helper", "CustomHelper", "GreedyEmbeddingHelper",
    "SampleEmbeddingHelper", "InferenceHelper", "ScheduledEmbeddingTrainingHelper",
    "ScheduledOutputTrainingHelper", "TrainingHelper", "BasicDecoder", "BasicDecoderOutput",
    "BeamSearchDecoder", "BeamSearchDecoderOutput", "BeamSearchDecoderState",
    "FinalBeamSearchDecoderOutput", "gather_tree", "tile_batch", "SequenceLoss", "sequence_loss",
}
TF115_LEGACY_SEQ2SEQ = {
    "attention_decoder", "basic_rnn_seq2seq", "embedding_attention_decoder", "embedding_attention_seq2seq",
    "embedding_rnn_decoder", "embedding_rnn_seq2seq", "embedding_tied_rnn_seq2seq", "model_with_buckets",
    "one2many_rnn_seq2seq", "rnn_decoder", "sequence_loss", "sequence_loss_by_example", "tied_rnn_seq2seq",
}


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_runtime_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _load_generator()


@pytest.fixture(scope="module")
def rendered(generator):
    return generator.render_all()


@pytest.fixture(scope="module")
def doc_text():
    return DOC.read_text(encoding="utf-8")


def _section(text: str, module_name: str) -> str:
    """The text of the ``## module_name`` section."""
    match = re.search(rf"^## {module_name}\n(.*?)(?=^## |\Z)", text, re.DOTALL | re.MULTILINE)
    assert match, f"docs/runtime.md has no '## {module_name}' section"
    return match.group(1)


def test_generated_listings_match_the_runtime(generator, rendered, doc_text):
    stale = generator.stale_modules(doc_text, rendered)
    assert stale == [], (f"docs/runtime.md is out of date for {stale}: "
                         "run .venv/bin/python scripts/generate_runtime_docs.py")


def test_an_edited_listing_is_reported_stale_and_regenerated(generator, rendered, doc_text):
    edited = doc_text.replace("def dynamic_decode(decoder, ", "def dynamic_decode(decoder, extra, ", 1)
    assert edited != doc_text
    assert generator.stale_modules(edited, rendered) == ["seq2seq"]
    assert generator.regenerate(edited, rendered) == doc_text


def test_a_missing_block_is_an_error(generator, rendered, doc_text):
    without_layers = doc_text.replace(generator.start_marker("layers"), "")
    assert "layers" in generator.stale_modules(without_layers, rendered)
    with pytest.raises(generator.StaleDocsError, match="layers"):
        generator.regenerate(without_layers, rendered)


def test_every_tf115_name_has_an_entry_in_its_section(doc_text):
    for module_name, names in (("seq2seq", TF115_SEQ2SEQ), ("legacy_seq2seq", TF115_LEGACY_SEQ2SEQ)):
        section = _section(doc_text, module_name)
        missing = sorted(name for name in names if f"### `{name}`\n" not in section)
        assert missing == [], f"{module_name}: no entry for {missing}"


def test_every_public_name_of_every_module_has_one_entry(generator, doc_text):
    for module_name in generator.MODULES:
        module = importlib.import_module(f"tf_seq2seq_migrate.runtime.{module_name}")
        section = _section(doc_text, module_name)
        headings = re.findall(r"^### `(\w+)`$", section, re.MULTILINE)
        assert sorted(headings) == sorted(generator.public_names(module)), module_name


def test_documented_signatures_are_the_runtime_signatures(doc_text):
    from tf_seq2seq_migrate.runtime import rnn, seq2seq

    # Collapse the wrapped lines of one stub back into a call and compare with inspect's own text.
    section = " ".join(_section(doc_text, "rnn").split())
    assert f"def dynamic_rnn{inspect.signature(rnn.dynamic_rnn)}" in section
    section = " ".join(_section(doc_text, "seq2seq").split())
    assert f"def tile_batch{inspect.signature(seq2seq.tile_batch)}" in section
    assert "def __init__(self, cell, helper, initial_state, output_layer=None)" in section


def test_no_memory_addresses_or_long_stub_lines(doc_text):
    assert " at 0x" not in doc_text
    in_code, long_lines = False, []
    for line in doc_text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif in_code and len(line) > 100 and "namedtuple" not in line:
            long_lines.append(line)
    assert long_lines == []


def test_defaults_render_without_addresses(generator):
    import tensorflow as tf

    class Opaque:
        pass

    def sample(units, _private=1, activation=tf.tanh, init=tf.compat.v1.zeros_initializer(),
               other=Opaque(), *, dtype=tf.float32, name="x"):
        return units

    parameters, returns = generator.render_parameters(inspect.signature(sample), drop_first=False)
    assert parameters == [
        "units", "activation=tf.tanh", "init=tf.compat.v1.zeros_initializer()",
        f"other={__name__}.test_defaults_render_without_addresses.<locals>.Opaque()", "*",
        "dtype=tf.float32", "name='x'",
    ]
    assert returns == ""


def test_long_calls_wrap_under_the_parenthesis(generator):
    parameters = [f"parameter_{index}=None" for index in range(12)]
    lines = generator.wrap_call("def f", parameters, " -> int")
    assert len(lines) > 1
    assert all(len(line) <= generator.LINE_WIDTH for line in lines)
    assert all(line.startswith(" " * len("def f(")) for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == f"def f({', '.join(parameters)}) -> int"
