"""Regenerate the API listings in docs/runtime.md from the runtime modules themselves.

docs/runtime.md is hand-written prose around one generated block per runtime module:

    <!-- generated: seq2seq (scripts/generate_runtime_docs.py; do not edit by hand) -->
    ...
    <!-- end generated: seq2seq -->

Every block lists the module's public names (``__all__``, or the public names a package re-exports
from its own submodules) with signatures from ``inspect.signature`` and the first paragraph of each
docstring. Run ``python scripts/generate_runtime_docs.py`` after changing the runtime's public API;
``--check`` exits 1 and names the stale blocks instead of writing (tests/test_runtime_docs.py does the
same check). Imports TensorFlow (through the runtime), unlike the rewriter.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOC_PATH = REPO_ROOT / "docs" / "runtime.md"
RUNTIME_PACKAGE = "tf_seq2seq_migrate.runtime"
MODULES = ("seq2seq", "rnn", "legacy_seq2seq", "checkpoint", "layers", "hparams", "lookup", "contrib_layers",
           "contrib_framework", "cudnn_rnn", "opt", "data")
LINE_WIDTH = 100

# Keras plumbing every layer overrides; listing it for each class would bury the TF1 API.
_KERAS_PLUMBING = frozenset({
    "build", "get_config", "from_config", "compute_output_shape", "compute_output_spec",
    "build_from_config", "get_build_config",
})
_BLOCK = re.compile(
    r"(?P<start><!-- generated: (?P<module>\w+) \(scripts/generate_runtime_docs\.py; do not edit by hand\) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<end><!-- end generated: (?P=module) -->)",
    re.DOTALL,
)


class StaleDocsError(Exception):
    """docs/runtime.md lacks a module's block or holds an outdated one."""


def start_marker(module_name: str) -> str:
    return f"<!-- generated: {module_name} (scripts/generate_runtime_docs.py; do not edit by hand) -->"


def end_marker(module_name: str) -> str:
    return f"<!-- end generated: {module_name} -->"


# -- what is public --------------------------------------------------------------------------------
def public_names(module) -> list[str]:
    """``__all__`` where the module declares it; otherwise the public non-module names it defines or
    re-exports from inside the runtime, in the order the module binds them."""
    declared = getattr(module, "__all__", None)
    if declared is not None:
        return list(declared)
    return [
        name for name, value in vars(module).items()
        if not name.startswith("_") and not inspect.ismodule(value)
        and getattr(value, "__module__", "").startswith(RUNTIME_PACKAGE)
    ]


def _is_runtime_object(obj) -> bool:
    return getattr(obj, "__module__", "").startswith(RUNTIME_PACKAGE)


def _is_namedtuple_class(obj) -> bool:
    return isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields")


# -- rendering values and signatures ---------------------------------------------------------------
class _Shown:
    """Stands in for a default value or annotation so that ``str(signature)`` prints ``text``."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def tensorflow_public_name(obj) -> str | None:
    """``tf.math.tanh`` / ``tf.compat.v1.zeros_initializer`` for an object TensorFlow exports, else None.

    Only a class's own export counts: a subclass inherits its parent's ``_tf_api_names`` attribute."""
    attributes = vars(obj) if isinstance(obj, type) else {
        key: getattr(obj, key, None) for key in ("_tf_api_names", "_tf_api_names_v1")}
    for key, prefix in (("_tf_api_names", "tf."), ("_tf_api_names_v1", "tf.compat.v1.")):
        names = attributes.get(key) or ()
        if names:
            return prefix + min(names, key=lambda name: (len(name), name))
    return None


def qualified_name(obj) -> str:
    """The name a reader would import ``obj`` by: TF's public name, the runtime name, or module path."""
    public = tensorflow_public_name(obj)
    if public:
        return public
    module = getattr(obj, "__module__", None) or ""
    qualname = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", repr(obj))
    if module == "builtins":
        return qualname
    if module.startswith("keras.src."):
        return f"keras.{qualname}" if hasattr(importlib.import_module("keras"), qualname) else f"{module}.{qualname}"
    return f"{module}.{qualname}" if module else qualname


def render_default(value) -> str:
    """A default value as source text, without memory addresses (they change on every run)."""
    if inspect.isfunction(value) or inspect.isbuiltin(value) or isinstance(value, type):
        return qualified_name(value)
    text = repr(value)
    if " at 0x" not in text:
        return text
    return f"{qualified_name(type(value))}()"


