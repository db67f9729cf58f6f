"""The pattern kind, on pages built by hand (so that it is tested apart from ingest)."""

from __future__ import annotations

import pickle
import re
import time
from typing import Any, Optional

import pytest
from pydantic import ValidationError

from reconcile.kinds.base import Rule, RuleDocs, RunContext
from reconcile.kinds.pattern import Params, Pattern, _predates, _strip_assertions, backtracking_hazard
from reconcile.models import Article, Page, Paragraph, Sentence

DOCS = RuleDocs(what="w", why="y", example="减少3倍", fix="f")


def make_page(text: str, doc: str = "a.txt", date: Optional[str] = None, role: str = "article") -> Page:
    """Paragraphs at blank lines, sentences after 。！？; the normalised text drops spaces (as OCR clean-up
    does), so that offsets must go through the map to land on the original text."""
    keep = [i for i, ch in enumerate(text) if ch != " "]
    norm = "".join(text[i] for i in keep)
    omap = tuple(keep) + (len(text),)
    paragraphs = []
    for pm in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", norm):
        sents = []
        for sm in re.finditer(r"[^。！？]+[。！？]?", pm.group()):
            a, b = pm.start() + sm.start(), pm.start() + sm.end()
            sents.append(Sentence(omap[a], omap[b - 1] + 1, a, b))
        a, b = pm.start(), pm.end()
        paragraphs.append(Paragraph(omap[a], omap[b - 1] + 1, a, b, tuple(sents)))
    art = Article(0, len(text), role, None, None, None, None, tuple(paragraphs))  # type: ignore[arg-type]
    return Page(doc=doc, text=text, norm=norm, omap=omap, articles=(art,), encoding="utf-8", date=date)


def rule(params: dict[str, Any], message: str = "{match}|{note}|{suggest}|{near}", lang: str = "zh") -> Rule:
    return Rule(code="RC999", name="test-rule", kind="pattern", severity="warning", message=message,
                params=Params.model_validate(params), docs=DOCS, lang=lang)


def run(r: Rule, *pages: Page) -> list:
    return list(Pattern().check(r, RunContext(pages=pages, figures=(), metrics=(), figure_metric=())))


DECREASE = r"(?:减少|降低)了?(?:\d+(?:\.\d+)?|[一二三四五六七八九十]+)倍"


def test_a_match_is_evidence_with_exact_original_offsets() -> None:
    page = make_page("第一段没有问题。\n\n今年能耗降低了 3 倍，成本也降了。")
    (f,) = run(rule({"patterns": [DECREASE]}), page)
    (ev,) = f.evidence
    assert page.text[ev.start : ev.end] == ev.text == "降低了 3 倍"  # spaces are in the original
    assert ev.line == 3 and ev.role == "match" and ev.doc == "a.txt"
    assert (f.rule, f.kind, f.severity) == ("RC999", "pattern", "warning")
    assert f.message.startswith("降低了 3 倍|")
    assert f.computed == {"pattern": DECREASE}


def test_quiet_when_nothing_matches() -> None:
    assert run(rule({"patterns": [DECREASE]}), make_page("能耗降低了三分之一，产值增长2倍。")) == []


def test_unless_drops_only_its_own_sentence() -> None:
    page = make_page("能耗降低3倍的说法是错的。能耗降低3倍。")
    fs = run(rule({"patterns": [DECREASE], "unless": ["说法是错的"]}), page)
    assert [f.evidence[0].start for f in fs] == [page.text.index("。") + len("。能耗")]


GROWTH = r"增长(?:\d+)倍"
TIMES_OF = r"是[^。]{0,20}?的\d+倍"


def test_near_in_the_same_paragraph() -> None:
    page = make_page("产值增长2倍。产值是2020年的3倍。\n\n另一段：增长4倍。")
    (f,) = run(rule({"patterns": [GROWTH], "near": {"patterns": [TIMES_OF], "within": "paragraph"}}), page)
    assert [e.text for e in f.evidence] == ["增长2倍", "是2020年的3倍"]
    assert [e.role for e in f.evidence] == ["match", "near"]
    assert "|是2020年的3倍" in f.message


