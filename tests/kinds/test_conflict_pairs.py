"""conflict figures mode counts disagreeing pairs by classes (reconcile.kinds.conflictpairs): the same answer as
testing every pair, which is kept here as the reference."""

from __future__ import annotations

from itertools import combinations
from typing import Any, Optional
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.kinds import conflictpairs
from reconcile.kinds.base import RunContext
from reconcile.kinds.conflict import Params, _pairs, digit_edit, interval, months_between, same_time
from reconcile.models import Figure
from tests.align.builders import page


# The pair test as conflict.py defined it before the pairs were counted (conflictpairs.disagree now).
def apart(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]


def _comparable(a: Figure, b: Figure, max_ratio: float) -> bool:
    va, vb = abs(a.value or 0), abs(b.value or 0)
    if va == 0 or vb == 0:
        return True
    return max(va, vb) / min(va, vb) <= max_ratio


def reference(ctx: RunContext, p: Params, figs: list[Figure], shown: int) -> Optional[dict[str, Any]]:
    """Figures mode as it was before classes: every pair tested (conflict.Conflict._metric and _finding), the
    figures named by their index in `figs`."""
    pairs = []
    for a, b in combinations(figs, 2):
        if not p.same_sentence and a.doc == b.doc and a.sentence_end > a.sentence_start and (a.sentence_start, a.sentence_end) == (b.sentence_start, b.sentence_end):
            continue
        if not same_time(ctx, a, b):
            continue
        ia, ib = interval(a, p.about_tolerance), interval(b, p.about_tolerance)
        if apart(ia, ib) and (_comparable(a, b, p.max_ratio) or digit_edit(a, b) <= p.max_edit):
            pairs.append((a, b))
    if not pairs:
        return None
    index = {id(f): i for i, f in enumerate(figs)}
    involved: dict[tuple[str, int], Figure] = {}
    for a, b in pairs:
        involved[(a.doc, a.start)] = a
        involved[(b.doc, b.start)] = b
    edits = [digit_edit(a, b) for a, b in pairs]
    gaps = [months_between(ctx, a.doc, b.doc) for a, b in pairs]
    return {
        "shown": [(index[id(a)], index[id(b)]) for a, b in pairs[:shown]],
        "total": len(pairs),
        "figures": [index[id(involved[k])] for k in sorted(involved)],
        "min_edit": min(edits),
        "max_gap": max((g for g in gaps if g is not None), default=None),
        "info": all(e <= p.max_edit and g is not None and g >= p.months_apart for e, g in zip(edits, gaps)),
    }


def counted(ctx: RunContext, p: Params, figs: list[Figure], shown: int) -> Optional[dict[str, Any]]:
    got = _pairs(ctx, p, figs, shown)
    if got is None:
        return None
    return {"shown": got.shown, "total": got.total, "figures": got.figures, "min_edit": got.min_edit, "max_gap": got.max_gap, "info": got.info}


# A random group -------------------------------------------------------------------------------------------------

# (text, value, extra Figure fields): one figure and its typos, approximations, a factor of ten, a range, an
# interval that meets nothing (low above high), a figure written in words.
VALUES = [
    ("832项", 832.0, {}),
    ("823项", 823.0, {}),
    ("833项", 833.0, {}),
    ("约830项", 830.0, {"approx": "about"}),
    ("超800项", 800.0, {"approx": "over", "low": 800.0}),
    ("8320项", 8320.0, {}),
    ("83.2项", 83.2, {"precision": 0.1}),
    ("800多项", 800.0, {"approx": "range", "low": 800.0, "high": 900.0}),
    ("900项", 900.0, {"low": 901.0, "high": 899.0}),
    ("八百三十二项", 832.0, {}),
    ("0项", 0.0, {}),
]
DATES = [None, "2024", "2024-03", "2024-03-15", "2024-03-28", "2024-05-02", "2024-07-01", "2025-01-09", "2023-06"]
PERIODS = ["2023", "2024", "2024-03"]
KINDS = ["count", "amount", "percent", "share", "rank"]
NATURES = ["stock", "flow", None]


