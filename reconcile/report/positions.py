"""Line and column of an offset, as code-review tools count them: 1-based, columns in Unicode code points.

Columns are given only for plain-text documents: an HTML document's lines are its source lines, while offsets
count its visible text, so a column there would point at the wrong character.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from ..models import Page, _line_starts


def line_column(page: Optional[Page], offset: int, line: int) -> tuple[int, Optional[int]]:
    """(line, column) of `offset`; `line` (the evidence's own) is kept when the page is unknown."""
    if page is None:
        return line, None
    if page.html_lines is not None:
        return page.line_of(offset), None
    starts = page.line_starts or _line_starts(page.text)
    i = max(0, bisect_right(starts, offset) - 1)
    return i + 1, offset - starts[i] + 1


def span_region(page: Optional[Page], start: int, end: int, line: int) -> dict[str, int]:
    """A SARIF-style region: startLine/startColumn/endLine/endColumn (end column exclusive)."""
    sl, sc = line_column(page, start, line)
    el, ec = line_column(page, end, line) if end > start else (sl, sc)
    region = {"startLine": sl}
    if sc is not None and ec is not None:
        region.update(startColumn=sc, endLine=el, endColumn=ec)
    else:
        region["endLine"] = max(sl, el)
    return region