def render_annotation(annotation) -> str:
    if isinstance(annotation, str):  # postponed annotations (from __future__ import annotations)
        return annotation
    return inspect.formatannotation(annotation)


def render_parameters(signature: inspect.Signature, drop_first: bool) -> tuple[list[str], str]:
    """Parameter texts (private ``_name`` parameters left out) and the ``-> return`` suffix."""
    parameters = list(signature.parameters.values())
    if drop_first and parameters:
        parameters = parameters[1:]
    shown = []
    for parameter in parameters:
        if parameter.name.startswith("_"):
            continue
        replacements = {}
        if parameter.default is not inspect.Parameter.empty:
            replacements["default"] = _Shown(render_default(parameter.default))
        if parameter.annotation is not inspect.Parameter.empty:
            replacements["annotation"] = _Shown(render_annotation(parameter.annotation))
        shown.append(parameter.replace(**replacements))
    kinds = [parameter.kind for parameter in shown]
    result = []
    for position, parameter in enumerate(shown):
        # The "*" and "/" markers str(Signature) would add, so the list can be wrapped over lines.
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and inspect.Parameter.KEYWORD_ONLY not in kinds[:position]:
            if inspect.Parameter.VAR_POSITIONAL not in kinds:
                result.append("*")
        result.append(str(parameter))
        is_last_positional_only = parameter.kind is inspect.Parameter.POSITIONAL_ONLY and (
            position == len(shown) - 1 or kinds[position + 1] is not inspect.Parameter.POSITIONAL_ONLY)
        if is_last_positional_only:
            result.append("/")
    returns = ""
    if signature.return_annotation is not inspect.Signature.empty:
        returns = f" -> {render_annotation(signature.return_annotation)}"
    return result, returns


def wrap_call(head: str, parameters: list[str], tail: str, indent: str = "") -> list[str]:
    """``head(p1, p2, ...)tail`` on one line, or packed over lines aligned after the parenthesis."""
    one_line = f"{indent}{head}({', '.join(parameters)}){tail}"
    if len(one_line) <= LINE_WIDTH or not parameters:
        return [one_line]
    continuation = " " * (len(indent) + len(head) + 1)
    lines, current, line_has_parameter = [], f"{indent}{head}(", False
    for position, parameter in enumerate(parameters):
        piece = parameter + (", " if position < len(parameters) - 1 else f"){tail}")
        if line_has_parameter and len(current) + len(piece.rstrip()) > LINE_WIDTH:
            lines.append(current.rstrip())
            current, line_has_parameter = continuation, False
        current += piece
        line_has_parameter = True
    lines.append(current)
    return lines


def first_paragraph(obj) -> str:
    """The docstring's first paragraph on one line ('' without a docstring of its own)."""
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    if not doc:
        return ""
    paragraph = inspect.cleandoc(doc).split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines())


# -- one entry per public name ---------------------------------------------------------------------
def _signature(obj):
    try:
        return inspect.signature(obj)
    except (TypeError, ValueError):
        return None


def _class_members(cls) -> list[str]:
    """Stub lines for the public methods and properties the class itself defines."""
    lines = []
    for name, member in vars(cls).items():
        if name.startswith("_") or name in _KERAS_PLUMBING:
            continue
        if isinstance(member, property):
            lines += ["    @property", f"    def {name}(self)"]
            continue
        decorator = ""
        if isinstance(member, staticmethod):
            decorator, member = "    @staticmethod", member.__func__
        elif isinstance(member, classmethod):
            decorator, member = "    @classmethod", member.__func__
        if not inspect.isfunction(member):
            continue
        signature = _signature(member)
        if signature is None:
            continue
        if decorator:
            lines.append(decorator)
        keeps_first = decorator == "    @staticmethod"
        parameters, returns = render_parameters(signature, drop_first=not keeps_first)
        if not keeps_first:
            parameters = ["self" if not decorator else "cls"] + parameters
        lines += wrap_call(f"def {name}", parameters, returns, indent="    ")
    return lines


def _public_base(base: type) -> type:
    """``base`` itself, or its nearest ancestor without a leading underscore (``_Conv`` -> ``Tf1Layer``)."""
    return next(klass for klass in base.__mro__ if not klass.__name__.startswith("_"))


def _base_names(cls) -> str:
    bases = [_public_base(base) for base in cls.__bases__]
    return ", ".join(base.__name__ if _is_runtime_object(base) else qualified_name(base)
                     for base in bases if base is not object)


