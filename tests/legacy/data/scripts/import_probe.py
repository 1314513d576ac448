"""Unmodified TF1 import spellings; prints one JSON object describing what each gave."""
import json
import sys

import tensorflow as tf
import tensorflow.compat.v1 as tf_v1
import tensorflow.contrib.eager as tfe
import tensorflow.contrib.seq2seq as s2s
from tensorflow.contrib import checkpoint as contrib_checkpoint
from tensorflow.contrib import legacy_seq2seq, seq2seq
from tensorflow.contrib.framework import nest
from tensorflow.contrib.legacy_seq2seq.python.ops import seq2seq as legacy_seq2seq_ops
from tensorflow.contrib.rnn import LSTMCell, core_rnn_cell
from tensorflow.contrib.rnn.python.ops import rnn_cell as contrib_rnn_cell
from tensorflow.contrib.seq2seq.python.ops import helper as helper_ops
from tensorflow.contrib.seq2seq.python.ops.attention_wrapper import AttentionWrapper
from tensorflow.python.ops import rnn_cell_impl

import user_helper


def error_of(thunk):
    try:
        thunk()
    except Exception as error:  # noqa: BLE001  (reporting which error the user would see)
        return [type(error).__name__, str(error)]
    return None


def import_contrib_metrics():
    import tensorflow.contrib.metrics  # noqa: F401


def from_contrib_import_tpu():
    from tensorflow.contrib import tpu  # noqa: F401


x = tf.placeholder(tf.float32, [None, 3], name="x")
probe_globals = {"__name__": "tf_seq2seq_migrate.runtime.shape_probe", "x": x}
exec("runtime_dim = x.shape[0]; runtime_depth = x.shape[-1]", probe_globals)

report = {
    "argv": sys.argv,
    "tf_name": tf.__name__,
    "compat_v1_is_tf": tf_v1 is tf and tf.compat.v1 is tf,
    "user_module_gets_facade": user_helper.TF_SEEN_BY_USER_MODULE is tf,
    "sys_modules_is_real": sys.modules["tensorflow"] is not tf and hasattr(sys.modules["tensorflow"], "function"),
    "runtime_sees_real": sys.modules["tf_seq2seq_migrate.runtime.seq2seq.decoder"].tf is sys.modules["tensorflow"],
    "executing_eagerly": tf.executing_eagerly(),
    "placeholder_type": type(x).__name__,
    "user_depth_value": x.get_shape()[-1].value,
    "user_batch_value": x.shape[0].value,
    "runtime_dim": repr(probe_globals["runtime_dim"]),
    "runtime_depth": repr(probe_globals["runtime_depth"]),
    "contrib_seq2seq_same_module": seq2seq is tf.contrib.seq2seq and s2s is seq2seq,
    "attention_wrapper_module": AttentionWrapper.__module__,
    "contrib_attention_wrapper_is_runtime": seq2seq.AttentionWrapper is AttentionWrapper,
    "training_helper_module": helper_ops.TrainingHelper.__module__,
    "sequence_loss_module": seq2seq.sequence_loss.__module__,
    "contrib_lstm_module": LSTMCell.__module__,
    "contrib_lstm_is_nn_rnn_cell": LSTMCell is tf.nn.rnn_cell.LSTMCell,
    "rnn_cell_impl_has_lstm": hasattr(rnn_cell_impl, "LSTMCell"),
    "core_rnn_cell_wrapper_module": core_rnn_cell.OutputProjectionWrapper.__module__,
    "layer_norm_lstm_module": contrib_rnn_cell.LayerNormBasicLSTMCell.__module__,
    "legacy_same_function": legacy_seq2seq_ops.embedding_attention_seq2seq is legacy_seq2seq.embedding_attention_seq2seq,
    "legacy_function_module": legacy_seq2seq.embedding_attention_seq2seq.__module__,
    "nest_is_sequence": [nest.is_sequence((1, 2)), nest.is_sequence(1)],
    "tfe_names": [tfe.Checkpoint.__name__, tfe.Saver.__module__, tfe.Variable is tf.Variable or tfe.Variable.__name__],
    "checkpoint_numpy_state_module": contrib_checkpoint.NumpyState.__module__,
    "dense_module": tf.layers.Dense.__module__,
    "errors": {
        "import tensorflow.contrib.metrics": error_of(import_contrib_metrics),
        "from tensorflow.contrib import tpu": error_of(from_contrib_import_tpu),
        "tf.contrib.distributions": error_of(lambda: tf.contrib.distributions),
        "tf.contrib.rnn.NTMCell": error_of(lambda: tf.contrib.rnn.NTMCell),
        "tf.no_such_name": error_of(lambda: tf.no_such_name),
    },
}
print(json.dumps(report))
