"""A bytes check, no parsing: can this file use any name the rules know?

Every use of a rule's name spells each segment of that name somewhere in the file (in an import or an
attribute chain), or each segment of a private module path that aliases to it; a file that lacks a
segment of every such name cannot need a rewrite (see ``Catalog.prefilter_requirements``). The rest
of the TF1 API (``tf.placeholder``, from the tf_upgrade_v2 data) is checked by identifiers instead. Files
carrying a tf-migrate TODO comment are always looked at, so the unresolved TODO keeps being reported.
"""

from __future__ import annotations

import re

from tf_seq2seq_migrate.rules import tf_upgrade
from tf_seq2seq_migrate.rules.catalog import Catalog, load_catalog

_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")

TODO_MARKER = b"TODO(tf-migrate)"


def may_need_rewrite(data: bytes, catalog: Catalog | None = None) -> bool:
    if TODO_MARKER in data:
        return True
    catalog = catalog or load_catalog()
    requirements = catalog.prefilter_requirements
    if any(all(segment in data for segment in required) for required in requirements):
        return True
    return _may_use_tf1_api(data, catalog)


def _may_use_tf1_api(data: bytes, catalog: Catalog) -> bool:
    """The rest of the TF1 API (tf_upgrade_v2 data, about a thousand names): a use imports ``tensorflow``
    and spells the last segment of its name as an identifier. One set lookup per identifier instead of
    a substring search per name."""
    if tf_upgrade.RENAME not in catalog.rules or b"tensorflow" not in data:
        return False
    return not tf_upgrade.identifier_names().isdisjoint(_IDENTIFIER.findall(data))
