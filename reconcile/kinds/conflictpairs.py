"""The disagreeing pairs among the reports of one metric and period, counted instead of listed.

Figures mode of the conflict kind asks, for every two reports of a metric's period, whether they disagree and speak
of one moment, and reports what the disagreeing pairs add up to: how many, which figures, the smallest digit edit,
the widest gap between pages, and whether every pair is a one-digit edit on pages months apart. A figure printed by
hundreds of pages makes tens of thousands of pairs, and a real archive may print one city's GDP for one year on
thousands of pages: testing every pair grows with the square of the reports. Here nothing is done pair by pair.

- Whether two reports disagree depends only on what each printed (`Value`): their intervals do not meet, and the
  values are within `max_ratio` of each other or their digits within `max_edit` edits. Among the distinct printed
  values, most pairs disagree (narrow intervals, one magnitude); the pairs that *agree* are few and are listed
  (`agreeing_values`: a sweep over the intervals, and the pairs of different magnitudes).
- Whether two reports of different documents speak of one moment depends only on each report's time class
  (`settled`, and for levels of "now" the page's month): a handful of classes.
- Two reports of one document follow their own rule, and one page prints a metric's period a handful of times: the
  pairs within each document are enumerated.

So a count is the pairs of compatible time classes, less those of agreeing values, less those within a document;
the figures in some pair, the widest and closest pages come from per-class counts and sorted months the same way,
and the smallest digit edit from the values' deletion neighbourhoods. The cost grows with the reports, the agreeing
values and the time classes; pairs of values of two magnitudes (two metrics under one name) are looked at one by
one. tests/kinds/test_conflict_pairs.py checks every field against the pairwise test on random groups.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from math import isfinite
from typing import Callable, Iterable, NamedTuple, Optional, Sequence


class Value(NamedTuple):
    """What a report printed, as far as disagreeing goes."""

    low: float  # the interval the printed figure allows
    high: float
    magnitude: float  # abs(value), 0 when there is none
    digits: str  # the digits as printed, which `edit` compares


class Report(NamedTuple):
    """One report of a metric's period, as the pair test sees it."""

    doc: str
    start: int
    value: Value
    settled: bool  # `conflict.settled`
    month: Optional[int]  # the page's month when the figure is a level of "now" (not a rate or share; a stock)
    mid: Optional[int]  # the first and last month the page's date names, added (None when undated)
    level: bool  # a count or an amount (a pair of one document is compared only then)
    stated: bool  # the period was printed
    sentence: Optional[tuple[int, int]]  # the sentence's span when known


@dataclass
class Pairs:
    """What a group's disagreeing pairs add up to (see `disagreeing_pairs`)."""

    shown: list[tuple[int, int]]  # the first pairs in combinations order, as indices into the group
    total: int
    figures: list[int]  # one report per (doc, start) in some pair, in (doc, start) order
    min_edit: int
    max_gap: Optional[int]  # the most months between two pages of a pair, None when no pair has both dated
    info: bool  # every pair within max_edit digit edits, on two pages dated at least months_apart apart


Edit = Callable[[Value, Value], int]

# Groups of at most this many reports are tested pair by pair (`_pairwise`), and the digit edits of at most this
# many values compared pair by pair: fewer than 100 pairs cost less than the classes and the neighbourhoods. Tests
# set it to 0 and to more than any group to check both ways against each other.
PAIRWISE_UP_TO = 14


def gap(a: Optional[int], b: Optional[int]) -> Optional[int]:
    """`conflict.months_between` from two pages' `Report.mid`."""
    if a is None or b is None:
        return None
    return int(abs(a - b) / 2)


