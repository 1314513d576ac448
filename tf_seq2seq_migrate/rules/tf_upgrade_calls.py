"""Call-site changes of the tf_upgrade_v2 conversion: argument reorders and keyword renames (data), the
argument-conditional warnings (data), and the call transforms tf_upgrade_v2 implements in code
(``keep_prob`` -> ``rate``, ``tf.to_float`` -> ``tf.cast``, ``name_scope``'s default name, ...), re-done
here on libcst so the result matches what ``tf_upgrade_v2`` writes.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable

import libcst as cst

from tf_seq2seq_migrate.rules.args import apply_arg_changes
from tf_seq2seq_migrate.rules.catalog import Rule
from tf_seq2seq_migrate.rules.tf_upgrade import (
    UpgradeData,
    display,
    load_upgrade_data,
    method_transforms,
    removed_argument,
)

# Spells a canonical TF name (``tensorflow.float32``) through a name bound in the file, or None.
Speller = Callable[[str], "str | None"]

_CAST_DTYPES = {"float": "float32", "double": "float64"}
_DROPOUT_LATER_PARAMETERS = ("noise_shape", "seed", "name")  # TF 1.15 tf.nn.dropout after keep_prob
_AST_STRING = re.compile(r"^ast\.Str\((.*)\)$")
_NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


@dataclasses.dataclass(frozen=True)
class CallChange:
    call: cst.Call  # the call with its arguments adapted; the callee is left to the name rewrite
    target: str | None  # the callee's new canonical name when the call decides it, else None
    changed_arguments: bool
    notes: tuple[str, ...]  # why the callee or arguments changed, for the fixed finding
    todos: tuple[str, ...]  # what a person must check


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _positional(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None and not a.star]


def _has_star(call: cst.Call) -> bool:
    return any(a.star for a in call.args)


def _is_name(node: cst.BaseExpression, value: str) -> bool:
    return isinstance(node, cst.Name) and node.value == value


def _present(call: cst.Call, argument: str, position: int | None) -> bool:
    if _keyword(call, argument) is not None:
        return True
    return position is not None and len(_positional(call)) > position


def _new_keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value=value, keyword=cst.Name(name), equal=_NO_SPACE)


def _append(call: cst.Call, new: cst.Arg) -> cst.Call:
    args = list(call.args)
    if args:
        last = args[-1]
        if last.comma is cst.MaybeSentinel.DEFAULT:
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        else:  # a trailing comma stays trailing
            new = new.with_changes(comma=last.comma)
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return call.with_changes(args=[*args, new])


def _replace_arg(call: cst.Call, old: cst.Arg, new: cst.Arg | None) -> cst.Call:
    args = [a for a in call.args if a is not old] if new is None else [new if a is old else a for a in call.args]
    if new is None and args and call.args[-1] is old:
        args[-1] = args[-1].with_changes(comma=old.comma)
    return call.with_changes(args=args)


def _one_minus(value: cst.BaseExpression) -> cst.BaseExpression:
    """``1 - (value)``, as tf_upgrade_v2 writes it."""
    inner = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]) if not value.lpar else value
    return cst.BinaryOperation(left=cst.Integer("1"), operator=cst.Subtract(), right=inner)


# --- tf_upgrade_v2's code transforms ----------------------------------------------------------------


def _dropout(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    keep_prob = _keyword(call, "keep_prob")
    if keep_prob is not None:
        new = keep_prob.with_changes(keyword=cst.Name("rate"), value=_one_minus(keep_prob.value))
        return CallChange(_replace_arg(call, keep_prob, new), None, True, ("keep_prob -> rate=1 - keep_prob",), ())
    if _keyword(call, "rate") is not None:
        return None  # already the TF2 signature
    positional = _positional(call)
    if _has_star(call) or len(positional) < 2:
        todo = f"{display(name)} changed the meaning of its second argument (keep_prob -> rate); pass rate=1 - keep_prob"
        return CallChange(call, None, False, (), (todo,))
    second = positional[1]
    # TF1's later positional parameters; left positional they would slide into TF2's `rate` slot
    # (tf_upgrade_v2 leaves them so).
    keywords = {id(arg): keyword for arg, keyword in zip(positional[2:], _DROPOUT_LATER_PARAMETERS)}
    args = [
        arg.with_changes(keyword=cst.Name(keywords[id(arg)]), equal=_NO_SPACE) if id(arg) in keywords else arg
        for arg in call.args
    ]
    kept = [a for a in args if a is not second]
    if call.args[-1] is second:
        kept[-1] = kept[-1].with_changes(comma=second.comma)
    without = call.with_changes(args=kept)
    rate = _new_keyword("rate", _one_minus(second.value))
    return CallChange(_append(without, rate), None, True, ("keep_prob -> rate=1 - keep_prob",), ())


def _cast(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    suffix = name.rpartition(".")[2][len("to_") :]
    dtype = _CAST_DTYPES.get(suffix, suffix)
    dtype_spelled = spell(f"tensorflow.{dtype}")
    if dtype_spelled is None or _has_star(call):
        return None  # no name for the dtype here: the published rename (tf.compat.v1.to_*) applies
    positional = _positional(call)
    changed = call
    if len(positional) == 2:
        changed = _append(_replace_arg(call, positional[1], None), _new_keyword("name", positional[1].value))
    changed = _append(changed, _new_keyword("dtype", cst.parse_expression(dtype_spelled)))
    return CallChange(changed, "tensorflow.cast", True, (f"cast to tf.{dtype}",), ())


def _name_scope(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    positional = _positional(call)
    scope_name = _keyword(call, "name") or (positional[0] if positional else None)
    default = _keyword(call, "default_name") or (positional[1] if len(positional) > 1 else None)
    values = _keyword(call, "values") or (positional[2] if len(positional) > 2 else None)
    if default is None and values is None and not _has_star(call):
        if scope_name is None or _is_name(scope_name.value, "None"):
            return CallChange(call, None, False, (), ("name_scope call with neither name nor default_name cannot be converted",))
        # `tf.name_scope(name)` is also TF2's signature, with the same names in graph mode. tf_upgrade_v2
        # moves it to tf.compat.v1 anyway, which would turn every TF2 name_scope (and its own output for
        # `name_scope(None, default_name)`) into TF1 on a second run; it stays as written.
        return None
    if scope_name is not None and not _is_name(scope_name.value, "None"):
        # TF2's name_scope cannot re-enter a scope by name, so the TF1 one is kept.
        return CallChange(call, "tensorflow.compat.v1.name_scope", False, ("a name is passed: TF1 re-entry kept",), ())
    if default is not None:
        only = _new_keyword("name", default.value).with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return CallChange(call.with_changes(args=[only]), None, True, ("default_name used as the name",), ())
    return CallChange(call, None, False, (), ("name_scope call with neither name nor default_name cannot be converted",))


def _rename_if_argument(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    argument = _keyword(call, arguments.get("arg_name", ""))
    if argument is None:
        return None
    predicate = (arguments.get("arg_ok_predicate") or {}).get("code")
    value = argument.value
    ok = (
        (predicate == "_is_ast_str" and isinstance(value, (cst.SimpleString, cst.ConcatenatedString)))
        or (predicate == "_is_ast_true" and _is_name(value, "True"))
        or (predicate == "_is_ast_false" and _is_name(value, "False"))
    )
    if ok:
        if arguments.get("remove_if_ok"):
            return CallChange(_replace_arg(call, argument, None), None, True, (f"{argument.keyword.value} removed",), ())
        return None
    compat = name.replace("tensorflow.", "tensorflow.compat.v1.", 1)
    return CallChange(call, compat, False, (" ".join(str(arguments.get("message", "")).split()),), ())


def _add_argument(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    argument = arguments.get("arg_name")
    literal = _AST_STRING.match(str((arguments.get("arg_value_ast") or {}).get("code", "")))
    if not argument or literal is None or _keyword(call, argument) is not None:
        return None
    return CallChange(_append(call, _new_keyword(argument, cst.parse_expression(literal.group(1)))), None, True,
                      (f"{argument}={literal.group(1)} added",), ())


def _stop_gradient_labels(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    labels = _keyword(call, "labels")
    stop_gradient = spell("tensorflow.stop_gradient")
    if labels is None or stop_gradient is None:
        return None
    value = labels.value
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "stop_gradient":
        return None
    wrapped = cst.Call(func=cst.parse_expression(stop_gradient), args=[cst.Arg(value=value)])
    return CallChange(_replace_arg(call, labels, labels.with_changes(value=wrapped)), None, True,
                      ("labels wrapped in tf.stop_gradient (TF2's version differentiates through labels)",), ())


# Keywords only TF 2's summary functions take; TF1's took (name, tensor, ..., collections, family).
_TF2_SUMMARY_KEYWORDS = frozenset({"data", "step", "description", "buckets", "encoding"})
# Positional arguments on which TF1 and TF 2 agree: (name, tensor) and, for audio, sample_rate.
_SHARED_SUMMARY_POSITIONS = {"audio": 3}


def _summary_v1(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    """TF1 ``tf.summary.scalar(name, tensor)`` adds an op to the graph's summary collection, which
    ``tf.compat.v1.summary.merge_all`` gathers; TF 2's function of that name writes to a default writer
    instead (and needs TensorBoard installed), so a TF1 call moves to ``tf.compat.v1.summary``."""
    if any(arg.keyword is not None and arg.keyword.value in _TF2_SUMMARY_KEYWORDS for arg in call.args):
        return None  # already a TF 2 call
    op = name.rpartition(".")[2]
    if _has_star(call) or len(_positional(call)) > _SHARED_SUMMARY_POSITIONS.get(op, 2):
        todo = ("TF1 and TF 2 read the positional arguments after the tensor differently; for TF1 "
                f"behaviour call tf.compat.v1.summary.{op}, for TF 2 pass step= by keyword")
        return CallChange(call, None, False, (), (todo,))
    return CallChange(call, f"tensorflow.compat.v1.summary.{op}", False,
                      ("a TF1 summary op, collected by tf.compat.v1.summary.merge_all",), ())


def _is_int_literal(node: cst.BaseExpression) -> bool:
    """``1`` or ``-1``: an axis by its own spelling (never a tensor or a list of tensors)."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    return isinstance(node, cst.Integer)


