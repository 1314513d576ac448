"""Writes tf_seq2seq_migrate/engine/prefilter_data.py: the prefilter's needles, precomputed from the rule tables.

    python scripts/generate_prefilter_data.py [--check]

Run it after editing rules/*.toml or rules/tf_upgrade_v2.json. A stale file is never wrong (the
prefilter then computes the needles from the tables itself) but costs every clean-file check the
rule tables' load time. ``--check`` exits 1 when the committed file is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tf_seq2seq_migrate.engine.prefilter import (
    needles_from_catalog,
    render_prefilter_data,
    tables_crc32,
    tables_directory,
)
from tf_seq2seq_migrate.rules.catalog import load_catalog

OUTPUT = Path(__file__).resolve().parents[1] / "tf_seq2seq_migrate" / "engine" / "prefilter_data.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is stale")
    args = parser.parse_args(argv)
    text = render_prefilter_data(needles_from_catalog(load_catalog()), tables_crc32(tables_directory()))
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if args.check:
        if current != text:
            print(f"{OUTPUT} is stale: run python scripts/generate_prefilter_data.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
