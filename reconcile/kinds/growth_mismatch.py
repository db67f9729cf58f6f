"""growth-mismatch: a stated growth rate against the rate the aligned figures for both periods imply.

Rounding-aware, as statcheck is for p-values: every printed figure is known only to half its last printed
digit (27.41亿元 is somewhere in [27.405, 27.415]), so the growth it implies is an interval, not a number:

    true growth ∈ [cur_low / base_high − 1, cur_high / base_low − 1]

and the stated rate is an interval too (81.89% ∈ [81.885%, 81.895%]). Only when the two intervals do not meet
can the claim and the figures not all be true; then the finding reports both intervals and the base the claim
implies (27.41 / 1.8189 = 15.07), which is usually the figure an editor should look for.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field

from .. import periods
from ..models import Figure, Finding, Metric
from .base import CheckKind, Rule, RunContext, clause_before_in, evidence_of_figure, sentence_text_in


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bases: list[str] = Field(default_factory=lambda: ["yoy", "since"], description="Growth bases to check: yoy, since, mom.")
    about_tolerance: float = Field(0.05, ge=0, le=1, description="Relative slack on an approximate rate (约, 近, 左右).")
    min_gap: float = Field(0.0, ge=0, description="Extra slack, as a fraction, before the intervals count as apart.")
    real_growth_metrics: list[str] = Field(
        default_factory=list,
        description="Metrics whose growth is officially stated at comparable prices (GDP, value added, income): "
        "their rates cannot be recomputed from nominal levels, so they are not checked.",
    )
    real_growth_cues: list[str] = Field(
        default_factory=lambda: ["实际增长", "实际下降", "可比价", "扣除价格因素"],
        description="Words before a rate that say it is a real (price-adjusted) rate.",
    )
    multi_year_cues: list[str] = Field(
        default_factory=lambda: ["年均", "累计", "以来", "期间", "五年", "十年"],
        description="Words in the sentence that make a bare 增长N% a multi-year rate; the claim is then not read as year on year.",
    )
    yoy_cues: list[str] = Field(
        default_factory=lambda: ["同比", "比上年", "较上年", "比去年", "较去年", "上年同期", "去年同期", "增速"],
        description="Words that state a year-on-year basis explicitly.",
    )


def rate_interval(claim: Figure, about_tolerance: float) -> tuple[float, float]:
    """The interval a printed rate stands for: its own rounding, widened when the wording is approximate."""
    g = claim.growth
    assert g is not None
    lo = g.rate_low if g.rate_low is not None else g.rate
    hi = g.rate_high if g.rate_high is not None else g.rate
    if g.rate_low is None and claim.precision:
        # The rate's printed digit, in the rate's own unit: 81.89% -> ±0.005% -> ±0.00005 as a fraction.
        half = claim.precision / 2 / (100 if claim.unit in ("%", "个百分点") else 1)
        lo, hi = g.rate - half, g.rate + half
    if claim.approx is not None or (g.rate_low is None and claim.precision is None):
        slack = abs(g.rate) * about_tolerance
        lo, hi = lo - slack, hi + slack
    return lo, hi


def implied_interval(cur: Figure, base: Figure) -> Optional[tuple[float, float]]:
    c_lo, c_hi = cur.bounds()
    b_lo, b_hi = base.bounds()
    if not (b_lo > 0 and b_hi > 0) or c_lo == float("-inf") or c_hi == float("inf") or b_hi == float("inf"):
        return None  # growth from a zero or unbounded base says nothing
    return c_lo / b_hi - 1, c_hi / b_lo - 1


class GrowthMismatch(CheckKind):
    name = "growth-mismatch"
    Params = Params
    fields = frozenset({"metric", "entity", "stated", "stated_pct", "low", "high", "low_pct", "high_pct", "computed_pct", "base", "current", "base_period", "period", "implied_base"})

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:
        p: Params = rule.params
        by_id = {m.metric_id: m for m in ctx.metrics}
        # The claims the figures could check, in figure order; whether their wording allows it (`_worded`) needs
        # their pages' text, read afterwards in the run's page order, each page once.
        claims: list[tuple[int, Metric, str, str]] = []
        wording: list[tuple[int, str, int, bool]] = []
        for ci, claim in enumerate(ctx.figures):
            g = claim.growth
            if g is None or g.difference or g.basis not in p.bases or g.of is None or not (0 <= g.of < len(ctx.figures)):
                continue
            cur = ctx.figures[g.of]
            mid = ctx.figure_metric[g.of]
            metric = by_id.get(mid) if mid else None
            if metric is None or cur.value is None or not self._checkable_figures(p, ctx, claim, metric.metric):
                continue
            cur_period = cur.period or claim.period
            base_period = g.base_period or (periods.shift_years(cur_period, -1) if g.basis == "yoy" else None)
            if not base_period or not cur_period:
                continue
            claims.append((ci, metric, cur_period, base_period))
            wording.append((ci, claim.doc, claim.start, g.basis == "yoy"))
        worded = self._worded(p, ctx, wording)
        del wording
        bases = _Bases(ctx)
        for ci, metric, cur_period, base_period in claims:
            if ci not in worded:
                continue
            claim = ctx.figures[ci]
            g = claim.growth
            assert g is not None and g.of is not None
            cur = ctx.figures[g.of]
            assert cur.value is not None
            stated_lo, stated_hi = rate_interval(claim, p.about_tolerance)
            for b in bases.first_of_each_value(metric, base_period, cur.modality, g.of):
                base = ctx.figures[b]
                implied = implied_interval(cur, base)
                if implied is None:
                    continue
                lo, hi = implied
                if stated_hi + p.min_gap >= lo and stated_lo - p.min_gap <= hi:
                    continue  # the claim and the figures can all be true
                rate = cur.value / base.value - 1
                implied_base = cur.value / (1 + g.rate) if g.rate != -1 else None
                fields = {
                    "metric": metric.metric,
                    "entity": metric.entity or "",
                    "stated": g.rate,
                    "stated_pct": f"{g.rate:.2%}",
                    "low": lo,
                    "high": hi,
                    "low_pct": f"{lo:.2%}",
                    "high_pct": f"{hi:.2%}",
                    "computed_pct": f"{rate:.2%}",
                    "base": base.text,
                    "current": cur.text,
                    "base_period": base_period,
                    "period": cur_period,
                    "implied_base": _fmt(implied_base, base),
                }
                computed = {
                    "stated_rate": g.rate,
                    "stated_interval": [stated_lo, stated_hi],
                    "implied_interval": [lo, hi],
                    "computed_rate": rate,
                    "base_value": base.value,
                    "current_value": cur.value,
                    "implied_base_value": implied_base,
                    "base_period": base_period,
                    "period": cur_period,
                }
                yield self.finding(
                    rule,
                    fields,
                    [evidence_of_figure(claim, "claim"), evidence_of_figure(cur, "current"), evidence_of_figure(base, "base")],
                    (metric.metric, metric.entity, cur_period, base_period, round(g.rate, 8), cur.value, base.value),
                    computed=computed,
                    metric_id=metric.metric_id,
                )


    @staticmethod
    def _checkable_figures(p: Params, ctx: RunContext, claim: Figure, metric: str) -> bool:
        """Whether the printed levels can confirm or refute this rate at all, as far as the figure it qualifies and
        the metric tell (the claim's wording: `_checkable_words`)."""
        from .conflict import not_yet_known

        g0 = claim.growth
        if g0 is not None and g0.of is not None and 0 <= g0.of < len(ctx.figures) and not_yet_known(ctx, ctx.figures[g0.of]):
            return False  # 今年财政支出超过23万亿元，增长6.5% in a March report is a budget, not an outcome
        if any(m in metric or m in (claim.metric or "") for m in p.real_growth_metrics):
            return False  # a real (comparable-price) rate against nominal levels: no contradiction possible
        return True

    @staticmethod
    def _checkable_words(p: Params, before: str, sentence: Callable[[], str], yoy: bool) -> bool:
        """Whether the claim's words let the levels check it: the words before it in its sentence, and the sentence
        (read only when needed)."""
        if any(c in before for c in p.real_growth_cues):
            return False
        if yoy and not any(c in before for c in p.yoy_cues):
            # A bare 增长N%: year on year in most news, but not in a sentence about several years.
            text = sentence()
            if any(c in text for c in p.multi_year_cues) or re.search(r"[比较]\d{4}年", text):
                return False
        return True

    def _worded(self, p: Params, ctx: RunContext, claims: list[tuple[int, str, int, bool]]) -> set[int]:
        """The claims (figure index, doc, start, year on year) whose wording `_checkable_words` accepts, read page by page
        in the run's order. A claim whose page the run does not have is judged as `clause_before` and
        `sentence_text` judge it: nothing before it, its own text as the sentence."""
        by_doc: dict[str, list[tuple[int, int, bool]]] = {}
        for ci, doc, start, yoy in claims:
            by_doc.setdefault(doc, []).append((ci, start, yoy))
        out: set[int] = set()
        for doc, text, spans in ctx.sentences(by_doc):
            ordered = sorted(spans)
            for ci, start, yoy in by_doc.pop(doc):
                before = clause_before_in(text, ordered, start, 24)
                if self._checkable_words(p, before, lambda: sentence_text_in(text, ordered, start), yoy):
                    out.add(ci)
        for missing in by_doc.values():
            for ci, _, yoy in missing:
                if self._checkable_words(p, "", lambda: ctx.figures[ci].text, yoy):
                    out.add(ci)
        return out


class _Bases:
    """The reports a claim's base period offers, per metric: for each period and modality, the first report (in
    timeline order) of each distinct value, and the second, in case the first is the claim's own figure.

    A claim is checked against each distinct base value once. Scanning its metric's whole timeline for every claim
    made the kind grow with the square of a metric's reports; each metric's timeline is now read once."""

    def __init__(self, ctx: RunContext):
        cells = getattr(ctx.figures, "cells", None)
        self._modality: Sequence[object] = cells("modality") if cells is not None else [f.modality for f in ctx.figures]
        # metric id -> (period, modality) -> value -> [position, figure, position, figure] (-1: no second report)
        self._index: dict[str, dict[tuple[str, object], dict[float, list[int]]]] = {}

    def _of(self, metric: Metric) -> dict[tuple[str, object], dict[float, list[int]]]:
        index = self._index.get(metric.metric_id)
        if index is None:
            index = self._index[metric.metric_id] = {}
            for pos, point in enumerate(metric.points):
                if point.period is None or point.value is None:
                    continue
                values = index.setdefault((point.period, self._modality[point.figure]), {})
                seen = values.get(point.value)
                if seen is None:
                    values[point.value] = [pos, point.figure, -1, -1]
                elif seen[2] < 0:
                    seen[2:] = [pos, point.figure]
        return index

    def first_of_each_value(self, metric: Metric, period: str, modality: object, other_than: int) -> list[int]:
        """Figure indices, in timeline order, of the first report of each distinct value of `metric` for `period`
        and `modality`, the figure `other_than` left out."""
        found = []
        for pos, fig, pos2, fig2 in self._of(metric).get((period, modality), {}).values():
            if fig != other_than:
                found.append((pos, fig))
            elif fig2 >= 0:
                found.append((pos2, fig2))
        found.sort()
        return [fig for _, fig in found]


def _fmt(value: Optional[float], like: Figure) -> str:
    """A value in the unit and scale the base figure was printed in (15.07 for a base printed as 15.06亿元)."""
    if value is None or like.value in (None, 0):
        return ""
    m = re.search(r"\d+(?:\.\d+)?", like.text.replace(",", ""))
    if not m:
        return f"{value:g}"
    printed = float(m.group(0))
    scale = like.value / printed if printed else 1
    decimals = len(m.group(0).split(".")[1]) if "." in m.group(0) else 0
    suffix = like.text.replace(",", "")[m.end():].strip()  # the scale word and unit as printed: 亿元
    return f"{value / scale:.{decimals}f}{suffix}"
