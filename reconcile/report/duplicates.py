"""Copies side by side: for a duplicate finding, each copy against the original with the differing characters
marked.

The duplicate kind lists the differences it found (original offsets in both documents) in `Finding.computed`;
when a finding carries none (another kind, an older ledger), the evidence texts are compared character by
character with difflib. A long copy (a whole reprinted article) is shown as windows around its differences.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Iterable, Optional, Sequence

from ..models import Finding
from .context import Contexts

WINDOW = 40  # characters of unchanged text shown either side of a difference in a long copy
WHOLE = 600  # copies up to this long are shown whole

Segment = tuple[str, str]  # (text, "" unchanged | "d" differs | "gap" text left out)


@dataclass(frozen=True)
class Side:
    doc: str
    start: int
    end: int
    line: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Pair:
    left: Side  # the original (canonical) copy
    right: Side
    differences: int


def _span(d: Any) -> Optional[tuple[str, int, int]]:
    if isinstance(d, dict) and {"doc", "start", "end"} <= d.keys():
        return str(d["doc"]), int(d["start"]), int(d["end"])
    return None


def _diff_ranges(items: Iterable[Any]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    out = []
    for d in items:
        if not isinstance(d, dict):
            continue
        a, b = d.get("canonical"), d.get("copy")
        if isinstance(a, dict) and isinstance(b, dict) and "start" in a and "start" in b:
            out.append(((int(a["start"]), int(a.get("end", a["start"]))), (int(b["start"]), int(b.get("end", b["start"])))))
    return out


def _windows(start: int, end: int, marks: Sequence[tuple[int, int]], whole: int) -> list[tuple[int, int]]:
    """The stretches of [start, end) to show: all of it when short, else WINDOW characters around each mark."""
    if end - start <= whole:
        return [(start, end)]
    if not marks:
        return [(start, start + whole)]
    shown: list[tuple[int, int]] = []
    for a, b in marks:
        lo, hi = max(start, a - WINDOW), min(end, b + WINDOW)
        if shown and lo <= shown[-1][1]:
            shown[-1] = (shown[-1][0], max(shown[-1][1], hi))
        else:
            shown.append((lo, hi))
    return shown


def _segments(text: str, base: int, start: int, end: int, marks: Sequence[tuple[int, int]], whole: int) -> tuple[Segment, ...]:
    """Text of [start, end) split at the marked ranges (offsets into the document, `text` starting at `base`).

    An empty mark (the other copy has text this one lacks) becomes a "∅" segment of kind "x"."""
    marks = sorted((max(start, a), min(end, b)) for a, b in marks if b >= start and a <= end)
    shown = _windows(start, end, marks, whole)
    segs: list[Segment] = []
    if shown[0][0] > start:
        segs.append(("…", "gap"))
    for wi, (lo, hi) in enumerate(shown):
        if wi:
            segs.append(("…", "gap"))
        pos = lo
        for a, b in marks:
            if b < lo or a > hi or a < pos:
                continue
            if a > pos:
                segs.append((text[pos - base:a - base], ""))
            segs.append((text[a - base:b - base], "d") if b > a else ("∅", "x"))
            pos = b
        if hi > pos:
            segs.append((text[pos - base:hi - base], ""))
    if shown[-1][1] < end:
        segs.append(("…", "gap"))
    return tuple(s for s in segs if s[0])


def _side(ctx: Contexts, doc: str, start: int, end: int, marks: Sequence[tuple[int, int]], fallback_text: str = "", whole: int = WHOLE) -> Side:
    page = ctx.page(doc)
    if page is None:
        text, base, line = fallback_text, start, 0
        end = start + len(text)
    else:
        text, base, line = page.text, 0, page.line_of(start)
    return Side(doc, start, end, line, _segments(text, base, start, end, marks, whole))


def _char_diff(a: str, b: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return [((i1, i2), (j1, j2)) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def duplicate_pairs(finding: Finding, ctx: Contexts, whole: int = WHOLE) -> list[Pair]:
    """Each copy against the original, for a duplicate finding (an empty list for other kinds)."""
    if finding.kind != "duplicate" or len(finding.evidence) < 1:
        return []
    comp = finding.computed or {}
    pairs: list[Pair] = []
    copies = comp.get("copies")
    canon = _span(comp.get("canonical"))
    if isinstance(copies, list) and copies and all(_span(c) for c in copies):  # a reprinted article
        entries = [c for c in copies if isinstance(c, dict)]
        original = next((c for c in entries if "similarity" not in c), entries[0])
        for c in entries:
            if c is original:
                continue
            ranges = _diff_ranges(c.get("differences", ()))
            left = _side(ctx, original["doc"], original["start"], original["end"], [r[0] for r in ranges], whole=whole)
            right = _side(ctx, c["doc"], c["start"], c["end"], [r[1] for r in ranges], whole=whole)
            pairs.append(Pair(left, right, len(ranges)))
        return pairs
    if canon is not None:  # copies of a passage
        per_copy = {(d.get("doc"), d.get("start")): d.get("differences", ()) for d in comp.get("differences", ()) if isinstance(d, dict)}
        ev_canon = next((e for e in finding.evidence if (e.doc, e.start) == (canon[0], canon[1])), None)
        for e in finding.evidence:
            if ev_canon is not None and e is ev_canon:
                continue
            if ev_canon is None and (e.doc, e.start, e.end) == canon:
                continue
            ranges = _diff_ranges(per_copy.get((e.doc, e.start), ()))
            left = _side(ctx, canon[0], canon[1], canon[2], [r[0] for r in ranges], ev_canon.text if ev_canon else "", whole)
            right = _side(ctx, e.doc, e.start, e.end, [r[1] for r in ranges], e.text, whole)
            pairs.append(Pair(left, right, len(ranges)))
        return pairs
    first = finding.evidence[0]  # no structured differences: compare the quoted texts
    for e in finding.evidence[1:]:
        ranges = _char_diff(first.text, e.text)
        left = _side(ctx, first.doc, first.start, first.end, [(first.start + a, first.start + b) for (a, b), _ in ranges], first.text, whole)
        right = _side(ctx, e.doc, e.start, e.end, [(e.start + a, e.start + b) for _, (a, b) in ranges], e.text, whole)
        pairs.append(Pair(left, right, len(ranges)))
    return pairs
