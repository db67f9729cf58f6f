"""arithmetic: figures of one sentence that must add up, and additions that must agree with earlier totals.

Modes (one per rule):

- ``parts-exceed-total``: a total followed by its parts (after ——, ：, 其中, 包括) whose sum is larger than the
  total could be. "拿出290万元重奖人才——2名高层次人才各获100万元，1名创新人才获10万元，4支创新团队共获得80万元"
  adds up (2 × 100 + 10 + 80 = 290); a part counted with 各 is multiplied by the count before it.
- ``breakdown-mismatch``: the same, for an explicit breakdown (the parts follow the total after —— or ：), whose sum
  also may not fall short of the total. 其中/包括 lists are often partial, so they are never checked for shortfall.
- ``added-total``: 新增 N … 总数 M in one sentence: N may not exceed M, and M − N is the total before the addition;
  when the same metric's total for the previous year is printed elsewhere, the two must agree.

Intervals, not numbers: every figure is widened by its approximation and half its last printed digit (Figure.bounds),
so rounding never makes a finding.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Literal, Mapping, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field

from .. import periods
from ..models import Figure, Finding, Metric
from .base import CheckKind, Rule, RunContext, evidence_of_figure, figure_column

_WS = re.compile(r"\s+")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["parts-exceed-total", "breakdown-mismatch", "added-total"]
    total_cues: list[str] = Field(default_factory=lambda: ["共", "合计", "总计", "总额", "总数", "总量", "拿出", "安排", "投入", "累计"])
    breakdown_marks: list[str] = Field(default_factory=lambda: ["——", "—", "：", ":"])
    partial_marks: list[str] = Field(default_factory=lambda: ["其中", "包括"])
    added_cues: list[str] = Field(default_factory=lambda: ["新增", "净增", "新认定", "新培育", "新引进", "培养", "培育"])
    each_cues: list[str] = Field(default_factory=lambda: ["各", "每"])
    relative_tolerance: float = Field(0.0, ge=0, le=0.5, description="Extra slack as a fraction of the total.")


@dataclass(frozen=True)
class Slot:
    """A figure in its sentence: the text between the previous figure (or the sentence start) and it."""

    index: int
    figure: Figure
    lead: str  # normalised for cue matching: whitespace removed
    tail: str  # text after it up to the next figure or sentence end


def _figures_by_doc(ctx: RunContext) -> Mapping[str, Sequence[int]]:
    """Each document's figure indices, in figure order, documents in the order of their first figure."""
    from ..figuretable import indices_by_doc

    return indices_by_doc(ctx.figures)


def _doc_sentences(
    ctx: RunContext, doc: str, text: str, spans: Sequence[tuple[int, int]], ids: Sequence[int],
    offsets: tuple[Sequence[int], Sequence[int]], least: int,
) -> list[tuple[tuple[str, int], list[Slot]]]:
    """One document's sentences with at least `least` figures, by sentence start (`spans`: its sentences in the
    page's order): built a document at a time, so that a run holds one document's slots, not the whole corpus'.
    A sentence with fewer figures can make no finding, so its figures are never built as records."""
    starts_of, ends_of = offsets
    starts = [s for s, _ in spans]
    groups: dict[int, list[int]] = {}
    for i in ids:
        start = starts_of[i]
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or not (spans[k][0] <= start < spans[k][1]):
            continue
        groups.setdefault(k, []).append(i)
    out = []
    for k in sorted(groups):
        members = groups[k]
        if len(members) < least:
            continue
        s_start, s_end = spans[k]
        members.sort(key=lambda i: starts_of[i])  # stable: figures at one offset keep their order, as before
        slots = []
        for j, i in enumerate(members):
            prev_end = ends_of[members[j - 1]] if j else s_start
            next_start = starts_of[members[j + 1]] if j + 1 < len(members) else s_end
            slots.append(Slot(i, ctx.figures[i], _WS.sub("", text[prev_end:starts_of[i]]), _WS.sub("", text[ends_of[i]:next_start])))
        out.append(((doc, s_start), slots))
    return out


