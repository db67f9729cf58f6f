"""Normalise a page for matching, keeping a map back to the original text.

Nothing here changes what is reported: `Page.text` stays as decoded, and every position found in the
normalised text is mapped back through the offset map. Normalisation is:

1. A one-to-one character mapping (`str.translate`, so it runs at C speed and leaves offsets alone):
   full-width ASCII forms U+FF01..U+FF5E to ASCII (１２％，．：（） -> 12%,.:()), the ideographic space to a
   space, and Traditional to Simplified Chinese (OpenCC t2s, one character at a time, only where the result
   is a single character). Chinese punctuation with no ASCII twin of the same meaning (。、“”‘’《》【】…—)
   is kept: 。 must not be confused with a decimal point, and segmentation needs open and close quotes.
2. Deletions: the spaces that PDF and OCR text put inside numbers and between a number and its unit
   (`290 万元`, `20 %`, `8 月 11 日`, `1 234 567`), the CR of a CRLF, and soft line breaks (see
   `linebreaks`). A soft break between two Latin letters or digits becomes one space instead, so that
   wrapped English words do not run together.
3. A lone CR becomes LF, so the normalised text has one line-break character.

The whole pass is linear in the length of the text: one translate, a few regular-expression scans and a loop
over lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reconcile.ingest.linebreaks import soft_breaks
from reconcile.ingest.offsets import OffsetMap

# Full-width ASCII variants map to ASCII; U+3000 (ideographic space) to a space.
_WIDTH_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Horizontal blanks: space, tab, no-break space (U+3000 has already become a space).
_SP = r"[ \t\u00a0\u2002-\u200a\u202f]+"
# A number followed by spaces and then its unit, a scale word or any Han character; Han or a closing
# bracket followed by spaces and a number; a digit-group separator space (`1 234 567`).
_SPACE_IN_NUMBER = re.compile(
    rf"(?<=[0-9]){_SP}(?=[%‰℃°\u3400-\u9fff])"
    rf"|(?<=[\u3400-\u9fff]){_SP}(?=[0-9])"
    rf"|(?<=[0-9]) (?=[0-9]{{3}}(?![0-9.]))"
)
_CR_BEFORE_LF = re.compile(r"\r(?=\n)")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc  # imported on first use: it loads dictionaries

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _simplified(ch: str) -> int | None:
    out = _t2s().convert(ch)
    if len(out) == 1 and out != ch:
        return ord(out)
    return None


def char_table(text: str) -> dict[int, int]:
    """The one-to-one translation table for this text: width folding plus t2s for its Han characters."""
    table = dict(_WIDTH_TABLE)
    # set(text) is one C-level pass; OpenCC is asked only about each distinct Han character once.
    for ch in set(text):
        if ch >= "\u3400" and _HAN.match(ch):
            s = _simplified(ch)
            if s is not None:
                table[ord(ch)] = s
    return table


def fold(text: str) -> str:
    """The one-to-one part of normalisation alone (same length as `text`)."""
    return text.translate(char_table(text))


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Return (norm, omap): the text normalised for matching and, for each of its characters, the offset of
    the original character it came from (plus a final entry len(text))."""
    folded = fold(text)
    # Edits: (start, end, replacement) over `folded`; replacement is "" (delete) or " " (one space).
    edits: list[tuple[int, int, str]] = []
    edits.extend((m.start(), m.end(), "") for m in _SPACE_IN_NUMBER.finditer(folded))
    edits.extend((m.start(), m.end(), "") for m in _CR_BEFORE_LF.finditer(folded))
    edits.extend(soft_breaks(folded))
    edits.sort()

    pieces: list[str] = []
    nstarts: list[int] = []
    ostarts: list[int] = []
    npos = 0
    opos = 0

    def keep(a: int, b: int) -> None:
        nonlocal npos
        if b > a:
            pieces.append(folded[a:b])
            nstarts.append(npos)
            ostarts.append(a)
            npos += b - a

    for start, end, repl in edits:
        if start < opos:  # overlapping edits (a space rule and a line-break rule): keep the first
            if end <= opos:
                continue
            start = opos
        keep(opos, start)
        if repl:
            # The replacement stands for the last character of the span (e.g. the LF of a soft CRLF).
            pieces.append(repl)
            nstarts.append(npos)
            ostarts.append(end - 1)
            npos += 1
        opos = end
    keep(opos, len(folded))

    norm = "".join(pieces).replace("\r", "\n")
    if not nstarts:
        nstarts, ostarts = [0], [0]
    return norm, OffsetMap(nstarts, ostarts, len(norm), len(text))
