"""Which line breaks are soft: printed wrapping inside a sentence rather than the end of a line of content.

Newspaper text extracted from a page layout arrives wrapped at the column width (about 17 characters per line
on the Hohhot pages), with breaks anywhere, even between a number and its unit (`272` / `个老旧小区`), and a
column break can leave a blank line in the middle of a sentence. Other texts put one paragraph on a line. A
break is soft when the line before it cannot end there and either

* the line ends with a character that cannot end a line of content (，、“（《 …), or
* the document is wrapped (most of its lines have nearly the same display width) and the line is full, or
* the line holds sentence punctuation (it is body text, not a headline) or opens a quotation it does not
  close, and stops unfinished, or
* the line ends with a number and the next line starts with its unit.

Across a blank line (a column or page break), a break is soft when the line before is unfinished (and full,
in a wrapped document), the blocks on both sides read as body text (several full lines, or sentence
punctuation), and the next line does not open something new (a marker such as ● ■ #, a dateline such as
本报讯). Headlines are short or over-long lines without sentence punctuation in blocks of their own, so
they are not joined to what follows.

Works on the folded text (full-width forms already ASCII); returns edits for `normalize`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_SPLIT = re.compile(r"(\r\n|\r|\n)")
_HSPACE = " \t\u00a0\u3000"

# A line whose last character (after closing quotes) is one of these is finished.
_TERMINAL = set("。!?！？…;；:：")
_CLOSERS = set("”’\"')）』」】]")
# A line ending with one of these continues on the next.
_CONTINUES = set("，,、“‘（(《【—-·/")
# A next line starting with one of these opens something new (byline, heading, list, table row).
_OPENS = set("●■□▲△◆◇★☆○◎#>*|")
_SENTENCE_PUNCT = re.compile(r"[，,。；;！？!?]")
_LATIN = re.compile(r"[A-Za-z0-9]")
_UNIT_START = re.compile(r"[%‰℃\u3400-\u9fff]")
# A dateline or wire credit starts a new story even after an unfinished line.
_NEW_STORY = re.compile(r"本报讯|本报\S{1,12}电|新华社|中新社|据新华社")
_MD_LIST = re.compile(r"(?:[-*+]|\d+[.)])\s")

# Wrapped-document detection: a window of display widths holding most lines.
_WINDOW = 6
_INDENT = 4  # display columns of a paragraph's first-line indent
_MIN_WRAPPED_LINES = 8
_MIN_WRAPPED_SHARE = 0.3


@dataclass(frozen=True)
class _Line:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    width: int  # display width: Han and full-width forms count 2, ASCII 1


def display_width(s: str) -> int:
    return 2 * len(s) - len(s.encode("ascii", "ignore"))


def _lines(text: str) -> list[_Line | None]:
    """Each line's content span, None for a blank line."""
    out: list[_Line | None] = []
    pos = 0
    append = out.append
    # Split on LF, CRLF and CR in C, then walk the pieces keeping the running offset.
    for piece in _SPLIT.split(text):
        if piece == "\r\n" or piece == "\n" or piece == "\r":
            pos += len(piece)
            continue
        stripped = piece.strip(_HSPACE)
        if stripped:
            s = pos + (len(piece) - len(piece.lstrip(_HSPACE)))
            append(_Line(s, s + len(stripped), 2 * len(stripped) - len(stripped.encode("ascii", "ignore"))))
        else:
            append(None)
        pos += len(piece)
    return out


def wrap_band(lines: list[_Line | None]) -> tuple[int, int] | None:
    """The (low, high) display width of a wrapped document's full lines, or None if it is not wrapped."""
    widths = Counter(ln.width for ln in lines if ln is not None and ln.width >= 16)
    total = sum(1 for ln in lines if ln is not None)
    if not widths or total < _MIN_WRAPPED_LINES:
        return None
    best_lo, best = 0, 0
    for lo in widths:
        c = sum(widths.get(w, 0) for w in range(lo, lo + _WINDOW))
        if c > best:
            best_lo, best = lo, c
    if best < _MIN_WRAPPED_LINES or best < _MIN_WRAPPED_SHARE * total:
        return None
    # A first line indented by two characters or holding a few half-width digits is still full; a line
    # longer than the column (a headline set across columns) is not part of the wrapping.
    return best_lo - 2, best_lo + _WINDOW + 2


