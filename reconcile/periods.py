"""Period strings as figures carry them, and the little arithmetic rules need on them.

Forms (ISO-like, as the figure schema documents):
    2023                 a calendar year
    2025-07              a month
    2025-12-18           a day
    2025-H1, 2025-Q3     a half or a quarter
    2025-01/2025-11      a span of months (1—11月: a partial year, never the full year)
    2021/2025            a span of years (“十四五”以来, 过去五年: cumulative)

Shared by extract (which writes them) and the check kinds (which compare them); pure functions, no imports
beyond the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Period:
    """A period as a closed span of months: (year, month) .. (year, month)."""

    first: tuple[int, int]
    last: tuple[int, int]
    text: str

    @property
    def months(self) -> int:
        return (self.last[0] - self.first[0]) * 12 + self.last[1] - self.first[1] + 1

    @property
    def is_full_year(self) -> bool:
        return self.first[1] == 1 and self.last[1] == 12 and self.first[0] == self.last[0]

    @property
    def is_span_of_years(self) -> bool:
        return self.first[1] == 1 and self.last[1] == 12 and self.last[0] > self.first[0]

    @property
    def end_year(self) -> float:
        """The period's end as a fractional year (2023 -> 2024.0; 2025-01/2025-11 -> 2025.9167)."""
        return self.last[0] + self.last[1] / 12


@lru_cache(maxsize=4096)
def parse(text: Optional[str]) -> Optional[Period]:
    if not text:
        return None
    if "/" in text:
        a, _, b = text.partition("/")
        pa, pb = parse(a), parse(b)
        if pa is None or pb is None or pb.last < pa.first:
            return None
        return Period(pa.first, pb.last, text)
    if m := _YEAR.match(text):
        y = int(m[1])
        return Period((y, 1), (y, 12), text)
    if m := _MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        return Period((y, mo), (y, mo), text) if 1 <= mo <= 12 else None
    if m := _DAY.match(text):
        y, mo = int(m[1]), int(m[2])
        return Period((y, mo), (y, mo), text) if 1 <= mo <= 12 else None
    if m := _HALF.match(text):
        y, h = int(m[1]), int(m[2])
        return Period((y, 1 + 6 * (h - 1)), (y, 6 * h), text)
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        return Period((y, 1 + 3 * (q - 1)), (y, 3 * q), text)
    return None


def shift_years(text: Optional[str], years: int) -> Optional[str]:
    """The same period `years` earlier or later: 2024 -> 2023; 2025-01/2025-11 -> 2024-01/2024-11."""
    if not text or parse(text) is None:
        return None

    def bump(m: re.Match) -> str:
        return str(int(m.group(0)) + years)

    return re.sub(r"(?<!\d)\d{4}(?!\d)", bump, text)


def years_between(base: Optional[str], current: Optional[str]) -> Optional[float]:
    """Years from the base period to the current one, by their ends (2020 -> 2024: 4; 2023 -> 2024: 1)."""
    pb, pc = parse(base), parse(current)
    if pb is None or pc is None:
        return None
    return round(pc.end_year - pb.end_year, 4)


def same_length(a: Optional[str], b: Optional[str]) -> bool:
    """Whether two periods are comparable as flows: a full year with a full year, 1—11月 with 1—11月."""
    pa, pb = parse(a), parse(b)
    return pa is not None and pb is not None and pa.months == pb.months and pa.first[1] == pb.first[1]


def contains(outer: Optional[str], inner: Optional[str]) -> bool:
    po, pi = parse(outer), parse(inner)
    return po is not None and pi is not None and po.first <= pi.first and pi.last <= po.last
