"""The visible text of an HTML page, and for each visible line the line of the HTML source it came from.

The standard library's parser is enough: we need text, not a DOM, and it tolerates broken markup. Content of
script, style, head, template, noscript and svg is dropped; block elements (p, div, h1-h6, li, tr, ...)
end a paragraph, written as a blank line so that segmentation sees the same shape as in a text file; <br>
ends a line. Whitespace runs collapse to one space as a browser shows them (except inside <pre>), and
character references are decoded. Offsets in the page then index this visible text, and `html_lines` lets a
report point at the HTML source.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HIDDEN = frozenset({"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
        "tr", "ul", "body", "html",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source"})
_WS = re.compile(r"[ \t\n\r\f\v]+")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[str]] = [[]]  # visible lines, as pieces
        self.src: list[int] = [1]  # source line of each visible line
        self.started: list[bool] = [False]  # whether the line has content yet
        self.hidden = 0
        self.pre = 0
        self.title: list[str] = []
        self.in_title = False
        self.blank_pending = False

    # --- structure
    def _newline(self) -> None:
        line = self.getpos()[0]
        self.lines.append([])
        self.src.append(line)
        self.started.append(False)

    def _paragraph_break(self) -> None:
        # Close the current paragraph with a blank line, unless we are already at one.
        if self.started[-1]:
            self._newline()
            self._newline()
        elif len(self.lines) >= 2 and self.started[-2]:
            self._newline()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _HIDDEN:
            if tag not in _VOID:
                self.hidden += 1
            return
        if self.hidden:
            return
        if tag == "br":
            self._newline()
        elif tag in _BLOCK:
            self._paragraph_break()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            return
        if not self.hidden and tag == "br":
            self._newline()
        elif not self.hidden and tag in _BLOCK:
            self._paragraph_break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag in _BLOCK:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self._paragraph_break()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.hidden:
            return
        line = self.getpos()[0]
        if self.pre:
            parts = data.split("\n")
            for k, part in enumerate(parts):
                if k:
                    self._newline()
                    self.src[-1] = line + k
                if part:
                    self._add(part, line + k)
            return
        text = _WS.sub(" ", data)
        if not self.started[-1]:
            text = text.lstrip(" ")
            # The source line of the first visible character: count the newlines before it.
            skipped = len(data) - len(data.lstrip())
            line += data.count("\n", 0, skipped)
        if text:
            self._add(text, line)

    def _add(self, text: str, line: int) -> None:
        if not self.started[-1]:
            self.src[-1] = line
            self.started[-1] = True
        self.lines[-1].append(text)


def visible_text(html: str) -> tuple[str, tuple[int, ...], str | None]:
    """(text, html_lines, title): the visible text, the source line of each of its lines, the <title>."""
    p = _Visible()
    try:
        p.feed(html)
        p.close()
    except Exception:  # noqa: BLE001 - html.parser can trip on pathological markup; keep what it read
        pass
    lines = ["".join(parts).rstrip(" ") for parts in p.lines]
    src = list(p.src)
    # Drop leading and trailing blank lines, keep the map aligned.
    while lines and not lines[-1]:
        lines.pop()
        src.pop()
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    lines, src = lines[start:], src[start:]
    # Collapse runs of more than one blank line (several closing blocks in a row).
    out: list[str] = []
    out_src: list[int] = []
    for ln, s in zip(lines, src):
        if not ln and out and not out[-1] and len(out) >= 2 and not out[-2]:
            continue
        if not ln and len(out) >= 1 and not out[-1]:
            continue
        out.append(ln)
        out_src.append(s)
    title = _WS.sub(" ", "".join(p.title)).strip() or None
    return "\n".join(out), tuple(out_src), title
