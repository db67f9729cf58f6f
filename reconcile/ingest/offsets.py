"""A compact offset map from normalised to original character positions.

Normalisation only ever maps a character to one character or deletes a run of characters, so the map from
normalised to original offsets is piecewise linear with slope 1: a list of (normalised start, original start)
pairs, one per kept run. Storing the runs rather than one int per character keeps a page of 50 million
characters at a few megabytes instead of gigabytes, and pickles cheaply to worker processes. Lookup is a
bisect, O(log runs).

`OffsetMap` behaves as a read-only sequence of ints of length len(norm) + 1 (the last entry is len(text)),
so code written against `tuple[int, ...]` (indexing, slicing, iteration, len) works unchanged.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import overload


class OffsetMap(Sequence[int]):
    """Sequence of original offsets, one per normalised character, plus a final entry len(text)."""

    __slots__ = ("_nstarts", "_ostarts", "_n", "_end")

    def __init__(self, nstarts: Sequence[int], ostarts: Sequence[int], n: int, end: int):
        # Runs: normalised positions [nstarts[i], nstarts[i+1]) map to ostarts[i] + (pos - nstarts[i]).
        self._nstarts = array("q", nstarts)
        self._ostarts = array("q", ostarts)
        self._n = n  # len(norm)
        self._end = end  # len(text): the final entry

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        return cls([0], [0], n, n)

    def __len__(self) -> int:
        return self._n + 1

    def _at(self, i: int) -> int:
        if i == self._n:
            return self._end
        k = bisect_right(self._nstarts, i) - 1
        return self._ostarts[k] + (i - self._nstarts[k])

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[int, ...]: ...

    def __getitem__(self, i: int | slice) -> int | tuple[int, ...]:
        if i.__class__ is int and 0 <= i < self._n:  # type: ignore[union-attr]  # the hot path
            k = bisect_right(self._nstarts, i) - 1
            return self._ostarts[k] + (i - self._nstarts[k])  # type: ignore[operator]
        if isinstance(i, slice):
            return tuple(self._at(j) for j in range(*i.indices(self._n + 1)))
        if i < 0:
            i += self._n + 1
        if not 0 <= i <= self._n:
            raise IndexError("offset map index out of range")
        return self._at(i)

    def __iter__(self) -> Iterator[int]:
        runs = len(self._nstarts)
        for k in range(runs):
            nstop = self._nstarts[k + 1] if k + 1 < runs else self._n
            o = self._ostarts[k]
            yield from range(o, o + nstop - self._nstarts[k])
        yield self._end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (
                self._n == other._n
                and self._end == other._end
                and self._nstarts == other._nstarts
                and self._ostarts == other._ostarts
            )
        if isinstance(other, Sequence):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._n, self._end, bytes(self._nstarts), bytes(self._ostarts)))

    def __repr__(self) -> str:
        return f"OffsetMap(len={len(self)}, runs={len(self._nstarts)})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (OffsetMap, (self._nstarts, self._ostarts, self._n, self._end))

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The original span of the normalised span [a, b): (omap[a], omap[b-1] + 1), or empty at omap[a]."""
        if b <= a:
            return self[a], self[a]
        return self[a], self[b - 1] + 1

    def map_sorted(self, positions: list[int]) -> list[int]:
        """omap[p] for each p of an ascending list: one bisect, then a cursor moving along the runs."""
        out: list[int] = []
        if not positions:
            return out
        ns, os_, n, runs = self._nstarts, self._ostarts, self._n, len(self._nstarts)
        k = max(0, bisect_right(ns, positions[0]) - 1)
        for p in positions:
            if p >= n:
                out.append(self._end if p == n else self[p])
                continue
            while k + 1 < runs and ns[k + 1] <= p:
                k += 1
            out.append(os_[k] + (p - ns[k]))
        return out

    @property
    def runs(self) -> int:
        return len(self._nstarts)
