"""The disagreeing pairs among the reports of one metric and period, counted by classes instead of pair by pair.

Figures mode of the conflict kind asks, for every two reports of a metric's period, whether they disagree (their
intervals do not meet and the values are comparable or one digit edit apart) and speak of one moment
(`conflict.same_time`), and then reports what the disagreeing pairs add up to. A figure printed by hundreds of pages
makes tens of thousands of pairs, and a real archive may print one city's GDP for one year on thousands of pages:
testing every pair would grow with the square of the reports.

What decides a pair is mostly a property of each report apart:

- whether two reports disagree depends only on what each printed (`Report.value`: its interval, digits and value),
  so reports printing the same thing never disagree with each other unless their interval is empty;
- whether two reports of different documents speak of one moment depends only on each report's `settled` and, for
  levels, its page's month;
- only two reports of one document follow their own rule (both levels with a printed period, not one sentence's
  two figures), and one page prints a metric's period a handful of times at most.

So reports are put in classes by (what they printed, when they speak); two classes either make a disagreeing pair of
every two of their reports from different documents, or of none. Counts, the smallest and largest digit edit and
page gaps, and the first pairs in the order of `itertools.combinations` are read from the classes; the pairs within
one document are enumerated and corrected for. The cost grows with the reports times the classes, which is small
when one figure is printed many times (tests/kinds/test_conflict_pairs.py checks every field against the pairwise
test on random groups).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Hashable, Optional, Sequence


@dataclass(frozen=True)
class Report:
    """One report of a metric's period, as the pair test sees it."""

    doc: str
    start: int
    value: Hashable  # what was printed: two reports with equal values are interchangeable to `disagree` and `edit`
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


def gap(a: Optional[int], b: Optional[int]) -> Optional[int]:
    """`conflict.months_between` from two pages' `Report.mid`."""
    if a is None or b is None:
        return None
    return int(abs(a - b) / 2)


@dataclass
class _Class:
    """Reports of one printed value and one time class."""

    value: int  # value class id
    settled: bool
    month: Optional[int]
    members: list[int] = field(default_factory=list)  # indices, ascending
    docs: Counter = field(default_factory=Counter)
    mids: list[int] = field(default_factory=list)  # of the dated members, sorted once built
    undated: int = 0
    partners: list[int] = field(default_factory=list)  # classes that make disagreeing pairs with this one


class _Group:
    def __init__(self, reports: Sequence[Report], disagree: Callable[[int, int], bool], same_sentence: bool) -> None:
        self.reports = reports
        self._disagree = disagree
        self.same_sentence = same_sentence
        # A settled report's month matters only beside a running one of that month (`_same_time`); forgetting it
        # otherwise keeps a stated figure printed every month in one class.
        running = {r.month for r in reports if not r.settled and r.month is not None}
        value_ids: dict[Hashable, int] = {}
        self.value_rep: list[int] = []  # a report of each value class
        keys: dict[tuple, int] = {}
        self.classes: list[_Class] = []
        self.class_of: list[int] = []
        for i, r in enumerate(reports):
            v = value_ids.get(r.value)
            if v is None:
                v = value_ids[r.value] = len(self.value_rep)
                self.value_rep.append(i)
            month = r.month if r.month is not None and (not r.settled or r.month in running) else None
            key = (v, r.settled, month)
            c = keys.get(key)
            if c is None:
                c = keys[key] = len(self.classes)
                self.classes.append(_Class(v, r.settled, month))
            cls = self.classes[c]
            cls.members.append(i)
            cls.docs[r.doc] += 1
            if r.mid is None:
                cls.undated += 1
            else:
                cls.mids.append(r.mid)
            self.class_of.append(c)
        for cls in self.classes:
            cls.mids.sort()
        self._verdicts: dict[tuple[int, int], bool] = {}

    def disagree(self, v: int, w: int) -> bool:
        key = (v, w) if v <= w else (w, v)
        got = self._verdicts.get(key)
        if got is None:
            got = self._verdicts[key] = self._disagree(self.value_rep[key[0]], self.value_rep[key[1]])
        return got

    def across(self, c: int, d: int) -> bool:
        """Whether every two reports of classes c and d on different documents make a disagreeing pair."""
        a, b = self.classes[c], self.classes[d]
        same_time = (a.settled and b.settled) or (a.month is not None and a.month == b.month)
        return same_time and self.disagree(a.value, b.value)

    def within(self, i: int, j: int) -> bool:
        """Whether two reports of one document make a disagreeing pair (`conflict.same_time`'s rule for one
        document, and two figures of one sentence left alone unless same_sentence)."""
        a, b = self.reports[i], self.reports[j]
        if not self.same_sentence and a.sentence is not None and a.sentence == b.sentence:
            return False
        if not (a.level and b.level and a.stated and b.stated):
            return False
        return self.disagree(self.classes[self.class_of[i]].value, self.classes[self.class_of[j]].value)

    def pair(self, i: int, j: int) -> bool:
        if self.reports[i].doc == self.reports[j].doc:
            return self.within(i, j)
        return self.across(self.class_of[i], self.class_of[j])


