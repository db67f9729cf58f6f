"""conflict: two reports of one figure that cannot both be true.

Modes (one per rule):

- ``figures``: the same metric of the same entity for the same period, printed with values whose intervals do
  not meet. Every figure stands for an interval, not a number (`interval`): 5929 is [5928.5, 5929.5], 超5000 is
  (5000, ∞), 100多家 is [100, 200), 约1.7 is 1.7 ± 5%. 超5000 and 5200 agree; 100多家 and 150家 agree; 5929 and 5829
  do not. Two reports count as the same time only when the period was printed in both or had closed before both
  pages were dated, or when both are levels on two pages of the same month (`same_time`): "目前601家" in July and
  "609家" in December are two times, which is the trend kind's business, not a conflict.
- ``reprint``: a passage printed twice (near-duplicates, found by reconcile.kinds.passages) whose copies print
  different numbers at the same place, whatever the entity: a reprint that changed a number.

A kind may lower a finding's severity, never raise it: when every disagreeing pair is one digit edit apart
(5929/5829, 32/23) and the pages are months apart, the difference may be growth between the pages or a typo, and
the finding is info.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any, Iterable, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field

from .. import periods
from ..models import Figure, Finding, Metric
from .base import CheckKind, Rule, RunContext, evidence_for, evidence_of_figure
from .conflictpairs import Pairs, Report, Value, disagreeing_pairs

Interval = tuple[float, float]

PAIRS_SHOWN = 20  # disagreeing pairs listed in a figures-mode finding's `computed`; `pairs_total` counts them all


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["figures", "reprint"] = "figures"
    about_tolerance: float = Field(0.05, ge=0, le=0.5, description="Relative slack of an approximate figure (约, 左右).")
    months_apart: int = Field(
        2, ge=0, description="Pages at least this many months apart: a one-digit-edit difference is at most info."
    )
    max_edit: int = Field(1, ge=0, le=3, description="Digit edits (OSA distance) that count as 'one digit apart'.")
    same_sentence: bool = Field(False, description="Also compare two figures of one sentence (从A增加到B is not a conflict).")
    max_ratio: float = Field(
        5.0, gt=1, description="Values further apart than this factor are two metrics under one name, not one figure."
    )
    reprint_months: int = Field(
        3, ge=0, description="reprint mode: copies on pages further apart than this are later reports, not reprints."
    )
    min_chars: int = Field(20, ge=5, description="reprint mode: shortest passage, in matching characters.")
    threshold: float = Field(0.85, gt=0, le=1, description="reprint mode: similarity of near-duplicate passages.")

    def sketch_spec(self) -> Any:
        """The per-page passage sketches reprint mode needs (engines compute them with the pages); None otherwise."""
        if self.mode != "reprint":
            return None
        from .passages import SketchSpec

        return SketchSpec(self.min_chars)


# ----------------------------------------------------------------------------------------- shared helpers


def interval(fig: Figure, about_tolerance: float = 0.05) -> Interval:
    """What the printed figure allows, widened by its approximation and half its last printed digit."""
    return fig.bounds(about_tolerance)


_NUM = re.compile(r"\d+(?:\.\d+)?")


def printed_digits(fig: Figure) -> str:
    """The digits as printed (27.41亿元 -> "27.41"), or the value when it was written in words."""
    m = _NUM.search(unicodedata.normalize("NFKC", fig.text).replace(",", ""))
    if m:
        return m.group(0)
    return "" if fig.value is None else f"{fig.value:g}"


def digit_edit(a: Figure, b: Figure) -> int:
    """Optimal-string-alignment distance of the printed digits: 5929/5829 -> 1, 32/23 -> 1 (a transposition)."""
    from rapidfuzz.distance import OSA

    return OSA.distance(printed_digits(a), printed_digits(b))


def page_month(ctx: RunContext, doc: str) -> Optional[int]:
    """The month a page is dated, when its date names one (a bare year says nothing about months)."""
    span = _page_span(ctx, doc)
    return span[0] if span is not None and span[0] == span[1] else None


def _page_span(ctx: RunContext, doc: str) -> Optional[tuple[int, int]]:
    try:
        date = ctx.page_date(doc)
    except KeyError:
        return None
    p = periods.parse(date) if date else None
    if p is None:
        return None
    return p.first[0] * 12 + p.first[1], p.last[0] * 12 + p.last[1]


def months_between(ctx: RunContext, a: str, b: str) -> Optional[int]:
    """Months between two pages' dates, taken at the middle of what each date names (2018 and 2019-03: 8.5 -> 8;
    2014 and 2015: 12), or None when one is undated."""
    sa, sb = _page_span(ctx, a), _page_span(ctx, b)
    if sa is None or sb is None:
        return None
    return int(abs((sa[0] + sa[1]) - (sb[0] + sb[1])) / 2)


_RELATIVE = ("percent", "share", "ratio")
_LEVELS = ("count", "amount")


def settled(ctx: RunContext, f: Figure) -> bool:
    """A period printed in the text, or one that had ended before the page was dated (去年 in a 2012 report is 2011,
    and what a page says of a closed period is its final word, to be compared with other final words)."""
    if f.period_source == "stated":
        return True
    per = periods.parse(f.period)
    page = _page_span(ctx, f.doc)
    return per is not None and page is not None and per.last[0] * 12 + per.last[1] < page[0]


def same_time(ctx: RunContext, a: Figure, b: Figure) -> bool:
    """Whether two reports of one period speak of the same moment (see the module docstring).

    A period the text printed (2023年, 1—11月) is a claim about that period, and so is a closed period (`settled`).
    A period inferred from the page's date and still running (目前, 今年, or nothing at all) is a guess, and within
    one document the guesses are where extraction goes wrong: a review's 全年 and the plan's 今年 in one report,
    年均 beside 全年, two counties' figures under one subject. So running periods count only for levels, on two
    pages of the same month.
    """
    if a.doc == b.doc and (a.kind not in _LEVELS or b.kind not in _LEVELS):
        # Rates, shares and ranks of one document come in lists (分别增长9.8%和8.5%) whose subjects and bases
        # extraction mixes up far more often than the text contradicts itself.
        return False
    if a.period_source == "stated" and b.period_source == "stated":
        return True
    if a.doc == b.doc:
        return False
    if settled(ctx, a) and settled(ctx, b):
        return True
    if a.kind in _RELATIVE or b.kind in _RELATIVE or a.nature != "stock" or b.nature != "stock":
        # "已完成总工程量的70%左右" and "40%": shares of "now" are shares of different things far more often than
        # two claims about one; and a flow "so far this year" grows from page to page.
        return False
    ma = page_month(ctx, a.doc)
    return ma is not None and ma == page_month(ctx, b.doc)


def moment(ctx: RunContext, f: Figure) -> Optional[str]:
    """The moment a figure speaks of whatever page the other report is on: its period when `settled`, else None.

    For two figures with periods, of different documents whose pages are not dated in one same month (the case of
    reports at two places in a timeline), `same_time(a, b) and a.period == b.period` holds exactly when
    moment(a) == moment(b) and is not None; the trend kind sorts reports by it instead of testing every pair (keep
    the two in step: tests/kinds/test_trend.py checks it)."""
    return f.period if settled(ctx, f) else None


def value_text(figs: Sequence[Figure]) -> str:
    seen: dict[str, None] = {}
    for f in figs:
        seen.setdefault(f.text.replace("\n", ""), None)
    return " / ".join(seen)


def fingerprint_values(figs: Sequence[Figure]) -> tuple:
    """The distinct exact values (approximate ones only when nothing exact is there): a page that agrees with one
    side adds no new value, so it cannot change the fingerprint."""
    exact = sorted({f.value for f in figs if f.approx is None and f.value is not None})
    if exact:
        return tuple(exact)
    return tuple(sorted({(f.value, f.low, f.high) for f in figs}, key=repr))


# ------------------------------------------------------------------------------------------------ kind


FIELDS = frozenset({"metric", "entity", "period", "values", "count", "docs", "passage"})


class Conflict(CheckKind):
    name = "conflict"
    Params = Params
    fields = FIELDS

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:
        p: Params = rule.params
        if p.mode == "reprint":
            yield from self._reprints(rule, p, ctx)
            return
        flags = _text_flags_of(ctx, _compared(ctx.metrics))
        for metric in ctx.metrics:
            if len(metric.points) > 1:
                yield from self._metric(rule, p, ctx, metric, flags)

    # figures -----------------------------------------------------------------------------------------------

    def _metric(self, rule: Rule, p: Params, ctx: RunContext, metric: Metric, flags: dict[int, int]) -> Iterable[Finding]:
        by_period: dict[str, list[int]] = {}
        for pt in metric.points:
            if pt.period:
                by_period.setdefault(pt.period, []).append(pt.figure)
        for period in sorted(by_period):
            ids = by_period[period]
            if len(ids) < 2:
                continue
            figs = [f for i, f in ((i, ctx.figures[i]) for i in ids) if not _unreliable_given(ctx, f, flags.get(i, 0))]
            pairs = _pairs(ctx, p, figs)
            if pairs is not None:
                yield self._finding(rule, p, metric, period, figs, pairs)

    def _finding(self, rule: Rule, p: Params, metric: Metric, period: str, group: Sequence[Figure], pairs: Pairs) -> Finding:
        figs = [group[i] for i in pairs.figures]
        severity = "info" if pairs.info else None
        fields = {
            "metric": metric.metric,
            "entity": metric.entity or "",
            "period": period,
            "values": value_text(figs),
            "count": len(figs),
            "docs": ", ".join(dict.fromkeys(f.doc for f in figs)),
            "passage": "",
        }
        computed = {
            "period": period,
            "values": [f.value for f in figs],
            "intervals": [list(interval(f, p.about_tolerance)) for f in figs],
            "pairs": [[group[a].text, group[b].text] for a, b in pairs.shown],
            "digit_edit": pairs.min_edit,
            "months_apart": pairs.max_gap,
        }
        if pairs.total > PAIRS_SHOWN:
            # Every figure is evidence, but the pairs are listed up to a number: a figure printed by hundreds of
            # pages for one period makes tens of thousands of pairs, which no reader goes through and which would
            # make the report grow with the square of the reports.
            computed["pairs_total"] = pairs.total
        return self.finding(
            rule,
            fields,
            [evidence_of_figure(f, "figure") for f in figs],
            (metric.metric, metric.entity, metric.unit, metric.modality, period, fingerprint_values(figs)),
            computed=computed,
            metric_id=metric.metric_id,
            severity=_lower(rule.severity, severity),
        )

    # reprint -----------------------------------------------------------------------------------------------

    def _reprints(self, rule: Rule, p: Params, ctx: RunContext) -> Iterable[Finding]:
        from .passages import find_groups

        spec = p.sketch_spec()
        seen: set[tuple] = set()  # one report per changed number, however many groups reach it
        for group in find_groups(ctx.pages, min_chars=p.min_chars, threshold=p.threshold, sketches=ctx.sketches.get(spec) if spec else None):
            per_doc = Counter(m.doc for m in group.members)
            if max(per_doc.values()) > 2:
                continue  # the rows of a table or a template filled in again and again, not a reprint
            canon = group.canonical
            changes = []
            for other in group.members:
                if other is canon or other.doc == canon.doc and other.nstart == canon.nstart:
                    continue
                gap = months_between(ctx, canon.doc, other.doc)
                if gap is not None and gap > p.reprint_months:
                    continue
                for d in _copy_differences(canon, other, p.threshold):
                    if d.kind != "replace" or not (_has_digit(d.a_key) and _has_digit(d.b_key)):
                        continue
                    if _is_date(canon.page.text, d.a_end) or _is_date(other.page.text, d.b_end):
                        continue  # 2023年 -> 2024年: the reprint moved its date, not its figure
                    if _numbers(d.a_key) == _numbers(d.b_key):
                        continue  # 达到3397 / 3397: words changed around an unchanged number
                    key = tuple(sorted([(canon.doc, d.a_start), (other.doc, d.b_start)]))
                    if key in seen:
                        continue
                    seen.add(key)
                    changes.append((other, d, gap))
            if changes:
                yield self._reprint_finding(rule, p, group, changes)

    def _reprint_finding(self, rule: Rule, p: Params, group, changes) -> Finding:
        from rapidfuzz.distance import OSA

        canon = group.canonical
        evidence = []
        pairs: list[tuple[str, str]] = []
        edits = []
        for other, d, _ in changes:
            evidence.append(evidence_for(canon.page, d.a_start, d.a_end, "original"))
            evidence.append(evidence_for(other.page, d.b_start, d.b_end, "copy"))
            pairs.append((d.a_text.strip(), d.b_text.strip()))
            edits.append(OSA.distance(_digits(d.a_key), _digits(d.b_key)))
        seen = set()
        evidence = [e for e in evidence if not ((e.doc, e.start, e.end) in seen or seen.add((e.doc, e.start, e.end)))]
        gaps = [g for _, _, g in changes]
        severity = None
        if all(e <= p.max_edit for e in edits) and all(g is not None and g >= p.months_apart for g in gaps):
            severity = "info"
        elif any(g is None for g in gaps) and any(o.doc != canon.doc for o, _, _ in changes):
            severity = "warning"  # undated pages: it may be a later report reusing the wording
        distinct = sorted(set(pairs))
        fields = {
            "values": "; ".join(f"{a} / {b}" for a, b in distinct),
            "docs": ", ".join(dict.fromkeys([canon.doc] + [o.doc for o, _, _ in changes])),
            "passage": "".join(canon.original.split())[:40],
            "count": len(distinct),
            "metric": "",
            "entity": "",
            "period": "",
        }
        computed = {"pairs": [list(x) for x in distinct], "digit_edit": min(edits), "similarity": round(group.similarity, 4)}
        masked = re.sub(r"[\d.%]+", "#", canon.text)
        numbers = tuple(sorted({x for pair in distinct for x in pair}))
        return self.finding(rule, fields, evidence, (masked, numbers), computed=computed, severity=_lower(rule.severity, severity))


def _paragraph(member) -> tuple[int, int]:
    """The normalised span of the paragraph a copy starts in (the copy itself when none holds it)."""
    for art in member.page.articles:
        for para in art.paragraphs:
            if para.nstart <= member.nstart < para.nend:
                return min(para.nstart, member.nstart), max(para.nend, member.nend)
    return member.nstart, member.nend


def _copy_differences(a, b, threshold: float) -> list:
    """Where two copies differ, looked at over as much of their paragraphs as both copies share.

    Passages are matched sentence by sentence, and a sentence too short to match on its own (预期增长13%左右, 粮食
    产量1.39万亿斤) is exactly where a reprint's changed number may sit. Each copy is widened inside its paragraph
    by what the other copy's paragraph also has on that side (a reprint may carry only the end of a long
    paragraph), and the widened copies are compared when they are still copies of each other.
    """
    from .passages import diff_spans, differences, match_key, similarity

    a0, a1 = _paragraph(a)
    b0, b1 = _paragraph(b)
    before = min(a.nstart - a0, b.nstart - b0)
    after = min(a1 - a.nend, b1 - b.nend)
    if before > 0 or after > 0:
        sa, ea, sb, eb = a.nstart - before, a.nend + after, b.nstart - before, b.nend + after
        ka, _ = match_key(a.page.norm, sa, ea)
        kb, _ = match_key(b.page.norm, sb, eb)
        if ka and kb and similarity(ka, kb) >= threshold:
            return diff_spans(a.page, sa, ea, b.page, sb, eb)
    return differences(a, b)


def _compared(metrics: Sequence[Metric]) -> Iterable[int]:
    """The figures that figures mode compares: those of a metric's period printed at least twice."""
    for metric in metrics:
        if len(metric.points) < 2:
            continue
        by_period: dict[str, list[int]] = {}
        for pt in metric.points:
            if pt.period:
                by_period.setdefault(pt.period, []).append(pt.figure)
        for ids in by_period.values():
            if len(ids) > 1:
                yield from ids


