"""Smoke test: bench/decode_speed.py --quick runs every decode kind in every mode (no timing asserts)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "decode_speed.py"


def test_decode_speed_quick_reports_every_kind_and_mode():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    completed = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--repeat", "1", "--floor"], capture_output=True,
                               text=True, timeout=600, env=env, cwd=SCRIPT.parents[1])
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = re.findall(r"^(greedy|beam)\s+(eager|function|xla|graph)(?:\s+[\d.]+){5}$",
                      completed.stdout, flags=re.MULTILINE)
    assert sorted(rows) == sorted((kind, mode) for kind in ("greedy", "beam")
                                  for mode in ("eager", "function", "xla", "graph")), completed.stdout
    assert "roofline greedy: 4x32 @ 32x100 matmul" in completed.stdout
    assert "roofline beam: 12x32 @ 32x100 matmul" in completed.stdout
    # --floor: every unavoidable piece of a step, per kind; the log-softmax exp only for beam search.
    for kind, rows in (("greedy", 4), ("beam", 12)):
        section = completed.stdout.split(f"floor {kind}:")[1].split("floor ")[0]
        for piece in (f"matmul projection {rows}x32@32x100", f"matmul lstm layer 1 {rows}x96@96x128",
                      f"matmul lstm layers 2+ {rows}x64@64x128", f"matmul attention layer {rows}x64@64x32",
                      f"matmul query layer {rows}x32@32x32", f"tanh attention energies {rows}x7x32",
                      "matmuls only", "all pieces (the lowest reachable ratio)"):
            assert piece in section, section
        assert ("exp log-softmax" in section) == (kind == "beam"), section


def test_decode_speed_rejects_an_unknown_mode():
    completed = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--modes", "turbo"], capture_output=True,
                               text=True, timeout=600, cwd=SCRIPT.parents[1])
    assert completed.returncode == 2
    assert "unknown mode or kind: turbo" in completed.stderr
