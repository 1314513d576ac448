"""A bytes check, no parsing: can this file use any name the rules know?

A use of a rule's name must spell the package root (``tensorflow``, in an import) and the name's
second segment (``contrib``, or ``python`` for private module paths) somewhere in the file, so a file
without both cannot need a rewrite. Files carrying a tf-migrate TODO comment are always looked at, so
the unresolved TODO keeps being reported.
"""

from __future__ import annotations

from tf_seq2seq_migrate.rules.catalog import Catalog, load_catalog

TODO_MARKER = b"TODO(tf-migrate)"


def may_need_rewrite(data: bytes, catalog: Catalog | None = None) -> bool:
    if TODO_MARKER in data:
        return True
    roots, segments = (catalog or load_catalog()).prefilter_needles
    return any(root in data for root in roots) and any(segment in data for segment in segments)