def disagree(a: Value, b: Value, edit: Edit, max_edit: int, max_ratio: float) -> bool:
    """Intervals apart, and values within `max_ratio` of each other (a factor of ten or more is two metrics under one
    name: GDP against GDP per head) or digits at most max_edit edits apart (a typo: 533/5330)."""
    if not (a.high < b.low or b.high < a.low):
        return False
    if a.magnitude == 0 or b.magnitude == 0 or max(a.magnitude, b.magnitude) / min(a.magnitude, b.magnitude) <= max_ratio:
        return True
    return edit(a, b) <= max_edit


def agreeing_values(values: Sequence[Value], edit: Edit, max_edit: int, max_ratio: float) -> set[tuple[int, int]]:
    """The pairs (i <= j) of `values` that do not `disagree`, each value with itself included when it agrees with
    itself (an interval meets itself unless it is empty).

    Intervals that meet come from a sweep in order of their lower ends, each found once; pairs of values more than
    max_ratio apart are visited one by one (`edit` decides them). A value whose interval or magnitude does not
    order (empty, NaN, infinite magnitude) is compared with every other."""
    out: set[tuple[int, int]] = set()
    odd = [i for i, v in enumerate(values) if not (v.low <= v.high and v.magnitude == v.magnitude and isfinite(v.magnitude))]
    odd_set = set(odd)
    for i in odd:
        for j in range(len(values)):
            if not disagree(values[i], values[j], edit, max_edit, max_ratio):
                out.add((i, j) if i <= j else (j, i))
    plain = [i for i in range(len(values)) if i not in odd_set]
    by_low = sorted(plain, key=lambda i: values[i].low)
    for x, i in enumerate(by_low):
        out.add((i, i))
        high = values[i].high
        for j in by_low[x + 1 :]:
            if values[j].low > high:
                break
            out.add((i, j) if i <= j else (j, i))
    by_size = sorted((i for i in plain if values[i].magnitude > 0), key=lambda i: values[i].magnitude)
    far = 0  # the first value, in order of size, too large to compare with the current one
    for x, i in enumerate(by_size):
        size = values[i].magnitude
        far = max(far, x + 1)
        while far < len(by_size) and values[by_size[far]].magnitude / size <= max_ratio:
            far += 1
        for j in by_size[far:]:
            key = (i, j) if i <= j else (j, i)
            if key not in out and edit(values[i], values[j]) > max_edit:
                out.add(key)
    return out


def _neighbourhood(s: str, k: int) -> set[str]:
    """The strings left by deleting at most k characters of s. Two strings at most k edits apart (substitutions,
    insertions, deletions and adjacent transpositions) share one: an edit costs one deletion on one side or each."""
    out = {s}
    frontier = {s}
    for _ in range(k):
        frontier = {t[:p] + t[p + 1 :] for t in frontier for p in range(len(t))}
        out |= frontier
    return out


