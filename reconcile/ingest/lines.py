"""What each line of a page is: headline-like, byline, dateline, furniture, caption-like or body.

Cues that generalise across papers, not tuned to one page: markdown headings; bylines with a mark
(● ■ □ ▲) or with 记者/通讯员 in a short line; datelines (本报讯, 本报乌海10月14日电, 新华社…电); editor
lines (本版编辑, 责任编辑, 美编, 校对); source notes ((…供稿), (图片由…提供)); and the shape of a
line: a short line without sentence punctuation between blank lines reads as a headline, a subheading or a
picture label, which the assembly step tells apart by where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["heading", "title", "byline", "dateline", "furniture", "source", "caption", "body"]

_MD = re.compile(r"(#{1,6})\s+")
_MARK = "●■□▲◆◇★☆▶►"
_BYLINE = re.compile(
    rf"^[{_MARK}]?\s*(?:本报|本刊|新华社|中新社|特约|融媒)?\S{{0,14}}?(?:记者|通讯员|实习生|撰稿|编译)\s*\S"
)
_MARKED_NAME = re.compile(rf"^[{_MARK}○]\s*\S{{1,12}}$")  # □风启: a marked author or column name
_CREDIT_END = re.compile(r"(?:摄|摄影|摄影报道|文/图|文图|图/文|报道|供图)$")
_DATELINE = re.compile(
    r"^(?:本报讯|本刊讯|(?:据)?(?:本报|新华社|中新社|人民网|新华网|央视网)(?P<place>[^\d\s()（）,，]{1,10}?)\s*"
    r"(?:\d{1,2}月\d{1,2}日)?电)"
)
_FURNITURE = re.compile(r"(?:本版|责任|版面|文字)?编辑[:：\s]|美编|校对|版式设计|组版|责编|^本版|^第\s*\d+\s*版")
_SOURCE = re.compile(r"^[(（][^()（）]{1,30}(?:供稿|供图|提供|来源)[^()（）]{0,6}[)）]$")
_SENTENCE_PUNCT = re.compile(r"[，,。;；!?！？]")
# A picture caption set as a sentence: one short clause (no comma) ending with a full stop, standing alone
# right after a headline-like line (科研人员查看饲草实验情况。).
_CAPTION = re.compile(r"[^，,;；:：。!?！？]{4,40}[。.]")
_TITLE_MAX = 42  # characters: longer lines are body text even without punctuation


@dataclass(frozen=True)
class Line:
    index: int  # position in the page's list of non-blank lines
    nstart: int  # span in the normalised text, stripped
    nend: int
    text: str  # normalised, stripped
    blank_before: bool  # a blank line (or the page start) before it
    blank_after: bool
    kind: Kind
    md_level: int = 0  # markdown heading level, 0 when none
    place: str | None = None  # from a dateline

    @property
    def credit(self) -> bool:
        """A byline that credits pictures (…摄, 文/图): it often closes a story rather than opening it."""
        return self.kind == "byline" and bool(_CREDIT_END.search(self.text))


def classify(text: str) -> tuple[Kind, int, str | None]:
    """(kind, markdown level, place) of one stripped line of normalised text."""
    m = _MD.match(text)
    if m:
        return "heading", len(m.group(1)), None
    short = len(text) <= 60 and not re.search(r"[。;；!?！？]", text)
    if short and _FURNITURE.search(text) and len(text) <= 40:
        return "furniture", 0, None
    d = _DATELINE.match(text)
    if d:
        place = d.group("place")
        return "dateline", 0, place or None
    if short and (_BYLINE.match(text) or _MARKED_NAME.match(text)) and "，" not in text and "," not in text:
        return "byline", 0, None
    if _SOURCE.match(text):
        return "source", 0, None
    if len(text) <= _TITLE_MAX and not _SENTENCE_PUNCT.search(text):
        return "title", 0, None
    return "body", 0, None


def page_lines(norm: str) -> list[Line]:
    """The non-blank lines of a normalised page, classified."""
    out: list[Line] = []
    pos = 0
    n = len(norm)
    prev_blank = True
    raw: list[tuple[int, int, str, bool]] = []
    while pos <= n:
        nl = norm.find("\n", pos)
        stop = n if nl < 0 else nl
        a, b = pos, stop
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        if b > a:
            raw.append((a, b, norm[a:b], prev_blank))
            prev_blank = False
        else:
            prev_blank = True
        if nl < 0:
            break
        pos = nl + 1
    for i, (a, b, s, blank_before) in enumerate(raw):
        blank_after = i + 1 == len(raw) or raw[i + 1][3]
        kind, level, place = classify(s)
        if (
            kind == "body"
            and blank_before
            and blank_after
            and out
            and out[-1].kind in ("title", "heading")
            and _CAPTION.fullmatch(s)
        ):
            kind = "caption"
        out.append(Line(i, a, b, s, blank_before, blank_after, kind, level, place))
    return out
