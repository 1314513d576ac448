"""Argument changes of ``transform`` rules: renamed and removed keywords, positional -> keyword."""

from __future__ import annotations

import libcst as cst

from tf_seq2seq_migrate.rules.catalog import ArgChanges


def apply_arg_changes(call: cst.Call, changes: ArgChanges) -> tuple[cst.Call, tuple[str, ...]]:
    """Rewrite a call's arguments for the replacement's signature.

    Returns the new call and the problems that stop a complete conversion (``*args`` hiding positions,
    a removed parameter passed positionally); the call is still converted as far as it safely can be.
    """
    renamed = changes.renamed_map
    removed = set(changes.removed) | {name for name, _ in changes.dropped_defaults}
    keep = changes.keep_positional if changes.keep_positional is not None else len(changes.positional)
    problems: list[str] = []
    new_args: list[cst.Arg] = []
    position = 0
    seen_star = False
    for arg in call.args:
        if arg.star == "*":
            seen_star = True
            new_args.append(arg)
            continue
        if arg.star == "**" or arg.keyword is not None:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword in removed:
                continue
            if keyword in renamed:
                arg = arg.with_changes(keyword=cst.Name(renamed[keyword]))
            new_args.append(arg)
            continue
        # A positional argument.
        if position >= keep and position < len(changes.positional):
            if seen_star:
                problems.append("arguments after *args cannot be matched to parameter names")
                new_args.append(arg)
            else:
                name = changes.positional[position]
                if name not in removed:
                    new_args.append(
                        arg.with_changes(
                            keyword=cst.Name(renamed.get(name, name)),
                            equal=cst.AssignEqual(
                                whitespace_before=cst.SimpleWhitespace(""),
                                whitespace_after=cst.SimpleWhitespace(""),
                            ),
                        )
                    )
        else:
            if position < len(changes.positional) and changes.positional[position] in removed:
                problems.append(f"'{changes.positional[position]}' was removed but is passed positionally")
            new_args.append(arg)
        position += 1
    if new_args:
        # The last argument must not keep a comma that was followed by a dropped one.
        last = new_args[-1]
        if call.args and last is not call.args[-1] and last.comma is not cst.MaybeSentinel.DEFAULT:
            new_args[-1] = last.with_changes(comma=call.args[-1].comma)
    return call.with_changes(args=new_args), tuple(dict.fromkeys(problems))


def non_default_value(call: cst.Call, changes: ArgChanges) -> str | None:
    """The first dropped-default parameter passed with another value, as ``name=code``; None if there is none.

    Such a call cannot be converted: the replacement has no parameter for what the value asks for.
    """
    defaults = dict(changes.dropped_defaults)
    if not defaults:
        return None
    position = 0
    for arg in call.args:
        if arg.star:
            # `*args` / `**kwargs` may carry any value for a parameter not passed by name.
            if arg.star == "*" or any(name not in _keywords(call) for name in defaults):
                return "*args" if arg.star == "*" else "**kwargs"
            continue
        if arg.keyword is not None:
            name = arg.keyword.value
        else:
            name = changes.positional[position] if position < len(changes.positional) else None
            position += 1
        if name in defaults:
            code = _code(arg.value)
            if code != defaults[name]:
                return f"{name}={code}"
    return None


def incompatible_argument(call: cst.Call, changes: ArgChanges) -> tuple[str, str] | None:
    """The first argument the replacement would use differently, as (``name=code``, why); None if none.

    Only an explicit ``None`` (the default) is harmless; ``*args`` / ``**kwargs`` may carry the parameter.
    """
    reasons = dict(changes.incompatible)
    flags = dict(changes.positional_flags)
    if not reasons and not flags:
        return None
    position = 0
    for arg in call.args:
        if arg.star:
            if reasons and (arg.star == "*" or any(name not in _keywords(call) for name in reasons)):
                return ("*args" if arg.star == "*" else "**kwargs"), next(iter(reasons.values()))
            continue
        if arg.keyword is not None:
            name = arg.keyword.value
        else:
            name = changes.positional[position] if position < len(changes.positional) else None
            position += 1
            if name in flags and _code(arg.value) not in ("True", "False"):
                return f"{name}={_code(arg.value)}", flags[name]
        if name in reasons and _code(arg.value) != "None":
            return f"{name}={_code(arg.value)}", reasons[name]
    return None


def _keywords(call: cst.Call) -> set[str]:
    return {arg.keyword.value for arg in call.args if arg.keyword is not None}


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)