class _Group:
    """A group's reports by value, time class and class (value and time class), with the counts the sums read."""

    def __init__(self, reports: Sequence[Report], edit: Edit, max_edit: int, max_ratio: float, same_sentence: bool) -> None:
        self.reports = reports
        self.same_sentence = same_sentence
        self._edit = edit
        self._edits: dict[tuple[int, int], int] = {}
        # A settled report's month matters only beside a running one of that month (`across`); forgetting it
        # otherwise keeps a stated figure printed every month in one time class.
        running = {r.month for r in reports if not r.settled and r.month is not None}
        value_ids: dict[Value, int] = {}
        time_ids: dict[tuple[bool, Optional[int]], int] = {}
        class_ids: dict[tuple[int, int], int] = {}
        self.values: list[Value] = []
        self.times: list[tuple[bool, Optional[int]]] = []
        self.class_value: list[int] = []
        self.class_time: list[int] = []
        self.value_of: list[int] = []
        self.time_of: list[int] = []
        self.class_of: list[int] = []
        for r in reports:
            v = value_ids.setdefault(r.value, len(value_ids))
            if v == len(self.values):
                self.values.append(r.value)
            month = r.month if r.month is not None and (not r.settled or r.month in running) else None
            t = time_ids.setdefault((r.settled, month), len(time_ids))
            if t == len(self.times):
                self.times.append((r.settled, month))
            c = class_ids.setdefault((v, t), len(class_ids))
            if c == len(self.class_value):
                self.class_value.append(v)
                self.class_time.append(t)
            self.value_of.append(v)
            self.time_of.append(t)
            self.class_of.append(c)
        nt, nc = len(self.times), len(self.class_value)
        self.compatible = [[(a[0] and b[0]) or (a[1] is not None and a[1] == b[1]) for b in self.times] for a in self.times]
        self.classes_of_value: list[dict[int, int]] = [{} for _ in self.values]  # value -> time class -> class
        for c in range(nc):
            self.classes_of_value[self.class_value[c]][self.class_time[c]] = c
        self.size = [0] * nc
        self.dated = [0] * nc
        self.class_mids: list[list[int]] = [[] for _ in range(nc)]
        self.time_size = [0] * nt
        self.time_dated = [0] * nt
        self.time_mids: list[list[int]] = [[] for _ in range(nt)]
        for i, r in enumerate(reports):
            c, t = self.class_of[i], self.time_of[i]
            self.size[c] += 1
            self.time_size[t] += 1
            if r.mid is not None:
                self.dated[c] += 1
                self.time_dated[t] += 1
                self.class_mids[c].append(r.mid)
                self.time_mids[t].append(r.mid)
        for mids in self.class_mids + self.time_mids:
            mids.sort()
        self.agree = agreeing_values(self.values, edit, max_edit, max_ratio)
        self.agree_with: list[list[int]] = [[] for _ in self.values]
        for v, w in self.agree:
            self.agree_with[v].append(w)
            if v != w:
                self.agree_with[w].append(v)

    def edit(self, v: int, w: int) -> int:
        key = (v, w) if v <= w else (w, v)
        got = self._edits.get(key)
        if got is None:
            got = self._edits[key] = self._edit(self.values[key[0]], self.values[key[1]])
        return got

    def disagree(self, v: int, w: int) -> bool:
        return ((v, w) if v <= w else (w, v)) not in self.agree

    def across(self, i: int, j: int) -> bool:
        """Whether reports i and j, of different documents, make a disagreeing pair (`conflict.same_time` for two
        documents: both settled, or levels of "now" on pages of one month)."""
        return self.compatible[self.time_of[i]][self.time_of[j]] and self.disagree(self.value_of[i], self.value_of[j])

    def within(self, i: int, j: int) -> bool:
        """Whether two reports of one document make a disagreeing pair (`conflict.same_time`'s rule for one
        document, and two figures of one sentence left alone unless same_sentence)."""
        a, b = self.reports[i], self.reports[j]
        if not self.same_sentence and a.sentence is not None and a.sentence == b.sentence:
            return False
        return a.level and b.level and a.stated and b.stated and self.disagree(self.value_of[i], self.value_of[j])

    def pair(self, i: int, j: int) -> bool:
        return self.within(i, j) if self.reports[i].doc == self.reports[j].doc else self.across(i, j)

    def products(self, v: int, w: int, weight: list[int]) -> int:
        """Pairs of reports, one of value v and one of value w (two of v when v == w), of compatible time
        classes, counting `weight` reports per class (all of them, or the dated ones)."""
        cv, cw = self.classes_of_value[v], self.classes_of_value[w]
        out = 0
        if v != w:
            for t, c in cv.items():
                row = self.compatible[t]
                out += weight[c] * sum(weight[d] for u, d in cw.items() if row[u])
            return out
        items = sorted(cv.items())
        for x, (t, c) in enumerate(items):
            n = weight[c]
            if self.compatible[t][t]:
                out += n * (n - 1) // 2
            out += n * sum(weight[d] for u, d in items[x + 1 :] if self.compatible[t][u])
        return out

    def time_products(self, weight: list[int]) -> int:
        """Pairs of reports of compatible time classes, whatever their values."""
        out = 0
        for t, n in enumerate(weight):
            if self.compatible[t][t]:
                out += n * (n - 1) // 2
            out += n * sum(weight[u] for u in range(t + 1, len(weight)) if self.compatible[t][u])
        return out

    def partners(self, c: int) -> int:
        """Reports that disagree with a report of class c whatever their document (c's own included when its
        value disagrees with itself), of compatible time classes."""
        t, v = self.class_time[c], self.class_value[c]
        row = self.compatible[t]
        out = sum(n for u, n in enumerate(self.time_size) if row[u])
        for w in self.agree_with[v]:
            out -= sum(self.size[d] for u, d in self.classes_of_value[w].items() if row[u])
        return out

    def near(self, c: int, mid: int, width: int) -> int:
        """`partners` of class c on pages whose mid is less than `width` from `mid`."""
        t, v = self.class_time[c], self.class_value[c]
        row = self.compatible[t]

        def window(mids: list[int]) -> int:
            return bisect_left(mids, mid + width) - bisect_right(mids, mid - width)

        out = sum(window(self.time_mids[u]) for u in range(len(self.times)) if row[u])
        for w in self.agree_with[v]:
            out -= sum(window(self.class_mids[d]) for u, d in self.classes_of_value[w].items() if row[u])
        return out


