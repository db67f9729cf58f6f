"""Output formats: one small module per format, registered in one table (as a plugin would register one).

Each emitter is `emit(result, out, **options) -> None`, writing text to `out`. The CLI picks one by name and
never branches on formats itself. Options every emitter accepts (and may ignore): `lang` ("zh" | "en"), `gate`
(a reconcile.gate.GateOutcome under `reconcile check`), `findings_only` (json).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, TextIO

# format name -> "module:function". Figures-only formats take an ExtractResult as well as a RunResult.
EMITTERS: dict[str, str] = {
    "table": "reconcile.report.terminal:emit",
    "json": "reconcile.report.as_json:emit",
    "jsonl": "reconcile.report.as_jsonl:emit",
    "csv": "reconcile.report.as_csv:emit",
    "sarif": "reconcile.report.as_sarif:emit",
    "junit": "reconcile.report.as_junit:emit",
    "github": "reconcile.report.as_github:emit",
    "html": "reconcile.report.as_html:emit",
    "figures-table": "reconcile.report.figures_table:emit",
    "metrics": "reconcile.report.metrics_table:emit",
}


def emitter(name: str) -> Callable[..., None]:
    module, _, fn = EMITTERS[name].partition(":")
    return getattr(importlib.import_module(module), fn)


def emit(name: str, result: Any, out: TextIO, **options: Any) -> None:
    emitter(name)(result, out, **options)
