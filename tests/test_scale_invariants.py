"""What keeps the pipeline linear in the size of the corpus, checked by counting work rather than timing it
(speed goals themselves live in bench/run_scale.py and bench/gate.py, which print figures).

- the synthetic corpus builder is deterministic, its smaller corpora are prefixes of the larger, and its documents
  are varied (not copies);
- a passage repeated in many documents is one finding, not one per pair;
- check kinds read the run-wide tables (metrics, figures) a bounded number of times, not once per sentence or
  per metric;
- the trend kind's work on one metric's timeline grows with its number of reports, not with the pairs of them
  (counted as calls of the helpers that compare two reports).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reconcile import api
from reconcile.kinds import load_kind
from reconcile.kinds.base import RunContext
from reconcile.ruleset import load_rules

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Spec, document, load_sources  # noqa: E402


class CountingTuple(tuple):
    """A tuple that counts how often it is iterated over from the start."""

    def __new__(cls, items):  # type: ignore[no-untyped-def]
        obj = super().__new__(cls, items)
        obj.passes = 0
        return obj

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.passes += 1
        return super().__iter__()


def _ctx(result: api.RunResult, *, metrics=None, figures=None) -> RunContext:  # type: ignore[no-untyped-def]
    return RunContext(
        pages=result.pages,
        figures=figures if figures is not None else result.figures,
        metrics=metrics if metrics is not None else result.metrics,
        figure_metric=result.figure_metric,
        page_by_doc={p.doc: p for p in result.pages},
    )


def _rules(kind: str) -> list:
    return [r for r in load_rules(None) if r.kind == kind]


@pytest.fixture(scope="module")
def many_sentences() -> api.RunResult:
    """Forty documents, each with several sentences holding figures of a few shared metrics."""
    docs = {}
    for i in range(40):
        year = 2015 + i % 8
        docs[f"d{i:02d}.txt"] = (
            f"{year}年，某市地区生产总值{3000 + 7 * i}亿元，同比增长{5 + i % 3}.{i % 10}%。"
            f"全市新增高新技术企业{20 + i}家，总数达到{400 + 3 * i}家。"
            f"全年完成固定资产投资{900 + i}亿元，其中工业投资{300 + i}亿元、基础设施投资{200 + i}亿元。"
            f"城镇新增就业{1 + i % 5}.{i % 7}万人，年末常住人口{340 + i}万人。"
        )
    return api.run_texts(docs, rules=[])


# -------------------------------------------------------------------------------------- the corpus builder


def test_corpus_is_deterministic_and_prefix_stable() -> None:
    sources = load_sources()
    a = [document(i, Spec(30, seed=3), sources) for i in range(30)]
    b = [document(i, Spec(300, seed=3), sources) for i in range(30)]
    assert a == b  # document i does not depend on N
    c = document(5, Spec(30, seed=4), sources)
    assert c != a[5]  # ...but does on the seed


def test_corpus_documents_are_varied_not_copies() -> None:
    sources = load_sources()
    docs = [document(i, Spec(200), sources) for i in range(200)]
    assert len({d.text for d in docs}) == len(docs)
    assert any("\n" in d.text.strip().split("\n\n")[1] for d in docs)  # some OCR-style wrapped paragraphs
    assert any(c in d.text for d in docs for c in "０１２３４５６７８９")  # some full-width digits
    assert any(d.origin.startswith("reprint-of:") for d in docs)
    assert all(1000 < len(d.text) < 6000 for d in docs)


# -------------------------------------------------------------------------------------- grouping stays linear


def test_copies_in_many_documents_are_one_finding() -> None:
    passage = "本报欢迎读者提供新闻线索，来信请寄编辑部读者服务中心，稿件一经采用即付稿酬，谢谢各位读者的大力支持。"
    docs = {f"p{i:02d}.txt": f"第{i}版要闻\n\n今天是第{i}个工作日，各项工作有序推进，群众满意度持续提升。\n\n{passage}\n" for i in range(24)}
    result = api.run_texts(docs, rules=[])
    ctx = _ctx(result)
    kind = load_kind("duplicate")
    found = [f for r in _rules("duplicate") for f in kind.check(r, ctx)]
    with_passage = [f for f in found if any(passage[:10] in e.text for e in f.evidence)]
    assert len(with_passage) == 1  # one group of 24 copies, not 276 pairs


# -------------------------------------------------------------------------------------- run-wide tables


def test_arithmetic_reads_the_metric_table_once_per_rule(many_sentences: api.RunResult) -> None:
    metrics = CountingTuple(many_sentences.metrics)
    ctx = _ctx(many_sentences, metrics=metrics)
    kind = load_kind("arithmetic")
    rules = _rules("arithmetic")
    for r in rules:
        list(kind.check(r, ctx))
    assert len(many_sentences.pages) * 4 > 2 * len(rules)  # far more sentences than rules
    assert metrics.passes <= len(rules)  # not once per sentence


# -------------------------------------------------------------------------------------- start-up


def test_jieba_dictionary_caches_live_in_the_user_cache_directory() -> None:
    import platformdirs

    from reconcile.align.tokens import _tokenizer
    from reconcile.extract.words import _jieba

    want = platformdirs.user_cache_dir("reconcile")
    assert _tokenizer().tmp_dir == want  # align's own tokenizer (a clean dictionary)
    assert _jieba().dt.tmp_dir == want  # extract's, with the gazetteer's words added


def test_trend_digit_pairs_come_from_buckets_and_miss_no_one_edit_pair() -> None:
    import random

    from rapidfuzz.distance import OSA

    from reconcile.kinds.sweep import one_edit_pairs

    rng = random.Random(5)
    texts = [str(rng.choice([609, 601, 690, 6090, 69, 533, 5330, 1506, 1605, 27.41, 27.14, 2741])) for _ in range(120)]
    texts += [str(rng.randrange(90, 1200)) for _ in range(300)]
    distinct = sorted(set(texts))
    want = {(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1 :] if OSA.distance(a, b) == 1}
    assert set(one_edit_pairs(texts)) == want  # exactly the strings one edit apart: none missed, none extra
    assert one_edit_pairs(["609"] * 500) == []  # 500 copies of one printing: nothing to compare


def test_trend_reads_the_figure_table_once_per_rule(many_sentences: api.RunResult) -> None:
    figures = CountingTuple(many_sentences.figures)
    ctx = _ctx(many_sentences, figures=figures)
    kind = load_kind("trend")
    rules = _rules("trend")
    for r in rules:
        list(kind.check(r, ctx))
    multi = sum(1 for m in many_sentences.metrics if len(m.points) > 1)
    assert multi > 2 * len(rules)  # far more metrics than rules
    assert figures.passes <= len(rules)  # growth claims gathered once, not once per metric


# -------------------------------------------------------------------------------------- trend: linear work


def _timeline(n: int) -> RunContext:
    """n reports of one level in n documents over three months, as a daily paper prints them: values dense enough
    that most pairs are one digit apart (600..639), two printed periods, a growth claim in every third report, and
    among them targets for the year and running totals since 2021."""
    from reconcile.align import align, load_vocabulary
    from tests.align.builders import fig, page

    pages, figures = [], []
    for k in range(n):
        value = 600 + (k * 7919) % 40
        year = 2024 + k % 2
        date = f"2025-0{1 + k % 3}-{1 + k % 28:02d}"
        if k % 10 == 1:
            pg = page(f"d{k:04d}.txt", f"{year}年全市企业目标{value}家。", date)
            extra = {"modality": "target", "period": str(year)}
        elif k % 10 == 2:
            pg = page(f"d{k:04d}.txt", f"2021年以来全市企业累计{value}家。", date)
            extra = {"nature": "cumulative", "period": f"2021/{year}"}
        else:
            pg = page(f"d{k:04d}.txt", f"{year}年全市企业{'增至' if k % 3 == 0 else ''}{value}家。", date)
            extra = {}
        pages.append(pg)
        figures.append(fig(pg, f"{value}家", float(value), metric="企业", entity="某市", **{"period": str(year), "nature": "stock", **extra}))
    metrics, ids = align(figures, pages, load_vocabulary())
    return RunContext(pages=tuple(pages), figures=tuple(figures), metrics=tuple(metrics), figure_metric=tuple(ids),
                      page_by_doc={p.doc: p for p in pages})


def _trend_comparisons(ctx: RunContext, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Calls of the helpers that compare or place two reports (intervals, same moment, digit edits, months apart,
    a report's place in time) while every shipped trend rule runs; and the findings."""
    import reconcile.kinds.trend as trend

    calls = [0]

    def counted(fn):  # type: ignore[no-untyped-def]
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            calls[0] += 1
            return fn(*a, **k)

        return wrapper

    for name in ("interval", "same_time", "digit_edit", "months_between"):
        monkeypatch.setattr(trend, name, counted(getattr(trend, name)))
    monkeypatch.setattr(trend.Trend, "_order", counted(trend.Trend._order))
    kind = load_kind("trend")
    found = [f for r in _rules("trend") for f in kind.check(r, ctx)]
    monkeypatch.undo()
    return calls[0], len(found)


def test_trend_work_grows_linearly_with_a_metrics_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _timeline(200), _timeline(800)
    assert max(len(m.points) for m in large.metrics) >= 600  # one timeline of (nearly) every report
    work_small, found_small = _trend_comparisons(small, monkeypatch)
    work_large, found_large = _trend_comparisons(large, monkeypatch)
    assert found_small and found_large  # the rules do find falls and one-digit pairs here: the work is not skipped
    # Four times the reports: about four times the work, not sixteen (every pair of reports compared).
    assert work_large < 6 * work_small, (work_small, work_large)
