"""Timelines as figure indices: a metric's points read as the tuple of records they stand for."""

from __future__ import annotations

import pickle
import tracemalloc
from dataclasses import asdict

from reconcile.align import align
from reconcile.align.timelines import PointReader, Points, point_of
from reconcile.align.vocab import load_vocabulary
from reconcile.api import extract
from reconcile.figuretable import FigureTable
from reconcile.ingest import page_from_text


def _run(seeds_dir):  # type: ignore[no-untyped-def]
    pages, figures = [], []
    for path in sorted(seeds_dir.glob("*.txt")):
        page = page_from_text(path.read_text(encoding="utf-8"), doc=path.name)
        pages.append(page)
        figures.extend(extract(path.read_text(encoding="utf-8"), doc=path.name))
    return pages, figures


def test_points_from_a_table_equal_points_from_records(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    pages, figures = _run(seeds_dir)
    vocab = load_vocabulary(None)
    from_records, ids_records = align(tuple(figures), pages, vocab)
    from_table, ids_table = align(FigureTable(figures), pages, vocab)
    assert ids_table == ids_records and from_table == from_records
    multi = [m for m in from_table if len(m.points) > 2]
    assert multi and all(isinstance(m.points, Points) for m in from_table)
    for m in multi:
        want = tuple(point_of(p.figure, figures[p.figure]) for p in m.points)
        assert m.points == want and tuple(m.points) == want and list(m.points) == list(want)
        assert m.points[1:] == want[1:] and m.points[-1] == want[-1]
        assert hash(m.points) == hash(want) and hash(m) == hash(type(m)(**{**m.__dict__, "points": want}))
        assert pickle.loads(pickle.dumps(m.points)) == want  # a worker gets plain points
        assert asdict(m)["points"] is m.points and [asdict(p) for p in m.points] == [asdict(p) for p in want]
    # One string per metric for its figures' ids, not one per figure.
    by_id = {}
    for mid in ids_table:
        if mid is not None:
            assert by_id.setdefault(mid, mid) is mid


def test_indices_cost_a_fraction_of_records(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    _, figures = _run(seeds_dir)
    table = FigureTable(figures * 20)
    reader = PointReader(table)
    idx = list(range(len(table)))
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    records = tuple(reader.point(i) for i in idx)
    as_records = tracemalloc.get_traced_memory()[0] - before
    del records
    before = tracemalloc.get_traced_memory()[0]
    points = Points(reader, idx)
    as_indices = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(points) == len(idx) > 2000
    assert as_indices * 8 < as_records
