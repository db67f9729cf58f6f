"""The extractor over the whole shared corpus: invariants every record must keep on real text no one here wrote."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

pytest.importorskip("reconcile.extract.quantities", reason="the numerals scanner (quantities.py) is not in this tree yet")

from reconcile.extract import extract_page  # noqa: E402
from reconcile.ingest import page_from_text  # noqa: E402

pytestmark = pytest.mark.corpus

_PHONE = re.compile(r"^1[3-9]\d{9}$|^\d{5}$")
_ORDINAL = re.compile(r"^(?:第?[一二三四五六七八九十]+(?:是|、)|第[一二三四五六七八九十百]+(?:届|次|章|条|款))$")


@pytest.fixture(scope="module")
def extracted(corpus_dir: Path):
    out = []
    for path in sorted(corpus_dir.glob("*.txt")):
        page = page_from_text(path.read_text(encoding="utf-8"), doc=path.name)
        out.append(extract_page(page))
    return out


def test_records_are_slices_inside_the_document(extracted) -> None:
    n = 0
    for page, figs in extracted:
        for f in figs:
            assert 0 <= f.start < f.end <= len(page.text)
            assert page.text[f.start:f.end] == f.text
            assert f.doc == page.doc
            n += 1
    assert n > 1000  # the corpus is full of figures: an extractor finding few is broken


def test_values_are_finite(extracted) -> None:
    for _, figs in extracted:
        for f in figs:
            for v in (f.value, f.low, f.high, f.precision):
                assert v is None or math.isfinite(v)
            if f.growth is not None:
                assert math.isfinite(f.growth.rate)


def test_no_year_phone_or_list_ordinal_is_a_figure(extracted) -> None:
    for _, figs in extracted:
        for f in figs:
            t = re.sub(r"\s", "", f.text)
            assert not re.fullmatch(r"(?:19|20)\d{2}年?", t), f
            assert not _PHONE.match(t), f
            assert not _ORDINAL.match(t), f


def test_growth_links_and_dates(extracted) -> None:
    for page, figs in extracted:
        assert page.date is not None  # every report states enough to date it
        for i, f in enumerate(figs):
            if f.growth is not None and f.growth.of is not None:
                assert 0 <= f.growth.of < len(figs) and f.growth.of != i


def test_periods_are_iso(extracted) -> None:
    iso = re.compile(r"^\d{4}(?:-(?:\d{2}|H[12]|Q[1-4])(?:-\d{2})?)?(?:/\d{4}(?:-(?:\d{2}|H[12]|Q[1-4]))?)?$")
    for _, figs in extracted:
        for f in figs:
            assert f.period is None or iso.match(f.period), f.period
