"""Paragraphs and sentences of a stretch of normalised text.

A paragraph is a line of the normalised text (soft line breaks are already gone, so a line is a paragraph,
a headline, a byline...). A sentence ends at 。 ! ? (full-width forms are ASCII by now) or at the end of
its paragraph; closing quotes and brackets that follow the stop stay with the sentence (他说：“……。” is one
sentence). An ellipsis (……) does not end a sentence: in news copy it mostly trails a list (令人振奋……2023年).

The semicolon does not end a sentence. In Chinese official writing ；separates the clauses of one long
sentence that share a subject and a period set at its start (2023年，…533家；…7.45亿元；…15.06亿元), and the
extract stage needs that context inside the sentence.

A ! or ? between two ASCII letters or digits (a URL, `a?b=1`) is not a stop. A half-width . ends a sentence
after a Han character or a closing quote (text typed with ASCII punctuation), never inside a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reconcile.models import Paragraph, Sentence

# A half-width full stop ends a sentence only right after a Han character or a closing quote, and never before a
# digit: text typed with ASCII punctuation (国内生产总值增长7.4%.城镇新增就业…) still splits, decimals never do.
_STOP = re.compile(r"(?:[。!?]+|(?<![A-Za-z0-9])[!?]+|(?<=[\u3400-\u9fff”’）)%])\.(?![\d.]))[”’\"'）)』」】]*")


def _orig(omap: Sequence[int], a: int, b: int) -> tuple[int, int]:
    if b <= a:
        o = omap[a]
        return o, o
    return omap[a], omap[b - 1] + 1





def _strip(norm: str, a: int, b: int) -> tuple[int, int]:
    while a < b and norm[a].isspace():
        a += 1
    while b > a and norm[b - 1].isspace():
        b -= 1
    return a, b


def sentences(norm: str, omap: Sequence[int], a: int, b: int) -> tuple[Sentence, ...]:
    """The sentences of norm[a:b], a single paragraph."""
    spans: list[tuple[int, int]] = []
    start = a
    for m in _STOP.finditer(norm, a, b):
        end = m.end()
        if m.group()[0] in "!?" and end < b and norm[end].isascii() and norm[end].isalnum():
            continue  # `?id=3`: part of a URL or code, not a stop
        s, e = _strip(norm, start, end)
        if e > s:
            spans.append((s, e))
        start = end
    s, e = _strip(norm, start, b)
    if e > s:
        spans.append((s, e))
    # Map all ends at once: positions ascend, so the offset map is walked once.
    flat = [p for s, e in spans for p in (s, e - 1)]
    mapper = getattr(omap, "map_sorted", None)
    orig = mapper(flat) if mapper is not None else [omap[p] for p in flat]
    return tuple(Sentence(orig[2 * i], orig[2 * i + 1] + 1, s, e) for i, (s, e) in enumerate(spans))


def paragraph(norm: str, omap: Sequence[int], a: int, b: int) -> Paragraph | None:
    """A paragraph over the line norm[a:b], or None when it is blank."""
    a, b = _strip(norm, a, b)
    if b <= a:
        return None
    o1, o2 = _orig(omap, a, b)
    return Paragraph(o1, o2, a, b, sentences(norm, omap, a, b))
