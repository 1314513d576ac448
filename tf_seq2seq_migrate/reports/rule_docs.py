"""A catalog rule's documentation as Markdown (for ``tf-migrate explain`` and SARIF help)."""

from __future__ import annotations

from typing import Any

from tf_seq2seq_migrate.reports.common import longest_backtick_run, rule_text


def canonical_names(rule: Any) -> tuple[str, ...]:
    """The TF1 names a rule covers; the catalog's field name is read defensively."""
    for field in ("canonical_names", "canonical", "names"):
        value = getattr(rule, field, None)
        if value:
            return (value,) if isinstance(value, str) else tuple(str(item) for item in value)
    return ()


def _as_users_write_it(canonical: str) -> str:
    """Catalog names are spelled from the package (``tensorflow.contrib``); users write ``tf.``."""
    if canonical == "tensorflow" or canonical.startswith("tensorflow."):
        return "tf" + canonical[len("tensorflow") :]
    return canonical


def _fence(code: str) -> str:
    fence = "`" * max(3, longest_backtick_run(code) + 1)
    return f"{fence}python\n{code.strip(chr(10)).rstrip()}\n{fence}"


def rule_markdown(rule: Any) -> str:
    """What the rule does, why, which names, the replacement, fix safety and an example."""
    rule_id = rule_text(rule, "id")
    parts = [f"# {rule_id}: {rule_text(rule, 'summary')}".rstrip(": ")]
    why = rule_text(rule, "why")
    if why:
        parts.append(f"## Why\n\n{why.strip()}")
    names = canonical_names(rule)
    if names:
        parts.append("## Applies to\n\n" + "\n".join(f"- `{_as_users_write_it(name)}`" for name in names))
    replacement = rule_text(rule, "replacement") or rule_text(rule, "literal")  # a literal row's value
    if replacement:
        parts.append(f"## Replacement\n\n`{replacement}`")
    safety = rule_text(rule, "fix_safety")
    if safety:
        parts.append(f"## Fix safety\n\n{safety.strip()}")
    before, after = rule_text(rule, "before"), rule_text(rule, "after")
    if before or after:
        example = ["## Example"]
        if before:
            example.append("Before:\n\n" + _fence(before))
        if after:
            example.append("After:\n\n" + _fence(after))
        parts.append("\n\n".join(example))
    return "\n\n".join(parts) + "\n"
