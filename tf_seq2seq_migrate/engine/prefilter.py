"""A bytes check, no parsing: can this file use any name the rules know?

A use of a rule's name must spell the package root (``tensorflow``, in an import) and, as a whole
identifier, a segment of the rule's name (``seq2seq``, ``rnn_cell``, ``contrib``) or of a private module
path that aliases to it, so a file without both cannot need a rewrite (see
``Catalog.prefilter_needles``). Files carrying a tf-migrate TODO comment are always looked at, so
the unresolved TODO keeps being reported.
"""

from __future__ import annotations

from tf_seq2seq_migrate.rules.catalog import Catalog, load_catalog

TODO_MARKER = b"TODO(tf-migrate)"


def may_need_rewrite(data: bytes, catalog: Catalog | None = None) -> bool:
    if TODO_MARKER in data:
        return True
    catalog = catalog or load_catalog()
    roots, _ = catalog.prefilter_needles
    return any(root in data for root in roots) and catalog.prefilter_pattern.search(data) is not None
