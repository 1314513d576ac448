"""The parallel runner: the prefilter runs in the parent, workers get only files needing the rewrite."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
from pathlib import Path

import pytest

from tf_seq2seq_migrate.api import Options, Status
from tf_seq2seq_migrate.engine import runner
from tf_seq2seq_migrate.engine.discovery import discover

TF1 = b"import tensorflow as tf\n\n\ndef f(c, h, s):\n    return tf.contrib.seq2seq.BasicDecoder(c, h, s)\n"
PLAIN = b"import os\n\nprint(os.getcwd())\n"

fork_only = pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers inherit patches by fork")


def tree(root: Path, dirty: int, clean: int) -> list[Path]:
    for index in range(dirty):
        (root / f"dirty_{index:02d}.py").write_bytes(TF1)
    for index in range(clean):
        (root / f"clean_{index:02d}.py").write_bytes(PLAIN)
    return discover([root])


class RecordingPool(concurrent.futures.ProcessPoolExecutor):
    batches: list = []

    def submit(self, function, batch, *args, **kwargs):
        RecordingPool.batches.append(list(batch))
        return super().submit(function, batch, *args, **kwargs)


class RefusingPool:
    def __init__(self, *args, **kwargs):
        raise AssertionError("no worker process should be started")


def test_few_files_needing_the_rewrite_start_no_process(tmp_path, monkeypatch):
    files = tree(tmp_path, dirty=runner.MIN_FILES_PER_WORKER * 2 - 1, clean=30)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", RefusingPool)
    report = runner.run_files(files, Options(write=False, jobs=4))
    statuses = [(Path(f.path).name.split("_")[0], f.status) for f in report.files]
    assert statuses.count(("dirty", Status.CHANGED)) == 7
    assert statuses.count(("clean", Status.SKIPPED)) == 30
    assert [f.path for f in report.files] == [runner.display_path(p) for p in files]


def test_workers_get_only_files_needing_the_rewrite(tmp_path, monkeypatch):
    files = tree(tmp_path, dirty=12, clean=20)
    RecordingPool.batches = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", RecordingPool)
    seen = []
    report = runner.run_files(files, Options(write=True, jobs=2), on_result=seen.append)
    sent = [text for batch in RecordingPool.batches for text in batch]
    assert sorted(Path(text).name for text in sent) == [f"dirty_{index:02d}.py" for index in range(12)]
    assert len(RecordingPool.batches) > 1  # shared out, not one batch
    assert sorted(f.path for f in seen) == sorted(f.path for f in report.files)
    assert [f.status for f in report.files].count(Status.CHANGED) == 12
    assert all(b"tf.contrib" not in (tmp_path / f"dirty_{index:02d}.py").read_bytes() for index in range(12))
    assert all((tmp_path / f"clean_{index:02d}.py").read_bytes() == PLAIN for index in range(20))
    assert gc.get_freeze_count() == 0  # the parent's heap is thawed again after the run


def test_a_file_that_cannot_be_read_is_reported_by_the_parent(tmp_path):
    files = tree(tmp_path, dirty=10, clean=0)
    missing = tmp_path / "gone.py"
    report = runner.run_files([*files, missing], Options(write=False, jobs=2))
    (result,) = [f for f in report.files if f.path.endswith("gone.py")]
    assert (result.status, result.reason) == (Status.FAILED, "cannot read: no such file or directory")


@fork_only
def test_a_worker_that_dies_fails_files_and_the_run_goes_on(tmp_path, monkeypatch):
    files = tree(tmp_path, dirty=12, clean=3)
    real = runner.rewrite_source

    def die_on_dirty_03(data, path, skip_rules):
        if path.endswith("dirty_03.py"):
            os._exit(3)  # the worker process vanishes, as when killed
        return real(data, path=path, skip_rules=skip_rules)

    monkeypatch.setattr(runner, "rewrite_source", die_on_dirty_03)  # forked workers inherit it
    report = runner.run_files(files, Options(write=False, jobs=2))
    by_name = {Path(f.path).name: f for f in report.files}
    assert len(by_name) == 15
    dead = by_name["dirty_03.py"]
    assert dead.status is Status.FAILED and dead.reason.startswith("internal error: worker process failed: ")
    assert all(by_name[f"clean_{index:02d}.py"].status is Status.SKIPPED for index in range(3))
    assert {f.status for f in report.files} <= {Status.FAILED, Status.CHANGED, Status.SKIPPED}


def test_parallel_and_serial_runs_agree_on_a_mixed_tree(tmp_path):
    files = tree(tmp_path, dirty=16, clean=9)
    (tmp_path / "broken.py").write_bytes(b"import tensorflow as tf\nprint tf.contrib.rnn\n")
    files = discover([tmp_path])
    serial = runner.run_files(files, Options(write=False, want_diff=True, jobs=1))
    parallel = runner.run_files(files, Options(write=False, want_diff=True, jobs=2))
    assert parallel == serial
    assert {f.status for f in serial.files} == {Status.CHANGED, Status.SKIPPED, Status.FAILED}


def test_a_serial_run_thaws_the_heap_and_leaves_a_callers_freeze_alone(tmp_path):
    files = tree(tmp_path, dirty=12, clean=3)
    report = runner.run_files(files, Options(write=False, jobs=1))
    assert [f.status for f in report.files].count(Status.CHANGED) == 12
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert runner.run_files(files, Options(write=False, jobs=1)) == report
        assert runner.run_files(files, Options(write=False, jobs=2)) == report
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
