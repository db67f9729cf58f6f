"""The unit table: the same units, keys and band hashes whether held in memory or spilled to disk."""

from __future__ import annotations

import numpy as np

from reconcile.ingest import page_from_text
from reconcile.kinds.passages import SketchSpec, group_passages, page_rows, sketch_pages
from reconcile.kinds.units import UnitTable


def _pages(seeds_dir):  # type: ignore[no-untyped-def]
    return [page_from_text(p.read_text(encoding="utf-8"), doc=p.name) for p in sorted(seeds_dir.glob("*.txt"))]


def test_spilled_and_in_memory_tables_hold_the_same_units(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(seeds_dir)
    spec = SketchSpec()
    sketches = sketch_pages(pages, spec)
    held = UnitTable(spec, budget=10**9)
    spilled = UnitTable(spec, budget=0)
    for sk in sketches:
        held.add(sk)
        spilled.add(sk)
    assert spilled._keys._mem is None and held._keys._mem is not None  # one of each, really
    assert spilled._places._mem is None and held._places._mem is not None  # the units' places spill too
    assert held == spilled and held.count == sum(len(sk.units) for sk in sketches) > 100
    for p, page in enumerate(pages):
        rows = page_rows(page, spec.min_chars)
        units = list(spilled[p])
        assert [(u.article, u.paragraph, u.nstart, u.nend, u.key, u.para_nstart, u.para_nend) for u in units] == rows
        assert [u.index for u in units] == list(range(len(rows))) and all(u.page == p for u in units)
        assert spilled.articles(p) == held.articles(p) == [r[0] for r in rows]
        assert all(spilled.page_of(i) == p for i in range(spilled.page_start[p], spilled.page_start[p + 1]))
    every = np.concatenate([np.frombuffer(sk.bands, dtype=np.uint64).reshape(len(sk.units), -1) for sk in sketches])
    for b in range(held.bands):
        assert np.array_equal(spilled.band(b), every[:, b])
    spilled.close()


def test_grouping_from_a_spilled_table_equals_grouping_from_records(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(seeds_dir)
    spec = SketchSpec()
    from_records = group_passages(pages, sketches=sketch_pages(pages, spec), lsh_threshold=spec.lsh_threshold)
    table = UnitTable(spec, budget=0)
    for sk in sketch_pages(pages, spec):
        table.add(sk)
    from_table = group_passages(list(pages), sketches=table, lsh_threshold=spec.lsh_threshold)
    assert from_records.groups  # the seeds' pasted passage and reprinted article
    assert from_table.unit_groups == from_records.unit_groups
    assert from_table.chains == from_records.chains and from_table.groups == from_records.groups