def _pairs(ctx: RunContext, p: Params, figs: Sequence[Figure], shown: int = PAIRS_SHOWN) -> Optional[Pairs]:
    """The pairs of `figs` (reports of one metric's period) that cannot both be true: not two figures of one
    sentence (unless p.same_sentence), `same_time`, intervals apart, and values within p.max_ratio or at most
    p.max_edit digit edits apart (a factor of ten or more is two metrics under one name, unless the digits show a
    typo: 533/5330). Counted from what each figure printed and when (reconcile.kinds.conflictpairs), not pair by
    pair; the first `shown` pairs are listed."""
    from rapidfuzz.distance import OSA

    spans: dict[str, Optional[tuple[int, int]]] = {}
    reports = []
    for f in figs:
        if f.doc not in spans:
            spans[f.doc] = _page_span(ctx, f.doc)
        span = spans[f.doc]
        low, high = interval(f, p.about_tolerance)
        level_of_now = f.kind not in _RELATIVE and f.nature == "stock"
        per = periods.parse(f.period)
        reports.append(
            Report(
                doc=f.doc,
                start=f.start,
                value=Value(low, high, abs(f.value or 0), printed_digits(f)),
                # `settled`, with the page's span read once per page
                settled=f.period_source == "stated" or (per is not None and span is not None and per.last[0] * 12 + per.last[1] < span[0]),
                month=span[0] if level_of_now and span is not None and span[0] == span[1] else None,
                mid=None if span is None else span[0] + span[1],
                level=f.kind in _LEVELS,
                stated=f.period_source == "stated",
                sentence=(f.sentence_start, f.sentence_end) if f.sentence_end > f.sentence_start else None,
            )
        )
    return disagreeing_pairs(
        reports,
        lambda a, b: OSA.distance(a.digits, b.digits),  # `digit_edit`
        same_sentence=p.same_sentence,
        max_edit=p.max_edit,
        max_ratio=p.max_ratio,
        months_apart=p.months_apart,
        shown=shown,
    )


