"""Hand-built pages and figures for alignment and check-kind tests, until (and besides) the real extraction step.

A figure is placed by quoting its text in the page: `fig(page, "609家", 609, ...)` finds the span, so that tests
read like the sentences they are about and offsets are always right.
"""

from __future__ import annotations

from typing import Any, Optional

from reconcile.models import Article, Figure, Growth, Page


def page(doc: str, text: str, date: Optional[str] = None) -> Page:
    art = Article(start=0, end=len(text), role="article", title=None, title_start=None, byline=None, place=None, paragraphs=())
    return Page(
        doc=doc,
        text=text,
        norm=text,
        omap=tuple(range(len(text) + 1)),
        articles=(art,),
        encoding="utf-8",
        date=date,
    )


def fig(
    pg: Page,
    text: str,
    value: Optional[float],
    *,
    metric: Optional[str],
    entity: Optional[str] = None,
    period: Optional[str] = None,
    unit: Optional[str] = "家",
    kind: str = "count",
    nature: Optional[str] = None,
    modality: str = "actual",
    approx: Optional[str] = None,
    precision: Optional[float] = 1,
    occurrence: int = 0,
    period_source: Optional[str] = "stated",
    **extra: Any,
) -> Figure:
    start = -1
    for _ in range(occurrence + 1):
        start = pg.text.index(text, start + 1)
    end = start + len(text)
    s = max(pg.text.rfind(ch, 0, start) for ch in "。；\n") + 1
    e = min((i for i in (pg.text.find(ch, end) for ch in "。；\n") if i >= 0), default=len(pg.text))
    return Figure(
        doc=pg.doc,
        start=start,
        end=end,
        line=pg.text.count("\n", 0, start) + 1,
        text=text,
        value=value,
        unit=unit,
        precision=precision,
        approx=approx,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        nature=nature,  # type: ignore[arg-type]
        modality=modality,  # type: ignore[arg-type]
        metric=metric,
        entity=entity,
        period=period,
        period_source=period_source,  # type: ignore[arg-type]
        sentence_start=s,
        sentence_end=e + 1 if e < len(pg.text) else e,
        **extra,
    )


__all__ = ["page", "fig", "Growth"]