def disagreeing_pairs(
    reports: Sequence[Report],
    edit: Edit,
    *,
    same_sentence: bool,
    max_edit: int,
    max_ratio: float,
    months_apart: int,
    shown: int,
) -> Optional[Pairs]:
    """The disagreeing pairs of a group of reports, or None when there is none. `edit` counts the digit edits
    between two printed values (optimal string alignment of their digits)."""
    n = len(reports)
    if n <= PAIRWISE_UP_TO:
        return _pairwise(reports, edit, same_sentence, max_edit, max_ratio, months_apart, shown)
    g = _Group(reports, edit, max_edit, max_ratio, same_sentence)

    # Pairs within a document: those the sums over classes count (to take off), and those that disagree.
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        by_doc[r.doc].append(i)
    own: list[tuple[int, int]] = []
    counted = counted_dated = 0
    counted_values: Counter = Counter()  # (value, value) -> such pairs within documents
    own_partners = [0] * n  # reports of i's document (i included) the sums over classes count as i's partners
    for ids in by_doc.values():
        for i in ids:
            for j in ids:
                if g.across(i, j):
                    own_partners[i] += 1
        for i, j in combinations(ids, 2):
            if g.across(i, j):
                counted += 1
                counted_dated += reports[i].mid is not None  # one document: both dated or neither
                v, w = g.value_of[i], g.value_of[j]
                counted_values[(v, w) if v <= w else (w, v)] += 1
            if g.within(i, j):
                own.append((i, j))

    # Pairs of two documents: of compatible time classes, less those whose values agree, less those of one document.
    cross = g.time_products(g.time_size) - sum(g.products(v, w, g.size) for v, w in g.agree) - counted
    if cross + len(own) == 0:
        return None
    cross_dated = g.time_products(g.time_dated) - sum(g.products(v, w, g.dated) for v, w in g.agree) - counted_dated

    def live(v: int, w: int) -> bool:
        """Whether values v and w make a disagreeing pair of two documents."""
        key = (v, w) if v <= w else (w, v)
        return key not in g.agree and g.products(v, w, g.size) > counted_values[key]

    partners = [g.partners(c) for c in range(len(g.class_value))]
    involved = [own_partners[i] < partners[g.class_of[i]] for i in range(n)]
    for i, j in own:
        involved[i] = involved[j] = True

    own_edits = [g.edit(g.value_of[i], g.value_of[j]) for i, j in own]
    own_dated = any(reports[i].mid is not None for i, _ in own)
    min_edit = min(own_edits, default=None)
    if cross:
        least = _least_edit(g, live)
        min_edit = least if min_edit is None else min(min_edit, least)
    assert min_edit is not None
    max_gap = _widest(g) if cross_dated else None
    if own_dated:
        max_gap = 0 if max_gap is None else max_gap

    info = cross_dated == cross and not any(reports[i].mid is None for i, _ in own) and all(e <= max_edit for e in own_edits)
    if info and cross:
        info = not any(g.edit(v, w) > max_edit for v, w in _live_values(g, live))
    if info and months_apart > 0:
        info = not own and not _closer(g, own_partners, 2 * months_apart)
    return Pairs(
        shown=_first_pairs(g, involved, shown),
        total=cross + len(own),
        figures=_figures(g, involved),
        min_edit=min_edit,
        max_gap=max_gap,
        info=info,
    )


