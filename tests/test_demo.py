"""The end-to-end demo (examples/run_demo.py, `make demo`) and its pieces.

The end-to-end test trains for 30 steps only: the translations are poor, but the TF1 and the migrated
program must still produce exactly the same ones from the same checkpoint.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_PATH = ROOT / "examples" / "run_demo.py"
RUNNER_PATH = ROOT / "examples" / "without_tf_keras.py"


def _load_demo():
    spec = importlib.util.spec_from_file_location("run_demo", DEMO_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_demo"] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


demo = _load_demo()

INFER_OUTPUT = """\
WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
I0000 00:00:1795435682.678707   28722 port.cc:153] oneDNN custom operations are on.
9 6 3 3 7 7 9      -> nine seven seven three three six nine
W0000 00:00:1795435682.678707   28722 some.cc:1] a -> b
9 8 7              -> seven eight nine
0 2 8              -> 
"""


def test_parse_translations_reads_infer_lines_and_skips_tensorflow_logs():
    found = demo.parse_translations(INFER_OUTPUT)
    assert found == [
        demo.Translation("9 6 3 3 7 7 9", "nine seven seven three three six nine"),
        demo.Translation("9 8 7", "seven eight nine"),
        demo.Translation("0 2 8", ""),
    ]


def test_compare_identical_lists():
    items = demo.parse_translations(INFER_OUTPUT)
    comparison = demo.compare_translations(items, list(items))
    assert comparison.identical
    assert comparison.rows[1] == ("9 8 7", "seven eight nine", "seven eight nine")


def test_compare_one_different_word_is_not_identical():
    original = demo.parse_translations(INFER_OUTPUT)
    migrated = list(original)
    migrated[1] = demo.Translation("9 8 7", "seven eight eight")
    comparison = demo.compare_translations(original, migrated)
    assert not comparison.identical
    assert comparison.rows[1] == ("9 8 7", "seven eight nine", "seven eight eight")


def test_compare_missing_or_empty_lists_are_not_identical():
    original = demo.parse_translations(INFER_OUTPUT)
    shorter = demo.compare_translations(original, original[:2])
    assert not shorter.identical
    assert shorter.rows[2] == ("0 2 8", "", "(missing)")
    assert not demo.compare_translations([], []).identical


def test_diff_summary_counts_lines_and_rules():
    report = {
        "summary": {"files": 2, "changed": 1, "findings": 3, "fixed": 3},
        "files": [
            {"path": "data.py", "status": "skipped", "reason": "no TensorFlow 1 names the rules know",
             "diff": None, "findings": []},
            {"path": "model.py", "status": "changed", "reason": None,
             "diff": "--- a/model.py\n+++ b/model.py\n@@ -1,2 +1,3 @@\n-a\n+b\n+c\n d\n",
             "findings": [{"rule_id": "S2S800"}, {"rule_id": "S2S001"}, {"rule_id": "S2S800"}]},
        ],
    }
    assert demo.diff_summary(report) == [
        "data.py    unchanged (no TensorFlow 1 names the rules know)",
        "model.py   +2 -1  S2S001, S2S800 x2",
        "1 of 2 files change; 3 of 3 findings fixed automatically",
    ]


def test_contrib_leftovers_ignores_docstrings_and_finds_code_and_todos(tmp_path):
    source = tmp_path / "model.py"
    source.write_text(textwrap.dedent('''\
        """Built on tf.contrib.seq2seq once."""
        import tensorflow as tf
        from tf_seq2seq_migrate.runtime import seq2seq
        x = tf.contrib.layers.fully_connected
        # TODO(tf-migrate): S2S900 port by hand
        from tensorflow.contrib import slim
        import tensorflow.contrib.rnn as rnn
        '''))
    assert demo.contrib_leftovers(source) == ["model.py:4", "model.py:5", "model.py:6", "model.py:7"]
    clean = tmp_path / "clean.py"
    clean.write_text('"""tf.contrib.seq2seq in prose only."""\nimport tensorflow as tf\n')
    assert demo.contrib_leftovers(clean) == []


def test_without_tf_keras_blocks_tf_keras_and_unsets_legacy_keras(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(textwrap.dedent("""\
        import os, sys
        print("argv", sys.argv[1:], "legacy", os.environ.get("TF_USE_LEGACY_KERAS"))
        import tf_keras
        """))
    env = {"TF_USE_LEGACY_KERAS": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, str(RUNNER_PATH), str(script), "--x", "1"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "argv ['--x', '1'] legacy None" in result.stdout
    assert "ImportError: tf_keras is blocked" in result.stderr


@pytest.mark.slow
def test_demo_end_to_end_translations_identical(tmp_path):
    work = tmp_path / "demo"
    result = subprocess.run([sys.executable, str(DEMO_PATH), "--steps", "30", "--work", str(work)],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    summary = json.loads((work / "summary.json").read_text())
    failed = {stage["name"]: stage["detail"] for stage in summary["stages"] if stage["status"] != "passed"}
    assert failed == {}, result.stdout[-4000:]
    assert [stage["name"] for stage in summary["stages"]] == [
        "train", "infer_tf1", "migrate", "validate", "infer_tf2"]
    original, migrated = summary["tf1_translations"], summary["tf2_translations"]
    assert len(original) == 6
    assert migrated == original
    assert summary["verdict"] == "identical"
    assert "verdict: identical" in result.stdout
    assert result.returncode == 0
    # The migrated sources run on TF 2 without contrib; the original stays TF1 code.
    assert "tensorflow.contrib" in (work / "nmt_tf1" / "model.py").read_text()
    assert "tensorflow.contrib" not in (work / "nmt_tf2" / "model.py").read_text()


def test_side_by_side_marks_each_row():
    original = demo.parse_translations(INFER_OUTPUT)
    migrated = [original[0], demo.Translation("9 8 7", "seven eight eight"), original[2]]
    lines = demo.side_by_side(demo.compare_translations(original, migrated))
    assert lines[0].split() == ["source", "TF1", "(emulation)", "TF2", "(migrated)"]
    assert lines[1].endswith("  same") and lines[2].endswith("  DIFFERENT") and lines[3].endswith("  same")
    assert lines[2].index("seven eight nine") == lines[1].index("nine seven")  # aligned columns
