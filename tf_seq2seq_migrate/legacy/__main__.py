"""``python -m tf_seq2seq_migrate.legacy run script.py [args]``: run a TF1 script under the emulation.

``fixture JOB.json`` is the internal command behind :func:`tf_seq2seq_migrate.legacy.api.run_original`.
"""

from __future__ import annotations

import sys

_USAGE = ("usage: python -m tf_seq2seq_migrate.legacy run SCRIPT.py [ARGS...]\n"
          "       python -m tf_seq2seq_migrate.legacy fixture JOB.json   (used by tf-migrate validate)\n")


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "run":
        from tf_seq2seq_migrate.legacy.script_runner import run_script_in_process

        return run_script_in_process(argv[1], argv[2:])
    if len(argv) == 2 and argv[0] == "fixture":
        from tf_seq2seq_migrate.legacy.fixture_runner import run_job_file

        return run_job_file(argv[1])
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(_USAGE)
        return 0
    sys.stderr.write(_USAGE)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
