"""``tf-migrate validate`` end to end: real emulation, real rewriter, real TF 2 runs (a few fixtures).

The full ``tf-migrate validate fixtures/`` run takes minutes; its table is in the README. Here: two
shipped fixtures through the installed command, and a small fixture whose rewrite is broken on purpose.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import tf_seq2seq_migrate.api as rewriter_api
from tf_seq2seq_migrate.validate.cli import validate

REPO = Path(__file__).resolve().parents[2]
SWAP_FIXTURE = Path(__file__).parent / "data" / "swap_fixture"


def _rows(document: dict) -> list[dict]:
    return [dict(run, fixture=fixture["name"]) for fixture in document["fixtures"] for run in fixture["runs"]]


@pytest.mark.slow
def test_shipped_fixtures_validate_on_cpu_and_gpu_runs_without_a_gpu_are_skipped():
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="")  # no GPU, whatever the machine has
    command = [sys.executable, "-m", "tf_seq2seq_migrate.cli", "validate", "fixtures/legacy_rnn_decoder",
               "fixtures/multirnn_bidirectional", "--device", "all", "--format", "json", "--jobs", "2"]
    completed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    document = json.loads(completed.stdout)
    rows = _rows(document)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    cpu = [row for row in rows if row["device"] == "cpu"]
    gpu = [row for row in rows if row["device"] == "gpu"]
    # two fixtures x two modes x (graph, eager)
    assert sorted((r["fixture"], r["mode"], r["run"]) for r in cpu) == sorted(
        (name, mode, run) for name in ("legacy_rnn_decoder", "multirnn_bidirectional")
        for mode in ("train", "infer") for run in ("graph", "eager"))
    assert all(row["status"] == "passed" for row in cpu)
    for row in cpu:
        names = [output["name"] for output in row["outputs"]]
        assert names and all(output["passed"] for output in row["outputs"])
        assert row["max_abs_error"] <= 1e-5
    # integer outputs are compared exactly
    argmax = [o for row in cpu if row["fixture"] == "legacy_rnn_decoder" for o in row["outputs"] if o["name"] == "argmax"]
    assert argmax and all(o["exact"] and o["max_abs_error"] == 0 for o in argmax)
    assert len(gpu) == len(cpu) and all(row["status"] == "skipped" for row in gpu)
    assert all("no GPU" in row["message"] for row in gpu)
    assert document["ok"] is True and document["counts"]["skipped"] == len(gpu)


BREAKS = {
    # two arguments swapped: the numbers change, names and shapes do not
    "swapped_arguments": ("tf.subtract(state.h, state.c)", "tf.subtract(state.c, state.h)"),
    # a scope renamed: the TF1 checkpoint no longer maps onto the variables
    "renamed_scope": ('variable_scope("encoder")', 'variable_scope("encoder_v2")'),
}


@pytest.fixture
def broken_rewrites(monkeypatch, tmp_path):
    """Copies of the swap fixture whose rewritten source is broken as BREAKS says (after a real rewrite)."""
    real_migrate_source = rewriter_api.migrate_source
    applied = []

    def breaking_migrate_source(text, **kwargs):
        result = real_migrate_source(text, **kwargs)
        folder = Path(kwargs["path"]).parent.name
        old, new = BREAKS[folder]
        output = result.output.decode()
        assert old in output, f"the rewrite no longer contains {old!r}: update the test"
        applied.append(folder)
        return dataclasses.replace(result, output=output.replace(old, new).encode())

    monkeypatch.setattr(rewriter_api, "migrate_source", breaking_migrate_source)
    folders = []
    for name in BREAKS:
        shutil.copytree(SWAP_FIXTURE, tmp_path / name)
        folders.append(str(tmp_path / name))
    return folders, applied


@pytest.mark.slow
def test_a_broken_rewrite_fails_exits_1_and_names_the_diverging_output(broken_rewrites, tmp_path):
    folders, applied = broken_rewrites
    work = tmp_path / "work"
    result = CliRunner().invoke(validate, [*folders, "--format", "json", "--jobs", "2", "--work-dir", str(work)])
    assert sorted(applied) == sorted(BREAKS)
    assert result.exit_code == 1, result.output
    document = json.loads(result.output)
    assert document["ok"] is False
    rows = {(row["fixture"], row["run"]): row for row in _rows(document)}

    for run in ("graph", "eager"):
        swapped = rows[("swapped_arguments", run)]
        assert swapped["status"] == "failed"
        assert swapped["message"].startswith("first diverging output 'gap': max abs error ")
        by_name = {output["name"]: output for output in swapped["outputs"]}
        assert by_name["outputs"]["passed"] and by_name["length"]["passed"]
        assert not by_name["gap"]["passed"] and by_name["gap"]["max_abs_error"] > 1e-3
        assert swapped["max_abs_error"] == pytest.approx(by_name["gap"]["max_abs_error"])

    graph = rows[("renamed_scope", "graph")]
    assert graph["status"] == "error"
    assert "variable(s) the TF1 checkpoint does not" in graph["message"]
    assert "encoder_v2/rnn/basic_lstm_cell/kernel" in graph["message"]
    eager = rows[("renamed_scope", "eager")]
    assert eager["status"] == "error"
    assert "the TF1 checkpoint does not load into the eager model" in eager["message"]
    assert "in the model but not in the checkpoint" in eager["message"]
    assert "encoder_v2/rnn/basic_lstm_cell/kernel" in eager["message"]
    assert "--allow-missing" not in eager["message"]  # the loader's command-line hint means nothing here
    # the kept work folder has the broken rewrite, as the report's user would inspect it
    assert "tf.subtract(state.c, state.h)" in (work / "swapped_arguments" / "rewritten" / "model.py").read_text()


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(validate, []).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(validate, [str(empty)])
    assert result.exit_code == 2 and "no fixture.toml" in result.output
    result = runner.invoke(validate, ["--original", "model.py:build"])
    assert result.exit_code == 2 and "--inputs" in result.output


@pytest.mark.slow
def test_a_users_own_model_with_inputs_and_its_tf1_checkpoint(tmp_path):
    import numpy as np

    inputs = tmp_path / "inputs.npz"
    np.savez(inputs, x=np.linspace(-1, 1, 30, dtype=np.float32).reshape(2, 3, 5), length=np.array([3, 1], np.int32))
    model = f"{SWAP_FIXTURE / 'model.py'}:build"
    runner = CliRunner()
    first = runner.invoke(validate, ["--original", model, "--inputs", str(inputs), "--seed", "1", "--format", "json",
                                     "--work-dir", str(tmp_path / "first")])
    assert first.exit_code == 0, first.output
    checkpoint = tmp_path / "first" / "model" / "cpu" / "tf1" / "model.ckpt"
    # another seed: only restoring the checkpoint can reproduce the first run's numbers
    second = runner.invoke(validate, ["--original", model, "--inputs", str(inputs), "--seed", "2",
                                      "--checkpoint", str(checkpoint), "--format", "json",
                                      "--work-dir", str(tmp_path / "second")])
    assert second.exit_code == 0, second.output
    assert [row["status"] for row in _rows(json.loads(second.output))] == ["passed", "passed"]
    with np.load(tmp_path / "first" / "model" / "cpu" / "original_infer.npz") as a, \
            np.load(tmp_path / "second" / "model" / "cpu" / "original_infer.npz") as b:
        assert np.array_equal(a["gap"], b["gap"]) and np.abs(a["gap"]).max() > 0
