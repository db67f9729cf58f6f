"""Assemble a Page from decoded text: normalise, segment, index lines."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left

from reconcile.ingest.normalize import normalize
from reconcile.ingest.segment import segment
from reconcile.models import Page, Problem

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where each line starts; LF, CRLF and a lone CR all end a line."""
    return (0, *(m.end() for m in _LINE_BREAK.finditer(text)))


def build_page(
    text: str,
    doc: str,
    *,
    encoding: str = "utf-8",
    date: str | None = None,
    date_source: str | None = None,
    title: str | None = None,
    html_lines: tuple[int, ...] | None = None,
    sha256: str = "",
    warnings: tuple[Problem, ...] = (),
    hide: int = 0,
) -> Page:
    """Normalise and segment `text`. The first `hide` characters (front matter) stay in `text`, so offsets
    still index the file, but are blanked in the normalised text so that no article or figure comes from them."""
    norm, omap = normalize(text)
    if hide:
        norm = _blank_prefix(norm, bisect_left(omap, hide))
    articles = segment(text, norm, omap)
    return Page(
        doc=doc,
        text=text,
        norm=norm,
        omap=omap,  # type: ignore[arg-type]  # an OffsetMap: a compact read-only sequence of ints
        articles=articles,
        encoding=encoding,
        date=date,
        date_source=date_source,
        title=title,
        html_lines=html_lines,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        warnings=warnings,
        line_starts=line_starts(text),
    )


def _blank_prefix(norm: str, n: int) -> str:
    # Spaces, not deletions: the offset map stays valid; line breaks stay so line structure is unchanged.
    head = re.sub(r"[^\n]", " ", norm[:n])
    return head + norm[n:]


def page_from_text(text: str, doc: str = "<text>", date: str | None = None) -> Page:
    """A Page from a string, for library users and tests: no file, no decoding, no manifest."""
    return build_page(text, doc, date=date, date_source="given" if date else None)
