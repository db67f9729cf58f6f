"""trend: changes over time that cannot, or should not, be what happened.

Modes (one per rule); a *family* is every metric of one canonical name, entity, unit family and modality, whatever
its nature, so that a cumulative total can be held against the yearly figures inside its span:

- ``cumulative-below-part``: a cumulative total over a span (累计, “十四五”以来: 2021/2025) is below a figure of the
  same family for a period inside the span: a flow of one year, an earlier cumulative total, or a level (a level
  may include what existed before the span, so that comparison is a warning at most). 科技领军企业 32家 in 2023
  against 科技标杆企业 23家 over the whole 十四五, the same tier of one ladder, is the case in point; `computed`
  names a digit transposition (32/23) when there is one.
- ``fell-despite-growth``: a level lower than an earlier report of the same metric, where the text says it grew
  (a growth rate above zero attached to it, or 增至/增加到/提高到… just before it).
- ``transposed-fall``: a level or cumulative count that fell to its own digits transposed (32 -> 23, 5929 -> 5299):
  a fall is possible, a fall to exactly the transposed digits is more often a typo.
- ``one-digit-apart`` (info): two reports of a level on dated pages a few months apart (at most `max_months`), not
  of the same moment, one digit edit apart (601 / 609, 5829 / 5929): plausible growth between the pages, or a typo;
  worth a look, no more. Reports a year or more apart are left alone: by then any digit may change.
- ``target``: an actual against its target of the same metric and entity: met or missed (info). A target printed
  with 以内/不超过 is a ceiling, 左右 is met only within its tolerance (it says nothing of direction), any other is a
  floor. Only an actual inside the target's period counts, and at least one of the two periods must be printed;
  "missed" needs an actual for the target's end (a whole year for a yearly flow); "met" may come early (提前完成).

Every figure is an interval (see conflict.interval), so rounding never makes a finding. The first three modes need
at least one of the two periods printed in the text: two periods guessed from page dates are where extraction
reads a plan as an outcome. A kind may lower a finding's severity, never raise it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import groupby
from typing import Any, Callable, Hashable, Iterable, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field

from .. import periods
from ..models import Figure, Finding, Metric
from .base import CheckKind, Rule, RunContext, evidence_of_figure, figure_column, figure_texts
from .conflict import _lower, _page_span, digit_edit, interval, moment, months_between, page_month, printed_digits, same_time
from .sweep import Latest, first_pair, one_edit_pairs, slots

_GREW = re.compile(r"(?:增至|增加到|增加至|增长到|增长至|提高到|提高至|提升到|提升至|上升到|上升至|扩大到|扩大至|增长为|增加为)\s*$")


def _average_in(text: str, start: int) -> bool:
    lead = re.split(r"[，。；：,;:]", text[max(0, start - 12) : start])[-1]
    return "均" in lead


def _says_grew_in(text: str, start: int) -> bool:
    return bool(_GREW.search(text[max(0, start - 6) : start]))


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["cumulative-below-part", "fell-despite-growth", "transposed-fall", "one-digit-apart", "target"]
    about_tolerance: float = Field(0.05, ge=0, le=0.5, description="Relative slack of an approximate figure (约, 左右).")
    level_severity: Literal["error", "warning", "info"] = Field(
        "warning", description="cumulative-below-part: severity when the part is a level, not a flow."
    )
    months_apart: int = Field(2, ge=0, description="Pages this many months apart: a one-digit-edit change is at most info.")
    min_digits: int = Field(3, ge=1, description="one-digit-apart: shortest printed number compared (12/13 is just growth).")
    max_months: int = Field(
        6, ge=0, description="one-digit-apart: dated pages at most this many months apart (a year on, any number may change)."
    )
    report: list[Literal["met", "missed"]] = Field(default_factory=lambda: ["met", "missed"], description="target mode.")


Family = tuple[str, Optional[str], Optional[str], str]


def families(metrics: Sequence[Metric]) -> dict[Family, list[Metric]]:
    out: dict[Family, list[Metric]] = defaultdict(list)
    for m in metrics:
        out[(m.metric, m.entity, m.unit, m.modality)].append(m)
    return out


def _figs(ctx: RunContext, metric: Metric) -> list[tuple[int, Figure]]:
    return [(pt.figure, ctx.figures[pt.figure]) for pt in metric.points]


def transposed(a: Figure, b: Figure) -> bool:
    da, db = printed_digits(a), printed_digits(b)
    return da != db and sorted(da) == sorted(db) and digit_edit(a, b) == 1


_PAIR_FIELDS = frozenset({"metric", "entity", "earlier", "earlier_period", "later", "later_period", "months"})
MODE_FIELDS: dict[str, frozenset[str]] = {
    "cumulative-below-part": frozenset(
        {"metric", "entity", "total", "total_period", "total_metric", "part", "part_period", "part_metric"}
    ),
    "fell-despite-growth": _PAIR_FIELDS,
    "transposed-fall": _PAIR_FIELDS,
    "one-digit-apart": _PAIR_FIELDS,
    "target": frozenset({"metric", "entity", "verdict", "verdict_zh", "actual", "actual_period", "target", "target_period"}),
}


class Trend(CheckKind):
    name = "trend"
    Params = Params
    fields = frozenset().union(*MODE_FIELDS.values())

    def message_fields(self, params: Any) -> Optional[frozenset[str]]:
        mode = getattr(params, "mode", None)
        return MODE_FIELDS.get(mode, self.fields)

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:
        p: Params = rule.params
        if p.mode == "target":
            yield from self._targets(rule, p, ctx)
            return
        fams = families(ctx.metrics)
        grew = self._growth_claims(ctx) if p.mode == "fell-despite-growth" else set()  # once a run, not a metric
        # The words before figures, read once a rule in the run's page order (a family's reports lie on pages all
        # over the run): the totals that are averages a year; the reports whose words say they grew.
        if p.mode == "cumulative-below-part":
            worded = self._worded(ctx, (pt.figure for m in ctx.metrics if m.nature == "cumulative" for pt in m.points), _average_in)
        elif p.mode == "fell-despite-growth":
            worded = self._worded(ctx, (pt.figure for m in ctx.metrics if len(m.points) > 1 and m.nature != "flow"
                                        for pt in m.points if pt.figure not in grew), _says_grew_in)
        else:
            worded = set()
        claims = grew | worded
        for key in sorted(fams, key=repr):
            members = fams[key]
            if p.mode == "cumulative-below-part":
                yield from self._cumulative(rule, p, ctx, members, worded)
            else:
                for m in members:
                    if len(m.points) < 2 or m.nature == "flow":
                        continue
                    if p.mode == "fell-despite-growth":
                        yield from self._fell(rule, p, ctx, m, claims)
                    elif p.mode == "transposed-fall":
                        yield from self._pairs(rule, p, ctx, m, transposed_fall=True)
                    elif p.mode == "one-digit-apart":
                        yield from self._pairs(rule, p, ctx, m, transposed_fall=False)

    # cumulative-below-part ---------------------------------------------------------------------------------

    def _cumulative(self, rule: Rule, p: Params, ctx: RunContext, members: list[Metric], averages: set[int]) -> Iterable[Finding]:
        """Each total against the highest report of its family inside its span (the first such in the family's
        order on a tie). Whether a report may be held against a total depends only on the report's period,
        nature and whether its period was printed, so reports are grouped by those, each group keeping its
        highest reports, and a total meets groups, not reports. `averages`: the totals that are averages a year
        (`_average`)."""
        totals = [(m, i, f) for m in members if m.nature == "cumulative" for i, f in _figs(ctx, m)]
        groups: dict[tuple, list[tuple]] = defaultdict(list)  # (period, nature, printed) -> [(-lower, order, index, metric, figure)]
        for order, (pm, pi, part) in enumerate((m, i, f) for m in members for i, f in _figs(ctx, m)):
            if pm.nature is not None and periods.parse(part.period) is not None:
                groups[(part.period, pm.nature, part.period_source == "stated")].append(
                    (-interval(part, p.about_tolerance)[0], order, pi, pm, part)
                )
        ranked = [(periods.parse(k[0]), k[1], k[2], sorted(v, key=lambda e: e[:2])) for k, v in groups.items()]
        for tm, ti, total in totals:
            span = periods.parse(total.period)
            if span is None or ti in averages:
                continue
            t_lo, t_hi = interval(total, p.about_tolerance)
            top: Optional[tuple] = None
            for ps, nature, printed, entries in ranked:
                if not (span.first <= ps.first and ps.last <= span.last):
                    continue
                if nature == "cumulative" and (ps.first < span.first or (ps.first, ps.last) == (span.first, span.last)):
                    continue
                if nature == "stock" and (ps.first, ps.last) == (span.first, span.last):
                    continue  # a total "to date" and a level of the same moment are two words for one count
                if total.period_source != "stated" and not printed:
                    continue  # two guessed periods: a plan read as an outcome, a review read as this year
                best = next((e for e in entries if e[2] != ti), None)
                if best is not None and (top is None or best[:2] < top[:2]):
                    top = best
            worst = None if top is None or not t_hi < -top[0] else (-top[0], top[3], top[4])
            if worst is None:
                continue
            _, pm, part = worst
            severity = _lower(rule.severity, p.level_severity if pm.nature == "stock" else None)
            edit = digit_edit(total, part)
            fields = {
                "metric": tm.metric,
                "entity": tm.entity or "",
                "total": total.text,
                "total_period": total.period,
                "part": part.text,
                "part_period": part.period,
                "part_metric": part.metric or pm.metric,
                "total_metric": total.metric or tm.metric,
            }
            computed = {
                "total_interval": [t_lo, t_hi],
                "part_interval": list(interval(part, p.about_tolerance)),
                "total_period": total.period,
                "part_period": part.period,
                "part_nature": pm.nature,
                "digit_edit": edit,
                "transposition": transposed(total, part),
            }
            yield self.finding(
                rule,
                fields,
                [evidence_of_figure(total, "total"), evidence_of_figure(part, "part")],
                (tm.metric, tm.entity, tm.unit, total.period, part.period, tuple(sorted({total.value, part.value}))),
                computed=computed,
                metric_id=tm.metric_id,
                severity=severity,
            )

    # levels over time --------------------------------------------------------------------------------------

    def _order(self, ctx: RunContext, f: Figure) -> Optional[tuple]:
        per = periods.parse(f.period)
        if per is None:
            return None
        return (per.last, page_month(ctx, f.doc) or 0)

    def _fell(self, rule: Rule, p: Params, ctx: RunContext, m: Metric, grew: set[int]) -> Iterable[Finding]:
        """Each claim of growth (`grew`: the figures a growth rate qualifies or whose words say they grew) against
        the latest earlier report that is higher: the report of greatest
        (place in time, document, offset) whose interval lies wholly above the claim's, among those of an earlier
        place in time and not of the same moment, with at least one of the two periods printed.

        One sweep in time order instead of every claim against every report: reports are pushed, in increasing
        (place in time, document, offset), into `Latest` stacks keyed by their lower bound, so a claim asks the
        stacks for the last report above its upper bound. Reports of an earlier period end cannot be of the same
        moment; those of the claim's own period end (earlier pages) wait in stacks per `moment`, so that the
        claim's own moment is left out, and join the main stacks when the sweep passes their period end."""
        figs = [f for _, f in _figs(ctx, m)]
        rows = []  # (place in time, document, offset, -position): the order `max` over the earlier reports used
        for pos, f in enumerate(figs):
            o = self._order(ctx, f)
            if o is not None:
                rows.append(((o, f.doc, f.start, -pos), pos, f))
        rows.sort(key=lambda r: r[0])
        tol = p.about_tolerance
        lower = {pos: interval(f, tol)[0] for _, pos, f in rows}
        earlier: dict[bool, Latest] = {True: Latest(), False: Latest()}  # see _push; reports of earlier period ends
        here: dict[Optional[str], dict[bool, Latest]] = {}  # reports of the current period end, by moment
        waiting: list[tuple] = []
        chosen: dict[int, Figure] = {}
        period_end = None
        for order, rows_here in groupby(rows, key=lambda r: r[0][0]):
            group = list(rows_here)  # one place in time: claims are asked before their own reports join
            if order[0] != period_end:
                for key, pos, f in waiting:
                    self._push(earlier, key, pos, f, lower[pos])
                waiting, here, period_end = [], {}, order[0]
            for _, pos, x in group:
                if m.points[pos].figure not in grew:
                    continue
                needs_printed = x.period_source != "stated"  # two guessed periods are never compared
                x_hi = interval(x, tol)[1]
                own = moment(ctx, x)
                best = None
                for mom, stacks in here.items():
                    if mom is not None and mom == own:
                        continue  # the same moment on an earlier page: a conflict's business, not a trend's
                    hit = stacks[needs_printed].above(x_hi)
                    if hit is not None and (best is None or hit[0] > best[0]):
                        best = hit
                if best is None:
                    best = earlier[needs_printed].above(x_hi)
                if best is not None:
                    chosen[pos] = figs[best[1]]
            for key, pos, f in group:
                self._push(here.setdefault(moment(ctx, f), {True: Latest(), False: Latest()}), key, pos, f, lower[pos])
                waiting.append((key, pos, f))
        for pos in sorted(chosen):
            x, y = figs[pos], chosen[pos]
            gap = months_between(ctx, x.doc, y.doc)
            edit = digit_edit(x, y)
            capped = "info" if edit <= 1 and gap is not None and gap >= p.months_apart else None
            yield self._pair_finding(rule, m, y, x, edit, gap, ("earlier", "claim"), capped, p)

    @staticmethod
    def _push(stacks: dict[bool, Latest], key: tuple, pos: int, f: Figure, lower: float) -> None:
        """stacks[True]: the reports whose period is printed (for a claim whose period was guessed); stacks[False]:
        every report."""
        if f.period_source == "stated":
            stacks[True].push(lower, (key, pos))
        stacks[False].push(lower, (key, pos))

    def _growth_claims(self, ctx: RunContext) -> set[int]:
        out = set()
        for f in ctx.figures:
            g = f.growth
            if g is not None and g.of is not None and not g.difference and g.rate > 0:
                out.add(g.of)
        return out

    def _not_yet_known(self, ctx: RunContext, f: Figure, m: Metric) -> bool:
        """An outcome for a whole period that its page could not know yet: a year's flow or growth printed before
        the year ended (a March report's 全年 is last year's), or a period guessed from a page dated only by year."""
        per = periods.parse(f.period)
        try:
            date = periods.parse(ctx.page_date(f.doc))
        except KeyError:
            date = None
        if per is None or date is None:
            return False
        if date.first != date.last:  # dated by year only: a period inferred inside that year is a guess
            return f.period_source != "stated" and date.first <= per.first and per.last <= date.last
        return (m.nature == "flow" or f.kind == "growth") and date.last < per.last

    def _average(self, ctx: RunContext, f: Figure) -> bool:
        """年均超收2040亿元 over 2003-2006 is an average a year, not a total: never below one year's figure."""
        try:
            return _average_in(ctx.page_text(f.doc), f.start)
        except KeyError:
            return False

    def _says_grew(self, ctx: RunContext, f: Figure) -> bool:
        try:
            return _says_grew_in(ctx.page_text(f.doc), f.start)
        except KeyError:
            return False

    @staticmethod
    def _worded(ctx: RunContext, indices: Iterable[int], test: Callable[[str, int], bool]) -> set[int]:
        """The figures among `indices` whose page's text passes `test(text, start)` (`_average_in`,
        `_says_grew_in`), pages read in the run's order, each once; a figure whose page the run lacks fails."""
        starts = figure_column(ctx, "start")
        return {i for i, text in figure_texts(ctx, set(indices)) if test(text, starts[i])}

    def _pairs(self, rule: Rule, p: Params, ctx: RunContext, m: Metric, *, transposed_fall: bool) -> Iterable[Finding]:
        """For each (earlier value, later value), the first pair of reports in timeline order that `_pair_ok`
        accepts, as a loop over every pair would find it, in that order.

        Every such pair prints digits one edit apart, so reports are grouped by printed digits and value, and only
        groups whose digits are one edit apart (`one_edit_pairs`) meet. Inside two groups, reports are compared by
        slot: everything `_pair_ok` reads of a report but its document (period, how it was dated, kind, nature,
        its page's months; or its place in time and interval for transposed-fall), so that a hundred reprints of
        one figure on one day cost what one does (`first_pair`); one-digit-apart looks only at slots whose pages
        are at most `max_months` apart."""
        figs = [f for _, f in _figs(ctx, m)]
        orders = [self._order(ctx, f) for f in figs]
        tol = p.about_tolerance
        spans = {f.doc: _page_span(ctx, f.doc) for f in figs}
        groups: dict[tuple[str, float], list[int]] = defaultdict(list)
        for i, f in enumerate(figs):
            if f.value is None or orders[i] is None:
                continue
            digits = printed_digits(f)
            if not transposed_fall and (f.approx is not None or len(digits.replace(".", "")) < p.min_digits or spans[f.doc] is None):
                continue  # never one digit apart in this mode (see _pair_ok): approximate, short, or on an undated page
            groups[(digits, f.value)].append(i)

        def slot_key(i: int) -> Hashable:
            f = figs[i]
            if transposed_fall:
                return orders[i], f.period_source, interval(f, tol)
            return f.period, f.period_source, f.kind, f.nature, spans[f.doc]

        def accepts(a: int, b: int) -> bool:
            ok = self._pair_ok(ctx, p, figs, orders, a, b, transposed_fall)
            return ok is not None and ok[0] == a

        def page_middle(i: int) -> float:  # twice the middle month of the page's date, as months_between measures
            span = spans[figs[i].doc]
            return 0.0 if span is None or transposed_fall else float(span[0] + span[1])

        within = None if transposed_fall else float(2 * p.max_months + 2)
        slotted = {g: slots(members, slot_key, lambda i: figs[i].doc, page_middle) for g, members in groups.items()}
        by_digits: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for g in groups:
            by_digits[g[0]].append(g)
        first: dict[tuple[float, float], tuple[int, int]] = {}
        for s, t in one_edit_pairs(by_digits):
            if transposed_fall and sorted(s) != sorted(t):
                continue
            for ga in by_digits[s]:
                for gb in by_digits[t]:
                    if ga[1] == gb[1]:
                        continue
                    for early, late in ((ga, gb), (gb, ga)):
                        pair = first_pair(slotted[early], slotted[late], accepts, other_doc=not transposed_fall, within=within)
                        vals = (early[1], late[1])
                        if pair is not None and (vals not in first or pair < first[vals]):
                            first[vals] = pair
        for i, j in sorted(first.values()):
            ok = self._pair_ok(ctx, p, figs, orders, i, j, transposed_fall)
            assert ok is not None  # first_pair returns only accepted pairs
            early, late = figs[ok[0]], figs[ok[1]]
            gap = months_between(ctx, early.doc, late.doc)
            yield self._pair_finding(rule, m, early, late, digit_edit(figs[i], figs[j]), gap, ("earlier", "later"), ok[2], p)

    def _pair_ok(
        self, ctx: RunContext, p: Params, figs: Sequence[Figure], orders: Sequence[Optional[tuple]], i: int, j: int, transposed_fall: bool
    ) -> Optional[tuple[int, int, Optional[str]]]:
        """Whether two reports of a level make a finding of this mode: (earlier, later, severity cap) or None."""
        a, b = figs[i], figs[j]
        if a.value is None or b.value is None or a.value == b.value:
            return None
        oa, ob = orders[i], orders[j]
        if oa is None or ob is None or oa == ob:
            return None
        e, l = (i, j) if oa < ob else (j, i)
        early, late = figs[e], figs[l]
        if transposed_fall:
            if not (late.value < early.value and transposed(early, late)):
                return None
            if early.period_source != "stated" and late.period_source != "stated":
                return None
            if interval(late, p.about_tolerance)[1] >= interval(early, p.about_tolerance)[0]:
                return None
            return e, l, None
        if early.doc == late.doc or same_time(ctx, early, late) and early.period == late.period:
            return None
        if a.approx is not None or b.approx is not None:
            return None  # 600余家 and 609家 agree; only two exact printings can be one digit apart
        if min(len(printed_digits(a).replace(".", "")), len(printed_digits(b).replace(".", ""))) < p.min_digits:
            return None
        if digit_edit(a, b) != 1 or (late.value < early.value and transposed(early, late)):
            return None
        gap = months_between(ctx, early.doc, late.doc)
        if gap is None or gap > p.max_months:
            return None
        return e, l, "info"

    def _pair_finding(self, rule, m: Metric, early: Figure, late: Figure, edit: int, gap, roles, capped, p: Params) -> Finding:
        fields = {
            "metric": m.metric,
            "entity": m.entity or "",
            "earlier": early.text,
            "earlier_period": early.period,
            "later": late.text,
            "later_period": late.period,
            "months": "" if gap is None else gap,
        }
        computed = {
            "earlier_interval": list(interval(early, p.about_tolerance)),
            "later_interval": list(interval(late, p.about_tolerance)),
            "earlier_period": early.period,
            "later_period": late.period,
            "digit_edit": edit,
            "transposition": transposed(early, late),
            "months_apart": gap,
        }
        return self.finding(
            rule,
            fields,
            [evidence_of_figure(early, roles[0]), evidence_of_figure(late, roles[1])],
            (m.metric, m.entity, m.unit, m.modality, tuple(sorted({early.value, late.value}))),
            computed=computed,
            metric_id=m.metric_id,
            severity=_lower(rule.severity, capped),
        )

    def _actual_buckets(self, ctx: RunContext, p: Params, wanted: set[tuple]) -> dict[tuple, list[tuple]]:
        """The actuals of each wanted (metric, entity, unit) that a target may be held against, once a rule: buckets of
        one (period, nature, printed or not), latest period end first, each highest (period end, document, offset)
        first, with each actual's interval and printed digits. An actual its page could not know yet is left out."""
        groups: dict[tuple, dict[tuple, list[tuple]]] = defaultdict(lambda: defaultdict(list))
        order = 0
        for am in ctx.metrics:
            if am.modality != "actual" or (am.metric, am.entity, am.unit) not in wanted:
                continue
            for ai, actual in _figs(ctx, am):
                order += 1
                ap = periods.parse(actual.period)
                if ap is None or actual.value is None or self._not_yet_known(ctx, actual, am):
                    continue
                a_lo, a_hi = interval(actual, p.about_tolerance)
                rank = (ap.last, actual.doc, actual.start, -order)  # -order: the first of equals wins, as in a loop
                # The figure's index, not the record: a run's actuals are held here all at once, and as records they
                # were ~1 KB each of small objects, a share of the run beside the figures table.
                groups[(am.metric, am.entity, am.unit)][(actual.period, am.nature, actual.period_source == "stated")].append(
                    (rank, a_lo, a_hi, printed_digits(actual), am, ai, actual.approx is not None)
                )
        out: dict[tuple, list[tuple]] = {}
        for key, by_bucket in groups.items():
            rows = []
            for (period, nature, printed), entries in by_bucket.items():
                entries.sort(key=lambda e: e[0], reverse=True)
                rows.append((periods.parse(period), period, nature, printed, entries))
            rows.sort(key=lambda r: r[0].last, reverse=True)
            out[key] = rows
        return out

    # target -----------------------------------------------------------------------------------------------

    def _targets(self, rule: Rule, p: Params, ctx: RunContext) -> Iterable[Finding]:
        """Each target against the latest actual inside its period that met it, or missed it at its end: the
        actual of greatest (period end, document, offset), the first on a tie. Actuals are read once a rule, in
        buckets of one period, nature and dating, each bucket highest first; a target visits the buckets from
        the latest period end and stops where nothing left can beat what it found."""
        wanted = {(m.metric, m.entity, m.unit) for m in ctx.metrics if m.modality == "target" and m.entity is not None}
        buckets = self._actual_buckets(ctx, p, wanted)
        for tm in ctx.metrics:
            if tm.modality != "target" or tm.entity is None:
                continue
            for ti, target in _figs(ctx, tm):
                tp = periods.parse(target.period)
                if tp is None or target.value is None:
                    continue
                # 以内/不超过 make a ceiling, 以上/超过 a floor, and a bare number a floor (a count to reach); 左右
                # says nothing of direction, so it can only be met (hit within its tolerance), never missed.
                ceiling = target.approx in ("at_most", "under")
                two_sided = target.approx == "about"
                t_lo, t_hi = interval(target, p.about_tolerance)
                digits = printed_digits(target)
                best: Optional[tuple] = None
                for ap, period, nature, printed, entries in buckets.get((tm.metric, tm.entity, tm.unit), ()):
                    if best is not None and ap.last < best[0][0]:
                        break  # buckets come latest first: the rest end earlier
                    if nature != tm.nature and None not in (nature, tm.nature):
                        continue
                    if not (tp.first <= ap.first and ap.last <= tp.last):
                        continue  # only an actual inside the target's own period says anything about it
                    if not printed and target.period_source != "stated":
                        continue
                    at_end = ap.last == tp.last and (nature != "flow" or periods.same_length(period, target.period) or ap.first == tp.first)
                    for rank, a_lo, a_hi, a_digits, am, ai, approximate in entries:
                        if best is not None and rank <= best[0]:
                            break  # highest first: nothing further in this bucket can beat it
                        if a_digits == digits and (approximate or rank[1] == target.doc):
                            continue  # the target quoted again (没有实现…4%左右的目标), or the plan restated on its page
                        if two_sided:
                            met, missed = not (a_hi < t_lo or a_lo > t_hi), False
                        else:
                            met = a_hi <= t_hi if ceiling else a_lo >= t_lo
                            missed = a_lo > t_hi if ceiling else a_hi < t_lo
                        if met or missed and at_end:
                            best = (rank, "met" if met else "missed", am, ai)
                            break
                if best is None or best[1] not in p.report:
                    continue
                _, verdict, am, ai = best
                actual = ctx.figures[ai]
                fields = {
                    "metric": tm.metric,
                    "entity": tm.entity or "",
                    "verdict": verdict,
                    "verdict_zh": "已完成" if verdict == "met" else "未完成",
                    "actual": actual.text,
                    "actual_period": actual.period,
                    "target": target.text,
                    "target_period": target.period,
                }
                computed = {
                    "verdict": verdict,
                    "actual_interval": list(interval(actual, p.about_tolerance)),
                    "target_interval": [t_lo, t_hi],
                    "ceiling": ceiling,
                    "actual_period": actual.period,
                    "target_period": target.period,
                }
                yield self.finding(
                    rule,
                    fields,
                    [evidence_of_figure(actual, "actual"), evidence_of_figure(target, "target")],
                    (tm.metric, tm.entity, tm.unit, target.period, verdict, target.value, actual.value),
                    computed=computed,
                    metric_id=am.metric_id,
                )

