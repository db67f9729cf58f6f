"""Timeline charts of aligned metrics: Vega-Lite specifications rendered to SVG when the report is written.

Rendering at report time (vl-convert, about 15 ms a chart measured here) keeps the HTML report free of any
script runtime for charts, so it opens at once and prints as drawn. Each point is a report of the metric:
labelled with its source, linked (`#ev/doc/start/end`) to its place in the document view; approximate values
are drawn as the interval they allow; growth claims are drawn against the growth the figures imply.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePosixPath
from typing import Any, Callable, Mapping, Optional, Sequence

from .numbers import number
from .timelines import Timeline, period_key, scale_for

FONT = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
WIDTH, HEIGHT = 520, 200
FLAGGED, PLAIN, CLAIM = "#c0392b", "#2c6fbb", "#8e44ad"
_BASE_URL = re.compile(r'(xlink:href|href)="[^"#]*#')


def short_label(doc: str, line: int, limit: int = 14) -> str:
    """A point's source as a chart label: the file name without folders or extension, and the line."""
    stem = PurePosixPath(doc.replace("\\", "/")).stem or doc
    if len(stem) > limit:
        stem = stem[: limit - 1] + "…"
    return f"{stem}:{line}"


def timeline_spec(t: Timeline, link: Callable[[str, int, int], str], flagged: set[tuple[str, int]], msg: Any) -> dict[str, Any]:
    lang = msg.lang
    values = [v for p in t.points for v in (p.value, p.low, p.high) if v is not None]
    div, word = scale_for(values, lang)
    unit = t.metric.unit or ""
    if unit == "%" or t.metric.kind in ("percent", "share", "growth", "ratio"):
        div, word = 1.0, ""
    order = sorted({p.period or "?" for p in t.points} | {c.period or "?" for c in t.claims}, key=lambda s: period_key(None if s == "?" else s))
    rows = []
    seen_labels: set[tuple[str, float]] = set()
    for p in t.points:
        v = p.value if p.value is not None else (p.low if p.low is not None else p.high)
        if v is None:
            continue
        lo = p.low if p.low is not None else v
        hi = p.high if p.high is not None else v
        period = p.period or "?"
        key = (period, v)
        rows.append({
            "period": period, "v": v / div, "lo": lo / div, "hi": hi / div,
            "shape": {"over": "triangle-up", "at_least": "triangle-up", "under": "triangle-down", "at_most": "triangle-down"}.get(p.approx or "", "circle"),
            "flag": "f" if (p.doc, p.start) in flagged else "p",
            "label": short_label(p.doc, p.line) if key not in seen_labels else "",
            "tip": f"{p.doc}:{p.line} {p.text} = {number(v, lang)}{unit}",
            "href": link(p.doc, p.start, p.end),
        })
        seen_labels.add(key)
    # The same periods, in time order, on both panels: a claim sits under the figure it is about.
    x = {"field": "period", "type": "ordinal", "sort": order, "scale": {"domain": order}, "title": msg("metrics.period_axis"), "axis": {"labelAngle": 0}}
    y_title = f"{word}{unit}" or msg("metrics.value_axis")
    values_chart: dict[str, Any] = {
        "width": WIDTH, "height": HEIGHT,
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.35, "color": PLAIN}, "transform": [{"filter": "datum.lo != datum.hi"}],
             "encoding": {"x": x, "y": {"field": "lo", "type": "quantitative"}, "y2": {"field": "hi"}}},
            {"mark": {"type": "line", "color": "#999", "strokeDash": [4, 3]},
             "encoding": {"x": x, "y": {"field": "v", "type": "quantitative", "aggregate": "median"}}},
            {"name": "points", "mark": {"type": "point", "filled": True, "size": 80, "opacity": 0.9, "cursor": "pointer"},
             "encoding": {
                 "x": x,
                 "y": {"field": "v", "type": "quantitative", "title": y_title, "scale": {"zero": False}},
                 "shape": {"field": "shape", "type": "nominal", "scale": None},
                 "color": {"field": "flag", "type": "nominal", "scale": {"domain": ["f", "p"], "range": [FLAGGED, PLAIN]}, "legend": None},
                 "href": {"field": "href"},
                 "description": {"field": "tip"},
             }},
            {"mark": {"type": "text", "align": "left", "dx": 7, "dy": -8, "fontSize": 10, "color": "#444"},
             "encoding": {"x": x, "y": {"field": "v", "type": "quantitative"}, "text": {"field": "label"}}},
        ],
    }
    if not t.claims:
        return {**values_chart, "config": _config()}
    claim_rows = []
    for c in t.claims:
        ok = c.implied_low is not None and c.stated_high >= c.implied_low and c.stated_low <= (c.implied_high or 0)
        claim_rows.append({
            "period": c.period or "?", "stated": c.stated, "ilo": c.implied_low, "ihi": c.implied_high,
            "flag": "p" if ok or c.implied_low is None else "f",
            "tip": f"{c.doc}:{c.line} {c.text}", "href": link(c.doc, c.start, c.end),
            "label": short_label(c.doc, c.line),
        })
    growth_chart = {
        "width": WIDTH, "height": 90,
        "data": {"values": claim_rows},
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 8, "opacity": 0.35, "color": "#555"}, "transform": [{"filter": "isValid(datum.ilo)"}],
             "encoding": {"x": x, "y": {"field": "ilo", "type": "quantitative"}, "y2": {"field": "ihi"}}},
            {"mark": {"type": "point", "shape": "diamond", "filled": True, "size": 90, "cursor": "pointer"},
             "encoding": {
                 "x": x, "y": {"field": "stated", "type": "quantitative", "title": msg("metrics.growth_axis"), "axis": {"format": ".0%"}, "scale": {"zero": False}},
                 "color": {"field": "flag", "type": "nominal", "scale": {"domain": ["f", "p"], "range": [FLAGGED, CLAIM]}, "legend": None},
                 "href": {"field": "href"}, "description": {"field": "tip"},
             }},
            {"mark": {"type": "text", "align": "left", "dx": 8, "dy": -6, "fontSize": 10, "color": "#444"},
             "encoding": {"x": x, "y": {"field": "stated", "type": "quantitative"}, "text": {"field": "label"}}},
        ],
    }
    return {"vconcat": [values_chart, growth_chart], "spacing": 12, "config": _config()}


def _config() -> dict[str, Any]:
    return {"font": FONT, "view": {"stroke": "#ddd"}, "axis": {"labelFontSize": 11, "titleFontSize": 11, "grid": True, "gridColor": "#eee"}}


def render_svg(spec: Mapping[str, Any]) -> str:
    import vl_convert

    svg = vl_convert.vegalite_to_svg(dict(spec))
    # Vega resolves links against its loader's base URL; keep only the in-page fragment (no network, ever).
    return _BASE_URL.sub(lambda m: f'{m.group(1)}="#', svg)


def render_all(specs: Sequence[Mapping[str, Any]], workers: int = 2) -> list[str]:
    """SVG of each spec, in order. A chart that fails to render is left out (""), never the report."""

    def one(spec: Mapping[str, Any]) -> str:
        try:
            return render_svg(spec)
        except Exception:  # a chart is an illustration: the findings must still be written
            return ""

    if len(specs) < 4:
        return [one(s) for s in specs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, specs))
