"""The numbers a rule derived (`Finding.computed`) as labelled lines a reader can check by hand.

Kinds put plain JSON in `computed`; this module knows only how to show values: rates as percentages,
two-number lists as intervals, everything else as numbers in the report's language. Nested structures
(the differences of a duplicate) are shown by their own views and skipped here.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from ..locale import Messages
from .numbers import interval, number, percent, percent_interval

# Keys whose numbers are rates (fractions shown as percentages), whichever kind wrote them.
RATE_KEYS = frozenset({"stated_rate", "computed_rate", "rate", "annual_rate", "stated_interval", "implied_interval", "similarity"})


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def format_value(key: str, v: Any, lang: str) -> Optional[str]:
    fmt = percent if key in RATE_KEYS else (lambda x: number(x, lang))
    if v is None:
        return None
    if isinstance(v, bool):
        return "✓" if v else "✗"
    if _is_num(v):
        return fmt(v)
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        if len(v) == 2 and all(_is_num(x) for x in v):
            return percent_interval(v[0], v[1]) if key in RATE_KEYS else interval(v[0], v[1], fmt)
        if v and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v):
            return ", ".join(fmt(x) if _is_num(x) else str(x) for x in v)
    return None  # a structure: shown by its own view


def computed_lines(computed: Optional[Mapping[str, Any]], msg: Messages) -> list[tuple[str, str]]:
    """(label, value) for every plain entry of `computed`, in the order the kind wrote them."""
    out: list[tuple[str, str]] = []
    for key, v in (computed or {}).items():
        text = format_value(key, v, msg.lang)
        if text is None:
            continue
        label = msg(f"computed.{key}") if msg.has(f"computed.{key}") else key.replace("_", " ")
        out.append((label, text))
    return out
