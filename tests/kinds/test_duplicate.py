"""The duplicate kind: the four scopes (document, across, article, boilerplate), severities, evidence and
fingerprints, on pages built by reconcile.ingest; the seed pages as the acceptance check."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from reconcile.ingest import page_from_text
from reconcile.kinds.base import RunContext
from reconcile.kinds.duplicate import Duplicate, Params

from ._build import rule
from .test_passages import FILLER, S1, S2, wrap

ARTICLE = [
    "近日，全区县域科技创新能力提升行动评价结果公示，全市6个旗县区表现亮眼，其中一个区以综合评分位居榜首。",
    "高新区的生产线上，12英寸集成电路用单晶硅衬底正源源不断下线，试验田里的鲜食玉米饱满多汁。",
    "2024年，该区锚定两区两园发展实际，系统编制创新实施方案，聚焦7项重点示范项目精准发力。",
    "资金活水精准滴灌，让创新动能更加强劲，两家半导体材料企业各获得400万元专项支持。",
    "截至目前，该区已向上级推荐8家科学家工作站，推动7家市级、5家区级技术转移服务机构落地。",
    "仅技术合同交易一项，2024年通过政策宣传和后补助激励，辖区企业登记额同比增长20%。",
    "一个个具体项目、一组组增长数据，书写着科技创新的进阶答卷，这片热土必将迸发更强活力。",
]

HANZI = "".join(dict.fromkeys("".join(ARTICLE + FILLER)))  # characters of no sentence in particular
SCOPES = {"document": "RC501", "across": "RC502", "article": "RC503", "boilerplate": "RC504"}
SEVERITY = {"document": "error", "across": "warning", "article": "error", "boilerplate": "info"}


def ctx(*pages):
    return RunContext(pages=tuple(pages), figures=(), metrics=(), figure_metric=(), page_by_doc={p.doc: p for p in pages})


def run(scope: str, context: RunContext, **params):
    r = rule("duplicate", Params(scope=scope, **params), code=SCOPES[scope], severity=SEVERITY[scope], message="{passage}")
    return list(Duplicate().check(r, context))


def page(text: str, doc: str):
    return page_from_text(text, doc=doc)


# ------------------------------------------------------------------------------------------ document


def test_repeat_in_one_article_is_an_error_with_every_copy_as_evidence() -> None:
    text = "\n\n".join([FILLER[0], S1, FILLER[1], S1, FILLER[2], S1])
    (f,) = run("document", ctx(page(text, "a.txt")))
    assert f.severity == "error" and f.kind == "duplicate"
    assert [e.text for e in f.evidence] == [S1, S1, S1]
    assert f.computed["copies"] == 3 and f.computed["exact"]
    assert run("across", ctx(page(text, "a.txt"))) == []


def test_repeat_in_one_document_and_a_reprint_elsewhere_are_two_findings() -> None:
    a = page("\n\n".join([S1, FILLER[0], S1]), "a.txt")
    b = page("\n\n".join([FILLER[1], S1]), "b.txt")
    (inside,) = run("document", ctx(a, b))
    assert [e.doc for e in inside.evidence] == ["a.txt", "a.txt"]
    (across,) = run("across", ctx(a, b))
    assert sorted(e.doc for e in across.evidence) == ["a.txt", "a.txt", "b.txt"]


def test_repeat_outside_an_article_body_is_a_warning() -> None:
    p = page("\n\n".join([S1, FILLER[1], S1]), "a.txt")
    caption = dataclasses.replace(p, articles=tuple(dataclasses.replace(a, role="caption") for a in p.articles))
    (f,) = run("document", ctx(caption))
    assert f.severity == "warning"


def test_near_repeat_lists_the_differing_words() -> None:
    a = "国家乳业技术创新中心总经理何剑峰说，" + S1
    b = "国家草业技术创新中心(筹)副总经理苑峰说，" + S1
    (f,) = run("document", ctx(page("\n\n".join([a, FILLER[3], b]), "a.txt")))
    diffs = f.computed["differences"][0]["differences"]
    changed = {(d["canonical"]["text"], d["copy"]["text"]) for d in diffs}
    assert ("草", "乳") in changed or ("乳", "草") in changed
    assert 0.85 <= f.computed["similarity"] < 1


# ------------------------------------------------------------------------------------------ across


def test_passage_reprinted_in_another_document() -> None:
    a = page("\n\n".join([FILLER[0], S2, FILLER[1]]), "a.txt")
    b = page(wrap(FILLER[2] + S2 + FILLER[3]), "b.txt")
    (f,) = run("across", ctx(a, b))
    assert f.severity == "warning"
    assert {e.doc for e in f.evidence} == {"a.txt", "b.txt"}
    assert run("document", ctx(a, b)) == []
    assert run("article", ctx(a, b)) == []


# ------------------------------------------------------------------------------------------ article


def _reprint_pages():
    a = page("\n\n".join(["科技赋能蝶变路", *ARTICLE, FILLER[0]]), "p3.txt")
    cut = [s for s in ARTICLE if "登记额" not in s]
    cut[3] = cut[3].replace("创新动能", "新动能")
    b = page("\n\n".join([FILLER[4], FILLER[1], *(wrap(s) for s in cut)]), "p4.txt")
    return a, b


def test_article_reprint_is_one_finding_naming_the_dropped_sentence() -> None:
    a, b = _reprint_pages()
    (f,) = run("article", ctx(a, b))
    assert f.severity == "error"
    differs = [e for e in f.evidence if e.role == "differs"]
    assert [e.text for e in differs] == [ARTICLE[5]]
    assert differs[0].doc == "p3.txt"
    copies = f.computed["copies"]
    words = {(d["canonical"]["text"], d["copy"]["text"]) for c in copies for d in c.get("differences", ())}
    assert ("创", "") in words
    # the sentences of the reprint are not reported again one by one
    assert run("across", ctx(a, b)) == []


def test_identical_reprint_keeps_the_rules_severity() -> None:
    a = page("\n\n".join(ARTICLE), "a.txt")
    b = page("\n\n".join([FILLER[0], *ARTICLE]), "b.txt")
    (f,) = run("article", ctx(a, b))
    assert f.severity == "error" and f.computed["differences"] == 0


def test_a_few_shared_sentences_are_not_an_article() -> None:
    a = page("\n\n".join([*ARTICLE[:2], FILLER[0], FILLER[1]]), "a.txt")
    b = page("\n\n".join([FILLER[2], *ARTICLE[:2], FILLER[3]]), "b.txt")
    assert run("article", ctx(a, b)) == []
    assert len(run("across", ctx(a, b))) == 1


def test_a_passage_quoted_inside_two_long_texts_is_not_an_article() -> None:
    def body(tag: str) -> list[str]:  # twelve unrelated sentences
        rng = random.Random(tag)
        return ["".join(rng.choice(HANZI) for _ in range(30)) + "。" for _ in range(12)]

    a = page("\n\n".join(body("甲")[:6] + ARTICLE[:5] + body("甲")[6:]), "a.txt")
    b = page("\n\n".join(body("乙")[:3] + ARTICLE[:5] + body("乙")[3:]), "b.txt")
    assert run("article", ctx(a, b)) == []
    assert len(run("across", ctx(a, b))) == 1
    whole = page("\n\n".join(ARTICLE[:5]), "c.txt")  # all of c's article is in a: a reprint
    assert len(run("article", ctx(a, whole))) == 1


def test_three_copies_of_an_article_are_one_finding() -> None:
    a, b = _reprint_pages()
    c = page("\n\n".join(ARTICLE), "p5.txt")
    (f,) = run("article", ctx(a, b, c))
    assert f.computed["copies"] and len(f.computed["copies"]) == 3


# ------------------------------------------------------------------------------------------ boilerplate


def test_sentence_in_many_documents_is_boilerplate_reported_once() -> None:
    stock = "各级政府要依法接受同级人大及其常委会的监督，自觉接受人民政协的民主监督。"
    others = [*FILLER, ARTICLE[0]]
    pages = [page("\n\n".join([others[i], stock, ARTICLE[1 + i]]), f"d{i}.txt") for i in range(6)]
    (f,) = run("boilerplate", ctx(*pages))
    assert f.severity == "info" and f.computed["documents"] == 6
    assert len(f.evidence) == 1
    assert all(stock not in e.text for s in ("across", "article") for e in [x for f2 in run(s, ctx(*pages)) for x in f2.evidence])
    assert run("boilerplate", ctx(*pages), boilerplate_docs=7) == []


# ------------------------------------------------------------------------------------------ fingerprints


def test_fingerprint_survives_moved_text_and_an_added_copy() -> None:
    a = page("\n\n".join([FILLER[0], S2]), "a.txt")
    b = page("\n\n".join([FILLER[1], S2]), "b.txt")
    (f1,) = run("across", ctx(a, b))
    a2 = page("\n\n".join([FILLER[2], FILLER[3], FILLER[0], S2]), "a.txt")
    c = page(wrap(ARTICLE[0] + S2 + ARTICLE[6]), "c.txt")
    (f2,) = run("across", ctx(a2, b, c))
    assert f1.fingerprint == f2.fingerprint
    assert f1.evidence[0].start != f2.evidence[0].start


def test_article_fingerprint_survives_an_added_copy() -> None:
    a, b = _reprint_pages()
    (f1,) = run("article", ctx(a, b))
    (f2,) = run("article", ctx(a, b, page("\n\n".join(ARTICLE), "p5.txt")))
    assert f1.fingerprint == f2.fingerprint


def test_message_fields_are_all_filled() -> None:
    from reconcile.kinds.duplicate import FIELDS

    template = " ".join("{" + k + "}" for k in sorted(FIELDS))
    a, b = _reprint_pages()
    context = ctx(a, b, page("\n\n".join([S1, FILLER[0], S1]), "c.txt"))
    for scope, code in SCOPES.items():
        r = rule("duplicate", Params(scope=scope), code=code, message=template)
        for f in Duplicate().check(r, context):
            assert "{" not in f.message


# ------------------------------------------------------------------------------------------ seeds


@pytest.fixture(scope="module")
def seeds_ctx(seeds_dir: Path) -> RunContext:
    pages = [page_from_text(p.read_text(encoding="utf-8"), doc=f"seeds/{p.name}") for p in sorted(seeds_dir.glob("*.txt"))]
    return ctx(*pages)


def _quoted(findings, needle: str, doc_prefix: str = "") -> list:
    flat = needle.replace("，", ",")
    return [
        f for f in findings
        if any(flat in "".join(e.text.split()).replace("，", ",") and e.doc.startswith(doc_prefix) for e in f.evidence)
    ]


def test_seed_passage_pasted_under_two_speakers(seeds_ctx: RunContext) -> None:
    found = _quoted(run("document", seeds_ctx), "中心通过整合各方资源，汇聚国内47家草业领域的顶尖科研团队", "seeds/001")
    assert len(found) == 1 and len(found[0].evidence) == 2


def test_seed_sentence_repeated_in_page_004(seeds_ctx: RunContext) -> None:
    found = _quoted(run("document", seeds_ctx), "赛罕区成功跻身自治区科技创新一类旗县区行列并以综合评分位居榜首", "seeds/004")
    assert len(found) == 1


def test_seed_article_on_pages_003_and_004_names_the_dropped_sentence(seeds_ctx: RunContext) -> None:
    (f,) = run("article", seeds_ctx)
    assert {e.doc for e in f.evidence} == {"seeds/003_29a8b40233861e21.txt", "seeds/004_5a18d1e491f892fb.txt"}
    dropped = [e for e in _quoted([f], "辖区企业登记额同比增长20%") [0].evidence if e.role == "differs" and "登记额" in e.text]
    assert dropped and dropped[0].doc.startswith("seeds/003")


def test_seeds_have_no_other_duplicate_findings(seeds_ctx: RunContext) -> None:
    assert len(run("document", seeds_ctx)) == 2
    assert run("across", seeds_ctx) == []
    assert run("boilerplate", seeds_ctx) == []
