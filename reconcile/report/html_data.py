"""The data the HTML report's page script renders from: one JSON payload, plus each document's text apart.

Everything here is plain data; escaping for the page happens once, in `as_html.safe_json`. Offsets sent to
the page are UTF-16 offsets (what a browser's strings count), converted here from code points.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Optional, Sequence

from .. import __version__
from ..locale import Messages
from ..models import Finding
from .charts import render_all, timeline_spec
from .computed import computed_lines
from .context import Contexts, utf16_offsets
from .duplicates import duplicate_pairs
from .numbers import number
from .summary import summarise
from .timelines import Timeline, build_timelines, select_charted


class _Offsets:
    """Code-point offsets -> UTF-16 offsets, per document (identity for text without astral characters)."""

    def __init__(self, pages: Sequence[Any]) -> None:
        self._text = {p.doc: p.text for p in pages}
        self._astral = {p.doc for p in pages if any(ord(c) > 0xFFFF for c in p.text)}

    def __call__(self, doc: str, *offsets: int) -> list[int]:
        if doc not in self._astral:
            return list(offsets)
        return utf16_offsets(self._text[doc], offsets)


def _link(doc_index: dict[str, int], u16: _Offsets):
    def link(doc: str, start: int, end: int) -> str:
        if doc not in doc_index:
            return "#"
        s, e = u16(doc, start, end)
        return f"#ev/{doc_index[doc]}/{s}/{e}"

    return link


def _finding(i: int, f: Finding, ctx: Contexts, doc_index: dict[str, int], metric_index: dict[str, int], u16: _Offsets, msg: Messages) -> dict[str, Any]:
    quotes = []
    for q in ctx.quotes(f.evidence):
        ev_pos = [f.evidence.index(e) for e in q.evidence]
        quotes.append({
            "d": doc_index.get(q.doc, -1), "doc": q.doc, "line": q.line, "cb": q.cut_before, "ca": q.cut_after,
            "segs": [[text, ev_pos[k] if k >= 0 else -1] for text, k in q.segments],
        })
    ev = []
    for e in f.evidence:
        s, t = u16(e.doc, e.start, e.end) if e.doc in doc_index else (e.start, e.end)
        ev.append({"d": doc_index.get(e.doc, -1), "s": s, "e": t, "line": e.line, "role": e.role or "", "text": e.text})
    pairs = []
    for p in duplicate_pairs(f, ctx):
        pairs.append({
            "n": p.differences,
            "l": {"d": doc_index.get(p.left.doc, -1), "doc": p.left.doc, "line": p.left.line, "segs": [list(s) for s in p.left.segments]},
            "r": {"d": doc_index.get(p.right.doc, -1), "doc": p.right.doc, "line": p.right.line, "segs": [list(s) for s in p.right.segments]},
        })
    first = f.evidence[0] if f.evidence else None
    return {
        "i": i, "rule": f.rule, "name": f.name, "kind": f.kind, "sev": f.severity, "msg": f.message, "fp": f.fingerprint,
        "review": f.review, "metric": metric_index.get(f.metric_id) if f.metric_id else None,
        "docs": sorted({doc_index[e.doc] for e in f.evidence if e.doc in doc_index}),
        "loc": f"{first.doc}:{first.line}" if first else "", "ldoc": first.doc if first else "", "lline": first.line if first else 0,
        "quotes": quotes, "ev": ev, "computed": computed_lines(f.computed, msg), "pairs": pairs,
    }


def _metric(t: Timeline, chart: Optional[int], lang: str, doc_index: dict[str, int], u16: _Offsets) -> dict[str, Any]:
    m = t.metric
    by_period: dict[str, list[float]] = {}
    for p in t.points:
        if p.value is not None:
            by_period.setdefault(p.period or "?", []).append(p.value)
    spark = [[k, sorted(v)[len(v) // 2]] for k, v in by_period.items()]
    values = [p.value for p in t.points if p.value is not None]
    return {
        "id": m.metric_id, "name": m.metric, "entity": m.entity or "", "unit": m.unit or "", "sources": t.sources,
        "n": len(t.points), "findings": t.findings, "chart": chart, "spark": spark,
        "periods": " – ".join(x for x in (spark[0][0], spark[-1][0]) if x) if spark else "",
        "range": (f"{number(min(values), lang)} – {number(max(values), lang)}" if values and min(values) != max(values) else (number(values[0], lang) if values else "")),
        "pts": [_point(p, lang, doc_index, u16) for p in t.points] if chart is not None else [],
    }


def _point(p: Any, lang: str, doc_index: dict[str, int], u16: _Offsets) -> dict[str, Any]:
    s, e = u16(p.doc, p.start, p.end) if p.doc in doc_index else (p.start, p.end)
    return {"period": p.period or "?", "value": number(p.value, lang) if p.value is not None else "—", "approx": p.approx or "",
            "d": doc_index.get(p.doc, -1), "doc": p.doc, "line": p.line, "s": s, "e": e, "text": p.text}


def build(result: Any, msg: Messages, gate: Any = None, charts: bool = True) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(payload, documents): the page's data, and each document's text with its figures' spans."""
    pages = list(result.pages)
    doc_index = {p.doc: i for i, p in enumerate(pages)}
    u16 = _Offsets(pages)
    ctx = Contexts(pages)
    timelines = build_timelines(result)
    charted, _rest = select_charted(timelines)
    charted_ids = {t.metric.metric_id for t in charted}
    metric_order = [t for t in timelines if t.metric.metric_id in charted_ids] + [t for t in timelines if t.metric.metric_id not in charted_ids]
    metric_index = {t.metric.metric_id: i for i, t in enumerate(metric_order)}
    link = _link(doc_index, u16)
    flagged = {(e.doc, e.start) for f in result.findings for e in f.evidence}
    specs = [timeline_spec(t, link, flagged, msg) for t in charted] if charts else []
    svgs = render_all(specs) if specs else []
    chart_of = {t.metric.metric_id: i for i, t in enumerate(charted)} if charts else {}
    findings = [_finding(i, f, ctx, doc_index, metric_index, u16, msg) for i, f in enumerate(result.findings)]
    per_doc_findings: dict[int, int] = {}
    for f in findings:
        for d in f["docs"]:
            per_doc_findings[d] = per_doc_findings.get(d, 0) + 1
    fig_count: dict[str, int] = {}
    for fig in result.figures:
        fig_count[fig.doc] = fig_count.get(fig.doc, 0) + 1
    s = summarise(result)
    summary = asdict(s)
    summary["problems"] = [p.line() for p in result.problems]
    rules = {
        r.code: {"name": r.name, "kind": r.kind, "severity": r.severity,
                 "docs": {k: getattr(r.docs, k, "") for k in ("what", "why", "example", "fix")}}
        for r in getattr(result, "rules", ())
    }
    payload = {
        "lang": msg.lang,
        "t": msg.all(),
        "version": __version__,
        "summary": summary,
        "gate": None if gate is None else {
            "failed": gate.failed, "new_docs": list(gate.new_docs), "fail_on": gate.fail_on,
            "failing": [f.fingerprint for f in gate.failing], "involved": len(gate.involved),
        },
        "rules": rules,
        "docs": [{"name": p.doc, "title": p.title or "", "date": p.date or "", "figures": fig_count.get(p.doc, 0),
                  "findings": per_doc_findings.get(i, 0)} for i, p in enumerate(pages)],
        "findings": findings,
        "metrics": [_metric(t, chart_of.get(t.metric.metric_id), msg.lang, doc_index, u16) for t in metric_order],
        "charts": [{"metric": metric_index[t.metric.metric_id], "svg": svg} for t, svg in zip(charted, svgs)],
    }
    by_doc: dict[str, list[int]] = {}
    for f in result.figures:
        by_doc.setdefault(f.doc, []).extend((f.start, f.end))
    documents = []
    for p in pages:
        conv = u16(p.doc, *by_doc.get(p.doc, []))
        documents.append({"t": p.text, "f": [[conv[k], conv[k + 1]] for k in range(0, len(conv), 2)]})
    return payload, documents
