"""A bytes check, no parsing: can this file use any name the rules know?

Every use of a rule's name spells each segment of that name somewhere in the file (in an import or an
attribute chain), or each segment of a private module path that aliases to it; a file that lacks a
segment of every such name cannot need a rewrite (see ``Catalog.prefilter_requirements``). The rest
of the TF1 API (``tf.placeholder``, from the tf_upgrade_v2 data) is checked by identifiers instead. Files
carrying a tf-migrate TODO comment are always looked at, so the unresolved TODO keeps being reported.

A clean file must be answered without loading the rule tables (tomllib, json) or libcst: the needles
are precomputed into :mod:`.prefilter_data` by ``scripts/generate_prefilter_data.py``. That module
records a CRC of the tables it was computed from; when the tables have changed since (a developer
edited a row and did not regenerate), the needles are computed from the tables instead, so a stale
file costs time, never a missed rewrite.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tf_seq2seq_migrate.rules.catalog import Catalog

_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
# Code patterns no table row names, in a file using TensorFlow: S2S905's `x.get_shape()[i].value`, S2S908's
# `dataset.output_types` / `output_shapes` / `output_classes`.
_CODE_PATTERN_REQUIREMENTS = ((b"tensorflow", b"].value"), (b"tensorflow", b".output_"))

TODO_MARKER = b"TODO(tf-migrate)"
# The files the needles derive from: every rule table and TensorFlow's rename data.
TABLE_SUFFIXES = (".toml", ".json")


@dataclasses.dataclass(frozen=True)
class Needles:
    """What the prefilter looks for."""

    requirements: tuple[tuple[bytes, ...], ...]  # a file containing every segment of one entry may match
    identifier_names: frozenset[bytes]  # TF1 API names (last segment), checked when the file names tensorflow


def may_need_rewrite(data: bytes, catalog: Catalog | None = None) -> bool:
    if TODO_MARKER in data:
        return True
    needles = shipped_needles() if catalog is None else needles_from_catalog(catalog)
    if any(all(segment in data for segment in required) for required in needles.requirements):
        return True
    return _may_use_tf1_api(data, needles)


def _may_use_tf1_api(data: bytes, needles: Needles) -> bool:
    """The rest of the TF1 API (tf_upgrade_v2 data, about a thousand names): a use imports ``tensorflow``
    and spells the last segment of its name as an identifier. One set lookup per identifier instead of
    a substring search per name."""
    if not needles.identifier_names or b"tensorflow" not in data:
        return False
    return not needles.identifier_names.isdisjoint(_IDENTIFIER.findall(data))


def needles_from_catalog(catalog: Catalog) -> Needles:
    from tf_seq2seq_migrate.rules import tf_upgrade

    names = tf_upgrade.identifier_names() if tf_upgrade.RENAME in catalog.rules else frozenset()
    requirements = catalog.prefilter_requirements + _CODE_PATTERN_REQUIREMENTS
    return Needles(requirements=requirements, identifier_names=names)


@functools.lru_cache(maxsize=1)
def shipped_needles() -> Needles:
    """The precomputed needles when they match the tables on disk, else computed from the tables."""
    from tf_seq2seq_migrate.engine import prefilter_data

    if prefilter_data.TABLES_CRC32 == tables_crc32(tables_directory()):
        requirements = tuple(tuple(entry.split()) for entry in prefilter_data.REQUIREMENTS)
        return Needles(requirements, frozenset(prefilter_data.IDENTIFIER_NAMES.split()))
    from tf_seq2seq_migrate.rules.catalog import load_catalog

    return needles_from_catalog(load_catalog())


def tables_directory() -> Path:
    """Where the rule tables are, found without importlib.resources (same answer as the catalog's):
    the shipped package data next to this package, or the checkout's top-level ``rules/``."""
    package = Path(__file__).resolve().parents[1]
    shipped = package / "rules_data"
    return shipped if shipped.is_dir() else package.parent / "rules"


def tables_crc32(directory: Path) -> int:
    """CRC-32 over the names and bytes of the table files, in name order (about 1 ms)."""
    crc = 0
    for name in sorted(os.listdir(directory)):
        if name.endswith(TABLE_SUFFIXES):
            crc = zlib.crc32(name.encode() + b"\0", crc)
            with open(os.path.join(directory, name), "rb") as stream:
                crc = zlib.crc32(stream.read(), crc)
    return crc


def render_prefilter_data(needles: Needles, crc: int) -> str:
    """The source of :mod:`.prefilter_data` (written by ``scripts/generate_prefilter_data.py``).

    Names are one space-separated bytes literal: it compiles in microseconds where a thousand
    separate literals take milliseconds (which every run pays where no .pyc is written)."""
    requirements = "".join(f"    {b' '.join(required)!r},\n" for required in needles.requirements)
    names = b" ".join(sorted(needles.identifier_names)).decode("ascii")
    lines = [names[start : start + 96] for start in range(0, len(names), 96)]
    wrapped = "".join(f'    b"{line}"\n' for line in lines)
    return (
        '"""Prefilter needles precomputed from the rule tables: generated by scripts/generate_prefilter_data.py,\n'
        'do not edit. engine/prefilter.py ignores them when TABLES_CRC32 no longer matches the tables."""\n'
        "\n"
        f"TABLES_CRC32 = 0x{crc:08x}\n"
        "\n"
        "# Each entry: the segments a file must all contain, space-separated.\n"
        f"REQUIREMENTS = (\n{requirements})\n"
        "\n"
        "# Last segments of the TF1 API names tf_upgrade_v2 converts, space-separated.\n"
        f"IDENTIFIER_NAMES = (\n{wrapped})\n"
    )
