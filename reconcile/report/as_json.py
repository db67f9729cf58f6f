"""`--format json`: the run as one JSON object (schema: run.schema.json), or what `reconcile extract` found. Deterministic:
same input, same bytes.

Written as it is produced, one document, figure, metric or finding at a time (records.write_json): a corpus of
a gigabyte yields hundreds of thousands of findings, and the whole record built at once (with json_safe's copy)
used to cost more memory than the rules that found them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TextIO

from .records import SCHEMA_VERSION, JsonArray, JsonObject, document_records, figure_record, plain, write_json


def extract_document(result: Any) -> JsonObject:
    """`reconcile extract --format json`: the documents and their figures (each valid against figure.schema.json),
    with no alignment or rules behind them, so no metric ids, metrics, findings or coverage."""
    return JsonObject({
        "schema_version": SCHEMA_VERSION,
        "documents": JsonArray(document_records(result.pages, result.figures)),
        "figures": JsonArray(figure_record(f, None, with_metric_id=False) for f in result.figures),
        "problems": JsonArray(p.line() for p in result.problems),
    })


def run_document(result: Any, findings_only: bool = False) -> JsonObject:
    """The run's JSON, to be streamed: every section iterates its part of `result` in order when written."""
    figures = () if findings_only else (
        figure_record(f, mid, with_metric_id=True) for f, mid in zip(result.figures, result.figure_metric)
    )
    return JsonObject({
        "schema_version": SCHEMA_VERSION,
        "documents": JsonArray(document_records(result.pages, result.figures)),
        "figures": JsonArray(figures),
        "metrics": JsonArray(() if findings_only else (_metric(m) for m in result.metrics)),
        "findings": JsonArray(f.to_json() for f in result.findings),
        "coverage": asdict(result.coverage),
        "problems": JsonArray(p.line() for p in result.problems),
    })


def run_record(result: Any, findings_only: bool = False) -> dict[str, Any]:
    """The run's JSON as one dict, for callers that want to look into it (not for writing a large run)."""
    return plain(run_document(result, findings_only))


def _metric(m: Any) -> dict[str, Any]:
    d = asdict(m)
    d["aliases"] = list(m.aliases)
    d["points"] = [asdict(p) for p in m.points]
    return d


def emit(result: Any, out: TextIO, findings_only: bool = False, **_: Any) -> None:
    document = run_document(result, findings_only) if hasattr(result, "findings") else extract_document(result)
    write_json(out, document)
    out.write("\n")
