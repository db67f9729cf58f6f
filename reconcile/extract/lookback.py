"""How far a figure looks back within its sentence, and the sorted index that makes each look cheap.

A sentence longer than `PIECE` characters is read as pieces of at most that length, cut at a clause break (else a
blank, else between two characters that are not both digits): with that, everything a figure reads of its
sentence is bounded, whatever the page. The longest sentence of the shared corpus and the seeds has 532
characters; a longer "sentence" is a table, a list or a page of numbers run together by the layout.

A figure's context is read from its sentence: the figures, periods and subjects printed before it. Read in full,
that makes a sentence's extraction quadratic in its figures, and a page of nothing but digits and commas (one
"sentence" of 10,000 numbers) took minutes. So each look back is bounded: a figure sees at most the last
`FIGURES` figures and `PERIODS` periods before it and walks back at most `CLAUSES` clauses. Real sentences stay
far inside these bounds (the most in the shared corpus and the seeds: 13 figures and about 25 clauses in a
sentence of 312 characters), so their figures are exactly what an unbounded look gives; only a pathological
sentence is cut.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Generic, Protocol, Sequence, TypeVar

PIECE = 1500  # characters of a sentence read at once
FIGURES = 48  # earlier figures of the sentence a figure may refer to (its metric, its coordinated list)
PERIODS = 48  # periods printed before a figure that may be its own
CLAUSES = 48  # clauses walked back for a subject (entity, or the metric of a figure that names none)


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=_Spanned)


class ByStart(Generic[T]):
    """Items of a sentence (mentions, periods, quantities), ordered by start, with their starts for bisection."""

    def __init__(self, items: Sequence[T]) -> None:
        self.items = list(items)
        self.starts = [x.start for x in self.items]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Index range [i, j) of the items whose start is in [a, b)."""
        return bisect_left(self.starts, a), bisect_left(self.starts, b)

    def within(self, a: int, b: int) -> list[T]:
        """The items whose start is in [a, b), in order."""
        i, j = self.span(a, b)
        return self.items[i:j]

    def first_from(self, a: int) -> T | None:
        """The first item starting at or after `a`."""
        i = bisect_left(self.starts, a)
        return self.items[i] if i < len(self.items) else None

    def before(self, b: int, limit: int) -> list[T]:
        """The last `limit` items starting before `b`, in order."""
        j = bisect_left(self.starts, b)
        return self.items[max(0, j - limit):j]


_CLAUSE_BREAK = re.compile(r"[。;,:!?]")
_BLANK = re.compile(r"\s")


def pieces(s: str, size: int = PIECE) -> list[tuple[int, int]]:
    """Spans [a, b) that cover `s` in order, each at most `size` characters (one span when `s` is that short).
    A cut falls after the last clause break of the second half of the piece, else after its last blank, else
    at the last place there not inside a run of digits, else at `size` itself."""
    out: list[tuple[int, int]] = []
    a, n = 0, len(s)
    while n - a > size:
        lo, hi = a + size // 2, a + size
        cut = _last(_CLAUSE_BREAK, s, lo, hi) or _last(_BLANK, s, lo, hi)
        if cut is None:
            cut = next((k for k in range(hi, lo, -1) if not (s[k - 1].isdigit() and s[k].isdigit())), hi)
        out.append((a, cut))
        a = cut
    out.append((a, n))
    return out


def _last(rx: re.Pattern[str], s: str, lo: int, hi: int) -> int | None:
    """The position just after the last match of `rx` in s[lo:hi]."""
    found = None
    for m in rx.finditer(s, lo, hi):
        found = m.end()
    return found
