"""fixture.toml reading, input generation and output comparison: numpy only, no TensorFlow."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from tf_seq2seq_migrate.validate.compare import compare_output, compare_outputs, first_divergence
from tf_seq2seq_migrate.validate.inputs import generate_inputs
from tf_seq2seq_migrate.validate.pipeline import contrib_references
from tf_seq2seq_migrate.validate.spec import FixtureError, Tolerance, find_fixtures, load_fixture

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"


def _fixture(tmp_path: Path, toml: str) -> Path:
    folder = tmp_path / "fx"
    folder.mkdir()
    (folder / "model.py").write_text("def build(inputs, mode):\n    return inputs\n")
    (folder / "fixture.toml").write_text(toml)
    return folder


def test_every_shipped_fixture_loads_and_there_are_at_least_twelve():
    folders = find_fixtures([FIXTURES])
    specs = [load_fixture(folder) for folder in folders]
    assert len(specs) >= 12
    for spec in specs:
        assert spec.inputs and spec.modes
        assert "import tensorflow" in spec.model_path.read_text()


def test_fixture_fields_and_defaults(tmp_path):
    folder = _fixture(tmp_path, """
seed = 4
modes = ["infer"]
[inputs.ids]
shape = [2, 3]
dtype = "int32"
low = 1
high = 5
dynamic = [1]
[inputs.mask]
shape = [2]
dtype = "bool"
[inputs.length]
shape = [2]
dtype = "int32"
values = [3, 1]
""")
    spec = load_fixture(folder)
    assert spec.seed == 4 and spec.modes == ("infer",) and spec.devices == ("cpu", "gpu")
    assert spec.tolerance == Tolerance(1e-5, 1e-4)
    assert [item.name for item in spec.inputs] == ["ids", "mask", "length"]
    assert spec.inputs[0].placeholder_shape == (2, None)
    arrays = generate_inputs(spec)
    assert arrays["ids"].dtype == np.int32 and arrays["ids"].min() >= 1 and arrays["ids"].max() < 5
    assert arrays["mask"].dtype == np.bool_
    assert arrays["length"].tolist() == [3, 1]
    again = generate_inputs(spec)
    assert all(np.array_equal(arrays[name], again[name]) for name in arrays)


@pytest.mark.parametrize("toml, message", [
    ("[inputs.x]\nshape=[2]\ndtype='int8'\nlow=0\nhigh=1\n", "dtype must be one of"),
    ("[inputs.x]\nshape=[2]\ndtype='int32'\n", "give low and high"),
    ("[inputs.x]\nshape=[2]\nlow=1\nhigh=0\n", "low must be below high"),
    ("[inputs.x]\nshape=[2]\nlow=0\nhigh=1\nsize=3\n", "unknown key(s) size"),
    ("seed = 1\n", "needs at least one [inputs.<name>] table"),
    ("devices=['tpu']\n[inputs.x]\nshape=[2]\nlow=0\nhigh=1\n", "devices must be among cpu, gpu"),
    ("[inputs.x]\nshape=[2]\nlow=0\nhigh=1\ndynamic=[3]\n", "dynamic axes must index the shape"),
])
def test_malformed_fixture_is_named(tmp_path, toml, message):
    with pytest.raises(FixtureError) as error:
        load_fixture(_fixture(tmp_path, toml))
    assert message in str(error.value) and "fixture.toml" in str(error.value)


def test_explicit_values_must_match_the_shape(tmp_path):
    spec = load_fixture(_fixture(tmp_path, "[inputs.x]\nshape=[3]\ndtype='int32'\nvalues=[1, 2]\n"))
    with pytest.raises(FixtureError, match="values have shape \\[2\\], the declared shape is \\[3\\]"):
        generate_inputs(spec)


def test_float_comparison_uses_atol_plus_rtol_of_the_original():
    tolerance = Tolerance(atol=1e-3, rtol=1e-2)
    original = np.array([[0.0, 10.0], [1.0, -2.0]], np.float32)
    inside = original + np.array([[9e-4, 0.1], [0.0, 0.0]], np.float32)  # 0.1 <= 1e-3 + 1e-2 * 10
    result = compare_output("y", original, inside, tolerance)
    assert result.passed and not result.exact
    assert result.max_abs_error == pytest.approx(0.1, rel=1e-5)
    outside = original.copy()
    outside[1, 1] = -2.05  # 0.05 > 1e-3 + 1e-2 * 2
    result = compare_output("y", original, outside, tolerance)
    assert not result.passed and result.worst_index == (1, 1)
    assert result.max_rel_error == pytest.approx(0.025, rel=1e-4)
    assert "output 'y': max abs error 0.05 at index [1, 1]" in result.describe(tolerance)


def test_integer_outputs_compare_exactly_and_nan_only_matches_nan():
    ids = np.array([3, 4, 5], np.int32)
    assert compare_output("ids", ids, ids.copy(), Tolerance()).passed
    off_by_one = compare_output("ids", ids, np.array([3, 5, 5], np.int32), Tolerance(atol=10.0))
    assert not off_by_one.passed and off_by_one.exact and off_by_one.worst_index == (1,)
    nan = np.array([np.nan, 1.0])
    assert compare_output("f", nan, nan.copy(), Tolerance()).passed
    assert not compare_output("f", nan, np.array([0.0, 1.0]), Tolerance()).passed


def test_outputs_missing_extra_or_reshaped_fail_and_the_first_divergence_is_in_original_order():
    original = {"a": np.zeros(2), "b": np.ones(3), "c": np.ones(1)}
    migrated = {"a": np.zeros(2), "b": np.ones(4), "d": np.ones(1)}
    results = compare_outputs(original, migrated, Tolerance())
    assert [(r.name, r.passed) for r in results] == [("a", True), ("b", False), ("c", False), ("d", False)]
    assert first_divergence(results).name == "b"
    assert "shape [4] where the original has [3]" in first_divergence(results).describe(Tolerance())


def test_contrib_references_ignore_strings_and_comments():
    text = ('"""Ported from tf.contrib.seq2seq."""\nimport tensorflow.contrib.rnn as rnn  # tf.contrib\n'
            'x = "tf.contrib"\ny = tf.contrib.seq2seq.BasicDecoder\n')
    assert contrib_references(text) == [2, 4]


def test_the_validate_modules_do_not_import_tensorflow():
    import subprocess

    code = ("import sys; import tf_seq2seq_migrate.validate.cli, tf_seq2seq_migrate.validate.pipeline, "
            "tf_seq2seq_migrate.validate.report; print('tensorflow' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"