def _constructor_lines(cls) -> list[str]:
    # A Keras layer's __new__ takes (*args, **kwargs); the constructor's parameters are __init__'s.
    signature = _signature(cls.__init__) if "__init__" in _runtime_defined_attributes(cls) else None
    if signature is None:
        return []
    parameters, _ = render_parameters(signature, drop_first=True)
    return wrap_call("def __init__", ["self"] + parameters, "", indent="    ")


def _runtime_defined_attributes(cls) -> dict:
    """The attributes defined by ``cls`` or a runtime ancestor (where an inherited __init__ lives)."""
    merged: dict = {}
    for klass in reversed(cls.__mro__):
        if _is_runtime_object(klass):
            merged.update(vars(klass))
    return merged


def stub_lines(name: str, obj) -> list[str]:
    """The Python-stub text that documents one public name."""
    if not _is_runtime_object(obj):
        return [f"{name} = {qualified_name(obj)}"]
    if isinstance(obj, type) and obj.__name__ != name:  # a second name for a runtime class
        return [f"{name} = {obj.__name__}"]
    if _is_namedtuple_class(obj):
        fields = " ".join(obj._fields)
        lines = [f'class {name}(collections.namedtuple("{name}", "{fields}")):']
        members = _class_members(obj)
        return lines + (members or ["    ..."])
    if isinstance(obj, type):
        bases = _base_names(obj)
        lines = [f"class {name}({bases}):" if bases else f"class {name}:"]
        body = _constructor_lines(obj) + _class_members(obj)
        return lines + (body or ["    ..."])
    if callable(obj):
        signature = _signature(obj)
        if signature is None:
            return [f"def {name}(...)"]
        parameters, returns = render_parameters(signature, drop_first=False)
        return wrap_call(f"def {name}", parameters, returns)
    return [f"{name}: {type(obj).__name__}"]


def render_entry(name: str, obj) -> str:
    parts = [f"### `{name}`", "", "```python", *stub_lines(name, obj), "```", ""]
    if not _is_runtime_object(obj):
        parts += ["An alias of TensorFlow's object; TensorFlow's documentation describes it.", ""]
    elif isinstance(obj, type) and obj.__name__ != name:
        parts += [f"Another name for [`{obj.__name__}`](#{obj.__name__.lower()}).", ""]
    else:
        summary = first_paragraph(obj)
        if summary:
            parts += [summary, ""]
    return "\n".join(parts)


def render_module(module_name: str) -> str:
    """The generated block body for one runtime module."""
    module = importlib.import_module(f"{RUNTIME_PACKAGE}.{module_name}")
    names = public_names(module)
    entries = [render_entry(name, getattr(module, name)) for name in names]
    header = f"{len(names)} public names in `{RUNTIME_PACKAGE}.{module_name}`.\n"
    return header + "\n" + "\n".join(entries) + "\n"


# -- the document ----------------------------------------------------------------------------------
def regenerate(text: str, rendered: dict[str, str]) -> str:
    """``text`` with every module's block replaced by its rendering; raises if a block is missing."""
    missing = [name for name in rendered if start_marker(name) not in text or end_marker(name) not in text]
    if missing:
        raise StaleDocsError(f"docs/runtime.md has no generated block for: {', '.join(missing)}")

    def replace(match: re.Match) -> str:
        module_name = match.group("module")
        if module_name not in rendered:
            return match.group(0)
        return match.group("start") + rendered[module_name] + match.group("end")

    return _BLOCK.sub(replace, text)


def stale_modules(text: str, rendered: dict[str, str]) -> list[str]:
    """The modules whose block in ``text`` differs from ``rendered`` (or is missing)."""
    found = {match.group("module"): match.group("body") for match in _BLOCK.finditer(text)}
    return [name for name, body in rendered.items() if found.get(name) != body]


def render_all() -> dict[str, str]:
    return {module_name: render_module(module_name) for module_name in MODULES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a block is stale")
    arguments = parser.parse_args(argv)
    text = DOC_PATH.read_text(encoding="utf-8")
    rendered = render_all()
    if arguments.check:
        stale = stale_modules(text, rendered)
        if stale:
            print(f"docs/runtime.md is stale for: {', '.join(stale)}; "
                  "run python scripts/generate_runtime_docs.py", file=sys.stderr)
            return 1
        return 0
    new_text = regenerate(text, rendered)
    if new_text != text:
        DOC_PATH.write_text(new_text, encoding="utf-8")
        print(f"rewrote {DOC_PATH.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.exit(main())
