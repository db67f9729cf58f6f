"""Split a page into articles, paragraphs and sentences (first version: headings and datelines)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reconcile.ingest.sentences import paragraph
from reconcile.models import Article, Paragraph

_HEADING = re.compile(r"#{1,6}\s")
_DATELINE = re.compile(r"本报讯|本报(\S{1,10}?)\d{1,2}月\d{1,2}日电")
_PUNCT = re.compile(r"[，,。；;!?：:]")


def segment(text: str, norm: str, omap: Sequence[int]) -> tuple[Article, ...]:
    paras: list[Paragraph] = []
    pos = 0
    for line in norm.split("\n"):
        p = paragraph(norm, omap, pos, pos + len(line))
        if p is not None:
            paras.append(p)
        pos += len(line) + 1
    groups: list[list[Paragraph]] = []
    for p in paras:
        s = norm[p.nstart : p.nend]
        new = _HEADING.match(s) is not None or (
            bool(_DATELINE.match(s)) and bool(groups) and not _is_title(norm, groups[-1][-1])
        )
        if new or not groups:
            groups.append([p])
        else:
            groups[-1].append(p)
    out = []
    for g in groups:
        first = norm[g[0].nstart : g[0].nend]
        title = first.lstrip("# ") if _is_title(norm, g[0]) else None
        out.append(
            Article(g[0].start, g[-1].end, "article", title, g[0].start if title else None, None, None, tuple(g))
        )
    return tuple(out)


def _is_title(norm: str, p: Paragraph) -> bool:
    s = norm[p.nstart : p.nend]
    return bool(_HEADING.match(s)) or (len(s) <= 40 and not _PUNCT.search(s))
