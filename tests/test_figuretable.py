"""The figure table gives back exactly the figures it was given, in a fraction of their memory."""

from __future__ import annotations

import pickle
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.api import extract
from reconcile.figuretable import FigureTable
from reconcile.models import Figure, Growth


def _same(a: Figure, b: Figure) -> bool:
    # Equal, and of the same types: 609 stays an int, so that the JSON prints 609 and not 609.0.
    return a == b and all(type(getattr(a, n)) is type(getattr(b, n)) for n in ("value", "precision", "low", "high"))


def test_every_field_round_trips(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    figs = [f for p in sorted(seeds_dir.glob("*.txt")) for f in extract(p.read_text(encoding="utf-8"), doc=p.name)]
    assert any(f.growth for f in figs) and any(isinstance(f.value, int) for f in figs) and any(isinstance(f.value, float) for f in figs)
    table = FigureTable(figs)
    assert len(table) == len(figs)
    assert all(_same(a, b) for a, b in zip(table, figs))
    assert _same(table[-1], figs[-1]) and table[3:6] == figs[3:6]
    assert table == figs and table == tuple(figs) and tuple(figs) == table
    assert table.column("doc") == [f.doc for f in figs] and list(table.column("start")) == [f.start for f in figs]
    assert pickle.loads(pickle.dumps(table)) == table
    with pytest.raises(IndexError):
        table[len(figs)]


numbers = st.one_of(st.none(), st.integers(min_value=-(10**40), max_value=10**40), st.floats(allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(value=numbers, precision=numbers, low=numbers, high=numbers, text=st.text(max_size=8), metric=st.one_of(st.none(), st.text(max_size=6)))
def test_numbers_and_strings_come_back_as_given(value, precision, low, high, text, metric) -> None:  # type: ignore[no-untyped-def]
    f = Figure("d", 1, 2, 1, text, value, "元", precision, None, "amount", None, "actual", metric, None, "2023", "stated",
               low=low, high=high, growth=Growth(0.1, "yoy", "2022", of=0))
    back = FigureTable([f, f])[1]
    assert _same(back, f) and back.growth == f.growth


def test_a_table_takes_a_fraction_of_the_records_memory(corpus_dir) -> None:  # type: ignore[no-untyped-def]
    figs = [f for p in sorted(corpus_dir.rglob("*.txt"))[:8] for f in extract(p.read_text(encoding="utf-8"), doc=p.name)]
    tracemalloc.start()
    try:
        records = [pickle.loads(pickle.dumps(f)) for f in figs]  # records as a run holds them: each with its own strings
        records_bytes = tracemalloc.get_traced_memory()[0]
        del records
        base = tracemalloc.get_traced_memory()[0]
        table = FigureTable(figs)
        table_bytes = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert len(table) == len(figs) > 100
    assert table_bytes < records_bytes / 3


growths = st.one_of(st.none(), st.builds(
    Growth, rate=numbers.filter(lambda v: v is not None), basis=st.sampled_from(["yoy", "since", "mom", "other"]),
    base_period=st.one_of(st.none(), st.text(max_size=7)), of=st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
    rate_low=numbers, rate_high=numbers, difference=st.booleans(),
))


@settings(max_examples=200, deadline=None)
@given(st.lists(growths, min_size=1, max_size=12))
def test_growth_claims_come_back_as_given_beside_figures_without_one(claims) -> None:  # type: ignore[no-untyped-def]
    figs = [Figure("d", k, k + 1, 1, "x", 1, "元", 1, None, "amount", None, "actual", None, None, "2023", "stated", growth=g)
            for k, g in enumerate(claims)]
    table = FigureTable(figs)
    for back, g in zip(table, claims):
        assert back.growth == g
        if g is not None:
            assert all(type(getattr(back.growth, n)) is type(getattr(g, n)) for n in ("rate", "of", "rate_low", "rate_high", "difference"))