def _concat_v0(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    """TF 0.x ``tf.concat(1, [a, b])`` -> ``tf.concat([a, b], 1)``: when the second argument is a list or
    tuple display (TF 1 and TF 2 read it as the axis, which must be a scalar) and the first is not, or when
    the first is an integer literal and the second is not (TF 1 and TF 2 read the first as the values)."""
    positional = _positional(call)
    if len(positional) < 2 or _has_star(call) or positional[:2] != list(call.args[:2]):
        return None
    axis, values = positional[0], positional[1]
    displays = (cst.List, cst.Tuple)
    by_values = isinstance(values.value, displays) and not isinstance(axis.value, displays)
    by_axis = _is_int_literal(axis.value) and not _is_int_literal(values.value)
    if not (by_values or by_axis):
        return None
    first = values.with_changes(comma=axis.comma)
    second = axis.with_changes(comma=values.comma)
    swapped = call.with_changes(args=[first, second, *call.args[2:]])
    return CallChange(swapped, None, True, ("TF 0.x argument order (concat_dim, values) -> (values, axis)",), ())


_SPLIT_V0_KEYWORDS = {"split_dim": "axis", "num_split": "num_or_size_splits"}


def _split_v0(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    """TF 0.x ``tf.split(split_dim, num_split, value, name)`` -> ``tf.split(value, num_split, split_dim)``
    (TF 1.0's order: value, num_or_size_splits, axis): when the first positional argument is an integer
    literal (a value to split is never one), or the call uses TF 0.x's keywords split_dim / num_split."""
    if _has_star(call):
        return None
    keywords = {a.keyword.value for a in call.args if a.keyword is not None}
    positional = _positional(call)
    if positional != list(call.args[: len(positional)]):
        return None
    if len(positional) >= 3 and _is_int_literal(positional[0].value):
        dim, count, value = positional[:3]
        moved = [value.with_changes(comma=dim.comma), count, dim.with_changes(comma=value.comma)]
        rest = list(call.args[3:])
        if len(positional) > 3:  # TF 0.x's fourth parameter was name; TF 1's is num
            rest[0] = rest[0].with_changes(keyword=cst.Name("name"), equal=_NO_SPACE)
        new = call.with_changes(args=[*moved, *rest])
    elif keywords & set(_SPLIT_V0_KEYWORDS) and not positional:
        args = [
            a.with_changes(keyword=cst.Name(_SPLIT_V0_KEYWORDS[a.keyword.value]))
            if a.keyword is not None and a.keyword.value in _SPLIT_V0_KEYWORDS else a
            for a in call.args
        ]
        new = call.with_changes(args=args)
    else:
        return None
    note = "TF 0.x argument order (split_dim, num_split, value) -> (value, num_or_size_splits, axis)"
    return CallChange(new, None, True, (note,), ())


def _keyword_only(call: cst.Call, name: str, spell: Speller, arguments: dict) -> CallChange | None:
    return None  # keyword calls mean the same in TF 1 and TF 2; positional ones are stopped in rewrite_call


_TRANSFORMS: dict[str, Callable[[cst.Call, str, Speller, dict], CallChange | None]] = {
    "_dropout_transformer": _dropout,
    "_cast_transformer": _cast,
    "_name_scope_transformer": _name_scope,
    "_rename_if_arg_found_transformer": _rename_if_argument,
    "_add_argument_transformer": _add_argument,
    "_softmax_cross_entropy_with_logits_transformer": _stop_gradient_labels,
    "_summary_v1_transformer": _summary_v1,
    "_concat_v0_transformer": _concat_v0,
    "_split_v0_transformer": _split_v0,
    "_keyword_only_transformer": _keyword_only,
}


# --- the whole call --------------------------------------------------------------------------------


def _argument_warnings(call: cst.Call, name: str, data: UpgradeData) -> list[str]:
    todos = []
    for entry in data.argument_warnings.get(name, ()):
        if entry["level"] in ("WARNING", "ERROR") and (_present(call, entry["argument"], entry["position"]) or _has_star(call)):
            todos.append(f"{display(name)} called with {entry['argument']}: {' '.join(entry['message'].split())}")
    warning = data.warnings.get(name)
    argument = removed_argument(warning["message"]) if warning is not None else None
    if argument is not None and warning["level"] in ("WARNING", "ERROR"):
        order = data.reorders.get(name) or []
        position = order.index(argument) if argument in order else None
        if _present(call, argument, position):
            todos.append(_removed_argument_todo(warning, name))
    return todos


def _removed_argument_todo(warning: dict, name: str) -> str:
    return " ".join(warning["message"].replace("<function name>", display(name)).split())


# "`partition_strategy` has been removed from <function name>.  The 'div' strategy will be used by
# default.": TF 2's embedding lookups and sampled losses always shard by 'div'.
_ALWAYS_DIV = re.compile(r"^`partition_strategy` has been removed .*The 'div' strategy will be used by default")


def _div_partition_strategy(call: cst.Call, name: str, data: UpgradeData) -> cst.Arg | None:
    """The ``partition_strategy="div"`` keyword of a call whose TF 2 function always uses 'div': it
    changes nothing there, so it is dropped rather than left with a TODO (any other value keeps it)."""
    warning = data.warnings.get(name)
    if warning is None or not _ALWAYS_DIV.match(" ".join(warning["message"].split())):
        return None
    arg = _keyword(call, "partition_strategy")
    if arg is None or not isinstance(arg.value, cst.SimpleString) or arg.value.evaluated_value != "div":
        return None
    return arg


# TF 1.x took these by keyword only (a leading `_sentinel` parameter refused positional calls), so a
# positional call is TF 0.x code, which passed (logits, labels); TF 2 reads (labels, logits).
_KEYWORD_ONLY_LOSSES = frozenset({
    "tensorflow.nn.softmax_cross_entropy_with_logits",
    "tensorflow.nn.sparse_softmax_cross_entropy_with_logits",
    "tensorflow.nn.sigmoid_cross_entropy_with_logits",
})


def rewrite_call(call: cst.Call, canonical: str, rule: Rule, spell: Speller) -> CallChange:
    """Everything tf_upgrade_v2 does to a call of ``canonical`` (its OLD name), in its order: warnings,
    positional -> keyword, keyword renames, then the function's code transform."""
    if canonical in _KEYWORD_ONLY_LOSSES and (_positional(call) or _has_star(call)):
        # tf_upgrade_v2 would name them in TF 1's order (labels, logits), swapping a TF 0.x call's meaning.
        todo = ("positional arguments: TF 1 refused them, TF 0.x read them as (logits, labels), TF 2 as "
                "(labels, logits); pass labels= and logits= by keyword, then run tf-migrate again")
        return CallChange(call, None, False, (), (todo,))
    data = load_upgrade_data()
    # On tf.compat.v1 the TF1 parameters are still there: argument warnings do not apply.
    todos = [] if _keeps_tf1_function(rule) else _argument_warnings(call, canonical, data)
    notes: list[str] = []
    changed = call
    if rule.args is not None:
        adapted, problems = apply_arg_changes(call, rule.args)
        todos += problems
        if not _same_arguments(adapted, call):
            changed = adapted
            notes.append("positional arguments named / keywords renamed")
    div = None if _keeps_tf1_function(rule) else _div_partition_strategy(changed, canonical, data)
    if div is not None:  # after the reorder, which names a positional 'div'
        changed = _replace_arg(changed, div, None)
        notes.append("partition_strategy='div' dropped: TF 2 always shards by 'div'")
        todos.remove(_removed_argument_todo(data.warnings[canonical], canonical))
    target = None
    transform = data.transformers.get(canonical)
    if transform is not None:
        handler = _TRANSFORMS.get(transform["transformer"])
        result = handler(changed, canonical, spell, transform.get("arguments", {})) if handler is not None else None
        if result is not None:
            changed, target = result.call, result.target
            notes += result.notes
            todos += result.todos
        elif handler is None and not _keeps_tf1_function(rule):
            # Neither repeated here nor renamed onto tf.compat.v1 (which keeps the TF1 function): the call
            # may need the change tf_upgrade_v2 makes in code.
            todos.append(f"tf_upgrade_v2 changes calls to {display(canonical)} in code ({transform['transformer']}); "
                         "check this call against the TF2 signature")
    warning = data.warnings.get(canonical)
    if warning is not None and warning["level"] in ("WARNING", "ERROR") and rule.replacement != canonical:
        if not _keeps_tf1_function(rule) and removed_argument(warning["message"]) is None:
            todos.append(" ".join(warning["message"].replace("<function name>", display(canonical)).split()))
    return CallChange(changed, target, not _same_arguments(changed, call), tuple(notes), tuple(dict.fromkeys(todos)))


def _keeps_tf1_function(rule: Rule) -> bool:
    """Renamed onto tf.compat.v1, where TensorFlow 2 keeps the TF1 function as it was."""
    replacement = rule.replacement or ""
    return replacement == "tensorflow.compat.v1" or replacement.startswith("tensorflow.compat.v1.")


def _same_arguments(new: cst.Call, old: cst.Call) -> bool:
    return len(new.args) == len(old.args) and all(a is b for a, b in zip(new.args, old.args))



def rewrite_method_call(call: cst.Call, spell: Speller) -> CallChange | None:
    """``dataset.make_one_shot_iterator()`` -> ``tf.compat.v1.data.make_one_shot_iterator(dataset)``, as
    tf_upgrade_v2 does for these methods on any object (TF2 datasets no longer have them)."""
    func = call.func
    if not isinstance(func, cst.Attribute):
        return None
    name = func.attr.value
    if method_transforms().get(name) != "_iterator_transformer" or _has_star(call):
        return None
    target = f"tensorflow.compat.v1.data.{name}"
    function = spell(target)
    if function is None:
        return None
    receiver = cst.Arg(value=func.value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if call.args else cst.MaybeSentinel.DEFAULT)
    new = call.with_changes(func=cst.parse_expression(function), args=[receiver, *call.args])
    return CallChange(new, target, True, (f"dataset.{name}() -> {display(target)}(dataset)",), ())
