"""Metric records: a stable id from the alignment key, and the timeline of points sorted by period then document."""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence, Union, overload

from ..models import Figure, Metric, Modality, Point
from ..periods import parse
from ..sequences import equal_items


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


# The figure fields a Point repeats, in Point's field order after `figure`.
_POINT_FIELDS = ("period", "value", "low", "high", "approx", "doc", "start", "end")


class PointReader:
    """Builds the Point of figure i from the run's figures: from the columns of a FigureTable without building the
    figure's record, or from the record of any other sequence."""

    __slots__ = ("figures", "_cols")

    def __init__(self, figures: Sequence[Figure]):
        self.figures = figures
        cells = getattr(figures, "cells", None)
        self._cols = tuple(cells(n) for n in _POINT_FIELDS) if cells is not None else None

    def point(self, i: int) -> Point:
        if self._cols is None:
            return point_of(i, self.figures[i])
        return Point(i, *[c[i] for c in self._cols])  # type: ignore[index]


class Points(Sequence[Point]):
    """A metric's timeline as the indices of its figures, in timeline order: a Point is built when it is read.

    Every aligned figure is a point, so an archive's timelines hold as many points as it has figures; as records
    that is ~200 bytes a point beside the figure table's columns, as indices eight. Reads as the tuple of points
    it stands for (equality, hashing, slices)."""

    __slots__ = ("_reader", "_idx")

    def __init__(self, reader: PointReader, indices: Sequence[int]):
        self._reader = reader
        self._idx = array("q", indices)

    def __len__(self) -> int:
        return len(self._idx)

    def nbytes(self) -> int:
        """Memory of the indices as held (the figures are the table's)."""
        import sys

        return sys.getsizeof(self) + sys.getsizeof(self._idx)

    @overload
    def __getitem__(self, k: int) -> Point: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[Point, ...]: ...

    def __getitem__(self, k: Union[int, slice]) -> Union[Point, tuple[Point, ...]]:
        if isinstance(k, slice):
            return tuple(self._reader.point(i) for i in self._idx[k])
        return self._reader.point(self._idx[k])

    def __iter__(self) -> Iterator[Point]:
        point = self._reader.point
        for i in self._idx:
            yield point(i)

    def __eq__(self, other: object) -> bool:
        return equal_items(self, other, (Points, list, tuple))

    def __hash__(self) -> int:  # a Metric is hashable, and equal to one holding the tuple of these points
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __deepcopy__(self, memo: dict) -> "Points":  # dataclasses.asdict(metric) deep-copies its fields
        return self  # immutable: the indices never change, and the run's figures are not changed after alignment

    def __reduce__(self) -> Any:  # pickled as the points themselves: a worker gets no figure table
        return (tuple, (tuple(self),))


def build_metric(
    key: MetricKey, members: Sequence[tuple[int, Figure]], shown_entity: Optional[str] = None,
    reader: Optional[PointReader] = None, metric_id: Optional[str] = None,
) -> Metric:
    """The metric of `key`; its entity is shown as printed (`shown_entity`), its id is built from the key. With a
    `reader` (over the figures the indices of `members` point into), the points are held as `Points`."""
    order = sorted(
        ((period_order(f.period), f.doc, f.start, i) for i, f in members),
    )
    kinds = Counter(f.kind for _, f in members)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    aliases = tuple(sorted({f.metric for _, f in members if f.metric}))
    entity: Optional[str] = None if key.entity.startswith("?") else (shown_entity or key.entity)
    modality: Modality = key.modality  # type: ignore[assignment]
    if reader is not None:
        points: Sequence[Point] = Points(reader, [o[3] for o in order])
    else:
        by_index = dict(members)
        points = tuple(point_of(o[3], by_index[o[3]]) for o in order)
    return Metric(
        metric_id=metric_id or key.metric_id(),
        metric=key.metric,
        entity=entity,
        unit=key.unit,
        kind=kind,
        nature=None if key.nature == "-" else key.nature,  # type: ignore[arg-type]
        modality=modality,
        aliases=aliases,
        points=points,  # type: ignore[arg-type]
    )
