"""Tiers of a cultivation ladder that was renamed between texts.

Local governments print their enterprise ladders as chains: 科技型中小企业—高新技术企业—科技领军企业, and a year
later 科技型中小企业—高新技术企业—科技标杆企业. When two texts about the same entity print ladders of the same
length (three or more tiers) that agree at every position but one, and the two names at that position name the same
kind of thing (same final character: 企业/企业), the two names are taken as one tier renamed. This is a general rule
read from the texts themselves, so no alias has to be written for each city's renaming.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

from ..models import Figure, Page

# A tier: CJK characters other than 的 (which ends a name: 科技领军企业的梯次培育体系), 2-16 of them.
_NAME = r"[\u4e00-\u7683\u7685-\u9fff]{2,16}"
_SEP = r"(?:——|—|―|－|→|⟶|->|-)"
LADDER = re.compile(rf"{_NAME}(?:{_SEP}{_NAME}){{2,}}")
_SPLIT = re.compile(_SEP)
# The first tier runs on from the words before the ladder (宁波市建立科技型中小企业): cut after the verb that
# introduces a ladder, the way these sentences are written (建立/构建/形成/打造/完善/健全 …体系).
_LEAD = re.compile(r"^.*(?:建立|构建|形成|打造|完善|健全|实施|推进|搭建|建成)了?")


@dataclass(frozen=True)
class Ladder:
    doc: str
    start: int
    tiers: tuple[str, ...]
    entity: Optional[str]


def may_have_ladder(text: str) -> bool:
    """Whether `text` prints a ladder at all: most pages do not, and their segmentation need not be read."""
    return LADDER.search(text) is not None


def find_ladders(page: Page, figures: Sequence[Figure], entity_of: Callable[[Figure], Optional[str]]) -> list[Ladder]:
    """Ladders printed in `page`, each with the entity most of its article's figures belong to."""
    found = []
    for m in LADDER.finditer(page.text):
        tiers = tuple(t for t in _SPLIT.split(m.group(0)) if t)
        tiers = (_LEAD.sub("", tiers[0]) or tiers[0],) + tiers[1:]
        if len(tiers) < 3:
            continue
        found.append(Ladder(page.doc, m.start(), tiers, _entity_near(page, m.start(), figures, entity_of)))
    return found


def _entity_near(page: Page, offset: int, figures: Sequence[Figure], entity_of: Callable[[Figure], Optional[str]]) -> Optional[str]:
    """The entity of the figures nearest the ladder: its own paragraph first (培育了32家科技领军企业 right after the
    ladder), else its article's majority; a company quoted further down must not take the city's ladder."""
    spans: list[tuple[int, int]] = []
    for a in page.articles:
        if a.start <= offset < a.end:
            spans += [(p.start, p.end) for p in a.paragraphs if p.start <= offset < p.end]
            spans.append((a.start, a.end))
            break
    votes: Counter = Counter()
    for lo, hi in spans or [(0, len(page.text))]:
        votes = Counter(e for f in figures if f.doc == page.doc and lo <= f.start < hi for e in [entity_of(f)] if e)
        if votes:
            break
    if not votes:
        return None
    return min(votes, key=lambda e: (-votes[e], e))


def renamed_tiers(ladders: Iterable[Ladder], canon: Callable[[str], str], phrases: set[str]) -> list[tuple[Optional[str], str, str]]:
    """(entity, name, other name) for every tier renamed between two ladders of the same entity.

    `canon` maps a printed tier name to the phrase alignment compares (vocabulary aliases applied); `phrases` are
    the phrases figures actually print, used to trim a tier that runs into the surrounding words (建立科技型中小企业).
    """
    by_entity: dict[tuple[Optional[str], int], set[tuple[str, ...]]] = {}
    for lad in ladders:
        tiers = tuple(_resolve(t, i, len(lad.tiers), canon, phrases) for i, t in enumerate(lad.tiers))
        by_entity.setdefault((lad.entity, len(tiers)), set()).add(tiers)
    out: set[tuple[Optional[str], str, str]] = set()
    for (entity, _), chains in by_entity.items():
        ordered = sorted(chains)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                diff = [k for k in range(len(a)) if not _same(a[k], b[k], k, len(a))]
                if len(diff) != 1:
                    continue
                x, y = a[diff[0]], b[diff[0]]
                if x[-1] == y[-1]:  # the same kind of thing: 企业 and 企业, not 企业 and 平台
                    out.add((entity, min(x, y), max(x, y)))
    return sorted(out, key=lambda t: (t[0] or "", t[1], t[2]))


def _resolve(tier: str, pos: int, n: int, canon: Callable[[str], str], phrases: set[str]) -> str:
    name = canon(tier)
    if name in phrases:
        return name
    # The first tier may carry a verb in front (建立…), the last one words after it: trim to a printed phrase.
    cands = []
    for k in range(len(tier)):
        for j in range(k + 2, len(tier) + 1):
            if (pos == 0 and j != len(tier)) or (pos == n - 1 and k != 0) or (0 < pos < n - 1):
                continue
            c = canon(tier[k:j])
            if c in phrases:
                cands.append(c)
    return max(cands, key=lambda c: (len(c), c)) if cands else name


def _same(x: str, y: str, pos: int, n: int) -> bool:
    """Tiers at one position name the same tier. The first tier may carry a verb of up to two characters in front
    (建立科技型中小企业 / 构建科技型中小企业), the last one the words after it (…企业梯次培育体系)."""
    if x == y:
        return True
    if pos == 0:
        k = 0
        while k < min(len(x), len(y)) and x[-1 - k] == y[-1 - k]:
            k += 1
        return k >= 2 and len(x) - k <= 2 and len(y) - k <= 2
    if pos == n - 1:
        return x.startswith(y) or y.startswith(x)
    return False
