"""Python 2 files in TF1 projects: reported with the line, CPython's reason and what to do, left untouched."""

from __future__ import annotations

import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.engine.source import PYTHON2_HINT

HEADER = "import tensorflow as tf\nx = tf.contrib.rnn.GRUCell(4)\n"


@pytest.mark.parametrize(
    "line, failing_line",
    [
        ('print "step %d" % step', 3),
        ("exec code in namespace", 3),
        ("try:\n    pass\nexcept ValueError, error:\n    pass", 5),
        ('raise ValueError, "bad bucket"', 3),
        ("name = `step`", 3),
        ("if a <> b: pass", 3),
        ("mode = 0755", 3),
        ("big = 10L", 3),
    ],
)
def test_python2_lines_get_the_conversion_hint_and_the_file_is_untouched(line, failing_line):
    source = (HEADER + line + "\n").encode()
    result = migrate_source(source)
    assert result.output == source
    assert result.error is not None
    assert result.error.startswith(f"line {failing_line}: ")
    assert result.error.endswith("; " + PYTHON2_HINT)


def test_the_print_statement_keeps_cpythons_own_words():
    result = migrate_source(HEADER + 'print "hello"\n')
    assert result.error == (
        "line 3: Missing parentheses in call to 'print'. Did you mean print(...)?; " + PYTHON2_HINT
    )


@pytest.mark.parametrize("line", ["def f(:\n    pass", "x = (1, 2", "rate = 0.05 +* 2", "print(x y)"])
def test_python3_syntax_errors_get_no_python2_hint(line):
    result = migrate_source(HEADER + line + "\n")
    assert result.error is not None and PYTHON2_HINT not in result.error


def test_the_cli_names_the_python2_file_and_still_converts_the_others(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    # Session code: the prefilter has to look at this file (a file with no TF1 API is not read at all).
    (tmp_path / "train.py").write_text('import tensorflow as tf\n\n\ndef main():\n    print "step", tf.Session()\n')
    model = tmp_path / "model.py"
    model.write_text("import tensorflow as tf\ncell = tf.contrib.rnn.GRUCell(8)\n")
    tf_migrate = Path(sys.executable).with_name("tf-migrate")
    result = subprocess.run([str(tf_migrate), "."], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2  # a file that could not be converted, as for any parse failure
    assert (
        "error: train.py:5: cannot parse: Missing parentheses in call to 'print'. Did you mean print(...)?; "
        + PYTHON2_HINT
    ) in result.stdout + result.stderr
    assert model.read_text() == "import tensorflow as tf\nfrom tf_seq2seq_migrate.runtime import rnn\ncell = rnn.GRUCell(8)\n"
    assert (tmp_path / "train.py").read_text().endswith('print "step", tf.Session()\n')
