"""Hand-built records for unit tests of check kinds: figures without running ingest or extract."""

from __future__ import annotations

from typing import Any, Optional, Sequence

from reconcile.kinds.base import Rule, RuleDocs, RunContext
from reconcile.models import Figure, Growth, Metric, Point


def fig(text: str, value: float, unit: str, *, doc: str = "a.txt", start: int = 0, precision: float = 1.0, period: Optional[str] = "2024", metric: str = "技术合同成交额", entity: str = "甲市", approx=None, kind: str = "amount", nature="flow", modality="actual", growth: Optional[Growth] = None, low=None, high=None) -> Figure:
    return Figure(
        doc=doc, start=start, end=start + len(text), line=1, text=text, value=value, unit=unit, precision=precision,
        approx=approx, kind=kind, nature=nature, modality=modality, metric=metric, entity=entity, period=period,
        period_source="stated", low=low, high=high, growth=growth,
    )


def context(figures: Sequence[Figure], groups: dict[str, Sequence[int]]) -> RunContext:
    """A run context whose metrics are the given groups of figure indexes."""
    metrics = []
    figure_metric: list[Optional[str]] = [None] * len(figures)
    for mid, idxs in groups.items():
        pts = tuple(
            Point(figure=i, period=figures[i].period, value=figures[i].value, low=figures[i].low, high=figures[i].high, approx=figures[i].approx, doc=figures[i].doc, start=figures[i].start, end=figures[i].end)
            for i in idxs
        )
        f0 = figures[idxs[0]]
        metrics.append(Metric(mid, f0.metric or "", f0.entity, f0.unit, f0.kind, f0.nature, f0.modality, (f0.metric or "",), pts))
        for i in idxs:
            figure_metric[i] = mid
    return RunContext(pages=(), figures=tuple(figures), metrics=tuple(metrics), figure_metric=tuple(figure_metric))


def rule(kind: str, params: Any, code: str = "RC999", severity: str = "error", message: str = "{metric}") -> Rule:
    return Rule(code=code, name="test-rule", kind=kind, severity=severity, message=message, params=params, docs=RuleDocs("w", "y", "e", "f"))
