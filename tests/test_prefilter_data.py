"""The prefilter's precomputed needles: fresh, equal to what the tables give, and never trusted when stale."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tf_seq2seq_migrate.engine import prefilter, prefilter_data
from tf_seq2seq_migrate.engine.prefilter import (
    may_need_rewrite,
    needles_from_catalog,
    render_prefilter_data,
    shipped_needles,
    tables_crc32,
    tables_directory,
)
from tf_seq2seq_migrate.rules.catalog import _tables_directory, load_catalog

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "scripts" / "generate_prefilter_data.py"


@pytest.fixture
def fresh_cache():
    shipped_needles.cache_clear()
    yield
    shipped_needles.cache_clear()


def test_committed_data_matches_the_tables():
    expected = render_prefilter_data(needles_from_catalog(load_catalog()), tables_crc32(tables_directory()))
    committed = Path(prefilter_data.__file__).read_text(encoding="utf-8")
    assert committed == expected, "stale: run python scripts/generate_prefilter_data.py"


def test_generator_check_mode_agrees():
    completed = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr


def test_shipped_needles_equal_the_catalogs(fresh_cache):
    needles = shipped_needles()
    assert needles == needles_from_catalog(load_catalog())
    assert {b"placeholder", b"Session", b"AdamOptimizer"} <= needles.identifier_names
    assert (b"tensorflow", b"contrib") in needles.requirements or (b"contrib", b"tensorflow") in needles.requirements


def test_tables_directory_is_the_catalogs():
    assert tables_directory().resolve() == _tables_directory().resolve()


def test_crc_changes_with_any_table_byte(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(tables_directory(), copy)
    before = tables_crc32(copy)
    assert before == tables_crc32(tables_directory())
    table = copy / "seq2seq.toml"
    table.write_bytes(table.read_bytes().replace(b"BasicDecoder", b"BasicDecodex", 1))
    assert tables_crc32(copy) != before
    (copy / "extra.toml").write_bytes(b"")
    table.write_bytes(table.read_bytes().replace(b"BasicDecodex", b"BasicDecoder", 1))
    assert tables_crc32(copy) != before  # a new table counts even when empty


def test_stale_data_is_ignored_for_the_tables(fresh_cache, monkeypatch):
    monkeypatch.setattr(prefilter_data, "REQUIREMENTS", ())
    monkeypatch.setattr(prefilter_data, "IDENTIFIER_NAMES", b"")
    monkeypatch.setattr(prefilter_data, "TABLES_CRC32", prefilter_data.TABLES_CRC32 ^ 1)
    assert shipped_needles() == needles_from_catalog(load_catalog())
    assert may_need_rewrite(b"import tensorflow as tf\ncell = tf.contrib.rnn.LSTMCell(3)\n")
    assert may_need_rewrite(b"import tensorflow as tf\nx = tf.placeholder(tf.float32)\n")


def test_fresh_data_is_used_as_is(fresh_cache, monkeypatch):
    # With a matching CRC the module's needles are taken without looking at the tables.
    monkeypatch.setattr(prefilter_data, "TABLES_CRC32", tables_crc32(tables_directory()))
    monkeypatch.setattr(prefilter_data, "REQUIREMENTS", (b"tensorflow zzz_only_needle",))
    monkeypatch.setattr(prefilter_data, "IDENTIFIER_NAMES", b"")
    assert may_need_rewrite(b"import tensorflow\ntensorflow.zzz_only_needle\n")
    assert not may_need_rewrite(b"import tensorflow as tf\ncell = tf.contrib.rnn.LSTMCell(3)\n")


def test_an_explicit_catalog_bypasses_the_shipped_data(fresh_cache, monkeypatch):
    monkeypatch.setattr(prefilter_data, "REQUIREMENTS", ())
    monkeypatch.setattr(prefilter_data, "IDENTIFIER_NAMES", b"")
    assert may_need_rewrite(b"import tensorflow as tf\ncell = tf.contrib.rnn.LSTMCell(3)\n", load_catalog())


CLEAN_CHECK = """
import sys
from tf_seq2seq_migrate.cli import main
try:
    main(['--check', 'clean.py'])
except SystemExit as exit:
    assert exit.code == 0, exit.code
loaded = [name for name in sys.modules if name.startswith(('libcst', 'tomllib', 'tf_seq2seq_migrate.rules'))]
print('LOADED', *sorted(loaded))
"""


def test_a_clean_file_check_reads_no_rule_table(tmp_path):
    (tmp_path / "clean.py").write_text("import os\n\n\ndef size(path):\n    return os.path.getsize(path)\n")
    completed = subprocess.run(
        [sys.executable, "-c", CLEAN_CHECK], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    (line,) = [line for line in completed.stdout.splitlines() if line.startswith("LOADED")]
    assert line.split()[1:] == []
