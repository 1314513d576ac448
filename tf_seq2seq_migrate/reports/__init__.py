"""Report renderers, one module per output format.

Every module exposes ``render(report, context) -> str``; the text format also has
``render_diffs``. Modules are imported on demand so that a run only pays for the format it prints.
"""

from __future__ import annotations

import importlib

from tf_seq2seq_migrate.api import Report
from tf_seq2seq_migrate.reports.common import RenderContext

FORMATS = ("text", "json", "sarif", "github", "markdown")

# module names differ from the format names where the format name would shadow a stdlib module
_MODULES = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "markdown": "markdown",
}


def render(fmt: str, report: Report, context: RenderContext) -> str:
    """Render ``report`` in the named format."""
    if fmt not in _MODULES:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"tf_seq2seq_migrate.reports.{_MODULES[fmt]}")
    return module.render(report, context)


__all__ = ["FORMATS", "RenderContext", "render"]