def _pairwise(
    reports: Sequence[Report], edit: Edit, same_sentence: bool, max_edit: int, max_ratio: float, months_apart: int, shown: int
) -> Optional[Pairs]:
    """`disagreeing_pairs` testing every pair, for a group of a few reports (most groups: a figure printed on two or
    three pages), where building the classes costs more than the pairs."""
    pairs: list[tuple[int, int]] = []
    for i, j in combinations(range(len(reports)), 2):
        a, b = reports[i], reports[j]
        if a.doc == b.doc:
            if not same_sentence and a.sentence is not None and a.sentence == b.sentence:
                continue
            if not (a.level and b.level and a.stated and b.stated):
                continue
        elif not ((a.settled and b.settled) or (a.month is not None and a.month == b.month)):
            continue
        if disagree(a.value, b.value, edit, max_edit, max_ratio):
            pairs.append((i, j))
    if not pairs:
        return None
    involved: dict[tuple[str, int], int] = {}
    for i, j in pairs:
        involved[(reports[i].doc, reports[i].start)] = i
        involved[(reports[j].doc, reports[j].start)] = j
    edits = [edit(reports[i].value, reports[j].value) for i, j in pairs]
    gaps = [gap(reports[i].mid, reports[j].mid) for i, j in pairs]
    return Pairs(
        shown=pairs[:shown],
        total=len(pairs),
        figures=[involved[k] for k in sorted(involved)],
        min_edit=min(edits),
        max_gap=max((x for x in gaps if x is not None), default=None),
        info=all(e <= max_edit and x is not None and x >= months_apart for e, x in zip(edits, gaps)),
    )


def _live_values(g: _Group, live: Callable[[int, int], bool]) -> Iterable[tuple[int, int]]:
    """The pairs of values that make a disagreeing pair of two documents, time class by time class. Callers stop
    early; going through them all costs the values of compatible time classes squared."""
    seen: set[tuple[int, int]] = set()
    for t, row in enumerate(g.compatible):
        for u in range(t, len(g.times)):
            if not row[u]:
                continue
            for v in (v for v, cs in enumerate(g.classes_of_value) if t in cs):
                for w in (w for w, cs in enumerate(g.classes_of_value) if u in cs):
                    key = (v, w) if v <= w else (w, v)
                    if key not in seen and key not in g.agree:
                        seen.add(key)
                        if live(*key):
                            yield key


def _least_edit(g: _Group, live: Callable[[int, int], bool]) -> int:
    """The fewest digit edits between two values making a disagreeing pair of two documents. Pairs one or two edits
    apart share a string of their deletion neighbourhoods, so those are looked for first; only when none is that
    close are the pairs gone through (and straight away among a few values)."""
    if len(g.values) <= PAIRWISE_UP_TO:
        return min(g.edit(v, w) for v, w in _live_values(g, live))
    if any(live(v, v) for v in range(len(g.values))):
        return 0  # two reports of one value whose interval is empty
    for k in (1, 2):
        buckets: dict[str, set[int]] = defaultdict(set)
        for v, value in enumerate(g.values):
            for key in _neighbourhood(value.digits, k):
                buckets[key].add(v)
        best: Optional[int] = None
        seen: set[tuple[int, int]] = set()
        for members in buckets.values():
            for v, w in combinations(sorted(members), 2):
                if (v, w) in seen:
                    continue
                seen.add((v, w))
                if live(v, w):
                    e = g.edit(v, w)
                    if e <= k and (best is None or e < best):
                        best = e
        if best is not None:
            return best
    return min(g.edit(v, w) for v, w in _live_values(g, live))


