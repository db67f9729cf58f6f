"""The document's date: given (front matter, manifest) or inferred from the text.

Relative periods (今年, 去年, 目前, 过去五年) are resolved against this date, so it must never be today's date:
the same text must give the same figures whatever day it is read. Inference, from the strongest evidence:

1. a date line of its own near the top of the document (（2022年10月16日）, as congress reports print);
2. the latest period the text states as past, read as a lower bound of the date:
   - a full year with a figure in its clause (2023年，国家高新技术企业533家) was over: the date is the next
     year or later; a full year named without a figure (2025年度…公告), or with 已 (2025年…已达35.9亿元),
     only says the date is in that year or later;
   - a partial period stated as done (2025年1—11月份, 今年1—5月) ends before the date: 2025-12 or later;
   - clauses that look forward (将, 目标, 计划, 预计, 力争, 到2035年) give no evidence;
3. datelines without a year (本报乌海10月14日电, 8月10日，记者…) give the month and day within that year.
今年 in a sentence with a partial period (今年1—5月) adds its month once the year is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from reconcile.extract.lookback import PIECE


_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "0": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9, "十": 10, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9}


def small_number(s: str) -> Optional[int]:
    """A small count written in Arabic or Chinese numerals (1-99): 5, 五, 十, 十二, 二十."""
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGIT for c in s):
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGIT[head] if head else 1
        return tens * 10 + (_CN_DIGIT[tail] if tail else 0)
    if len(s) == 1:
        return _CN_DIGIT[s]
    return None


def cn_year(s: str) -> Optional[int]:
    """二〇一〇 / 二0一0 -> 2010."""
    if len(s) != 4 or any(c not in _CN_DIGIT or c == "十" for c in s):
        return None
    return int("".join(str(_CN_DIGIT[c]) for c in s))


@dataclass(frozen=True)
class DocDate:
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None

    @classmethod
    def parse(cls, text: Optional[str]) -> DocDate:
        """'2025-12-18', '2025-12' or '2025' (anything else: unknown)."""
        if not text:
            return cls()
        m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
        if not m:
            return cls()
        return cls(int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None)

    def iso(self) -> Optional[str]:
        if self.year is None:
            return None
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-{self.month:02d}-{self.day:02d}"

    def key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 0, self.day or 0)


# A date alone on its line, or opening a line in brackets or after a dash (——2017年3月5日在…会议上).
_HEADER_DATE = re.compile(
    r"^[ \t]*(?:[(（—]+[ \t]*)?((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:[)）]?[ \t]*$|(?<=日)在)", re.M
)
_DATELINE = re.compile(r"(?:本报|新华社|电)[^\n,，。]{0,8}?(\d{1,2})月(\d{1,2})日(?:电|讯)|(?:^|\n|[(（])(\d{1,2})月(\d{1,2})日[,，]")
_YEAR_SUB = re.compile(r"(?<![\d.\-—–~至到比较与从同])((?:19|20)\d{2}|[一二三四五六七八九〇零○0]{4}(?=年))年(?:度)?(?:(\d{1,2})[—\-–~至到](\d{1,2})月|(\d{1,2})月(?:(\d{1,2})日)?|(上|下)半年|前三季度)?")
_THIS_YEAR_SUB = re.compile(r"(?:今年|本年)(?:(\d{1,2})[—\-–~至到](\d{1,2})月|前(\d{1,2})个?月|(上)半年|前三季度)")
_FORWARD = re.compile(
    r"将|目标|计划|预计|预期|力争|争取到|到(?:19|20)\d{2}年|(?<![重主需必纲])要(?![求素])|拟|规划|展望|远景|确保|施行"
    r"|至(?:19|20)\d{2}年|面向|部署|任务"
)
_FIGURE = re.compile(r"\d[\d.,]*(?:多|余)?(?:万亿|万|亿|千|百)?(?:%|(?![年月日号时届次期])[\u4e00-\u9fff])")
_REVIEW = re.compile(r"^(?:[一二三四五六七八九十]+、)?\s*(?:19|20)\d{2}年(?:的)?工作回顾|^过去的?一年")
_ANY_YEAR = re.compile(r"(?<![比较与从同])(?:(?:19|20)\d{2}年|今年|去年|上年)")
_CLAUSE_END = re.compile(r"[,;:，；：。!?！？\n]")


# How far the clause and sentence around a year are read: far beyond any real sentence (lookback.PIECE), so that
# a page of years run together without a full stop costs linear time, not quadratic.
_REACH = PIECE


def _clause(s: str, a: int, b: int) -> str:
    """The clause around s[a:b]."""
    left, floor = a, max(0, a - _REACH)
    while left > floor and not _CLAUSE_END.match(s[left - 1]):
        left -= 1
    right, ceiling = b, min(len(s), b + _REACH)
    while right < ceiling and not _CLAUSE_END.match(s[right]):
        right += 1
    return s[left:right]


def _sentence_end(s: str, b: int) -> int:
    ceiling = min(len(s), b + _REACH)
    ends = [e for e in (s.find("。", b, ceiling), s.find("\n", b, ceiling)) if e >= 0]
    return min(ends) if ends else ceiling


def _sentence(s: str, a: int, b: int) -> str:
    floor = max(0, a - _REACH)
    left = max(s.rfind("。", floor, a), s.rfind("\n", floor, a), floor - 1) + 1
    return s[left:_sentence_end(s, b)]


def _year(s: str) -> Optional[int]:
    return int(s) if s.isdigit() else cn_year(s)


def _latest_consistent(bounds: list[tuple[int, int, int]]) -> tuple[int, int, int] | None:
    """The latest bound that other evidence supports: a year stated once and more than a year after every
    other year is more likely a target the cues missed (2012年…比重达到4% in a 2011 report) than the date."""
    if not bounds:
        return None
    years = sorted({b[0] for b in bounds}, reverse=True)
    count = {y: sum(1 for b in bounds if b[0] == y) for y in years}
    for i, y in enumerate(years):
        lower = years[i + 1] if i + 1 < len(years) else None
        if count[y] >= 2 or lower is None or y - lower <= 1:
            return max(b for b in bounds if b[0] == y)
    return None


def _next_month(y: int, m: int) -> tuple[int, int]:
    return (y + 1, 1) if m >= 12 else (y, m + 1)


def infer_date(norm: str) -> DocDate:
    """A lower bound of the document's date from its own text; DocDate() when it says nothing."""
    head = norm[:600]
    h = _HEADER_DATE.search(head)
    if h:
        return DocDate(int(h.group(1)), int(h.group(2)), int(h.group(3)))
    strong: list[tuple[int, int, int]] = []
    weak: list[tuple[int, int, int]] = []
    for m in _YEAR_SUB.finditer(norm):
        y = _year(m.group(1))
        if y is None or not 1900 <= y <= 2100:
            continue
        clause = _clause(norm, m.start(), m.end())
        if _REVIEW.search(clause):  # 2008年工作回顾: the year is over
            strong.append((y + 1, 0, 0))
            continue
        if _FORWARD.search(clause) or _FORWARD.search(_sentence(norm, m.start(), m.end())):
            continue
        sentence_end = _sentence_end(norm, m.end())
        rest = norm[m.end():sentence_end]
        nxt = _ANY_YEAR.search(rest)
        rest = rest[: nxt.start()] if nxt else rest  # the figures this year governs
        if m.group(3):  # 2025年1—11月
            strong.append((*_next_month(y, int(m.group(3))), 0))
        elif m.group(4) and not _FIGURE.search(rest):  # a dated event: weak
            weak.append((y, int(m.group(4)), int(m.group(5)) if m.group(5) else 0))
        elif m.group(4):  # 到2025年11月，…已突破90%
            strong.append((y, int(m.group(4)), int(m.group(5)) if m.group(5) else 0))
        elif m.group(6):  # 上半年 / 下半年
            strong.append((y, 7, 0) if m.group(6) == "上" else (y + 1, 1, 0))
        elif m.group(0).endswith("前三季度"):
            strong.append((y, 10, 0))
        elif _FIGURE.search(rest) and "已" not in clause and "目前" not in clause:
            strong.append((y + 1, 0, 0))
        else:
            # A year named without a figure (an event, a notice) is weak evidence: used only when nothing
            # stronger is found.
            weak.append((y, 0, 0))
    best = _latest_consistent(strong) or _latest_consistent(weak)
    if best is None:
        return DocDate()
    year = best[0]
    month, day = best[1], best[2]
    for m in _THIS_YEAR_SUB.finditer(norm):
        if _FORWARD.search(_clause(norm, m.start(), m.end())):
            continue
        if m.group(2):
            mo = _next_month(year, int(m.group(2)))
        elif m.group(3):
            mo = _next_month(year, int(m.group(3)))
        elif m.group(4):
            mo = (year, 7)
        else:
            mo = (year, 10)
        if mo[0] == year and mo[1] > month:
            month, day = mo[1], 0
    # A lower bound pins the month only when it is December; otherwise the month is not established.
    if month and month < 12:
        month, day = 0, 0
    dates = []
    for m in _DATELINE.finditer(norm):
        mo, d = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        mo_i, d_i = int(mo), int(d)
        if 1 <= mo_i <= 12 and 1 <= d_i <= 31 and (mo_i, d_i) >= (month, day):
            dates.append((mo_i, d_i))
    if dates:
        month, day = max(dates)
    return DocDate(year, month or None, day or None)
