"""``tf.contrib.layers`` under the emulation: the functions the runtime ports, with TF1's variable names.

``fully_connected`` (``linear``, ``elu``, ``relu``, ``relu6``), ``layer_norm``, ``embed_sequence``,
``conv2d`` / ``convolution2d``, ``flatten``, ``dropout``, ``one_hot_encoding``, ``batch_norm``,
``optimize_loss``, the regularizers and the initializers come from
:mod:`tf_seq2seq_migrate.runtime.contrib_layers`; in the emulation's v1 graph they call
``get_variable`` as contrib did. The rest of contrib.layers (pooling, transposed convolutions, feature
columns, ...) is out of scope and says so.
"""

from tf_seq2seq_migrate.runtime.contrib_layers import *  # noqa: F401,F403
from tf_seq2seq_migrate.runtime.contrib_layers import OPTIMIZER_CLS_NAMES, OPTIMIZER_SUMMARIES  # noqa: F401
from tf_seq2seq_migrate.runtime.contrib_layers import __all__ as _PROVIDED


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"tf.contrib.layers.{name} is out of scope for tf-migrate's TF1 emulation: of "
                         f"tf.contrib.layers it provides {', '.join(_PROVIDED)}.")