def test_near_in_the_same_sentence_only() -> None:
    page = make_page("产值增长2倍。产值是2020年的3倍。")
    assert run(rule({"patterns": [GROWTH], "near": {"patterns": [TIMES_OF]}}), page) == []


def test_near_absent() -> None:
    p = {"patterns": [GROWTH], "near": {"patterns": ["同比"], "require": "absent"}}
    page = make_page("产值同比增长2倍。利润增长3倍。")
    assert [f.evidence[0].text for f in run(rule(p), page)] == ["增长3倍"]


def test_a_near_match_overlapping_the_hit_does_not_count() -> None:
    p = {"patterns": ["增长2倍"], "near": {"patterns": [r"长\d倍"]}}
    assert run(rule(p), make_page("产值增长2倍。")) == []


def test_hit_group_is_the_evidence_and_the_rest_is_context() -> None:
    p = {"patterns": [{"pattern": "(?:^|[^原前])(?P<hit>国土资源部)", "suggest": "自然资源部"}]}
    page = make_page("国土资源部发布通知。原国土资源部部长出席。会议由国土资源部主持。")
    fs = run(rule(p), page)
    assert [(f.evidence[0].text, page.text[f.evidence[0].start - 2 : f.evidence[0].start]) for f in fs] == [
        ("国土资源部", ""), ("国土资源部", "议由")]
    assert fs[0].message == "国土资源部||自然资源部|"


def test_since_skips_documents_dated_before() -> None:
    p = {"patterns": [{"pattern": "国家质检总局", "since": "2018-04"}]}
    text = "国家质检总局发布通知。"
    assert run(rule(p), make_page(text, date="2017-12-30")) == []
    assert run(rule(p), make_page(text, date="2018")) != []  # may be after April 2018
    assert run(rule(p), make_page(text, date="2025-01-02")) != []
    assert run(rule(p), make_page(text, date=None)) != []  # unknown: checked


@pytest.mark.parametrize(
    "page_date, since, before",
    [("2017", "2018", True), ("2018", "2018", False), ("2018-03", "2018-04", True), ("2018-04-30", "2018-04", False),
     ("2018-03-31", "2018-04-01", True), (None, "2018", False), ("2018", None, False)],
)
def test_predates(page_date: Optional[str], since: Optional[str], before: bool) -> None:
    assert _predates(page_date, since) is before


def test_since_accepts_yaml_dates_and_refuses_words() -> None:
    import datetime

    assert Params.model_validate({"patterns": [{"pattern": "x", "since": datetime.date(2018, 4, 1)}]}).patterns[0].since == "2018-04-01"
    assert Params.model_validate({"patterns": [{"pattern": "x", "since": 2018}]}).patterns[0].since == "2018"
    with pytest.raises(ValidationError):
        Params.model_validate({"patterns": [{"pattern": "x", "since": "last spring"}]})


def test_page_furniture_is_skipped_by_default() -> None:
    page = make_page("降低3倍。", role="furniture")
    assert run(rule({"patterns": [DECREASE]}), page) == []
    assert len(run(rule({"patterns": [DECREASE], "roles": ["furniture"]}), page)) == 1


def test_overlapping_matches_of_two_patterns_are_one_finding() -> None:
    fs = run(rule({"patterns": ["国家质检总局", "质检总局"]}), make_page("国家质检总局和质检总局。"))
    assert [f.evidence[0].text for f in fs] == ["国家质检总局", "质检总局"]


