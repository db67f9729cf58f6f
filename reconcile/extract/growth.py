"""Growth claims: the rate, its basis and base period, and the rounding interval the printed rate allows.

    同比增长16%              rate 0.16, yoy, base = the period before the figure's
    较2020年增长约1.7倍       rate 1.7 (增长N倍 is +N×100%), since 2020
    是2020年的1.7倍           rate 0.7 (a multiple: N−1)
    增速达101.3%             rate 1.013, yoy (a period's growth speed, statistical convention)
    下降13.5% / 减少 / 节约   negative
    提高2个百分点             0.02 with difference=True (a difference of rates, not a growth rate)
    翻一番 / 翻两番           1.0 / 3.0
    年均增长9.5%              basis other (an annual average)

The record's own value and unit stay as printed (16 and %); the growth record carries the fraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_UP = r"增长|增加|提高|提升|上升|增|涨|扩大|跃升|攀升"
_DOWN = r"下降|减少|降低|下滑|回落|缩小|减|降|节约|节省|收窄"
_SPEED = r"增速|增幅|涨幅|增长率|降幅|跌幅"
_APPROX = r"(?:约|近|超过|超|逾|大约|将近|接近)?"
_VERB_TAIL = re.compile(
    rf"(?P<speed>{_SPEED})?(?:为|达|达到|是|超过|超)?{_APPROX}$|(?P<verb>{_UP}|{_DOWN})(?:了)?{_APPROX}$"
)
_MULTIPLE = re.compile(r"(?:是|为|相当于)(?P<base>[^,;:。是为]{0,16}?)的$")
_YOY = re.compile(r"同比|比上年|较上年|比去年|较去年|与上年相比|与去年相比|比上年同期|较上年同期|较去年同期|比去年同期|上年同期")
_MOM = re.compile(r"环比|比上月|较上月|比上季度|较上季度")
_AVG = re.compile(r"年均|年平均|平均每年|每年平均")
_SINCE = re.compile(r"(?:较|比|与|同)(?P<base>(?:19|20)\d{2}年(?:底|末)?|“?十[一二三四五六七八九]?五”?(?:末|期末|时期)?|[^,;:。]{0,10}?)(?:相比)?[^,;:。]{0,10}$")


@dataclass(frozen=True)
class Claim:
    rate: float
    basis: str  # yoy | since | mom | other
    base_text: Optional[str]  # the printed base (2020年, “十三五”), resolved to a period by the caller
    difference: bool
    rate_low: Optional[float]
    rate_high: Optional[float]
    down: bool
    speed: bool  # 增速/增幅: a period's growth speed
    phrase_start: int  # where the growth phrase starts in the left text (the metric ends before it)


def _bounds(value: float, precision: Optional[float], low: Optional[float], high: Optional[float],
            approx: Optional[str]) -> tuple[float, float]:
    lo = low if low is not None else value
    hi = high if high is not None else value
    if approx is None or approx == "about":
        half = (precision or 0) / 2
        return lo - half, hi + half
    return lo, hi


def claim(left: str, text: str, value: Optional[float], unit: Optional[str], precision: Optional[float],
          low: Optional[float], high: Optional[float], approx: Optional[str]) -> Optional[Claim]:
    """A growth claim when `left` (the clause text before the quantity) ends in a growth phrase.
    `text` is the quantity's own printed text (翻一番 is recognised from it)."""
    if value is None:
        return None
    fan = _DOUBLING.search(text)
    if fan:
        n = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}.get(fan.group(1) or "一", 1)
        rate = 2.0 ** n - 1
        return Claim(rate, _basis(left), _base_text(left), False, rate, rate, False, False, len(left))
    if unit not in ("%", "倍", "个百分点", "百分点"):
        return None
    tail = left.rstrip()
    mult = _MULTIPLE.search(tail) if unit == "倍" else None
    m = _VERB_TAIL.search(tail)
    if mult is None and (m is None or not (m.group("speed") or m.group("verb"))):
        return None
    lo, hi = _bounds(value, precision, low, high, approx)
    if mult is not None:
        rate, rlo, rhi = value - 1, lo - 1, hi - 1
        base = mult.group("base")
        return Claim(rate, "since" if re.search(r"\d{4}年|十.?五", base) else "other", base or None, False,
                     rlo, rhi, False, False, mult.start())
    down = bool(m and m.group("verb") and re.fullmatch(_DOWN, m.group("verb")))
    sign = -1.0 if down else 1.0
    scale = 1.0 if unit == "倍" else 0.01
    rate = sign * value * scale
    rlo, rhi = sorted((sign * lo * scale, sign * hi * scale))
    difference = unit in ("个百分点", "百分点")
    phrase_start = m.start() if m else len(tail)
    # Base phrase (较2020年, 同比) just before the verb belongs to the growth phrase too.
    head = tail[:phrase_start]
    for rx in (_YOY, _MOM, _AVG):
        mm = None
        for mm in rx.finditer(head):
            pass
        if mm is not None and len(head) - mm.end() <= 4:
            phrase_start = min(phrase_start, mm.start())
    ms = _SINCE.search(head)
    if ms and ms.group("base"):
        phrase_start = min(phrase_start, ms.start())
    return Claim(rate, _basis(tail), _base_text(tail), difference, rlo, rhi, down,
                 bool(m and m.group("speed")), phrase_start)


def _basis(left: str) -> str:
    if _MOM.search(left[-12:]):
        return "mom"
    if _YOY.search(left[-14:]):
        return "yoy"
    if _AVG.search(left[-10:]):
        return "other"
    if _base_text(left):
        return "since"
    return "bare"  # decided by the caller: yoy for a period's flow, else other


def _base_text(left: str) -> Optional[str]:
    m = _BASE_YEAR.search(left)
    return m.group(1) if m else None


_DOUBLING = re.compile(r"翻([一两二三四五六七八九])番|翻番")
_BASE_YEAR = re.compile(
    r"(?:较|比|与|同)((?:19|20)\d{2}年(?:底|末)?|“?十[一二三四五六七八九]?五”?(?:末|期末|时期)?)(?:相比)?[^,;:。]{0,8}$")


def previous_period(iso: Optional[str]) -> Optional[str]:
    """The period a year before: 2024 -> 2023; 2025-01/2025-05 -> 2024-01/2024-05; 2025-H1 -> 2024-H1."""
    if not iso:
        return None

    def back(part: str) -> str:
        return str(int(part[:4]) - 1) + part[4:] if part[:4].isdigit() else part

    return "/".join(back(p) for p in iso.split("/"))
