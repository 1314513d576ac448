"""Which rule applies to a canonical TF1 name, honouring skipped rules."""

from __future__ import annotations

import dataclasses

from tf_seq2seq_migrate.rules.catalog import Catalog, Rule
from tf_seq2seq_migrate.rules.manual import PRIVATE_MODULE, UNKNOWN_MEMBER
from tf_seq2seq_migrate.rules.tf_upgrade import RENAME as TF_UPGRADE
from tf_seq2seq_migrate.rules.tf_upgrade import match_upgrade

TF_ROOT = "tensorflow"
PRIVATE_PACKAGE = "python"  # TensorFlow's implementation packages: tensorflow/contrib/<x>/python/ops/...


@dataclasses.dataclass(frozen=True)
class Match:
    rule: Rule
    canonical: str  # the full canonical name of the use
    prefix: str  # the rule's canonical name that matched
    target: str | None  # new dotted name for rewriting rules, else None
    unknown_member: bool  # a module rule matched a member that has no row of its own

    @property
    def rewrites(self) -> bool:
        return self.target is not None

    @property
    def import_module(self) -> str | None:
        """The module the rewritten code imports to reach ``target``."""
        if self.target is None:
            return None
        replacement = self.rule.replacement or ""
        return replacement if self.rule.module else replacement.rpartition(".")[0]


def is_tensorflow(canonical: str | None) -> bool:
    return canonical is not None and (canonical == TF_ROOT or canonical.startswith(TF_ROOT + "."))


def match_rule(catalog: Catalog, canonical: str, skip: frozenset[str]) -> Match | None:
    """The applicable rule for an already canonicalized name, or None (no rule, or the rule is skipped)."""
    found = catalog.match(canonical)
    if is_tensorflow(canonical) and TF_UPGRADE not in skip:
        # The rest of the TF1 API, from TensorFlow's published tf_upgrade_v2 data; table rows win.
        found = match_upgrade(catalog, canonical, found) or found
    if found is None:
        return None
    rule, prefix = found
    if rule.id in skip:
        return None
    member = canonical[len(prefix) + 1 :].partition(".")[0]
    if rule.module and rule.rewrites and member == PRIVATE_PACKAGE and PRIVATE_MODULE in catalog.rules:
        # `tensorflow.contrib.rnn.python.ops.x` that no alias maps: the runtime has no such module path.
        if PRIVATE_MODULE in skip:
            return None
        return Match(rule=catalog.rule(PRIVATE_MODULE), canonical=canonical, prefix=prefix, target=None, unknown_member=False)
    target = None
    if rule.rewrites and rule.replacement:
        target = rule.replacement + canonical[len(prefix) :]
    unknown = rule.module and canonical != prefix and member not in rule.members and UNKNOWN_MEMBER not in skip
    return Match(rule=rule, canonical=canonical, prefix=prefix, target=target, unknown_member=unknown)
