"""Writes rules/tf_upgrade_v2.json from the tf_upgrade_v2 data shipped in the installed TensorFlow wheel.

    python scripts/generate_tf_upgrade_data.py [--check] [--output rules/tf_upgrade_v2.json]

TensorFlow publishes how TF1 names move in TF2 as Python literals in
``tensorflow/tools/compatibility/{renames_v2,all_renames_v2,reorders_v2,module_deprecations_v2,
tf_upgrade_v2}.py``. This script READS those files (``ast``; TensorFlow is never imported) and keeps
what is data: symbol renames, positional-argument reorders, keyword renames/removals, warnings (and
argument-conditional warnings), module deprecations, and, for the call transforms that are code, the
transform's name and its literal arguments. Names are written canonically (``tensorflow.x``), the
way the rewriter's rule tables spell them. ``--check`` exits 1 when the committed file is stale.
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO / "rules" / "tf_upgrade_v2.json"
FORMAT_VERSION = 1


class NotData(Exception):
    """An expression that is code, not a literal."""


def tensorflow_compatibility_dir() -> Path:
    spec = importlib.util.find_spec("tensorflow")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("TensorFlow is not installed in this environment")
    return Path(list(spec.submodule_search_locations)[0]) / "tools" / "compatibility"


def canonical(name: str) -> str:
    """``tf.x`` -> ``tensorflow.x``; wildcard (``*.minimize``) and other names stay as published."""
    if name == "tf":
        return "tensorflow"
    return "tensorflow." + name[3:] if name.startswith("tf.") else name


def evaluate(node: ast.expr, env: dict[str, Any]) -> Any:
    """A literal, with string concatenation, names bound earlier to literals and ``ast_edits.LEVEL``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple):
        return tuple(evaluate(e, env) for e in node.elts)
    if isinstance(node, ast.List):
        return [evaluate(e, env) for e in node.elts]
    if isinstance(node, ast.Set):
        return {evaluate(e, env) for e in node.elts}
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise NotData("dict unpacking")
        return {evaluate(k, env): evaluate(v, env) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left, env) + evaluate(node.right, env)
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ast_edits":
        if node.attr in ("INFO", "WARNING", "ERROR"):
            return node.attr
    raise NotData(ast.dump(node)[:80])


def module_literals(path: Path) -> dict[str, Any]:
    """Top-level ``NAME = <literal>`` assignments of a module, evaluated in order."""
    env: dict[str, Any] = {}
    for statement in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                try:
                    env[target.id] = evaluate(statement.value, env)
                except NotData:
                    pass
    return env


def spec_attributes(path: Path) -> tuple[dict[str, Any], dict[str, ast.expr]]:
    """``TFAPIChangeSpec.__init__``: evaluated ``self.x = ...`` / local literals, and the raw expressions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    spec = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "TFAPIChangeSpec")
    init = next(n for n in spec.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    env: dict[str, Any] = {}
    values: dict[str, Any] = {}
    raw: dict[str, ast.expr] = {}
    for statement in init.body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target = statement.targets[0]
        if isinstance(target, ast.Name):
            try:
                env[target.id] = evaluate(statement.value, env)
            except NotData:
                pass
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            raw[target.attr] = statement.value
            try:
                values[target.attr] = evaluate(statement.value, env)
            except NotData:
                pass
    return values, raw


def transformers(node: ast.expr) -> dict[str, dict[str, Any]]:
    """``function_transformers``: per name, the transform function and its literal partial() arguments."""
    if not isinstance(node, ast.Dict):
        raise NotData("function_transformers is not a dict literal")
    result: dict[str, dict[str, Any]] = {}
    for key, value in zip(node.keys, node.values):
        name = evaluate(key, {})
        entry: dict[str, Any] = {}
        if isinstance(value, ast.Name):
            entry["transformer"] = value.id
        elif isinstance(value, ast.Call) and ast.unparse(value.func) == "functools.partial":
            entry["transformer"] = ast.unparse(value.args[0])
            arguments = {}
            for keyword in value.keywords:
                try:
                    arguments[keyword.arg] = evaluate(keyword.value, {})
                except NotData:
                    # A predicate function or an AST node built in code: kept as its source text.
                    arguments[keyword.arg] = {"code": ast.unparse(keyword.value)}
            entry["arguments"] = arguments
        else:
            entry["transformer"] = ast.unparse(value)
        result[canonical(name)] = entry
    return result


def level_message(value: Any) -> dict[str, str]:
    level, message = value
    return {"level": level, "message": message}


def build_data(directory: Path, tensorflow_version: str) -> dict[str, Any]:
    renames = dict(module_literals(directory / "renames_v2.py")["renames"])
    renames.update(module_literals(directory / "all_renames_v2.py")["manual_symbol_renames"])
    reorders = module_literals(directory / "reorders_v2.py")["reorders"]
    deprecations = module_literals(directory / "module_deprecations_v2.py")["MODULE_DEPRECATIONS"]
    spec, raw = spec_attributes(directory / "tf_upgrade_v2.py")
    reorders = {**reorders, **spec.get("manual_function_reorders", {})}
    arg_warnings = {
        canonical(name): [
            {"argument": argument, "position": position, **level_message(warning)}
            for (argument, position), warning in sorted(entries.items())
        ]
        for name, entries in spec["function_arg_warnings"].items()
    }
    return {
        "format": FORMAT_VERSION,
        "tensorflow_version": tensorflow_version,
        "source": "tensorflow/tools/compatibility/{renames_v2,all_renames_v2,reorders_v2,"
        "module_deprecations_v2,tf_upgrade_v2}.py",
        "renames": {canonical(k): canonical(v) for k, v in sorted(renames.items())},
        "reorders": {canonical(k): v for k, v in sorted(reorders.items())},
        "keyword_renames": {canonical(k): v for k, v in sorted(spec["function_keyword_renames"].items())},
        "warnings": {canonical(k): level_message(v) for k, v in sorted(spec["function_warnings"].items())},
        "argument_warnings": dict(sorted(arg_warnings.items())),
        "transformers": dict(sorted(transformers(raw["function_transformers"]).items())),
        "module_deprecations": {canonical(k): level_message(v) for k, v in sorted(deprecations.items())},
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output file is not up to date")
    options = parser.parse_args(argv)
    text = render(build_data(tensorflow_compatibility_dir(), importlib.metadata.version("tensorflow")))
    if options.check:
        current = options.output.read_text(encoding="utf-8") if options.output.exists() else ""
        if current != text:
            print(f"{options.output} is stale: run python scripts/generate_tf_upgrade_data.py", file=sys.stderr)
            return 1
        return 0
    options.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
