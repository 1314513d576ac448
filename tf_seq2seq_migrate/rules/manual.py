"""The rules that need code: uses that cannot be converted mechanically.

Their rows (ids, messages, docs) live in ``rules/manual.toml``; this module says which code patterns
they recognise. The engine calls these with names it has already resolved.
"""

from __future__ import annotations

import re

OUT_OF_SCOPE = "S2S900"  # a tf.contrib name no rule converts
STAR_IMPORT = "S2S901"
DYNAMIC_ACCESS = "S2S902"
MONKEY_PATCH = "S2S903"
UNKNOWN_MEMBER = "S2S904"
PRIVATE_MODULE = "S2S907"  # an unmapped implementation module path under a converted module

TODO_PREFIX = "# TODO(tf-migrate): "

# Builtins that reach attributes by a computed name or expose a namespace wholesale.
DYNAMIC_ACCESS_BUILTINS = frozenset({"getattr", "hasattr", "vars", "dir"})
# Builtins that change attributes of their first argument.
MONKEY_PATCH_BUILTINS = frozenset({"setattr", "delattr"})
DYNAMIC_ATTRIBUTES = frozenset({"__dict__"})

# A TODO comment as written by todo_comment(); group 1 is the rule id, group 2 the message.
TODO_COMMENT = re.compile(r"#[ \t]*TODO\(tf-migrate\):[ \t]*(S2S\d{3})[ \t]+([^\r\n]*)")


def todo_comment(rule_id: str, message: str) -> str:
    """The one-line comment placed above a statement that needs a manual edit."""
    return f"{TODO_PREFIX}{rule_id} {' '.join(message.split())}"


def builtin_call_rule(function_name: str) -> str | None:
    """The rule id for a call of a dynamic-access or monkey-patching builtin, if it is one."""
    if function_name in MONKEY_PATCH_BUILTINS:
        return MONKEY_PATCH
    if function_name in DYNAMIC_ACCESS_BUILTINS:
        return DYNAMIC_ACCESS
    return None