def _widest(g: _Group) -> int:
    """The most months between the pages of a disagreeing pair of two documents, given that one has both dated.

    For each class, its latest page against the earliest page among the classes it disagrees with (walking the
    classes in order of their first page, past the few whose values agree); the pair read the other way round is
    the other class's. A pair of one document is 0 apart, so a positive gap is a pair of two documents, and one of
    those is there."""
    by_first: list[list[int]] = [[] for _ in g.times]
    for c, mids in enumerate(g.class_mids):
        if mids:
            by_first[g.class_time[c]].append(c)
    for cs in by_first:
        cs.sort(key=lambda c: g.class_mids[c][0])
    widest = 0
    for c, mids in enumerate(g.class_mids):
        if not mids:
            continue
        v, row = g.class_value[c], g.compatible[g.class_time[c]]
        for u in range(len(g.times)):
            if row[u]:
                d = next((d for d in by_first[u] if g.disagree(v, g.class_value[d])), None)
                if d is not None:
                    widest = max(widest, mids[-1] - g.class_mids[d][0])
    out = gap(widest, 0)
    assert out is not None
    return out


def _closer(g: _Group, own_partners: list[int], width: int) -> bool:
    """Whether two reports making a disagreeing pair of two documents are on dated pages whose mids are less than
    `width` apart. A document's reports share a page, so its own reports in the window are taken off."""
    seen: set[tuple[int, str]] = set()
    for i, r in enumerate(g.reports):
        c = g.class_of[i]
        if r.mid is None or (c, r.doc) in seen:
            continue
        seen.add((c, r.doc))
        if g.near(c, r.mid, width) > own_partners[i]:
            return True
    return False


def _first_pairs(g: _Group, involved: list[bool], limit: int) -> list[tuple[int, int]]:
    """The first `limit` disagreeing pairs in combinations order.

    Each report in some pair is looked at with the reports after it. At most 2·limit are looked at: one with a
    partner after it adds a pair, and one whose partners all come before it was the second of a pair already
    listed."""
    out: list[tuple[int, int]] = []
    n = len(g.reports)
    for i in range(n):
        if len(out) >= limit:
            break
        if not involved[i]:
            continue
        for j in range(i + 1, n):
            if g.pair(i, j):
                out.append((i, j))
                if len(out) >= limit:
                    break
    return out


def _figures(g: _Group, involved: list[bool]) -> list[int]:
    """The reports in some disagreeing pair, one per (doc, start), in that order.

    Two reports at one place of one page do not come out of extraction; should they come in, the one kept is the
    one a dictionary filled pair by pair in combinations order would keep (the later of the last pair naming it)."""
    at: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, r in enumerate(g.reports):
        if involved[i]:
            at[(r.doc, r.start)].append(i)
    return [ids[0] if len(ids) == 1 else _kept(g, ids) for _, ids in sorted(at.items())]


def _kept(g: _Group, ids: list[int]) -> int:
    """Of reports sharing one (doc, start), the later member of the last disagreeing pair that names one of them."""
    n = len(g.reports)
    last: Optional[tuple[int, int]] = None
    for i in ids:
        later = next((j for j in range(n - 1, i, -1) if g.pair(i, j)), None)
        pair = (i, later) if later is not None else (next(h for h in range(i - 1, -1, -1) if g.pair(h, i)), i)
        if last is None or pair > last:
            last = pair
    assert last is not None
    return last[1] if last[1] in ids else last[0]