# What `_unreliable` reads in the words around a figure, as bits (see _text_flags).
_IN_LIST, _FROM_A_TO, _TO_B, _NOT_YEARLY = 1, 2, 4, 8


def _text_flags(text: str, start: int, end: int) -> int:
    """The words around a figure that `_unreliable` looks for: the clause before it (up to 60 characters) and the
    12 characters after it."""
    lead = re.split(r"[。；;！？]", text[max(0, start - 60) : start])[-1]
    flags = 0
    if _LIST.search(lead):
        flags |= _IN_LIST
    if ("从" in lead or "由" in lead) and _FROM_TO.match(text[end : end + 12]):
        flags |= _FROM_A_TO
    if _TO_END.search(lead):
        flags |= _TO_B
    if _NOT_YOY.search(lead):
        flags |= _NOT_YEARLY
    return flags


def _text_flags_of(ctx: RunContext, indices: Iterable[int]) -> dict[int, int]:
    """The text flags of the figures at `indices` that have any (most have none), their pages read in the run's
    order, each once: a timeline's figures lie on pages all over the run."""
    from .base import figure_column, figure_texts

    starts, ends = figure_column(ctx, "start"), figure_column(ctx, "end")
    out: dict[int, int] = {}
    for i, text in figure_texts(ctx, set(indices)):
        flags = _text_flags(text, starts[i], ends[i])
        if flags:
            out[i] = flags
    return out


