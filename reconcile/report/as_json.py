"""`--format json`: the run as one JSON object (schema: run.schema.json), or what `reconcile extract` found. Deterministic:
same input, same bytes."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from .records import SCHEMA_VERSION, document_records, figure_record, json_safe


def extract_record(result: Any) -> dict[str, Any]:
    """`reconcile extract --format json`: the documents and their figures (each valid against figure.schema.json),
    with no alignment or rules behind them, so no metric ids, metrics, findings or coverage."""
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": document_records(result.pages, result.figures),
        "figures": [figure_record(f, None, with_metric_id=False) for f in result.figures],
        "problems": [p.line() for p in result.problems],
    }


def run_record(result: Any, findings_only: bool = False) -> dict[str, Any]:
    figures = [] if findings_only else [
        figure_record(f, mid, with_metric_id=True) for f, mid in zip(result.figures, result.figure_metric)
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": document_records(result.pages, result.figures),
        "figures": figures,
        "metrics": [] if findings_only else [_metric(m) for m in result.metrics],
        "findings": [f.to_json() for f in result.findings],
        "coverage": asdict(result.coverage),
        "problems": [p.line() for p in result.problems],
    }


def _metric(m: Any) -> dict[str, Any]:
    d = asdict(m)
    d["aliases"] = list(m.aliases)
    d["points"] = [asdict(p) for p in m.points]
    return d


def emit(result: Any, out: TextIO, findings_only: bool = False, **_: Any) -> None:
    record = run_record(result, findings_only) if hasattr(result, "findings") else extract_record(result)
    json.dump(json_safe(record), out, ensure_ascii=False, indent=1, sort_keys=False, allow_nan=False)
    out.write("\n")
