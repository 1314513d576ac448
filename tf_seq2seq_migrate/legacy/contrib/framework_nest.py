"""``tf.contrib.framework.nest``: TF's nest module, with TF1's ``is_sequence`` name."""

from tensorflow.python.util.nest import *  # noqa: F401,F403
from tensorflow.python.util.nest import is_nested as is_sequence  # noqa: F401
from tensorflow.python.util.nest import is_nested_or_composite as is_sequence_or_composite  # noqa: F401
