"""Pages and figures to JSON and back, for the ledger.

JSON rather than pickle: the ledger file may come from a CI cache, and unpickling a file someone else wrote runs
their code. The round trip is exact (a test checks equality), so a document read from the ledger behaves exactly
as one read from disk.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict
from typing import Any, Sequence

from .models import Article, Figure, Growth, Page, Paragraph, Problem, Sentence


def _omap_runs(omap: Sequence[int]) -> list[Any]:
    # The ingest stage's OffsetMap stores runs; rebuild them from any sequence otherwise (O(n), once per store).
    nstarts = getattr(omap, "_nstarts", None)
    if nstarts is not None:
        return [list(nstarts), list(omap._ostarts), omap._n, omap._end]  # type: ignore[attr-defined]
    ns, os_ = [], []
    values = list(omap)
    n = len(values) - 1
    for i in range(n):
        if i == 0 or values[i] != values[i - 1] + 1:
            ns.append(i)
            os_.append(values[i])
    return [ns or [0], os_ or [0], n, values[-1] if values else 0]


def _omap_from_runs(runs: list[Any]) -> Sequence[int]:
    from .ingest.offsets import OffsetMap

    return OffsetMap(runs[0], runs[1], runs[2], runs[3])


def page_to_json(page: Page) -> dict[str, Any]:
    return {
        "doc": page.doc,
        "text": page.text,
        "norm": page.norm,
        "omap": _omap_runs(page.omap),
        "articles": [
            [a.start, a.end, a.role, a.title, a.title_start, a.byline, a.place,
             [[p.start, p.end, p.nstart, p.nend, [[s.start, s.end, s.nstart, s.nend] for s in p.sentences]] for p in a.paragraphs]]
            for a in page.articles
        ],
        "encoding": page.encoding,
        "date": page.date,
        "date_source": page.date_source,
        "title": page.title,
        "html_lines": list(page.html_lines) if page.html_lines is not None else None,
        "sha256": page.sha256,
        "warnings": [asdict(w) for w in page.warnings],
        "line_starts": list(page.line_starts),
    }


def page_from_json(d: dict[str, Any]) -> Page:
    articles = tuple(
        Article(a[0], a[1], a[2], a[3], a[4], a[5], a[6], tuple(
            Paragraph(p[0], p[1], p[2], p[3], tuple(Sentence(*s) for s in p[4])) for p in a[7]
        ))
        for a in d["articles"]
    )
    return Page(
        doc=d["doc"], text=d["text"], norm=d["norm"], omap=_omap_from_runs(d["omap"]), articles=articles,  # type: ignore[arg-type]
        encoding=d["encoding"], date=d["date"], date_source=d["date_source"], title=d["title"],
        html_lines=tuple(d["html_lines"]) if d["html_lines"] is not None else None, sha256=d["sha256"],
        warnings=tuple(Problem(**w) for w in d["warnings"]), line_starts=tuple(d["line_starts"]),
    )


def figure_to_json(f: Figure) -> dict[str, Any]:
    return asdict(f)


def figure_from_json(d: dict[str, Any]) -> Figure:
    g = d.get("growth")
    return Figure(**{**d, "growth": Growth(**g) if g else None})


def pack(obj: Any) -> bytes:
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8"))