def _bounds(f: Figure) -> tuple[float, float]:
    return f.bounds()


def _same_unit(a: Figure, b: Figure) -> bool:
    return a.unit is not None and a.unit == b.unit and a.kind not in ("growth", "percent", "share", "rank") and b.kind == a.kind


def _part_bounds(slots: Sequence[Slot], k: int, each_cues: Sequence[str]) -> tuple[float, float, Optional[Slot]]:
    """A part's interval; multiplied by the count just before it when it is written 各/每 (2名各获100万元)."""
    lo, hi = _bounds(slots[k].figure)
    if k > 0 and any(c in slots[k].lead for c in each_cues):
        prev = slots[k - 1].figure
        if prev.kind == "count" and prev.value is not None and prev.value > 0:
            plo, phi = _bounds(prev)
            return lo * max(plo, 0), hi * phi, slots[k - 1]
    return lo, hi, None


def _after_mark(text: str, marks: Sequence[str]) -> Optional[str]:
    positions = [(text.find(m), m) for m in marks if m in text]
    return min(positions)[1] if positions else None


class Arithmetic(CheckKind):
    name = "arithmetic"
    Params = Params
    fields = frozenset({"total", "sum", "metric", "parts", "added", "before", "other"})

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:
        p: Params = rule.params
        by_id = {m.metric_id: m for m in ctx.metrics} if p.mode == "added-total" else {}  # once a run, not a sentence
        by_doc = _figures_by_doc(ctx)
        offsets = figure_column(ctx, "start"), figure_column(ctx, "end")
        # A total and two parts, or an addition and its total: fewer figures in a sentence make no finding.
        least = 2 if p.mode == "added-total" else 3
        # Pages are read in the run's order, each once (a store on disk reads them in one pass); the findings are
        # given in the order of the documents' names, as they always were.
        found: dict[str, list[Finding]] = {}
        for doc, text, spans in ctx.sentences(d for d in by_doc if ctx.in_focus(d)):
            out = found[doc] = []
            for _, slots in _doc_sentences(ctx, doc, text, spans, by_doc[doc], offsets, least):
                if p.mode == "added-total":
                    out.extend(self._added_total(rule, p, ctx, slots, by_id))
                else:
                    out.extend(self._parts(rule, p, ctx, slots))
        for doc in sorted(found):
            yield from found[doc]

    # -- parts and totals ----------------------------------------------------------------------------------

    def _parts(self, rule: Rule, p: Params, ctx: RunContext, slots: list[Slot]) -> Iterable[Finding]:
        for t, total_slot in enumerate(slots):
            total = total_slot.figure
            if total.value is None or total.kind not in ("amount", "count"):
                continue
            mark = _after_mark(total_slot.tail, p.breakdown_marks + p.partial_marks)
            if mark is None:
                continue
            explicit = mark in p.breakdown_marks
            if not explicit and not any(c in total_slot.lead[-8:] for c in p.total_cues) and mark not in p.partial_marks:
                continue
            if p.mode == "breakdown-mismatch" and not explicit:
                continue
            parts: list[tuple[float, float, Slot, Optional[Slot]]] = []
            for k in range(t + 1, len(slots)):
                f = slots[k].figure
                # A sub-total of a group of parts (4支团队共获得80万元) is still one part of the total.
                if not _same_unit(total, f):
                    continue
                lo, hi, mult = _part_bounds(slots, k, p.each_cues)
                parts.append((lo, hi, slots[k], mult))
            if len(parts) < 2:
                continue
            s_lo = sum(x[0] for x in parts)
            s_hi = sum(x[1] for x in parts)
            t_lo, t_hi = _bounds(total)
            slack = abs(total.value) * p.relative_tolerance
            exceeds = s_lo > t_hi + slack
            short = explicit and s_hi < t_lo - slack
            if p.mode == "parts-exceed-total" and not exceeds:
                continue
            if p.mode == "breakdown-mismatch" and not (short or exceeds):
                continue
            evidence = [evidence_of_figure(total, "total")]
            for _, _, slot, mult in parts:
                if mult is not None:
                    evidence.append(evidence_of_figure(mult.figure, "count"))
                evidence.append(evidence_of_figure(slot.figure, "part"))
            fields = {"total": total.text, "sum": _fmt(s_lo, s_hi, total), "metric": total.metric or "", "parts": "、".join(x[2].figure.text for x in parts)}
            computed = {"total_interval": [t_lo, t_hi], "parts_interval": [s_lo, s_hi], "parts": len(parts)}
            yield self.finding(
                rule, fields, evidence,
                (total.metric, total.entity, total.period, total.value, tuple(sorted(x[2].figure.value or 0 for x in parts))),
                computed=computed, metric_id=ctx.figure_metric[total_slot.index],
            )

    # -- additions and totals ------------------------------------------------------------------------------

    def _added_total(self, rule: Rule, p: Params, ctx: RunContext, slots: list[Slot], by_id: dict[str, Metric]) -> Iterable[Finding]:
        for a, added_slot in enumerate(slots):
            added = added_slot.figure
            if added.value is None or not any(added_slot.lead.endswith(c) or c in added_slot.lead[-12:] for c in p.added_cues):
                continue
            nxt = slots[a + 1] if a + 1 < len(slots) else None
            if nxt is None or not _same_unit(added, nxt.figure):
                continue
            if not any(c in nxt.lead for c in ("总数", "总量", "累计", "总计", "达到", "达")):
                continue
            total = nxt.figure
            a_lo, a_hi = _bounds(added)
            t_lo, t_hi = _bounds(total)
            before = (t_lo - a_hi, t_hi - a_lo)
            if a_lo > t_hi:
                yield self.finding(
                    rule, {"added": added.text, "total": total.text, "metric": total.metric or "", "before": "<0", "other": ""},
                    [evidence_of_figure(added, "added"), evidence_of_figure(total, "total")],
                    (total.metric, total.entity, total.period, added.value, total.value, "exceeds"),
                    computed={"added_interval": [a_lo, a_hi], "total_interval": [t_lo, t_hi], "implied_before": list(before)},
                    metric_id=ctx.figure_metric[nxt.index],
                )
                continue
            mid = ctx.figure_metric[nxt.index]
            metric = by_id.get(mid) if mid else None
            prev_period = periods.shift_years(total.period, -1)
            if metric is None or prev_period is None:
                continue
            for point in metric.points:
                if point.period != prev_period or point.figure == nxt.index:
                    continue
                other = ctx.figures[point.figure]
                o_lo, o_hi = _bounds(other)
                if o_lo <= before[1] and before[0] <= o_hi:
                    continue
                yield self.finding(
                    rule,
                    {"added": added.text, "total": total.text, "metric": metric.metric, "before": _fmt(*before, other), "other": other.text},
                    [evidence_of_figure(added, "added"), evidence_of_figure(total, "total"), evidence_of_figure(other, "earlier")],
                    (metric.metric, metric.entity, total.period, added.value, total.value, other.value),
                    computed={"implied_before": list(before), "earlier_interval": [o_lo, o_hi], "earlier_period": prev_period},
                    metric_id=mid,
                )
                break


def _fmt(lo: float, hi: float, like: Figure) -> str:
    scale = 1.0
    for s, w in ((1e8, "亿"), (1e4, "万")):
        if like.value and abs(like.value) >= s and w in like.text:
            scale = s
            break
    unit = (("亿" if scale == 1e8 else "万") if scale > 1 else "") + (like.unit or "")
    if abs(hi - lo) < 1e-9 * max(1.0, abs(hi)) or hi == float("inf"):
        return f"{lo / scale:g}{unit}"
    return f"{lo / scale:g}–{hi / scale:g}{unit}"