def _unreliable(ctx: RunContext, f: Figure) -> bool:
    """Figures whose reading the text itself puts in doubt, so that no conflict is built on them: a value in a
    分别 list (which subject gets which value is easily mixed up: 化学需氧量、二氧化硫排放量分别下降9.66%和13.14%);
    a "year-on-year" rate whose words say it is cumulative or an average (累计下降14.38%, 年均增长7.8%); the starting
    value of 从A上升到B, which belongs to an earlier period than the sentence's; and an "actual" its page could
    not know (`not_yet_known`: 到2020年…达到60% in a 2016 report is a plan)."""
    try:
        text = ctx.page_text(f.doc)
    except KeyError:
        text = ""
    return _unreliable_given(ctx, f, _text_flags(text, f.start, f.end))


def _unreliable_given(ctx: RunContext, f: Figure, flags: int) -> bool:
    """`_unreliable` with the figure's text flags already read."""
    if flags & _IN_LIST or not_yet_known(ctx, f):
        return True
    if flags & _FROM_A_TO:  # 从/由A提高到B
        return True
    if f.period_source != "stated" and flags & _TO_B:
        # The B of 由A提高到B with no year printed: reviews use it for the end of a span of years, which the
        # page's date does not tell (由45.9%提高到52.6% in a report reviewing five years).
        return True
    g = f.growth
    return g is not None and g.basis == "yoy" and bool(flags & _NOT_YEARLY)