def test_note_in_the_language_loaded_and_groups_as_fields() -> None:
    p = {"patterns": [{"pattern": r"降低(?P<times>\d+)倍", "note": {"zh": "不能", "en": "cannot"}}]}
    page = make_page("降低3倍。")
    (zh,) = run(rule(p, message="{note}:{times}"), page)
    (en,) = run(rule(p, message="{note}:{times}", lang="en"), page)
    assert (zh.message, en.message) == ("不能:3", "cannot:3")
    assert Pattern().message_fields(Params.model_validate(p)) >= {"match", "note", "times"}


def test_fingerprints_ignore_offsets_but_tell_findings_apart() -> None:
    r = rule({"patterns": [DECREASE]})
    a = run(r, make_page("能耗降低3倍。"))
    b = run(r, make_page("新加的一段文字。\n\n能耗降低3倍。"))
    assert a[0].fingerprint == b[0].fingerprint  # unrelated text moved it
    assert a[0].evidence[0].start != b[0].evidence[0].start
    twice = run(r, make_page("能耗降低3倍。能耗降低3倍。成本降低3倍。"))
    assert len({f.fingerprint for f in twice}) == 3
    other_doc = run(r, make_page("能耗降低3倍。", doc="b.txt"))
    assert other_doc[0].fingerprint != a[0].fingerprint


def test_an_anchored_pattern_is_found_in_a_later_sentence() -> None:
    """The paragraph screen drops anchors; it must not hide a sentence-anchored match."""
    fs = run(rule({"patterns": ["^能耗降低"]}), make_page("产值增长。能耗降低3倍。"))
    assert [f.evidence[0].text for f in fs] == ["能耗降低"]


def test_matching_time_is_linear() -> None:
    """A pattern that makes Python's re quadratic on a long unterminated sentence stays fast on re2."""
    page = make_page("增" * 400_000)
    t0 = time.perf_counter()
    assert run(rule({"patterns": ["[^。]*减少[^。]*倍"]}), page) == []
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize(
    "pattern, word",
    [
        (r"(增长)\d+倍\1", "re2"),  # backreference
        (r"减少(?=\d)", "re2"),  # lookahead
        (r"(?<!原)国土资源部", "re2"),  # lookbehind
        (r"(减少)?", "empty"),
        (r"(\d+\s?)+倍", "nests"),
        ("", "empty"),
        ("(", "re2"),
    ],
)
def test_bad_patterns_are_refused_when_loaded(pattern: str, word: str) -> None:
    for params in ({"patterns": [pattern]}, {"patterns": ["x"], "unless": [pattern]},
                   {"patterns": ["x"], "near": {"patterns": [pattern]}}):
        with pytest.raises(ValidationError) as exc:
            Params.model_validate(params)
        assert word in str(exc.value)


def test_re2_syntax_python_lacks_is_accepted() -> None:
    (f,) = run(rule({"patterns": [r"\p{Han}+部"]}), make_page("abc国土资源部。"))
    assert f.evidence[0].text == "国土资源部"


@pytest.mark.parametrize(
    "pattern, hazardous",
    [("(a+)+", True), ("(a*)*b", True), (r"(\w+\s*)+$", True), (r"(x?y*)+", True), (r"(?:\s*\d+)+", True),
     (r"(?:\d+|[一二三]+)+", True), (r"(?:第[一二三]+条)+", False), (r"(?:\d+[,，])*\d+", False), (r"(?:增长|增加)+", False), (r"减少(\d+)倍", False), (r"\p{Han}+", False)],
)
def test_backtracking_hazard(pattern: str, hazardous: bool) -> None:
    assert (backtracking_hazard(pattern) is not None) is hazardous


def test_strip_assertions_keeps_character_classes() -> None:
    assert _strip_assertions(r"(?:^|[^原])(?P<hit>部)$\b") == "(?:|[^原])(?:部)"
    assert _strip_assertions(r"[]^$]\$") == r"[]^$]\$"


def test_rules_with_pattern_params_pickle() -> None:
    r = rule({"patterns": [{"pattern": DECREASE, "note": "n"}], "near": {"patterns": ["x"]}})
    assert pickle.loads(pickle.dumps(r)) == r
