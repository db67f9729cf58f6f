"""The unit table and its groups: the same units, keys, hashes and groups whether held in memory or spilled."""

from __future__ import annotations

import numpy as np
import pytest

from reconcile.ingest import page_from_text
from reconcile.kinds import units as units_mod
from reconcile.kinds.passages import SketchSpec, chain_groups, group_passages, page_rows, sketch_pages, unit_groups
from reconcile.kinds.units import UnitGroups, UnitTable, key_hash

S1 = "中心通过整合各方资源，汇聚国内47家草业领域的顶尖科研团队参与建设，目前已研发出6个新品种。"
S2 = "全市技术合同成交额达到27.41亿元，同比增长81.89%，创历史新高。"
FILLER = [
    "和煦的暖阳下，塞外青城吹响了打赢科技突围战的冲锋号。",
    "企业是创新的主体，培育了一批科技领军企业和专精特新企业。",
    "下一步，将持续加大顶级专家和高层次人才以及科研团队的引进力度。",
    "这场丰收的背后，是柔性引才和产学研融合的协同创新智慧。",
]


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
    assert spilled._hashes._mem is None and held._hashes._mem is not None  # and their key hashes
    assert held == spilled and held.count == sum(len(sk.units) for sk in sketches) > 100
    for p, page in enumerate(pages):
        rows = page_rows(page, spec.min_chars)
        units = list(spilled[p])
        assert [(u.article, u.paragraph, u.nstart, u.nend, u.key, u.para_nstart, u.para_nend) for u in units] == rows
        assert [u.index for u in units] == list(range(len(rows))) and all(u.page == p for u in units)
        assert spilled.articles(p) == held.articles(p) == [r[0] for r in rows]
        assert all(spilled.page_of(i) == p for i in range(spilled.page_start[p], spilled.page_start[p + 1]))
    hashes = [key_hash(r[4].encode("utf-8")) for page in pages for r in page_rows(page, spec.min_chars)]
    assert spilled.key_hashes().tolist() == held.key_hashes().tolist() == hashes
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


def _table(pages, budget: int) -> UnitTable:  # type: ignore[no-untyped-def]
    spec = SketchSpec()
    table = UnitTable(spec, budget=budget)
    for sk in sketch_pages(pages, spec):
        table.add(sk)
    return table


def test_unit_groups_are_the_same_spilled_or_held_and_ordered_by_their_first_copy(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(seeds_dir)
    held, spilled = _table(pages, 10**9), _table(pages, 0)
    in_memory, on_disk = unit_groups(held, threshold=0.85), unit_groups(spilled, threshold=0.85)
    assert on_disk._ids._mem is None and on_disk._starts._mem is None  # nothing per group left in memory
    assert in_memory._ids._mem is not None
    groups = [list(g) for g in in_memory]
    assert len(groups) > 10 and [list(g) for g in on_disk] == groups and on_disk == in_memory
    assert all(len(g) >= 2 and g == sorted(g) for g in groups)  # each group's copies in (page, unit) order
    assert [g[0] for g in groups] == sorted(g[0] for g in groups)  # the groups in the order of their first copies
    every = [pair for g in groups for pair in g]
    assert len(every) == len(set(every))  # a sentence is in one group at most
    assert [list(on_disk[i]) for i in range(-1, len(on_disk))] == [groups[-1], *groups]  # read one by one
    assert chain_groups(on_disk, spilled) == chain_groups(in_memory, held)
    spilled.close()
    on_disk.close()


def test_walking_the_groups_in_blocks_reads_every_group_whole(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    table = _table([page_from_text("\n\n".join([S1, S2] * 8), doc="a.txt")], 0)
    # Blocks of at most 4 ids and 3 groups: [0-2] (4 ids), [3] (5 ids, larger than a block), [4-6], [7-8].
    sizes = [1, 1, 2, 5, 1, 1, 1, 2, 2]
    ids = np.arange(sum(sizes), dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)))
    monkeypatch.setattr(units_mod, "_IDS_AT_ONCE", 4)
    monkeypatch.setattr(units_mod, "_GROUPS_AT_ONCE", 3)
    groups = UnitGroups(table, ids, starts, budget=0)
    expected = [ids[a:b].tolist() for a, b in zip(starts[:-1], starts[1:])]
    assert [g.ids.tolist() for g in groups] == [groups[i].ids.tolist() for i in range(len(groups))] == expected
    assert [list(g) for g in groups[1:3]] == [[(0, i) for i in e] for e in expected[1:3]]
    with pytest.raises(IndexError):
        groups[len(sizes)]
    with pytest.raises(ValueError):
        UnitGroups(table, ids, starts[:-1])  # the starts must end at len(ids)


def test_copies_run_on_within_their_page_only() -> None:
    # S1 ends pages a and c, S2 starts pages b and d: every copy of S1 is "followed" by one of S2 in unit order,
    # but across a page boundary, so they are two passages. On one page they are one.
    across = [
        page_from_text(FILLER[0] + "\n\n" + S1, doc="a.txt"),
        page_from_text(S2 + "\n\n" + FILLER[1], doc="b.txt"),
        page_from_text(FILLER[2] + "\n\n" + S1, doc="c.txt"),
        page_from_text(S2 + "\n\n" + FILLER[3], doc="d.txt"),
    ]
    grouping = group_passages(across)
    assert len(grouping.unit_groups) == 2 and grouping.chains == [[0], [1]]
    within = [page_from_text(FILLER[i] + "\n\n" + S1 + S2, doc=f"{i}.txt") for i in range(3)]
    grouping = group_passages(within)
    assert len(grouping.unit_groups) == 2 and grouping.chains == [[0, 1]]
    assert [m.units for m in grouping.groups[0].members] == [2, 2, 2]


def test_a_run_without_sentences_has_no_groups() -> None:
    table = _table([page_from_text("短句。", doc="a.txt")], 0)
    groups = unit_groups(table, threshold=0.85)
    assert table.count == 0 and len(groups) == 0 and list(groups) == [] and chain_groups(groups, table) == []
