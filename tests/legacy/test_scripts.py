"""Unmodified TF1 scripts run under ``python -m tf_seq2seq_migrate.legacy run``: exit status, training,
checkpoints, eager (tfe) programs."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok
from tf_seq2seq_migrate.legacy.api import run_script


def test_exit_status_of_the_script_is_the_process_status(tmp_path):
    completed = run_script(SCRIPTS / "exit_with.py", ["3"], cwd=tmp_path)
    assert completed.returncode == 3, completed.stderr[-3000:]
    assert completed.stdout.strip() == "graph mode: True"


def test_uncaught_exception_prints_its_traceback_and_exits_1(tmp_path):
    completed = run_script(SCRIPTS / "exit_with.py", ["raise"], cwd=tmp_path)
    assert completed.returncode == 1
    assert "Traceback (most recent call last)" in completed.stderr
    assert completed.stderr.strip().splitlines()[-1] == "RuntimeError: boom from a TF1 script"


def test_tiny_tf1_training_script_learns_saves_and_restores(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "train_tiny.py", tmp_path / "ckpt", 20).stdout)
    losses = report["losses"]
    assert len(losses) == 20
    assert losses[-1] < 0.5 * losses[0]
    assert report["restored_loss"] == report["final_loss"]
    # The checkpoint is a TF1 name-based one: TF1 variable names, Adam slots, global_step.
    names = {name for name, _ in tf.train.list_variables(report["path"])}
    assert {"embedding", "global_step", "encoder/gru_cell/gates/kernel",
            "decoder/attention_wrapper/gru_cell/gates/kernel", "decoder/attention_wrapper/attention_layer/kernel",
            "decoder/memory_layer/kernel", "decoder/dense/kernel", "decoder/dense/kernel/Adam",
            "decoder/dense/kernel/Adam_1", "beta1_power"} <= names
    assert int(tf.train.load_checkpoint(report["path"]).get_tensor("global_step")) == 20


def test_tfe_program_enables_eager_execution_and_round_trips_a_checkpoint(tmp_path):
    report = last_json_line(run_ok(SCRIPTS / "tfe_checkpoint.py", tmp_path / "tfe" / "ckpt").stdout)
    assert report["eager"] is True
    assert report["step"] == 3
    np.testing.assert_array_equal(report["weights"], [[1.0, 2.0]])
    assert report["saved"].endswith("ckpt-1")


def test_tf_app_run_parses_tf_flags_and_exits_with_mains_result(tmp_path):
    completed = run_script(SCRIPTS / "app_run_flags.py", ["--steps", "9"], cwd=tmp_path)
    assert completed.returncode == 4, completed.stderr[-3000:]
    assert completed.stdout.strip() == "steps 9"