def disagreeing_pairs(
    reports: Sequence[Report],
    disagree: Callable[[int, int], bool],
    edit: Callable[[int, int], int],
    *,
    same_sentence: bool,
    max_edit: int,
    months_apart: int,
    shown: int,
) -> Optional[Pairs]:
    """The disagreeing pairs of a group of reports, or None when there is none.

    `disagree(i, j)` and `edit(i, j)` compare what reports i and j printed (intervals apart and values comparable
    or `max_edit` digits apart; digit edits); they are asked once per two distinct values."""
    g = _Group(reports, disagree, same_sentence)
    classes = g.classes
    n = len(reports)

    # Pairs of one document: those a class product would count, to take off, and those that disagree.
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        by_doc[r.doc].append(i)
    counted: Counter = Counter()  # (class, class) -> pairs of one document inside the product
    counted_dated: Counter = Counter()
    own: dict[int, list[int]] = defaultdict(list)  # i -> j > i of i's document making a disagreeing pair
    own_pairs: list[tuple[int, int]] = []
    for ids in by_doc.values():
        for x, i in enumerate(ids):
            for j in ids[x + 1 :]:
                c, d = g.class_of[i], g.class_of[j]
                key = (c, d) if c <= d else (d, c)
                if g.across(c, d):
                    counted[key] += 1
                    if reports[i].mid is not None:  # one document: both dated or neither
                        counted_dated[key] += 1
                if g.within(i, j):
                    own[i].append(j)
                    own_pairs.append((i, j))

    total = len(own_pairs)
    edits: list[int] = [edit(i, j) for i, j in own_pairs]
    any_undated = any(reports[i].mid is None for i, _ in own_pairs)
    max_gap: Optional[int] = 0 if any(reports[i].mid is not None for i, _ in own_pairs) else None
    live: list[tuple[int, int]] = []  # class pairs with at least one disagreeing pair of two documents
    for c in range(len(classes)):
        a = classes[c]
        for d in range(c, len(classes)):
            if not g.across(c, d):
                continue
            b = classes[d]
            na, nb = len(a.members), len(b.members)
            ua, ub = a.undated, b.undated
            if c == d:
                product, dated = na * (na - 1) // 2, (na - ua) * (na - ua - 1) // 2
            else:
                product, dated = na * nb, (na - ua) * (nb - ub)
            cross = product - counted[(c, d)]
            if cross == 0:
                continue
            live.append((c, d))
            a.partners.append(d)
            if c != d:
                b.partners.append(c)
            total += cross
            edits.append(edit(g.value_rep[a.value], g.value_rep[b.value]))
            cross_dated = dated - counted_dated[(c, d)]
            if cross_dated < cross:
                any_undated = True
            if cross_dated > 0:
                # Pairs of one document are 0 apart, so the widest pair of the product is one of two documents.
                widest = gap(max(a.mids[-1] - b.mids[0], b.mids[-1] - a.mids[0]), 0)
                max_gap = widest if max_gap is None else max(max_gap, widest)
    if total == 0:
        return None

    info = max(edits) <= max_edit and not any_undated
    if info and months_apart > 0:
        info = not own_pairs and not any(_closer(g, c, d, months_apart) for c, d in live)
    return Pairs(
        shown=_first_pairs(g, own, shown),
        total=total,
        figures=_figures(g, own_pairs),
        min_edit=min(edits),
        max_gap=max_gap,
        info=info,
    )


def _closer(g: _Group, c: int, d: int, months_apart: int) -> bool:
    """Whether two reports of classes c and d on different dated pages are less than months_apart apart (`gap`:
    mids less than twice that apart). A document's reports share a page, so those of the other class's window on
    the same document are the ones to discount."""
    a, b = g.classes[c], g.classes[d]
    width = 2 * months_apart
    seen: set[str] = set()
    for i in a.members:
        r = g.reports[i]
        if r.mid is None or r.doc in seen:
            continue
        seen.add(r.doc)
        near = bisect_left(b.mids, r.mid + width) - bisect_right(b.mids, r.mid - width)
        if near > b.docs.get(r.doc, 0):
            return True
    return False


def _first_pairs(g: _Group, own: dict[int, list[int]], limit: int) -> list[tuple[int, int]]:
    """The first `limit` disagreeing pairs in combinations order: for each report in turn, its partners after it
    in the group, from each partner class (by bisection) and its own document."""
    out: list[tuple[int, int]] = []
    for i, r in enumerate(g.reports):
        need = limit - len(out)
        if need <= 0:
            break
        partners = g.classes[g.class_of[i]].partners
        if not partners and i not in own:
            continue
        found: list[int] = list(own.get(i, ()))[:need]
        for d in partners:
            members = g.classes[d].members
            taken = 0
            for j in members[bisect_right(members, i) :]:
                if taken == need:
                    break
                if g.reports[j].doc != r.doc:
                    found.append(j)
                    taken += 1
        found.sort()
        out.extend((i, j) for j in found[:need])
    return out


def _figures(g: _Group, own_pairs: list[tuple[int, int]]) -> list[int]:
    """The reports in some disagreeing pair, one per (doc, start), in that order.

    Two reports at one place of one page do not come out of extraction; should they come in, the one kept is the
    one a dictionary filled pair by pair in combinations order would keep (the later of the last pair naming it)."""
    involved: set[int] = {i for pair in own_pairs for i in pair}
    for cls in g.classes:
        docs: set[str] = set()
        for d in cls.partners:
            for doc in g.classes[d].docs:
                docs.add(doc)
                if len(docs) > 1:
                    break
            if len(docs) > 1:
                break
        if len(docs) > 1:
            involved.update(cls.members)
        elif docs:
            (doc,) = docs
            involved.update(i for i in cls.members if g.reports[i].doc != doc)
    at: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i in sorted(involved):
        at[(g.reports[i].doc, g.reports[i].start)].append(i)
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
