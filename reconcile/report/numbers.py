"""Numbers as readers expect them: 27.41亿 and 53.3万 in Chinese reports, 2,741,000,000 in English ones; rates
as percentages with the precision that tells them apart."""

from __future__ import annotations

import math
from typing import Any, Optional

_ZH_SCALES = ((1e8, "亿"), (1e4, "万"))


def _trim(x: float, digits: int) -> str:
    s = f"{x:,.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def number(v: Optional[float], lang: str = "zh", digits: int = 4) -> str:
    """A value for display; Chinese reports scale large values by 万 and 亿 as the articles print them."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v)
    if math.isinf(v) or math.isnan(v):
        return "∞" if v > 0 else "-∞" if v < 0 else "—"
    if lang == "zh":
        for scale, word in _ZH_SCALES:
            if abs(v) >= scale:
                return _trim(v / scale, digits).replace(",", "") + word
    if float(v).is_integer():
        return f"{int(v):,}"
    return _trim(v, digits if abs(v) >= 1 else max(digits, 6))


def percent(rate: Optional[float], digits: int = 2) -> str:
    if rate is None or (isinstance(rate, float) and (math.isinf(rate) or math.isnan(rate))):
        return "—"
    return f"{rate * 100:.{digits}f}%"


def interval(lo: Any, hi: Any, fmt: Any) -> str:
    if lo == hi:
        return fmt(lo)
    return f"{fmt(lo)} – {fmt(hi)}"


def percent_interval(lo: float, hi: float) -> str:
    """Two rates with the decimals they need (81.885% – 81.895%, not 81.88% – 81.89%), two at least."""
    if lo == hi:
        return percent(lo)
    digits = 2
    while digits < 4 and any(abs(round(x * 100, digits) - x * 100) > 1e-9 for x in (lo, hi)):
        digits += 1
    return f"{percent(lo, digits)} – {percent(hi, digits)}"