def _open_quote(text: str, ln: _Line) -> bool:
    """The line opens a quotation or bracket it does not close: the sentence goes on."""
    seg = text[ln.start : ln.end]
    return seg.count("“") > seg.count("”") or seg.count("(") > seg.count(")") or seg.count("《") > seg.count("》")


def _finished(text: str, ln: _Line) -> bool:
    i = ln.end - 1
    while i > ln.start and text[i] in _CLOSERS:
        i -= 1
    return text[i] in _TERMINAL


def _opens(text: str, ln: _Line) -> bool:
    first = text[ln.start]
    return first in _OPENS or bool(_MD_LIST.match(text, ln.start, min(ln.end + 1, ln.start + 5)))


def soft_breaks(text: str) -> list[tuple[int, int, str]]:
    """Edits (start, end, replacement) that remove soft line breaks from `text`."""
    lines = _lines(text)
    band = wrap_band(lines)

    first_of_block = {i for i, ln in enumerate(lines) if ln is not None and (i == 0 or lines[i - 1] is None)}
    firsts = {id(lines[i]) for i in first_of_block}

    def full(ln: _Line) -> bool:
        if band is None:
            return False
        # The first line of a paragraph is indented by two full-width characters.
        low = band[0] - _INDENT if id(ln) in firsts else band[0]
        return low <= ln.width <= band[1]

    edits: list[tuple[int, int, str]] = []
    block_start = 0  # index of the first line of the current block
    prev_i: int | None = None
    for i, ln in enumerate(lines):
        if ln is None:
            continue
        if prev_i is not None:
            p = lines[prev_i]
            assert p is not None
            blanks = i - prev_i - 1
            if blanks:
                soft = (
                    blanks <= 2
                    and (band is None or full(p))
                    and not _finished(text, p)
                    and not _opens(text, ln)
                    and not _NEW_STORY.match(text, ln.start)
                    and text[p.start] not in _OPENS
                    and (_body_like(text, lines, block_start, prev_i, full) or _open_quote(text, p))
                    and _body_like(text, lines, i, _block_end(lines, i), full)
                )
            else:
                soft = _soft_within_block(text, p, ln, full)
            if soft:
                a, b = text[p.end - 1], text[ln.start]
                repl = " " if (a.isascii() and b.isascii() and _LATIN.match(a) and _LATIN.match(b)) else ""
                edits.append((p.end, ln.start, repl))
            if blanks:
                block_start = i
        else:
            block_start = i
        prev_i = i
    return edits


def _soft_within_block(text: str, p: _Line, n: _Line, full) -> bool:  # type: ignore[no-untyped-def]
    if _finished(text, p) or _opens(text, n) or text[p.start] in "#|":
        return False
    last = text[p.end - 1]
    if last in _CONTINUES:
        return True
    if full(p) or _SENTENCE_PUNCT.search(text, p.start, p.end) or _open_quote(text, p):
        # A full line of a wrapped page, or a line that already holds part of a sentence and stops short.
        return True
    return (last.isdigit() or last == ".") and bool(_UNIT_START.match(text[n.start]))


def _block_end(lines: list[_Line | None], i: int) -> int:
    while i + 1 < len(lines) and lines[i + 1] is not None:
        i += 1
    return i


def _body_like(text: str, lines: list[_Line | None], first: int, last: int, full) -> bool:  # type: ignore[no-untyped-def]
    """A block reads as body text: two or more full lines, or sentence punctuation."""
    nfull = 0
    for j in range(first, last + 1):
        ln = lines[j]
        if ln is None:
            continue
        if full(ln):
            nfull += 1
            if nfull >= 2:
                return True
        if _SENTENCE_PUNCT.search(text, ln.start, ln.end):
            return True
    return False
