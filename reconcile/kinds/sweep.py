"""Sweeps over a metric's timeline that find what an all-pairs loop would, in time that grows with its length.

A metric printed by thousands of documents (the same national figure in every reprint) has thousands of points,
and the trend kind asks of them questions about *pairs*: which earlier report is higher than this claim of growth,
which two reports are one digit apart. Comparing every pair makes the kind quadratic in a timeline's length. The
three tools here answer those questions exactly (the same pair the all-pairs loop would pick, not just some pair):

- `one_edit_pairs`: the pairs of distinct digit strings at one edit (substitution, insertion, deletion or adjacent
  transposition), through hash buckets of each string and its one-character deletions;
- `Latest`: among items pushed in increasing order of a key, the last one whose bound exceeds a threshold, for the
  highest earlier report (a monotone stack, O(log n) a query);
- `first_pair`: the first pair, in index order, between two groups of reports that a caller's test accepts, where
  the test depends only on each report's *slot* (everything the test reads but the document) and on whether the
  two reports come from one document: slots, not copies, are compared.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Generic, Hashable, Iterable, Optional, Sequence, TypeVar

T = TypeVar("T")


def one_edit_pairs(strings: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs (a < b) of distinct strings one edit apart (optimal string alignment distance 1).

    Two such strings share a key among each one's own text and its one-character deletions: a substitution at q
    leaves both with the same deletion at q, an insertion makes the shorter one a deletion of the longer, and a
    transposition u·ab·v / u·ba·v leaves u·b·v in both. Buckets of a key hold a bounded number of strings (about
    ten per position), so the candidates grow with the number of strings, not its square; each is then checked."""
    from rapidfuzz.distance import OSA

    buckets: dict[str, set[str]] = defaultdict(set)
    for s in set(strings):
        for key in {s, *(s[:q] + s[q + 1 :] for q in range(len(s)))}:
            buckets[key].add(s)
    pairs: set[tuple[str, str]] = set()
    for group in buckets.values():
        if len(group) > 1:
            ordered = sorted(group)
            pairs.update((a, b) for k, a in enumerate(ordered) for b in ordered[k + 1 :])
    return sorted((a, b) for a, b in pairs if OSA.distance(a, b) == 1)


class Latest(Generic[T]):
    """Items pushed in increasing order of their key; `above(t)` is the last pushed item whose bound is above t.

    An item whose bound is not above that of a later item can never be the answer again (the later one has the
    greater key and meets every threshold the earlier one meets), so it is dropped when the later one comes: the
    bounds left on the stack decrease from bottom to top, and the items whose bound is above t are a prefix of it.
    """

    def __init__(self) -> None:
        self._neg: list[float] = []  # minus the bounds: increasing from bottom to top, for bisect
        self._items: list[T] = []

    def push(self, bound: float, item: T) -> None:
        while self._neg and -self._neg[-1] <= bound:
            self._neg.pop()
            self._items.pop()
        self._neg.append(-bound)
        self._items.append(item)

    def above(self, threshold: float) -> Optional[T]:
        k = bisect.bisect_left(self._neg, -threshold)
        return self._items[k - 1] if k else None


@dataclass(eq=False)
class Slot:
    """Reports that a pair test cannot tell apart except by their document: members are (index, document) in
    index order; `at` is where the slot sits on the axis `first_pair` may limit the search along."""

    key: Hashable
    at: float = 0.0
    members: list[tuple[int, str]] = field(default_factory=list)

    @cached_property
    def reps(self) -> list[tuple[int, str]]:
        """The first member, and the first from another document (if any): enough to pair with anything.
        Read once the slot is complete."""
        first = self.members[0]
        other = next((m for m in self.members if m[1] != first[1]), None)
        return [first] if other is None else [first, other]


def slots(indices: Iterable[int], key: Callable[[int], Hashable], doc: Callable[[int], str], at: Callable[[int], float] = lambda i: 0.0) -> list[Slot]:
    """The slots of some reports, in order of their first member."""
    out: dict[Hashable, Slot] = {}
    for i in sorted(indices):
        k = key(i)
        s = out.get(k)
        if s is None:
            s = out[k] = Slot(k, at(i))
        s.members.append((i, doc(i)))
    return list(out.values())


def first_pair(
    first: Sequence[Slot],
    second: Sequence[Slot],
    accepts: Callable[[int, int], bool],
    *,
    other_doc: bool,
    within: Optional[float] = None,
) -> Optional[tuple[int, int]]:
    """The pair (i < j) that comes first in index order among the pairs of a report in `first` and one in
    `second` that `accepts(a, b)` (a from `first`, b from `second`); None when no pair is accepted.

    `accepts` must give one answer for every pair of members of two slots that come from different documents
    (`other_doc`: pairs of one document are refused) or for every pair at all (not `other_doc`); it is asked once
    per pair of slots, about representatives. `within`: slots further apart than this along `Slot.at` are never
    accepted (an optimisation the caller vouches for; `accepts` still decides inside it).

    The first report in index order that has any partner is the first member of the answer, and its partner of
    lowest index the second: no report before it has a partner, so none of its partners comes before it. So the
    search walks the reports in index order, asking of each only whether its slot has an accepting slot with a
    member of another document, and stops at the first that does.
    """
    sides = (list(first), list(second))
    axis = [sorted(side, key=lambda s: s.at) for side in sides]
    keys = [[s.at for s in side] for side in axis]
    verdict: dict[tuple[int, int], bool] = {}
    partners: dict[tuple[int, int], list[Slot]] = {}  # (side, id of slot) -> the accepting slots of the other side

    def accepted(a: Slot, b: Slot) -> bool:  # a in first, b in second
        k = (id(a), id(b))
        if k not in verdict:
            pairs = [(x, y) for x, dx in a.reps for y, dy in b.reps if not other_doc or dx != dy]
            verdict[k] = bool(pairs) and accepts(*pairs[0])
        return verdict[k]

    def partners_of(side: int, s: Slot) -> list[Slot]:
        k = (side, id(s))
        if k not in partners:
            other = 1 - side
            lo, hi = 0, len(axis[other])
            if within is not None:
                lo = bisect.bisect_left(keys[other], s.at - within)
                hi = bisect.bisect_right(keys[other], s.at + within)
            found = []
            for t in axis[other][lo:hi]:
                if accepted(s, t) if side == 0 else accepted(t, s):
                    found.append(t)
            partners[k] = found
        return partners[k]

    def members(side: int, s: Slot) -> Iterable[tuple[int, str, int, Slot]]:
        for i, d in s.members:
            yield i, d, side, s

    # The slots' members are in index order already: merging them lazily walks only as far as the answer.
    walk = heapq.merge(*(members(side, s) for side in (0, 1) for s in sides[side]), key=lambda w: w[0])
    for i, d, side, s in walk:
        best: Optional[int] = None
        for t in partners_of(side, s):
            for j, dj in t.reps:  # the first member, or the first of another document when it shares i's
                if not other_doc or dj != d:
                    best = j if best is None else min(best, j)
                    break
        if best is not None:
            return (i, best) if i < best else (best, i)
    return None


__all__ = ["Latest", "Slot", "first_pair", "one_edit_pairs", "slots"]