_LIST = re.compile(r"分别")
_NOT_YOY = re.compile(r"累计|年均|以来|平均每年")
_TO_END = re.compile(r"[从由][^，。；,;]{0,12}?(?:增加|增长|上升|提高|提升|下降|降低|减少|扩大|跃升|跃居)?(?:到|至)$")
_FROM_TO = re.compile(r"^[^，。；,;]{0,8}?(?:增加|增长|上升|提高|提升|下降|降低|减少|扩大|跃升|跃居)?(?:到|至)")


def not_yet_known(ctx: RunContext, f: Figure) -> bool:
    """An actual its page could not know yet: a period that begins after the page's date (a plan), or a flow or
    a total whose period had not ended by then (a year's outcome printed in March of that year is last year's).
    A level "as of now" may be dated by its page; a target or forecast is about the future by design."""
    if f.modality != "actual":
        return False
    per = periods.parse(f.period)
    page = _page_span(ctx, f.doc)
    if per is None or page is None:
        return False
    first, last = per.first[0] * 12 + per.first[1], per.last[0] * 12 + per.last[1]
    if first > page[1]:
        return True
    return f.nature in ("flow", "cumulative") and last > page[1]


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit() or c == ".")


def _numbers(s: str) -> list[str]:
    return _NUM.findall(s)


def _is_date(text: str, end: int) -> bool:
    return text[end : end + 1] in ("年", "月", "日")


def _lower(rule_severity: str, proposed: Optional[str]) -> Optional[str]:
    """The proposed severity if it is lower than the rule's, else the rule's own (never raised)."""
    order = {"error": 0, "warning": 1, "info": 2}
    if proposed is None or order[proposed] <= order.get(rule_severity, 0):
        return None
    return proposed
