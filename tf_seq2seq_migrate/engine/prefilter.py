"""A bytes check, no parsing: can this file use any name the rules know?

Every use of a rule's name spells each segment of that name somewhere in the file (in an import or an
attribute chain), or each segment of a private module path that aliases to it; a file that lacks a
segment of every such name cannot need a rewrite (see ``Catalog.prefilter_requirements``). Files
carrying a tf-migrate TODO comment are always looked at, so the unresolved TODO keeps being reported.
"""

from __future__ import annotations

from tf_seq2seq_migrate.rules.catalog import Catalog, load_catalog

TODO_MARKER = b"TODO(tf-migrate)"


def may_need_rewrite(data: bytes, catalog: Catalog | None = None) -> bool:
    if TODO_MARKER in data:
        return True
    requirements = (catalog or load_catalog()).prefilter_requirements
    return any(all(segment in data for segment in required) for required in requirements)
