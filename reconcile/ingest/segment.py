"""Split a page into articles (then paragraphs and sentences).

A page holds unrelated articles, and the extract stage must not let an entity or a period named in one leak
into the next, so the split errs towards cues that generalise to other papers:

* the page alternates between *runs* of short lines (headlines, bylines, labels, editor lines) and *stretches*
  of body text; a dateline (本报讯, 本报乌海10月14日电) always opens a new article;
* in a run between two stretches, what belongs to the text before (picture credits …摄, a source note, a
  headline printed after its body) comes first, then picture labels, then the heading of the text after:
  a top-level markdown heading, a headline with its byline, or the headline just above a dateline;
* a headline without a byline in the middle of running text is a subheading of the same article;
* several headline blocks in a row at the top of a page, with no text between, are a list of the page's
  headlines (furniture); they name articles further down, which `titles` matches by shared vocabulary and
  uses to place a boundary that no layout cue marks (see `titles.py`).

The result is a partition of the page into segments in text order. An article broken by a caption continues
as another segment with the same title and `title_start`; the extract stage may treat segments sharing a
`title_start` as one story. Headlines printed elsewhere (a list at the top, or after the body across
captions) are linked through `title`/`title_start`; segments never overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reconcile.ingest.lines import Line, page_lines
from reconcile.ingest.sentences import paragraph
from reconcile.ingest.titles import Similarity, place_listed_titles, split_before_trailing_title
from reconcile.models import Article, Paragraph

_KICKER_MAX = 6  # a short label just above a headline (赛罕区, 乌达区) is part of the heading


@dataclass
class Seg:
    role: str  # "article" | "caption" | "furniture"
    lines: list[int] = field(default_factory=list)  # indices into the page's lines
    title: list[int] = field(default_factory=list)  # lines of the headline (anywhere on the page)
    byline: int | None = None
    place: str | None = None
    dateline: bool = False  # opens with a dateline
    trailing_title: bool = False  # the title was printed after the body
    listed: bool = False  # furniture that lists headlines


def segment(text: str, norm: str, omap: Sequence[int]) -> tuple[Article, ...]:
    """Articles of a page, given its original text, normalised text and offset map (see `normalize`)."""
    lines = page_lines(norm)
    if not lines:
        return ()
    sim = Similarity(norm)
    segs = _assemble(lines, sim)
    segs = split_before_trailing_title(segs, lines, sim)
    segs = place_listed_titles(segs, lines, sim)
    return tuple(_article(s, lines, text, norm, omap) for s in segs if s.lines)


# ----------------------------------------------------------------------------------------------- assembly


def _blocks(run: list[Line]) -> list[list[Line]]:
    """Split a run of short lines into blocks separated by blank lines."""
    out: list[list[Line]] = []
    for ln in run:
        if not out or ln.blank_before:
            out.append([ln])
        else:
            out[-1].append(ln)
    return out


def _is_body(ln: Line) -> bool:
    return ln.kind in ("body", "dateline")


def _assemble(lines: list[Line], sim: Similarity) -> list[Seg]:
    levels = [ln.md_level for ln in lines if ln.kind == "heading"]
    top_level = min(levels) if levels else 0

    segs: list[Seg] = []
    current: Seg | None = None  # the article the body text is flowing into
    i = 0
    n = len(lines)
    while i < n:
        if _is_body(lines[i]):
            ln = lines[i]
            if ln.kind == "dateline" and (current is None or _has_body(current, lines)):
                current = Seg("article", dateline=True, place=ln.place)
                segs.append(current)
            elif current is None:
                current = Seg("article")
                segs.append(current)
            elif ln.kind == "dateline":
                current.dateline = True
                current.place = current.place or ln.place
            current.lines.append(i)
            i += 1
            continue
        j = i
        while j < n and not _is_body(lines[j]):
            j += 1
        run = lines[i:j]
        nxt = lines[j] if j < n else None
        current = _place_run(run, nxt, current, segs, lines, top_level, sim)
        i = j
    return segs


def _has_body(seg: Seg, lines: list[Line]) -> bool:
    return any(_is_body(lines[k]) for k in seg.lines)


def _place_run(
    run: list[Line],
    nxt: Line | None,
    current: Seg | None,
    segs: list[Seg],
    lines: list[Line],
    top_level: int,
    sim: Similarity,
) -> Seg | None:
    """Distribute a run of non-body lines; return the article the following body flows into."""
    blocks = _blocks(run)

    def emit(role: str, block: list[Line], **kw) -> Seg:  # type: ignore[no-untyped-def]
        seg = Seg(role, [ln.index for ln in block], **kw)
        segs.append(seg)
        return seg

    # 1. What closes the text before: picture credits (…摄) and source notes right after it.
    k = 0
    if current is not None:
        while k < len(blocks) and _closing(blocks[k]):
            current.lines.extend(ln.index for ln in blocks[k])
            k += 1
    rest = blocks[k:]

    # 2. The heading of the text after, if this run has one; the blocks before it are the middle.
    head_at = _heading_start(rest, nxt, top_level)
    middle = rest[:head_at] if head_at is not None else rest
    heading = rest[head_at:] if head_at is not None else []

    # 3. A headline printed after its body (only for text that has no title yet).
    trailing: list[list[Line]] = []
    if current is not None and not current.title and _has_body(current, lines):
        if nxt is None:
            before, trailing, after = _trailing_at_end(middle)
            middle = before + after
        elif nxt.kind == "dateline" and heading and not middle and _plain_titles(heading):
            # The headline between two stories: it goes with the one whose text it echoes.
            words = " ".join(ln.text for b in heading for ln in b)
            body = " ".join(lines[i].text for i in current.lines[:3])
            at = heading[0][0].nstart
            if sim.score(words, body, at) > sim.score(words, nxt.text, at):
                trailing, heading = heading, []
    if trailing:
        flat = [ln for b in trailing for ln in b]
        adjacent = not middle or trailing is middle  # nothing between the body and its headline
        if adjacent and flat[0].index == max(current.lines) + 1:  # type: ignore[union-attr]
            current.lines.extend(ln.index for ln in flat)  # type: ignore[union-attr]
            target = current
        else:
            target = None
        assert current is not None
        current.title = _title_lines(flat)
        current.trailing_title = True
        current.byline = next((ln.index for ln in flat if ln.kind == "byline" and not ln.credit), current.byline)
        _spread_title(current, segs)
        if target is None:
            # Captions stand between the body and its headline: the headline is a segment of its own,
            # after the captions that precede it.
            pre = [b for b in middle if b[0].index < flat[0].index]
            post = [b for b in middle if b[0].index > flat[0].index]
            _emit_middle(pre, current, segs, emit, top_level=False)
            head = Seg("article", [ln.index for ln in flat], title=list(current.title), byline=current.byline)
            head.trailing_title = True
            segs.append(head)
            middle = post

    # 4. The middle: furniture, picture labels, or at the top of a page a list of headlines.
    _emit_middle(middle, current, segs, emit, top_level=current is None)

    if not heading:
        if current is not None and segs[-1] is not current and nxt is not None and not trailing:
            return _continuation(current, segs)  # the text resumes after captions
        return None if trailing else current

    # 5. The heading opens a new article, or is a subheading of the current one.
    flat = [ln for b in heading for ln in b]
    if not _opens_article(flat, nxt, current, top_level) and current is not None:
        for b in heading:
            if all(ln.kind == "caption" for ln in b):
                emit("caption", b)
                continue
            if segs[-1] is not current:
                current = _continuation(current, segs)
            current.lines.extend(ln.index for ln in b)
        if segs[-1] is not current:
            current = _continuation(current, segs)
        return current
    art = Seg("article")
    art.title = _title_lines(flat)
    art.byline = next((ln.index for ln in flat if ln.kind == "byline" and not ln.credit), None)
    if art.byline is None:
        art.byline = next((ln.index for ln in flat if ln.kind == "byline"), None)
    if nxt is not None and nxt.kind == "dateline":
        art.dateline = True
        art.place = nxt.place
    segs.append(art)
    current = art
    for b in heading:
        if all(ln.kind == "caption" for ln in b):
            emit("caption", b)  # a picture caption between the heading and the text
            continue
        if segs[-1] is not current:
            current = _continuation(current, segs)
        current.lines.extend(ln.index for ln in b)
    if segs[-1] is not current:
        current = _continuation(current, segs)
    return current


def _closing(block: list[Line]) -> bool:
    """Picture credits (a byline block ending with …摄) and source notes close the text before them."""
    if all(ln.kind == "source" for ln in block):
        return not any("图" in ln.text for ln in block)  # (图片由…提供) credits pictures standing apart
    return all(ln.kind == "byline" for ln in block) and block[-1].credit


def _plain_titles(blocks: list[list[Line]]) -> bool:
    return all(ln.kind == "title" for b in blocks for ln in b)


def _trailing_at_end(middle: list[list[Line]]) -> tuple[list[list[Line]], list[list[Line]], list[list[Line]]]:
    """At the end of a page: (before, headline group, after). The headline is the title block above a
    byline; without a byline, a title block directly after the body."""
    for bi, b in enumerate(middle):
        if any(ln.kind == "byline" for ln in b) and (_titleish(b) or bi > 0):
            start = bi
            if not _titleish(b):
                if not _titleish(middle[bi - 1]):
                    continue
                start = bi - 1
            if start > 0 and _titleish(middle[start - 1]) and _kicker_or_dek(middle[start - 1]):
                start -= 1
            return middle[:start], middle[start : bi + 1], middle[bi + 1 :]
    if middle and _plain_titles(middle[:1]):
        return [], middle[:1], middle[1:]
    return middle, [], []


def _kicker_or_dek(block: list[Line]) -> bool:
    """A short label above a headline (赛罕区) or a quotation-like dek (既要“好看”更要“好住”)."""
    return len(block) == 1 and block[0].kind == "title" and (len(block[0].text) <= 12)


def _emit_middle(middle, current, segs, emit, top_level: bool) -> None:  # type: ignore[no-untyped-def]
    listed = top_level and sum(1 for b in middle if _titleish(b)) >= 2
    for b in middle:
        if all(ln.kind == "furniture" for ln in b):
            emit("furniture", b)
        elif listed:
            if segs and segs[-1].role == "furniture" and segs[-1].listed:
                segs[-1].lines.extend(ln.index for ln in b)
            else:
                emit("furniture", b, listed=True)
        elif current is not None and all(ln.kind == "heading" for ln in b) and segs[-1] is current:
            current.lines.extend(ln.index for ln in b)  # a lower-level markdown subheading
        else:
            emit("caption", b)


def _continuation(current: Seg, segs: list[Seg]) -> Seg:
    cont = Seg("article", title=list(current.title), byline=current.byline, place=current.place)
    cont.trailing_title = current.trailing_title
    segs.append(cont)
    return cont


def _titleish(block: list[Line]) -> bool:
    return any(ln.kind in ("title", "heading") for ln in block)


def _heading_start(blocks: list[list[Line]], nxt: Line | None, top_level: int) -> int | None:
    """Index of the first block that heads the text after the run, or None."""
    if nxt is None or not blocks:
        return None
    # A top-level markdown heading: the heading starts there.
    for bi in range(len(blocks) - 1, -1, -1):
        if any(ln.kind == "heading" and ln.md_level == top_level for ln in blocks[bi]):
            return bi
    # A byline that is not a picture credit: its headline is the title block(s) just above it.
    for bi, b in enumerate(blocks):
        if any(ln.kind == "byline" for ln in b) and (not all(ln.credit for ln in b if ln.kind == "byline") or bi > 0):
            # Its headline: up to two title blocks just above (kicker + headline, or headline + subtitle).
            start = bi
            while start > 0 and bi - start < 2 and _plain_titles(blocks[start - 1 : start]):
                start -= 1
            # Plain headline blocks right after the byline would make this a list, not a heading.
            after = 0
            while bi + 1 + after < len(blocks) and _plain_titles(blocks[bi + 1 + after : bi + 2 + after]):
                after += 1
            if after >= 2:
                return None
            return start
    # Otherwise the last title block above the text (picture captions may stand between), with a kicker
    # above it when it heads a dateline.
    start = len(blocks) - 1
    while start >= 0 and all(ln.kind == "caption" for ln in blocks[start]):
        start -= 1
    if start < 0 or not _titleish(blocks[start]) or any(ln.kind == "furniture" for ln in blocks[start]):
        return None
    if nxt.kind == "dateline" and start > 0 and _titleish(blocks[start - 1]) and _kicker(blocks[start - 1]):
        start -= 1
    return start


def _kicker(block: list[Line]) -> bool:
    return len(block) == 1 and block[0].kind == "title" and len(block[0].text) <= _KICKER_MAX


def _opens_article(flat: list[Line], nxt: Line | None, current: Seg | None, top_level: int) -> bool:
    if current is None:
        return True
    if any(ln.kind == "heading" and ln.md_level == top_level for ln in flat):
        return True
    if any(ln.kind == "byline" for ln in flat):
        return True
    if any(ln.kind == "heading" for ln in flat):
        return False  # markdown subheadings only
    if nxt is not None and nxt.kind == "dateline":
        return True
    return False  # a headline in the middle of running text: a subheading


def _title_lines(flat: list[Line]) -> list[int]:
    """The headline lines of a heading: titles and markdown headings, without a lone kicker or subtitle."""
    by = next((i for i, ln in enumerate(flat) if ln.kind == "byline"), None)
    if by is not None and any(ln.kind in ("title", "heading") for ln in flat[:by]):
        flat = flat[:by]  # what follows a byline is a subheading, not the headline
    titles = [ln for ln in flat if ln.kind in ("title", "heading")]
    if len(titles) >= 2 and len(titles[0].text) <= _KICKER_MAX and titles[0].blank_after:
        titles = titles[1:]  # kicker
    main = [ln for ln in titles if not ln.text.startswith(("——", "—"))]
    if not main:
        return [ln.index for ln in titles[:1]]
    # Group into blocks: a headline set on two lines of one block is one title.
    groups: list[list[Line]] = []
    for ln in main:
        if groups and ln.index == groups[-1][-1].index + 1 and not ln.blank_before:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    # The headline is the top-level markdown heading, else the longest block (a dek or a subtitle such as
    # 强实力 提品质 增后劲 is shorter than the headline it goes with).
    levels = [min((ln.md_level for ln in g if ln.kind == "heading"), default=99) for g in groups]
    best = min(range(len(groups)), key=lambda i: (levels[i], -sum(len(ln.text) for ln in groups[i])))
    return [ln.index for ln in groups[best]]


def _spread_title(article: Seg, segs: list[Seg]) -> None:
    """Give a title found after the body to the earlier segments of the same article."""
    for s in reversed(segs):
        if s is article:
            continue
        if s.role != "article":
            continue
        if s.title:
            break
        s.title = list(article.title)
        s.trailing_title = True
        if s.dateline:
            break  # a dateline opens a story: nothing before it can be this one


# ----------------------------------------------------------------------------------------------- output


def _article(seg: Seg, lines: list[Line], text: str, norm: str, omap: Sequence[int]) -> Article:
    idx = sorted(seg.lines)
    paras: list[Paragraph] = []
    for k in idx:
        p = paragraph(norm, omap, lines[k].nstart, lines[k].nend)
        if p is not None:
            paras.append(p)
    first, last = lines[idx[0]], lines[idx[-1]]
    start = omap[first.nstart]
    end = omap[last.nend - 1] + 1
    title = title_start = None
    if seg.title and seg.role == "article":
        parts = []
        for k in seg.title:
            a, b = omap[lines[k].nstart], omap[lines[k].nend - 1] + 1
            parts.append(text[a:b].lstrip("#").strip())
        title = " ".join(p for p in parts if p) or None
        title_start = omap[lines[seg.title[0]].nstart]
    byline = None
    if seg.byline is not None:
        ln = lines[seg.byline]
        byline = text[omap[ln.nstart] : omap[ln.nend - 1] + 1]
    role = seg.role if seg.role in ("article", "caption", "furniture") else "article"
    return Article(start, end, role, title, title_start, byline, seg.place, tuple(paras))  # type: ignore[arg-type]
