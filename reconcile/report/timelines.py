"""Aligned metrics as timelines for readers: each report of a metric with its source, sorted by period, and the
growth claims made about it against the growth its figures imply.

Shared by the terminal view, `reconcile metrics` and the HTML charts, so that all three tell the same story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence

from .. import periods
from ..models import Figure, Metric

TOP_BY_SOURCES = 20  # the HTML report charts these, besides every metric that has a finding


@dataclass(frozen=True)
class TimelinePoint:
    period: Optional[str]
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    approx: Optional[str]
    doc: str
    start: int
    end: int
    line: int
    text: str
    figure: int


@dataclass(frozen=True)
class GrowthClaim:
    """A growth rate printed about a point of the metric, with the rate the metric's own figures give."""

    period: Optional[str]
    base_period: Optional[str]
    basis: str
    stated: float
    stated_low: float
    stated_high: float
    implied_low: Optional[float]  # None when the metric has no figure for the base period
    implied_high: Optional[float]
    doc: str
    start: int
    end: int
    line: int
    text: str


@dataclass(frozen=True)
class Timeline:
    metric: Metric
    points: tuple[TimelinePoint, ...]
    claims: tuple[GrowthClaim, ...]
    sources: int  # distinct documents
    findings: int  # findings that name this metric

    @property
    def periods(self) -> list[Optional[str]]:
        return list(dict.fromkeys(p.period for p in self.points))


def period_key(p: Optional[str]) -> tuple:
    """Chronological order: by end, then start; periods that do not parse after the others, by text."""
    parsed = periods.parse(p)
    if parsed is None:
        return (1, (9999, 99), (9999, 99), p or "")
    return (0, parsed.last, parsed.first, p or "")


def _bounds(fig: Figure) -> tuple[float, float]:
    lo, hi = fig.bounds()
    return lo, hi


def _claims(metric: Metric, figures: Sequence[Figure], by_figure: dict[int, Any], carriers: dict[int, list[int]]) -> list[GrowthClaim]:
    out: list[GrowthClaim] = []
    for target in sorted(by_figure):
        for i in carriers.get(target, ()):
            fig = figures[i]
            g = fig.growth
            assert g is not None
            cur = figures[target]
            period = by_figure[target].period
            base_period = g.base_period or (periods.shift_years(period, -1) if g.basis == "yoy" else None)
            implied: tuple[Optional[float], Optional[float]] = (None, None)
            if base_period is not None and cur.value is not None:
                c_lo, c_hi = _bounds(cur)
                for p in metric.points:
                    if p.period == base_period and p.figure != target:
                        b_lo, b_hi = _bounds(figures[p.figure])
                        if b_lo > 0 and b_hi > 0:
                            implied = (c_lo / b_hi - 1, c_hi / b_lo - 1)
                            break
            lo = g.rate_low if g.rate_low is not None else g.rate
            hi = g.rate_high if g.rate_high is not None else g.rate
            out.append(GrowthClaim(period, base_period, g.basis, g.rate, lo, hi, implied[0], implied[1], fig.doc, fig.start, fig.end, fig.line, fig.text))
    return out


def _carriers(figures: Sequence[Figure]) -> dict[int, list[int]]:
    """Figure index -> the figures that state a growth rate of it (yoy or since a base period)."""
    out: dict[int, list[int]] = {}
    for i, fig in enumerate(figures):
        g = fig.growth
        if g is None or g.difference or g.basis not in ("yoy", "since"):
            continue
        target = g.of if g.of is not None else i
        if 0 <= target < len(figures):
            out.setdefault(target, []).append(i)
    return out


def build_timelines(result: Any) -> list[Timeline]:
    """Every aligned metric as a timeline, most sources first (then by name)."""
    figures = result.figures
    counts: dict[str, int] = {}
    for f in result.findings:
        if f.metric_id:
            counts[f.metric_id] = counts.get(f.metric_id, 0) + 1
    carriers = _carriers(figures)
    out = []
    for m in result.metrics:
        by_figure = {p.figure: p for p in m.points}
        pts = []
        for p in m.points:
            fig = figures[p.figure] if 0 <= p.figure < len(figures) else None
            pts.append(
                TimelinePoint(
                    p.period, p.value, p.low, p.high, p.approx, p.doc, p.start, p.end,
                    fig.line if fig else 0, fig.text if fig else "", p.figure,
                )
            )
        pts.sort(key=lambda t: (period_key(t.period), t.doc, t.start))
        claims = _claims(m, figures, by_figure, carriers) if carriers else []
        out.append(Timeline(m, tuple(pts), tuple(claims), len({p.doc for p in pts}), counts.get(m.metric_id, 0)))
    out.sort(key=lambda t: (-t.sources, -len(t.points), t.metric.metric, t.metric.entity or ""))
    return out


def select_charted(timelines: Sequence[Timeline], top: int = TOP_BY_SOURCES) -> tuple[list[Timeline], list[Timeline]]:
    """(charted, the rest): every metric with a finding, plus the `top` with the most sources (several sources)."""
    charted, rest = [], []
    n_top = 0
    for t in timelines:  # already most sources first
        if t.findings and len(t.points) >= 1:
            charted.append(t)
        elif n_top < top and t.sources > 1:
            charted.append(t)
            n_top += 1
        else:
            rest.append(t)
    return charted, rest


def scale_for(values: Sequence[Optional[float]], lang: str = "zh") -> tuple[float, str]:
    """A divisor and its word for an axis (亿, 万), so that 2,741,000,000 元 is drawn as 27.41 亿元."""
    top = max((abs(v) for v in values if v is not None), default=0.0)
    if top >= 1e8:
        return 1e8, "亿"
    if top >= 1e4:
        return 1e4, "万"
    return 1.0, ""
