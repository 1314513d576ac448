"""TF1 modules TF 2.21 only has under tf.compat.v1 (rules/tf_upgrade.py's MOVED_MODULES): the module itself
is renamed, not only its members, so an alias or import of it keeps working."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tf_seq2seq_migrate.api import migrate_source
from tf_seq2seq_migrate.rules import tf_upgrade


def _api_v2() -> Path:
    spec = importlib.util.find_spec("tensorflow")  # the installed wheel's layout; TensorFlow is not imported
    assert spec is not None and spec.submodule_search_locations
    return Path(list(spec.submodule_search_locations)[0]) / "_api" / "v2"


@pytest.mark.parametrize("module", tf_upgrade.MOVED_MODULES)
def test_each_moved_module_is_gone_from_tf2_but_kept_in_compat_v1(module):
    path = Path(*module.split("."))
    assert not (_api_v2() / path / "__init__.py").exists()
    assert (_api_v2() / "compat" / "v1" / path / "__init__.py").exists()


@pytest.mark.parametrize("module", tf_upgrade.MOVED_MODULES)
def test_each_moved_module_is_renamed_because_the_published_data_moves_all_its_members(module):
    data = tf_upgrade.load_upgrade_data()
    assert data.renames[f"tensorflow.{module}"] == f"tensorflow.compat.v1.{module}"


def test_a_module_whose_members_go_elsewhere_is_not_moved():
    renames = {"tensorflow.logging.info": "tensorflow.compat.v1.logging.info", "tensorflow.logging.warn": "tensorflow.get_logger"}
    assert "tensorflow.logging" not in tf_upgrade._moved_modules(renames)
    assert tf_upgrade._moved_modules({}) == {}  # no published member renames: nothing to go by


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import tensorflow as tf\nlog = tf.logging\nlog.info('x')\n", "import tensorflow as tf\nlog = tf.compat.v1.logging\nlog.info('x')\n"),
        ("from tensorflow import app\napp.run()\n", "from tensorflow.compat.v1 import app\napp.run()\n"),
        ("import tensorflow as tf\nf = tf.logging.new_in_a_later_tf1\n", "import tensorflow as tf\nf = tf.compat.v1.logging.new_in_a_later_tf1\n"),
        ("import tensorflow as tf\nt = tf.train\n", "import tensorflow as tf\nt = tf.train\n"),  # still in TF 2
    ],
)
def test_aliases_and_imports_of_moved_modules(source, expected):
    result = migrate_source(source)
    assert result.output.decode() == expected
    assert migrate_source(result.output).output == result.output
