"""``tf.contrib.training`` under the emulation: ``HParams`` and ``parse_values`` from the runtime.

They are the contrib.training names seq2seq projects use (tensorflow/nmt keeps every hyperparameter in
an HParams); the input pipelines, samplers and training loops of contrib.training are out of scope and
say so.
"""

from tf_seq2seq_migrate.runtime.hparams import HParams, parse_values  # noqa: F401


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.training.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         "tf.contrib.training it provides HParams and parse_values.")
