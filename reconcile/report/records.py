"""The JSON-ready records shared by the machine formats (json, jsonl, csv, sarif ...)."""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from ..models import Figure, Page

SCHEMA_VERSION = "1.0"

FIGURE_COLUMNS = (
    "doc", "start", "end", "line", "text", "value", "low", "high", "unit", "precision", "approx", "kind", "nature",
    "modality", "metric", "entity", "scope", "period", "period_source", "growth",
)


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float as None: JSON has no Infinity or NaN, and kinds put an unbounded
    interval's end (超过8万亿元: [8e12, inf]) in `Finding.computed`; null is "no bound"."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def figure_record(fig: Figure, metric_id: Optional[str] = None, with_metric_id: bool = False) -> dict[str, Any]:
    d = fig.to_json()
    rec = {k: d[k] for k in FIGURE_COLUMNS}
    if with_metric_id:
        rec["metric_id"] = metric_id
    return rec


def document_record(page: Page, figures: int) -> dict[str, Any]:
    return {
        "doc": page.doc,
        "date": page.date,
        "date_source": page.date_source,
        "title": page.title,
        "encoding": page.encoding,
        "sha256": page.sha256,
        "figures": figures,
    }


def document_records(pages: Sequence[Page], figures: Sequence[Figure]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for f in figures:
        counts[f.doc] = counts.get(f.doc, 0) + 1
    return [document_record(p, counts.get(p.doc, 0)) for p in pages]
