"""What unmodified TF1 import spellings give under the emulation (one emulated process for all)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from legacy.legacy_tools import SCRIPTS, last_json_line, run_ok

OUT_OF_SCOPE = "is out of scope for tf-migrate's TF1 emulation"


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("elsewhere")  # the script's own modules must import from its folder
    return last_json_line(run_ok(SCRIPTS / "import_probe.py", "one", "--two", cwd=cwd).stdout)


def test_script_gets_argv_and_its_own_modules(probe):
    assert probe["argv"][1:] == ["one", "--two"]
    assert probe["argv"][0].endswith("import_probe.py")
    assert probe["user_module_gets_facade"] is True


def test_tensorflow_is_the_tf1_api_in_graph_mode(probe):
    assert probe["tf_name"] == "tensorflow"
    assert probe["compat_v1_is_tf"] is True
    assert probe["executing_eagerly"] is False
    assert probe["dense_module"] == "tf_keras.src.legacy_tf_layers.core"


def test_library_code_keeps_the_real_tensorflow(probe):
    assert probe["sys_modules_is_real"] is True
    assert probe["runtime_sees_real"] is True


def test_shapes_are_tf1_dimensions_for_users_and_ints_for_the_runtime(probe):
    assert probe["user_depth_value"] == 3
    assert probe["user_batch_value"] is None
    assert probe["runtime_dim"] == "None"
    assert probe["runtime_depth"] == "3"


def test_contrib_seq2seq_spellings_are_the_runtime(probe):
    assert probe["contrib_seq2seq_same_module"] is True
    assert probe["contrib_attention_wrapper_is_runtime"] is True
    assert probe["attention_wrapper_module"] == "tf_seq2seq_migrate.runtime.seq2seq.attention_wrapper"
    assert probe["training_helper_module"] == "tf_seq2seq_migrate.runtime.seq2seq.helper"
    assert probe["sequence_loss_module"] == "tf_seq2seq_migrate.runtime.seq2seq.loss"


def test_contrib_rnn_has_tf1_cells_and_runtime_contrib_cells(probe):
    assert probe["contrib_lstm_module"] == "tf_keras.src.layers.rnn.legacy_cells"
    assert probe["contrib_lstm_is_nn_rnn_cell"] is True
    assert probe["rnn_cell_impl_has_lstm"] is True
    assert probe["core_rnn_cell_wrapper_module"] == "tf_seq2seq_migrate.runtime.rnn.core_rnn_cell"
    assert probe["layer_norm_lstm_module"] == "tf_seq2seq_migrate.runtime.rnn.contrib_rnn_cell"


def test_legacy_seq2seq_framework_eager_and_checkpoint(probe):
    assert probe["legacy_same_function"] is True
    assert probe["legacy_function_module"] == "tf_seq2seq_migrate.runtime.legacy_seq2seq.seq2seq"
    assert probe["nest_is_sequence"] == [True, False]
    assert probe["tfe_names"] == ["CheckpointV1", "tf_seq2seq_migrate.runtime.checkpoint", "Variable"]
    assert probe["checkpoint_numpy_state_module"] == "tf_seq2seq_migrate.runtime.checkpoint"


@pytest.mark.parametrize("spelling, error_type, module", [
    ("import tensorflow.contrib.metrics", "ImportError", "tensorflow.contrib.metrics"),
    ("from tensorflow.contrib import tpu", "ImportError", "tensorflow.contrib.tpu"),
    ("tf.contrib.distributions", "AttributeError", "tensorflow.contrib.distributions"),
])
def test_out_of_scope_contrib_modules_say_so(probe, spelling, error_type, module):
    kind, message = probe["errors"][spelling]
    assert kind == error_type
    assert message.startswith(f"{module} {OUT_OF_SCOPE}: it provides only tf.contrib.seq2seq, "
                              "tf.contrib.legacy_seq2seq, tf.contrib.rnn, tf.contrib.checkpoint")


def test_missing_names_are_attribute_errors_that_say_why(probe):
    kind, message = probe["errors"]["tf.contrib.rnn.NTMCell"]
    assert (kind, message.split(" (")[0]) == ("AttributeError", f"tf.contrib.rnn.NTMCell {OUT_OF_SCOPE}")
    kind, message = probe["errors"]["tf.no_such_name"]
    assert kind == "AttributeError"
    assert message.startswith("module 'tensorflow' has no attribute 'no_such_name'")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_api_module_does_not_import_tensorflow():
    completed = _python("import sys, tf_seq2seq_migrate.legacy.api, tf_seq2seq_migrate.legacy.contrib\n"
                        "print('tensorflow' in sys.modules)")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "False"


def test_command_usage_and_missing_script():
    usage = subprocess.run([sys.executable, "-m", "tf_seq2seq_migrate.legacy"], capture_output=True, text=True)
    assert usage.returncode == 2
    assert "usage: python -m tf_seq2seq_migrate.legacy run SCRIPT.py [ARGS...]" in usage.stderr
    missing = subprocess.run([sys.executable, "-m", "tf_seq2seq_migrate.legacy", "run", "no_such_script.py"],
                             capture_output=True, text=True)
    assert missing.returncode == 2
    assert "can't open file 'no_such_script.py'" in missing.stderr
