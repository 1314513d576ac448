"""Discovery, prefilter, per-file isolation, parallel runs, diffs and atomic writes on real files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tf_seq2seq_migrate.api import Options, Status, migrate_paths
from tf_seq2seq_migrate.engine import runner
from tf_seq2seq_migrate.engine.discovery import discover
from tf_seq2seq_migrate.engine.prefilter import may_need_rewrite

TF1 = b"import tensorflow as tf\n\n\ndef f(c, h, s):\n    return tf.contrib.seq2seq.BasicDecoder(c, h, s)\n"
TF2 = (
    b"import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import seq2seq\n\n\n"
    b"def f(c, h, s):\n    return seq2seq.BasicDecoder(c, h, s)\n"
)
PLAIN = b"import os\n\nprint(os.getcwd())\n"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def names(paths, root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


# -- discovery --------------------------------------------------------------------------------------


def test_discovery_walks_python_files_and_skips_tool_directories(tmp_path):
    for relative in [
        "pkg/a.py", "pkg/sub/b.py", "pkg/notes.txt", "pkg/stub.pyi", ".git/hooks/x.py", ".hg/y.py",
        ".venv/lib/z.py", "venv/lib/z.py", "env/z.py", "pkg/__pycache__/c.py", "build/lib/d.py", "dist/e.py",
        ".tox/f.py", ".eggs/g.py", "lib/site-packages/h.py", "web/node_modules/i.py", "myenv/lib/j.py",
    ]:  # fmt: skip
        write(tmp_path / relative, PLAIN)
    write(tmp_path / "myenv/pyvenv.cfg", b"home = /usr\n")
    assert names(discover([tmp_path]), tmp_path) == ["pkg/a.py", "pkg/sub/b.py"]


def test_explicit_files_of_any_extension_and_globs(tmp_path):
    write(tmp_path / "tool", PLAIN)
    write(tmp_path / "a.py", PLAIN)
    write(tmp_path / "b/c.py", PLAIN)
    found = discover([tmp_path / "tool", str(tmp_path / "**" / "*.py")])
    assert names(found, tmp_path) == ["a.py", "b/c.py", "tool"]


def test_exclude_globs_match_names_relative_paths_and_directories(tmp_path):
    for relative in ["src/keep.py", "src/gen_pb2.py", "tests/t.py", "src/vendor/v.py"]:
        write(tmp_path / relative, PLAIN)
    found = discover([tmp_path], exclude=["*_pb2.py", "tests", "src/vendor"])
    assert names(found, tmp_path) == ["src/keep.py"]


def test_each_file_once_and_sorted(tmp_path):
    write(tmp_path / "b.py", PLAIN)
    write(tmp_path / "a.py", PLAIN)
    os.symlink(tmp_path / "a.py", tmp_path / "z_link.py")
    found = discover([tmp_path, tmp_path / "a.py", tmp_path])
    assert names(found, tmp_path) == ["a.py", "b.py"]


def test_directory_symlink_loop_terminates_and_lists_files_once(tmp_path):
    write(tmp_path / "pkg/a.py", PLAIN)
    os.symlink(tmp_path, tmp_path / "pkg/loop")
    os.symlink(tmp_path / "pkg", tmp_path / "pkg/again")
    assert names(discover([tmp_path]), tmp_path) == ["pkg/a.py"]


def test_symlinked_file_loop_is_a_failed_file_not_a_crash(tmp_path):
    write(tmp_path / "ok.py", TF1)
    os.symlink(tmp_path / "loop.py", tmp_path / "loop.py")
    report = migrate_paths([tmp_path], Options(write=False))
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["loop.py"].status is Status.FAILED
    assert by_name["loop.py"].reason == "cannot read: too many levels of symbolic links"
    assert by_name["ok.py"].status is Status.CHANGED


def test_missing_explicit_path_is_reported(tmp_path):
    report = migrate_paths([tmp_path / "nope.py"], Options(write=False))
    assert [(f.status, f.reason) for f in report.files] == [(Status.FAILED, "cannot read: no such file or directory")]


# -- prefilter --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        (TF1, True),
        (b"from tensorflow.python.ops import rnn_cell_impl\n", True),
        (b"import tensorflow as tf\nx = tf.math.relu\n", False),  # no rule can match: no contrib, no private path
        (b"import tensorflow as tf\nx = tf.nn.relu(inner_connection)\n", False),  # names match whole identifiers
        (b"import tensorflow as tf\ncell = tf.nn.rnn_cell.LSTMCell(3)\n", True),
        (b"import tensorflow.python.ops.rnn_cell_impl as impl\n", True),
        (b"from tensorflow.contrib.seq2seq.python.ops import attention_wrapper\n", True),
        (b"x = 'contrib seq2seq'\n", False),  # no package root: nothing can resolve to TensorFlow
        (b"from django.contrib import admin\n", False),
        (PLAIN, False),
        (b"# TODO(tf-migrate): S2S900 left over\nx = 1\n", True),
    ],
)
def test_prefilter(data, expected):
    assert may_need_rewrite(data) is expected


# -- runs -------------------------------------------------------------------------------------------


def test_statuses_and_bytes_on_disk(tmp_path):
    changed = write(tmp_path / "changed.py", TF1)
    plain = write(tmp_path / "plain.py", PLAIN)
    broken_source = b"import tensorflow as tf\nprint tf.contrib.seq2seq\n"
    broken = write(tmp_path / "broken.py", broken_source)
    done = write(tmp_path / "done.py", TF2)
    mention = b"import tensorflow as tf  # once used tf.contrib\n"
    mentioned = write(tmp_path / "mention.py", mention)
    seen = []
    report = runner.run_files(discover([tmp_path]), Options(write=True), on_result=seen.append)
    statuses = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert statuses == {
        "broken.py": (Status.FAILED, "line 2: Missing parentheses in call to 'print'. Did you mean print(...)?; this is Python 2 syntax: tf-migrate reads Python 3 code, so convert the file first (for example with 2to3 or futurize) and run tf-migrate again"),
        "changed.py": (Status.CHANGED, None),
        "done.py": (Status.SKIPPED, runner.SKIP_REASON),  # already migrated: no contrib left, not even parsed
        "mention.py": (Status.UNCHANGED, None),  # passes the prefilter, parsed, nothing to do
        "plain.py": (Status.SKIPPED, runner.SKIP_REASON),
    }
    assert [f.path for f in seen] == [f.path for f in report.files]
    assert changed.read_bytes() == TF2
    assert plain.read_bytes() == PLAIN
    assert broken.read_bytes() == broken_source
    assert done.read_bytes() == TF2
    assert mentioned.read_bytes() == mention
    assert [f.rule_id for f in report.findings] == ["S2S005"]


def test_dry_run_with_diff_writes_nothing(tmp_path):
    path = write(tmp_path / "m.py", TF1)
    report = migrate_paths([path], Options(write=False, want_diff=True))
    (result,) = report.files
    assert result.status is Status.CHANGED
    assert path.read_bytes() == TF1
    shown = path.as_posix()
    assert result.diff == (
        f"--- {shown}\n+++ {shown}\n@@ -1,5 +1,6 @@\n import tensorflow as tf\n"
        "+from tf_seq2seq_migrate.runtime import seq2seq\n \n \n def f(c, h, s):\n"
        "-    return tf.contrib.seq2seq.BasicDecoder(c, h, s)\n+    return seq2seq.BasicDecoder(c, h, s)\n"
    )


def test_relative_paths_get_git_style_diff_headers(tmp_path, monkeypatch):
    write(tmp_path / "m.py", TF1)
    monkeypatch.chdir(tmp_path)
    (result,) = migrate_paths(["m.py"], Options(write=False, want_diff=True)).files
    assert result.diff.startswith("--- a/m.py\n+++ b/m.py\n")


def test_write_keeps_permission_bits(tmp_path):
    path = write(tmp_path / "tool.py", TF1)
    path.chmod(0o751)
    migrate_paths([path], Options(write=True))
    assert path.read_bytes() == TF2
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["tool.py"]  # no temporary file left behind


def test_write_through_symlink_updates_the_target_and_keeps_the_link(tmp_path):
    target = write(tmp_path / "real.py", TF1)
    link = tmp_path / "link.py"
    os.symlink(target, link)
    migrate_paths([link], Options(write=True))
    assert link.is_symlink()
    assert target.read_bytes() == TF2


def test_read_only_file_fails_and_is_untouched(tmp_path):
    path = write(tmp_path / "ro.py", TF1)
    path.chmod(0o444)
    (result,) = migrate_paths([path], Options(write=True)).files
    assert (result.status, result.reason) == (Status.FAILED, "cannot write: permission denied")
    assert [f.rule_id for f in result.findings] == ["S2S005"]
    assert path.read_bytes() == TF1


def test_unwritable_directory_fails_and_file_is_untouched(tmp_path, monkeypatch):
    path = write(tmp_path / "m.py", TF1)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Root ignores directory permissions, so the refusal is injected where the temporary file is made.
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    (result,) = migrate_paths([path], Options(write=True)).files
    assert (result.status, result.reason) == (Status.FAILED, "cannot write: permission denied")
    assert path.read_bytes() == TF1


def test_an_exception_in_one_file_does_not_stop_the_run(tmp_path, monkeypatch):
    write(tmp_path / "a.py", TF1)
    write(tmp_path / "b.py", TF1)
    real = runner.rewrite_source

    def explode_on_a(data, path, skip_rules):
        if path.endswith("a.py"):
            raise RuntimeError("boom")
        return real(data, path=path, skip_rules=skip_rules)

    monkeypatch.setattr(runner, "rewrite_source", explode_on_a)
    report = migrate_paths([tmp_path], Options(write=False))
    assert [(Path(f.path).name, f.status, f.reason) for f in report.files] == [
        ("a.py", Status.FAILED, "internal error: RuntimeError: boom"),
        ("b.py", Status.CHANGED, None),
    ]


def test_parallel_run_matches_serial_run_in_order_and_content(tmp_path):
    for index in range(24):
        write(tmp_path / f"d{index % 3}" / f"m{index:02d}.py", TF1 if index % 2 else PLAIN)
    write(tmp_path / "bad.py", b"def (:\n")
    serial = migrate_paths([tmp_path], Options(write=False, want_diff=True, jobs=1))
    seen = []
    parallel = runner.run_paths([tmp_path], Options(write=False, want_diff=True, jobs=2), on_result=seen.append)
    assert parallel == serial
    assert sorted(f.path for f in seen) == sorted(f.path for f in serial.files)
    assert [f.path for f in serial.files] == sorted(f.path for f in serial.files)


def test_rewriter_never_imports_tensorflow(tmp_path):
    write(tmp_path / "m.py", TF1)
    code = (
        "import sys\n"
        "from tf_seq2seq_migrate.api import migrate_paths, Options\n"
        f"migrate_paths([{str(tmp_path)!r}], Options(write=True, jobs=1))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'tf_keras', 'numpy'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert (tmp_path / "m.py").read_bytes() == TF2
