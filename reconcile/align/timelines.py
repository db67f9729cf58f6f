"""Metric records: a stable id from the alignment key, and the timeline of points sorted by period then document."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from ..models import Figure, Metric, Modality, Point
from ..periods import parse


@dataclass(frozen=True, order=True)
class MetricKey:
    metric: str  # canonical name
    entity: str  # canonical entity (with scope), or "?<context hash>" for a figure of unknown entity
    unit: str  # unit family
    modality: str
    nature: str  # stock | flow | cumulative | "-" (open)

    def metric_id(self) -> str:
        """A short hash of what the metric *is*; never of offsets, document order or which documents were read."""
        raw = "\x1f".join((self.metric, self.entity, self.unit, self.modality, self.nature))
        return "m" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:11]


def period_order(period: Optional[str]) -> tuple:
    """Earlier periods first; of two ending in the same month the longer first (2021/2025 before 2025); unknown last."""
    p = parse(period)
    if p is None:
        return (1, (0, 0), (0, 0), period or "")
    return (0, p.last, p.first, period or "")


def point_of(index: int, fig: Figure) -> Point:
    return Point(
        figure=index,
        period=fig.period,
        value=fig.value,
        low=fig.low,
        high=fig.high,
        approx=fig.approx,
        doc=fig.doc,
        start=fig.start,
        end=fig.end,
    )


def build_metric(key: MetricKey, members: Sequence[tuple[int, Figure]], shown_entity: Optional[str] = None) -> Metric:
    """The metric of `key`; its entity is shown as printed (`shown_entity`), its id is built from the key."""
    points = sorted((point_of(i, f) for i, f in members), key=lambda p: (period_order(p.period), p.doc, p.start, p.figure))
    kinds = Counter(f.kind for _, f in members)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    aliases = tuple(sorted({f.metric for _, f in members if f.metric}))
    entity: Optional[str] = None if key.entity.startswith("?") else (shown_entity or key.entity)
    modality: Modality = key.modality  # type: ignore[assignment]
    return Metric(
        metric_id=key.metric_id(),
        metric=key.metric,
        entity=entity,
        unit=key.unit,
        kind=kind,
        nature=None if key.nature == "-" else key.nature,  # type: ignore[arg-type]
        modality=modality,
        aliases=aliases,
        points=tuple(points),
    )
