"""Headlines printed away from their text, matched to it by shared vocabulary.

Two layouts put a headline where position alone cannot tie it to its text: a list of the page's headlines at
the top, and a headline printed after its body. In both, the headline's words come back in its article (a
headline summarises its lead), so we score each headline against each paragraph by the Han-character bigrams
and digit runs they share, weighted by how rare each is on the page (a place name that every article repeats
counts for little), and

* give an untitled article the listed headline that matches its opening best (greedy, best pairs first);
* split an article where a listed or trailing headline matches a later paragraph strongly while the
  paragraphs before it do not: that is an article boundary no layout cue marks (a new story starting
  without a dateline right after the previous one ends).

Both need clear evidence (thresholds below), so a page without such headlines is left as it is.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reconcile.ingest.lines import Line
    from reconcile.ingest.segment import Seg

# Overlapping Han bigrams (a lookahead captures each without consuming it), digit runs, Latin words.
_TOKEN = re.compile(r"(?=([\u3400-\u9fff]{2}))|(?<![0-9.])([0-9]+(?:\.[0-9]+)?)|(?<![A-Za-z])([A-Za-z]{2,})")
_WINDOW = 15000  # characters either side: about one newspaper page
_GRAIN = 4000
_ASSIGN = 0.3  # a listed headline titles an article whose opening shares this much of its weight
_SPLIT_AT = 0.35  # the paragraph where the headline's story starts shares at least this much...
_SPLIT_BEFORE = 0.15  # ...while the paragraphs before it share on average at most this much


def _grams(text: str) -> set[str]:
    out = set()
    for a, b, c in _TOKEN.findall(text):
        out.add(a or b or c)
    out.discard("")
    return out


class Similarity:
    """How much of a headline's (rarity-weighted) vocabulary a paragraph contains, in [0, 1].

    Rarity is measured around the place being scored (a window of about a newspaper page), by counting each
    headline term in that stretch of text: cheap (C-level `str.count`), local (a term common in a long
    document's other chapters says nothing here), and linear overall.
    """

    def __init__(self, norm: str, window: int = _WINDOW):
        self._norm = norm
        self._window = window
        self._weights: dict[tuple[str, int], dict[str, float]] = {}

    def _weights_near(self, headline: str, at: int) -> dict[str, float]:
        key = (headline, at // _GRAIN)  # nearby places share the weights: the window barely moves
        w = self._weights.get(key)
        if w is None:
            centre = key[1] * _GRAIN
            lo, hi = max(0, centre - self._window), min(len(self._norm), centre + self._window)
            region = self._norm[lo:hi]
            n = region.count("\n") + 1
            w = {g: math.log(1 + n / (1 + region.count(g))) for g in _grams(headline)}
            self._weights[key] = w
        return w

    def score(self, headline: str, paragraph: str, at: int) -> float:
        weights = self._weights_near(headline, at)
        total = sum(weights.values())
        if not total:
            return 0.0
        p = _grams(paragraph)
        return sum(w for g, w in weights.items() if g in p) / total


def _body(seg: Seg, lines: list[Line]) -> list[int]:
    return [k for k in sorted(seg.lines) if lines[k].kind in ("body", "dateline")]


def _split_point(scores: list[float]) -> int | None:
    """The paragraph where a headline's story starts inside a stretch, or None without clear evidence."""
    best, best_k = 0.0, None
    for k in range(1, len(scores)):
        before = sum(scores[:k]) / k
        if scores[k] >= _SPLIT_AT and before <= _SPLIT_BEFORE and scores[k] - before > best:
            best, best_k = scores[k] - before, k
    return best_k


def _split(segs: list[Seg], seg: Seg, at_line: int, lines: list[Line]) -> Seg:
    """Split `seg` before line `at_line`; return the second part."""
    from reconcile.ingest.segment import Seg

    first = [k for k in seg.lines if k < at_line]
    second = [k for k in seg.lines if k >= at_line]
    tail = Seg("article", second)
    seg.lines = first
    segs.insert(segs.index(seg) + 1, tail)
    return tail


def split_before_trailing_title(segs: list[Seg], lines: list[Line], sim: Similarity) -> list[Seg]:
    """An article whose headline came after it may have swallowed the end of the story before it."""
    for seg in list(segs):
        # Only a story opened by a dateline can be another story than the headline's: without one, the
        # text runs on from the headline's own lead, and a later paragraph echoing the headline is no cue.
        if seg.role != "article" or not seg.trailing_title or not seg.title or not seg.dateline:
            continue
        body = _body(seg, lines)
        if len(body) < 2:
            continue
        headline = " ".join(lines[k].text for k in _heading_lines(seg, lines))
        k = _split_point([sim.score(headline, lines[b].text, lines[b].nstart) for b in body])
        if k is None:
            continue
        tail = _split(segs, seg, body[k], lines)
        tail.title, tail.byline, tail.trailing_title = seg.title, seg.byline, True
        seg.title, seg.trailing_title = [], False
        seg.byline = None
        # Earlier segments that took this title by spreading lose it too.
        for s in segs:
            if s is not tail and s.title == tail.title and s.trailing_title and s.lines and s.lines[0] < seg.lines[0]:
                s.title, s.trailing_title = [], False
    return segs


def _heading_lines(seg: Seg, lines: list[Line]) -> list[int]:
    """The headline with the lines around it (dek, kicker) that also summarise the story."""
    out = list(seg.title)
    for k in seg.lines:
        if lines[k].kind == "title" and k not in out and k > max(_body(seg, lines) or [-1]):
            out.append(k)
    return out


def _listed(segs: list[Seg], lines: list[Line]) -> list[list[int]]:
    """Headlines in lists at the top of the page: title lines grouped by block, bylines left out."""
    out: list[list[int]] = []
    for seg in segs:
        if seg.role != "furniture" or not seg.listed:
            continue
        for k in sorted(seg.lines):
            ln = lines[k]
            if ln.kind != "title":
                continue
            if out and not ln.blank_before and out[-1][-1] == k - 1:
                out[-1].append(k)
            elif out and lines[k].text.startswith(("——", "—")) and out[-1][-1] == k - 1:
                out[-1].append(k)
            else:
                out.append([k])
    return out


def place_listed_titles(segs: list[Seg], lines: list[Line], sim: Similarity) -> list[Seg]:
    listed = _listed(segs, lines)
    if not listed:
        return segs
    texts = [" ".join(lines[k].text for k in group) for group in listed]

    # Titles for untitled articles: best pairs first.
    pairs: list[tuple[float, int, int]] = []
    for si, seg in enumerate(segs):
        if seg.role != "article" or seg.title:
            continue
        body = _body(seg, lines)
        if not body:
            continue
        opening = " ".join(lines[k].text for k in body[:2])
        for hi, h in enumerate(texts):
            pairs.append((sim.score(h, opening, lines[body[0]].nstart), si, hi))
    used_seg: set[int] = set()
    used_head: set[int] = set()
    for score, si, hi in sorted(pairs, reverse=True):
        if score < _ASSIGN or si in used_seg or hi in used_head:
            continue
        segs[si].title = _main(listed[hi], lines)
        used_seg.add(si)
        used_head.add(hi)

    # Headlines still unplaced: a story that starts inside another article's text.
    for hi, h in enumerate(texts):
        if hi in used_head:
            continue
        best: tuple[float, Seg, int] | None = None
        for seg in segs:
            if seg.role != "article":
                continue
            body = _body(seg, lines)
            if len(body) < 2:
                continue
            scores = [sim.score(h, lines[b].text, lines[b].nstart) for b in body]
            k = _split_point(scores)
            if k is not None and (best is None or scores[k] > best[0]):
                best = (scores[k], seg, body[k])
        if best is not None:
            _, seg, at = best
            tail = _split(segs, seg, at, lines)
            tail.title = _main(listed[hi], lines)
            used_head.add(hi)
    return segs


def _main(group: list[int], lines: list[Line]) -> list[int]:
    """The headline lines of a listed group, without a subtitle starting with a dash."""
    main = [k for k in group if not lines[k].text.startswith(("——", "—"))]
    return main or group[:1]
