"""Evidence in context: the sentence around a quoted span (or a few characters either side), for readers.

Every report quotes evidence the same way, so that what the terminal shows and what the HTML shows agree: the
sentence that holds the span when it is short enough to read at a glance, otherwise `width` characters either
side of the span, never crossing the document's ends.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from ..models import Evidence, Page
from ..pagestore import by_doc

CONTEXT_WIDTH = 30  # characters either side of the span when the sentence is too long
MAX_SENTENCE = 160  # a longer sentence is cut to the span and CONTEXT_WIDTH either side

_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Snippet:
    """A span of evidence with its context: `before + text + after` is contiguous text of the document."""

    doc: str
    line: int
    start: int
    end: int
    before: str
    text: str
    after: str
    cut_before: bool  # the context does not start at a sentence start: show an ellipsis
    cut_after: bool
    role: Optional[str] = None


@dataclass(frozen=True)
class Quote:
    """Evidence spans that share one context (a total and its parts in one sentence), quoted once.

    `segments` is the context split at the spans: (text, index into `evidence` of the span, or -1)."""

    doc: str
    line: int
    evidence: tuple[Evidence, ...]
    segments: tuple[tuple[str, int], ...]
    cut_before: bool
    cut_after: bool


def flat(text: str) -> str:
    """Line breaks inside a quotation shown as one space (newspaper text breaks lines mid-sentence)."""
    return _BREAKS.sub(" ", text)


class Contexts:
    """Finds the context of evidence spans in a run's pages (the sentence index is built once per page)."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self._pages: Mapping[str, Page] = by_doc(pages)  # a spilled store's pages are read when quoted
        self._sentences: dict[str, tuple[list[int], list[int]]] = {}

    def page(self, doc: str) -> Optional[Page]:
        return self._pages.get(doc)

    def _index(self, page: Page) -> tuple[list[int], list[int]]:
        idx = self._sentences.get(page.doc)
        if idx is None:
            spans = sorted(
                (s.start, s.end) for a in page.articles for p in a.paragraphs for s in p.sentences if s.end > s.start
            )
            idx = ([s for s, _ in spans], [e for _, e in spans])
            self._sentences[page.doc] = idx
        return idx

    def sentence(self, page: Page, start: int, end: int) -> Optional[tuple[int, int]]:
        """The sentence that holds [start, end), or None (no segmentation, or the span crosses sentences)."""
        starts, ends = self._index(page)
        i = bisect_right(starts, start) - 1
        if i < 0 or ends[i] < end:
            return None
        return starts[i], ends[i]

    def window(self, ev: Evidence, width: int = CONTEXT_WIDTH, max_sentence: int = MAX_SENTENCE) -> Optional[tuple[int, int, bool, bool]]:
        """[a, b) of the context to quote around `ev`, and whether it was cut at either end; None: no text."""
        page = self._pages.get(ev.doc)
        if page is None or not (0 <= ev.start <= ev.end <= len(page.text)):
            return None
        sent = self.sentence(page, ev.start, ev.end)
        if sent is not None and sent[1] - sent[0] <= max_sentence:
            return sent[0], sent[1], False, False
        a, b = max(0, ev.start - width), min(len(page.text), ev.end + width)
        return a, b, a > 0, b < len(page.text)

    def quotes(self, evidence: Sequence[Evidence], width: int = CONTEXT_WIDTH) -> list[Quote]:
        """The evidence quoted in context, consecutive spans whose contexts overlap in one quote."""
        out: list[Quote] = []
        groups: list[tuple[str, list[int], int, int, bool, bool]] = []
        for i, ev in enumerate(evidence):
            w = self.window(ev, width)
            if w is None:
                groups.append((ev.doc, [i], -1, -1, False, False))
                continue
            a, b, ca, cb = w
            if groups and groups[-1][0] == ev.doc and groups[-1][2] >= 0 and a < groups[-1][3] and b > groups[-1][2]:
                doc, idx, ga, gb, gca, gcb = groups[-1]
                na, nb = min(a, ga), max(b, gb)
                groups[-1] = (doc, idx + [i], na, nb, ca if na == a else gca, cb if nb == b else gcb)
            else:
                groups.append((ev.doc, [i], a, b, ca, cb))
        for doc, idx, a, b, ca, cb in groups:
            evs = tuple(evidence[i] for i in idx)
            if a < 0:
                out.append(Quote(doc, evs[0].line, evs, tuple((e.text, k) for k, e in enumerate(evs)), False, False))
                continue
            text = self._pages[doc].text
            segs: list[tuple[str, int]] = []
            pos = a
            # Spans in text order; a span inside an earlier one (a figure inside a quoted passage) is not cut out.
            for k, e in sorted(enumerate(evs), key=lambda ke: (ke[1].start, -ke[1].end)):
                if e.start < pos:
                    continue
                if e.start > pos:
                    segs.append((text[pos:e.start], -1))
                segs.append((text[e.start:e.end], k))
                pos = e.end
            if b > pos:
                segs.append((text[pos:b], -1))
            out.append(Quote(doc, evs[0].line, evs, tuple(segs), ca, cb))
        return out

    def snippet(self, ev: Evidence, width: int = CONTEXT_WIDTH, max_sentence: int = MAX_SENTENCE) -> Snippet:
        page = self._pages.get(ev.doc)
        if page is None or not (0 <= ev.start <= ev.end <= len(page.text)):
            return Snippet(ev.doc, ev.line, ev.start, ev.end, "", ev.text, "", False, False, ev.role)
        text = page.text
        sent = self.sentence(page, ev.start, ev.end)
        if sent is not None and sent[1] - sent[0] <= max_sentence:
            a, b = sent
            cut_a = cut_b = False
        else:
            a, b = max(0, ev.start - width), min(len(text), ev.end + width)
            cut_a, cut_b = a > 0, b < len(text)
        return Snippet(
            ev.doc, ev.line, ev.start, ev.end, text[a:ev.start], text[ev.start:ev.end], text[ev.end:b], cut_a, cut_b, ev.role
        )


def utf16_offsets(text: str, offsets: Sequence[int]) -> list[int]:
    """Code-point offsets as UTF-16 offsets (what a browser's strings count), for characters beyond the BMP."""
    if not _ASTRAL.search(text):
        return list(offsets)
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    return [o + bisect_right(astral, o - 1) for o in offsets]
