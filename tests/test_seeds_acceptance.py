"""Issue 3's acceptance on the five seed pages: the findings that must be there, with their spans, and the false
alarms that must not. Matched on rule kind and quoted evidence, never on wording or offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile import api

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result():
    return api.run_paths([str(ROOT / "seeds")], cwd=ROOT)


def _texts(f) -> str:
    return " | ".join(e.text for e in f.evidence)


def _find(result, kind: str, *quotes: str, severity=None):
    hits = [f for f in result.findings if f.kind == kind and all(any(q in e.text.replace("\n", "") for e in f.evidence) for q in quotes)]
    if severity:
        hits = [f for f in hits if f.severity == severity]
    return hits


def test_top_tier_32_then_23(result) -> None:
    [f] = _find(result, "trend", "32家", "23家")
    assert {e.doc.split("/")[-1][:3] for e in f.evidence} == {"000", "001"}


def test_growth_claim_81_89(result) -> None:
    [f] = _find(result, "growth-mismatch", "81.89%", "27.41亿元", "15.06亿元", severity="error")
    lo, hi = f.computed["implied_interval"]
    assert lo > 0.8189 and 0.8191 <= lo < hi <= 0.8211
    assert round(f.computed["implied_base_value"] / 1e8, 2) == 15.07


def test_175_93_out_of_range_as_warning(result) -> None:
    assert _find(result, "growth-range", "175.93%", severity="warning")


def test_passage_pasted_under_two_speakers(result) -> None:
    [f] = _find(result, "duplicate", "汇聚国内47家草业领域的顶尖科研团队")
    assert len(f.evidence) >= 2 and {e.doc for e in f.evidence} == {"seeds/001_d8aa3103f1ade5f0.txt"}


def test_sentence_repeated_in_page_004(result) -> None:
    hits = _find(result, "duplicate", "赛罕区成功跻身自治区科技创新一类旗县区行列并以综合评分位居榜首")
    assert any({e.doc for e in f.evidence} == {"seeds/004_5a18d1e491f892fb.txt"} for f in hits)


def test_article_on_two_pages_names_the_dropped_sentence(result) -> None:
    hits = [f for f in _find(result, "duplicate") if {e.doc for e in f.evidence} >= {"seeds/003_29a8b40233861e21.txt", "seeds/004_5a18d1e491f892fb.txt"}]
    assert len(hits) == 1
    assert "辖区企业登记额同比增长20%" in _texts(hits[0]).replace("\n", "")


def test_no_false_alarms(result) -> None:
    for f in result.findings:
        t = _texts(f).replace("\n", "")
        if f.kind in ("conflict", "trend", "growth-mismatch", "arithmetic"):
            assert not ("16家" in t and any(v in t for v in ("533家", "601家", "609家"))), f.message  # park vs city
            assert not ("8.01亿元" in t and "10.04亿元" in t), f.message  # 1—11月 vs a full year
            assert not ("2300" in t and "2000多名" in t), f.message  # 技术经理人 vs 技术经纪人, different dates
            assert not ("155.8" in t and "120人" in t and f.severity != "info"), f.message  # a target met
            assert not ("290万元" in t), f.message  # the awards add up
        if f.kind == "conflict":
            assert not any(v in t for v in ("533家", "601家", "609家")), f.message  # growth, not a conflict
        if "5929" in t and "5829" in t:
            assert f.severity == "info"


def test_every_evidence_span_slices_back(result) -> None:
    pages = {p.doc: p for p in result.pages}
    for f in result.findings:
        for e in f.evidence:
            assert pages[e.doc].text[e.start:e.end] == e.text
