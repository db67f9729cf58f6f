"""Clauses of a normalised sentence, and the small word tests the context rules share.

A clause runs between , ; : ! ? 。 and brackets (after ingest's normalisation full-width punctuation is ASCII).
An item is a clause part between 、 separators: 国家高新技术企业533家、科技型中小企业649家 has two items.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_CLAUSE_SEP = re.compile(r"[,;:!?。()（）\n]")
_ITEM_SEP = re.compile(r"、")

# Words that may stand before a subject at a clause's start without making it an object or a modifier.
FILLER = re.compile(
    r"^(?:其中|此外|同时|另外|目前|当前|现已|如今|截至目前|截至|截止|到|至|近年来|近年|今年以来|去年以来|以来|"
    r"[^,]{0,12}?以来|全年|年底|年末|底|末|在|据统计|据了解|经统计|由|而|并|但|也|还|又|已|共|累计)*$"
)


@dataclass(frozen=True)
class Clauses:
    starts: tuple[int, ...]  # clause start positions, ascending
    ends: tuple[int, ...]

    @classmethod
    def of(cls, s: str) -> Clauses:
        starts = [0]
        ends = []
        for m in _CLAUSE_SEP.finditer(s):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(s))
        return cls(tuple(starts), tuple(ends))

    def index(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def span(self, pos: int) -> tuple[int, int]:
        i = self.index(pos)
        return self.starts[i], self.ends[i]


def item_start(s: str, clause_start: int, pos: int) -> int:
    """Start of the 、-separated item holding `pos` within its clause."""
    k = s.rfind("、", clause_start, pos)
    return clause_start if k < 0 else k + 1


def clause_subject(text: str) -> str:
    """The subject phrase at the start of a clause with no figure of its own (技术合同成交额大幅跃升 -> 技术合同成交额):
    the words up to the first predicate, adverb or verb of our cue lists."""
    from reconcile.extract.lexicon import cue
    from reconcile.extract.words import words

    stops = cue("predicate") | cue("govern") | cue("prep") | frozenset(
        ("大幅", "显著", "持续", "稳步", "不断", "进一步", "快速", "明显", "大幅度", "稳定", "逐步", "加快", "迅速", "跃升",
         "提升", "增长", "攀升", "实现", "取得", "保持", "再创", "创", "屡创", "创下", "刷新", "位居", "居", "得到", "获得", "成效",
         "量质齐升")
    )
    out: list[str] = []
    for w in words(text[:30]):
        if w in stops:
            break
        out.append(w)
    return "".join(out)
