"""Run a script under the emulation with ``python script.py`` semantics.

``sys.argv`` is ``[script, *args]``, ``sys.path[0]`` is the script's folder (so its own modules import
as they did), the script runs as ``__main__``, and its exit status is the process's: ``sys.exit(n)``
propagates as is, an uncaught exception prints its traceback and exits 1.
"""

from __future__ import annotations

import os
import runpy
import sys

from tf_seq2seq_migrate.legacy.bootstrap import install

__all__ = ["run_script_in_process"]


def run_script_in_process(script: str, args: list[str]) -> int:
    """Install the emulation in this fresh process and run ``script`` as ``__main__``."""
    if not os.path.isfile(script):
        sys.stderr.write(f"tf_seq2seq_migrate.legacy: can't open file {script!r}: no such file\n")
        return 2
    install()
    script_dir = os.path.dirname(os.path.abspath(script))
    # `python -m` put the current folder first; `python script.py` puts the script's folder there.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        sys.path[0] = script_dir
    else:
        sys.path.insert(0, script_dir)
    sys.argv = [script, *args]
    runpy.run_path(script, run_name="__main__")
    return 0
