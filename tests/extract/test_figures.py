"""Behaviour of extract_page on the seed pages: records, offsets, links and the distinctions the rules need."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reconcile.extract.quantities", reason="the numerals scanner (quantities.py) is not in this tree yet")

from reconcile.extract import extract_page  # noqa: E402
from reconcile.ingest import page_from_text
from reconcile.models import Figure, Page


def _page(seeds_dir: Path, prefix: str) -> tuple[Page, tuple[Figure, ...]]:
    path = next(seeds_dir.glob(prefix + "_*.txt"))
    return extract_page(page_from_text(path.read_text(encoding="utf-8"), doc=str(path)))


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[Page, tuple[Figure, ...]]]:
    return {p: _page(seeds_dir, p) for p in ("000", "001", "002", "003", "004")}


def test_records_slice_the_original_text(seeds) -> None:
    for page, figs in seeds.values():
        assert figs
        for f in figs:
            assert page.text[f.start:f.end] == f.text
            assert f.line == page.text.count("\n", 0, f.start) + 1
        assert [f.start for f in figs] == sorted(f.start for f in figs)


def test_growth_links_point_back_into_the_tuple(seeds) -> None:
    for _, figs in seeds.values():
        for i, f in enumerate(figs):
            if f.growth is not None and f.growth.of is not None:
                assert 0 <= f.growth.of < i
                assert figs[f.growth.of].growth is None


def test_inferred_dates_never_depend_on_today(seeds) -> None:
    assert seeds["000"][0].date == "2025-12" and seeds["000"][0].date_source == "inferred"
    assert seeds["001"][0].date == "2024"
    assert seeds["002"][0].date == "2025"


def test_partial_year_is_not_a_full_year(seeds) -> None:
    _, figs = seeds["000"]
    partial = [f for f in figs if f.value == pytest.approx(8.01e8)]
    assert partial and partial[0].period == "2025-01/2025-11"
    assert partial[0].metric == "财政科技支出"


def test_a_parks_firms_are_the_parks(seeds) -> None:
    page, figs = seeds["003"]
    sixteen = [f for f in figs if f.value == 16 and f.unit == "家"]
    assert sixteen
    assert all(f.entity and "集聚区" in f.entity for f in sixteen)


def test_target_is_not_an_actual(seeds) -> None:
    _, figs = seeds["000"]
    actual = [f for f in figs if f.value == pytest.approx(155.8)]
    target = [f for f in figs if f.value == 120 and f.unit == "人"]
    assert actual[0].modality == "actual" and target[0].modality == "target"


def test_growth_claims_on_the_seeds(seeds) -> None:
    _, figs = seeds["001"]
    g = [f for f in figs if f.text == "175.93%"][0]
    assert g.growth is not None and g.growth.basis == "yoy" and g.growth.rate == pytest.approx(1.7593)
    assert figs[g.growth.of].value == pytest.approx(7.45e8)
    _, figs0 = seeds["000"]
    times = [f for f in figs0 if f.text == "约1.7倍"][0]
    assert times.growth is not None and times.growth.rate == pytest.approx(1.7) and times.growth.base_period == "2020"
    assert times.value == 1.7 and times.unit == "倍"


def test_no_phone_or_year_is_a_figure(seeds) -> None:
    for _, figs in seeds.values():
        for f in figs:
            assert "13722042489" not in f.text and "12368" not in f.text
            assert not (f.unit == "年" and f.value and 1900 <= f.value <= 2100)


def test_json_records_follow_the_schema(seeds) -> None:
    import json

    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[2].parent / "shared" / "schema" / "figure.schema.json")
                        .read_text(encoding="utf-8")) if (Path(__file__).resolve().parents[2].parent / "shared" /
                                                          "schema" / "figure.schema.json").exists() else None
    if schema is None:
        pytest.skip("shared schema not found")
    for _, figs in seeds.values():
        for f in figs:
            jsonschema.validate(f.to_json(), schema)