@st.composite
def groups(draw: Any) -> tuple[RunContext, Params, list[Figure], int]:
    n_docs = draw(st.integers(1, 6))
    dates = [draw(st.sampled_from(DATES)) for _ in range(n_docs)]
    pages = [page(f"d{k}.txt", "本报讯。", dates[k]) for k in range(n_docs)]
    period = draw(st.sampled_from(PERIODS))
    values = draw(st.lists(st.sampled_from(VALUES), min_size=1, max_size=7, unique_by=lambda v: v[0]))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True))
    collide = draw(st.booleans())  # two figures at one place of one page
    figs = []
    starts = [0] * n_docs
    for _ in range(draw(st.integers(2, 40))):
        k = draw(st.integers(0, n_docs - 1))
        text, value, extra = draw(st.sampled_from(values))
        start = draw(st.integers(0, 3)) if collide else starts[k]
        starts[k] += 10
        sentence = draw(st.sampled_from([(0, 0), (0, 20), (20, 40)]))
        extra = dict(extra)
        figs.append(
            Figure(
                doc=f"d{k}.txt", start=start, end=start + len(text), line=1, text=text, value=value, unit="项",
                precision=extra.pop("precision", 1.0), approx=extra.pop("approx", None),
                kind=draw(st.sampled_from(kinds)), nature=draw(st.sampled_from(NATURES)), modality="actual",
                metric="技术合同", entity="甲市", period=period,
                period_source=draw(st.sampled_from(["stated", "inferred"])),
                sentence_start=sentence[0], sentence_end=sentence[1], **extra,
            )
        )
    p = Params(
        max_edit=draw(st.integers(0, 2)), months_apart=draw(st.integers(0, 8)), same_sentence=draw(st.booleans()),
        max_ratio=draw(st.sampled_from([5.0, 1.05])),
    )
    ctx = RunContext(pages=tuple(pages), figures=tuple(figs), metrics=(), figure_metric=(), page_by_doc={pg.doc: pg for pg in pages})
    return ctx, p, figs, draw(st.sampled_from([1, 3, 20]))


@pytest.mark.parametrize("pairwise_up_to", [0, 10**6], ids=["classes", "pairwise"])
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(group=groups())
def test_classes_count_what_every_pair_would(pairwise_up_to: int, group: tuple[RunContext, Params, list[Figure], int]) -> None:
    ctx, p, figs, shown = group
    with mock.patch.object(conflictpairs, "PAIRWISE_UP_TO", pairwise_up_to):
        assert counted(ctx, p, figs, shown) == reference(ctx, p, figs, shown)


# Cases worth naming (each both ways) ----------------------------------------------------------------------------


@pytest.fixture(params=[0, 10**6], ids=["classes", "pairwise"])
def both_ways(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conflictpairs, "PAIRWISE_UP_TO", request.param)


def _fig(doc: str, start: int, text: str, value: float, **kw: Any) -> Figure:
    base: dict[str, Any] = dict(
        doc=doc, start=start, end=start + len(text), line=1, text=text, value=value, unit="项", precision=1.0,
        approx=None, kind="count", nature="stock", modality="actual", metric="技术合同", entity="甲市", period="2023",
        period_source="stated",
    )
    base.update(kw)
    return Figure(**base)


def _ctx(dates: dict[str, Optional[str]]) -> RunContext:
    pages = [page(doc, "本报讯。", date) for doc, date in dates.items()]
    return RunContext(pages=tuple(pages), figures=(), metrics=(), figure_metric=(), page_by_doc={pg.doc: pg for pg in pages})


