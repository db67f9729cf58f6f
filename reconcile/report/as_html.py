"""`--html FILE`: one self-contained HTML file for editors (no network: styles, script, charts and documents
inline; a Content-Security-Policy that forbids loading anything).

The page is rendered by its script from JSON embedded in it, lazily: the findings table at once, a finding's
details when it is opened, charts as they scroll into view, a document's text when it is shown (each document
is its own JSON block, parsed only then). So a run of 500 documents and 2,000 findings opens in well under
three seconds.

Escaping: document text only ever reaches the page as JSON inside <script type="application/json">, with <, >,
& and U+2028/U+2029 written as \\u escapes, so no text can close the script element or start markup; the page
script inserts it as text nodes. The few values placed in the HTML itself (title, headings) are HTML-escaped.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..locale import messages

_HERE = Path(__file__).resolve().parent
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_TABLE = str.maketrans(_JSON_ESCAPES)


def safe_json(obj: Any) -> str:
    """JSON that can sit inside a <script> element: nothing in it can end the element or open a comment."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).translate(_JSON_TABLE)


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


def render(result: Any, lang: str = "zh", gate: Any = None, charts: bool = True) -> str:
    from .html_data import build

    msg = messages(lang)
    payload, documents = build(result, msg, gate, charts=charts)
    n = len(result.findings)
    title = f"{msg('report.title')} · {msg('summary.findings')} {n}"
    nav = "".join(
        f'<a href="#{sec}">{html.escape(msg(key))}</a>'
        for sec, key in (("overview", "summary.heading"), ("findings", "finding.heading"), ("metrics", "metrics.heading"), ("documents", "documents.heading"))
    )
    docs = "\n".join(f'<script type="application/json" id="doc-{i}">{safe_json(d)}</script>' for i, d in enumerate(documents))
    page = _asset("templates/report.html")
    # Placeholders are replaced once each, data last: a document containing "{{js}}" stays text.
    for key, value in (
        ("{{lang}}", "zh-CN" if msg.lang == "zh" else "en"),
        ("{{version}}", html.escape(__version__)),
        ("{{title}}", html.escape(title)),
        ("{{heading}}", html.escape(msg("report.title"))),
        ("{{nav}}", nav),
        ("{{noscript}}", html.escape(msg("report.generated_by", version=__version__))),
        ("{{css}}", _asset("assets/report.css")),
        ("{{js}}", _asset("assets/report.js")),
    ):
        page = page.replace(key, value, 1)
    head, _, tail = page.partition("{{data}}")
    head = head + safe_json(payload)
    tail = tail.replace("{{docs}}", "\x00DOCS\x00", 1)
    before, _, after = tail.partition("\x00DOCS\x00")
    return head + before + docs + after


def emit(result: Any, out: TextIO, lang: str = "zh", gate: Any = None, **_: Any) -> None:
    out.write(render(result, lang, gate))
