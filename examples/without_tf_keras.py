"""Run a Python script on plain TensorFlow 2 + Keras 3: tf_keras unimportable, TF_USE_LEGACY_KERAS unset.

    python examples/without_tf_keras.py SCRIPT.py [ARGS...]

The script runs as ``python SCRIPT.py ARGS`` would run it (``__main__``, ``sys.argv``, its folder first
on ``sys.path``). tf_keras is installed next to TensorFlow for the TF1 emulation; blocking it here shows
that a migrated program does not lean on it, even indirectly.
"""

import importlib.abc
import os
import runpy
import sys

BLOCKED = "tf_keras"


class _BlockTfKeras(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname == BLOCKED or fullname.startswith(BLOCKED + "."):
            raise ImportError(f"{fullname} is blocked: this program must run on TensorFlow 2 + Keras 3 alone")
        return None


def main(argv):
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    script = argv[0]
    # TensorFlow reads the variable when it is first imported, which has not happened yet.
    os.environ.pop("TF_USE_LEGACY_KERAS", None)
    sys.meta_path.insert(0, _BlockTfKeras())
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