def test_one_figure_printed_by_many_pages_against_a_typo(both_ways: None) -> None:
    dates = {f"p{i:03d}.txt": f"2024-{1 + i % 12:02d}-01" for i in range(300)}
    ctx = _ctx(dates)
    figs = [_fig(doc, 5, "832项", 832) for doc in dates]
    figs[150] = _fig("p150.txt", 5, "823项", 823)
    got = counted(ctx, Params(), figs, 20)
    assert got == reference(ctx, Params(), figs, 20)
    assert got is not None and got["total"] == 299 and len(got["figures"]) == 300
    assert got["shown"][:2] == [(0, 150), (1, 150)] and got["min_edit"] == 1 and not got["info"]


def test_pairs_of_one_document_follow_its_own_rule(both_ways: None) -> None:
    ctx = _ctx({"a.txt": "2024-03-01", "b.txt": "2024-03-01"})
    stated = [_fig("a.txt", 0, "832项", 832), _fig("a.txt", 40, "823项", 823)]
    assert counted(ctx, Params(), stated, 20) == {"shown": [(0, 1)], "total": 1, "figures": [0, 1], "min_edit": 1, "max_gap": 0, "info": False}
    # inferred periods within one document are not compared, whatever the page's month; across documents they are
    inferred = [_fig("a.txt", 0, "832项", 832, period_source="inferred", period="2024"), _fig("a.txt", 40, "823项", 823, period_source="inferred", period="2024")]
    assert counted(ctx, Params(), inferred, 20) is None
    across = inferred + [_fig("b.txt", 0, "823项", 823, period_source="inferred", period="2024")]
    got = counted(ctx, Params(), across, 20)
    assert got == reference(ctx, Params(), across, 20) and got is not None and got["shown"] == [(0, 2)]
    # two figures of one sentence (从823项增加到832项) only with same_sentence
    one = [_fig("a.txt", 0, "823项", 823, sentence_start=0, sentence_end=30), _fig("a.txt", 10, "832项", 832, sentence_start=0, sentence_end=30)]
    assert counted(ctx, Params(), one, 20) is None
    assert counted(ctx, Params(same_sentence=True), one, 20) == reference(ctx, Params(same_sentence=True), one, 20) is not None


def test_an_interval_that_meets_nothing_disagrees_with_its_own_value(both_ways: None) -> None:
    ctx = _ctx({"a.txt": "2024-03-01", "b.txt": "2024-09-01"})
    figs = [_fig(doc, 0, "900项", 900, low=901.0, high=899.0) for doc in ("a.txt", "b.txt")]
    got = counted(ctx, Params(), figs, 20)
    assert got == reference(ctx, Params(), figs, 20)
    assert got is not None and got["total"] == 1 and got["max_gap"] == 6 and got["info"]


def test_the_fewest_digit_edits_when_no_two_values_are_one_or_two_apart(both_ways: None) -> None:
    # 22003 shares a string two deletions away with both others (4 edits each); 32232 and 30331, 3 edits apart, do not
    ctx = _ctx({"a.txt": "2024-03-01", "b.txt": "2024-03-02", "c.txt": "2024-03-03"})
    figs = [_fig(doc, 0, f"{v}项", v) for doc, v in (("a.txt", 22003), ("b.txt", 32232), ("c.txt", 30331))]
    got = counted(ctx, Params(), figs, 20)
    assert got == reference(ctx, Params(), figs, 20) and got is not None and got["min_edit"] == 3


def test_of_two_reports_at_one_place_the_later_of_the_last_pair_is_kept(both_ways: None) -> None:
    # a.txt's two reports at offset 0 disagree with each other, and only the first with b.txt's: pairs (0, 1), (0, 2)
    ctx = _ctx({"a.txt": "2024-03-01", "b.txt": "2024-03-02"})
    figs = [_fig("a.txt", 0, "832项", 832), _fig("a.txt", 0, "823项", 823), _fig("b.txt", 0, "823项", 823)]
    got = counted(ctx, Params(), figs, 20)
    assert got == reference(ctx, Params(), figs, 20) and got is not None and got["figures"] == [0, 2]
