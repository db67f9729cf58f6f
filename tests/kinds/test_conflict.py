"""conflict kind: interval logic, same-moment rules, severity lowering, fingerprints, reprints."""

from __future__ import annotations

from reconcile.align import align, load_vocabulary
from reconcile.kinds.base import RunContext
from reconcile.kinds.conflict import Conflict, Params, digit_edit, interval
from tests.align.builders import fig, page
from tests.kinds._build import rule

V = load_vocabulary()
CITY = "甲市"


def run(figures, pages, **params):
    metrics, ids = align(figures, pages, V)
    ctx = RunContext(pages=tuple(pages), figures=tuple(figures), metrics=metrics, figure_metric=ids, page_by_doc={p.doc: p for p in pages})
    return list(Conflict().check(rule("conflict", Params(**params), code="RC101"), ctx))


def two(a_text, a_fig, b_text, b_fig, a_date="2024-03-01", b_date="2024-03-20", **params):
    pa, pb = page("a.txt", a_text, a_date), page("b.txt", b_text, b_date)
    return run([fig(pa, **a_fig), fig(pb, **b_fig)], [pa, pb], **params)


def count(text, value, **kw):
    base = dict(text=text, value=value, metric="技术合同", entity=CITY, period="2023", nature="flow", unit="项")
    base.update(kw)
    return base


# intervals ----------------------------------------------------------------------------------------------------


def test_intervals_follow_the_wording():
    p = page("a.txt", "超5000人，5200人，100多家，150家，约1.7倍，5929家。")
    assert interval(fig(p, "超5000人", 5000, metric="m", approx="over", low=5000))[1] == float("inf")
    lo, hi = interval(fig(p, "100多家", 100, metric="m", approx="range", low=100, high=200))
    assert (lo, hi) == (100, 200)
    lo, hi = interval(fig(p, "5929家", 5929, metric="m"))
    assert lo == hi == 5929  # a count printed in full is exact: 5929家 and 5930家 cannot both be true
    lo, hi = interval(fig(p, "约1.7倍", 1.7, metric="m", approx="about", precision=0.1))
    assert lo < 1.65 and hi > 1.75


def test_digit_edit_counts_a_transposition_as_one():
    p = page("a.txt", "32家，23家，5929家，5829家，三十二家。")
    assert digit_edit(fig(p, "32家", 32, metric="m"), fig(p, "23家", 23, metric="m")) == 1
    assert digit_edit(fig(p, "5929家", 5929, metric="m"), fig(p, "5829家", 5829, metric="m")) == 1
    assert digit_edit(fig(p, "三十二家", 32, metric="m"), fig(p, "32家", 32, metric="m")) == 0


# figures mode -------------------------------------------------------------------------------------------------


def test_values_that_cannot_both_be_true_conflict():
    (f,) = two("2023年认定登记技术合同832项。", count("832项", 832), "2023年全市认定登记技术合同823项。", count("823项", 823))
    assert f.kind == "conflict" and f.severity == "error"
    assert {e.text for e in f.evidence} == {"832项", "823项"}
    assert f.computed["digit_edit"] == 1 and f.metric_id


def test_many_disagreeing_reports_list_every_figure_but_a_bounded_number_of_pairs():
    from reconcile.kinds.conflict import PAIRS_SHOWN

    pages = [page(f"p{i:02d}.txt", f"2023年全市认定登记技术合同{800 + i}项。", "2024-03-01") for i in range(12)]
    figures = [fig(pg, **count(f"{800 + i}项", 800 + i)) for i, pg in enumerate(pages)]
    (f,) = run(figures, pages)
    assert len(f.evidence) == 12  # every report is evidence
    assert f.computed["pairs_total"] == 66 > PAIRS_SHOWN == len(f.computed["pairs"])
    (small,) = run(figures[:3], pages[:3])
    assert len(small.computed["pairs"]) == 3 and "pairs_total" not in small.computed


def test_approximations_that_meet_do_not_conflict():
    assert not two("2023年科研团队超5000人。", count("超5000人", 5000, approx="over", low=5000, unit="人", metric="科研团队"),
                   "2023年科研团队5200人。", count("5200人", 5200, unit="人", metric="科研团队"))
    assert not two("2023年成员单位100多家。", count("100多家", 100, approx="range", low=100, high=200, unit="家", metric="成员单位"),
                   "2023年成员单位150家。", count("150家", 150, unit="家", metric="成员单位"))


def test_different_periods_never_conflict():
    assert not two("2024年财政科技支出10.04亿元。", count("10.04亿元", 1.004e9, period="2024", unit="元", kind="amount", precision=1e6, metric="财政科技支出"),
                   "2025年1—11月份，全市财政科技支出8.01亿元。", count("8.01亿元", 8.01e8, period="2025-01/2025-11", unit="元", kind="amount", precision=1e6, metric="财政科技支出"))


def test_inferred_periods_on_pages_months_apart_are_two_moments():
    a = count("601家", 601, period="2025", period_source="inferred", nature="stock", unit="家", metric="国家高新技术企业")
    b = count("609家", 609, period="2025", period_source="inferred", nature="stock", unit="家", metric="国家级高新技术企业")
    assert not two("目前，全市拥有国家级高新技术企业601家。", a, "推荐认定国家高新技术企业609家。", b, a_date="2025-07-15", b_date="2025-12-18")
    # the same two sentences on pages of the same month do speak of one moment
    assert two("目前，全市拥有国家级高新技术企业601家。", a, "推荐认定国家高新技术企业609家。", b, a_date="2025-07-15", b_date="2025-07-20")


def test_park_and_city_never_conflict():
    assert not two("全市国家高新技术企业609家。", count("609家", 609, nature="stock", unit="家", metric="国家高新技术企业"),
                   "集聚区包括16家高新技术企业。", count("16家", 16, nature="stock", unit="家", metric="高新技术企业", entity="金桥“双创”创新集聚区"))


def test_target_and_actual_never_conflict():
    assert not two("研发人员达155.8人。", count("155.8人", 155.8, kind="ratio", unit="人", precision=0.1, metric="每万名就业人员中研发人员", nature=None),
                   "“十四五”的120人目标。", count("120人", 120, kind="ratio", unit="人", modality="target", metric="每万名就业人员中研发人员", nature=None))


def test_renamed_register_with_compatible_values_does_not_conflict():
    assert not two("技术经理人突破2300名。", count("突破2300名", 2300, approx="over", low=2300, unit="名", nature="stock", metric="技术经理人"),
                   "技术经纪人2000多名。", count("2000多名", 2000, approx="range", low=2000, high=3000, unit="名", nature="stock", metric="技术经纪人"))


def test_one_digit_apart_on_pages_months_apart_is_info():
    (f,) = two("2023年认定登记技术合同832项。", count("832项", 832), "2023年全市认定登记技术合同823项。", count("823项", 823),
               a_date="2024-01-10", b_date="2024-06-10")
    assert f.severity == "info"


def test_far_apart_values_stay_errors_whatever_the_dates():
    (f,) = two("2023年认定登记技术合同832项。", count("832项", 832), "2023年全市认定登记技术合同640项。", count("640项", 640),
               a_date="2024-01-10", b_date="2024-06-10")
    assert f.severity == "error"


def test_fingerprint_ignores_offsets_and_an_agreeing_page():
    pa = page("a.txt", "2023年认定登记技术合同832项。", "2024-03-01")
    pb = page("b.txt", "据统计，2023年全市认定登记技术合同823项。", "2024-03-02")
    pc = page("c.txt", "前言很长很长。2023年，认定登记技术合同832项。", "2024-03-03")
    base = [fig(pa, **count("832项", 832)), fig(pb, **count("823项", 823))]
    (f1,) = run(base, [pa, pb])
    (f2,) = run(base + [fig(pc, **count("832项", 832))], [pa, pb, pc])
    assert f1.fingerprint == f2.fingerprint
    assert len(f2.evidence) == 3


def test_two_figures_of_one_sentence_are_not_compared():
    p = page("a.txt", "2023年技术合同从823项增加到832项。")
    assert not run([fig(p, **count("823项", 823)), fig(p, **count("832项", 832))], [p])


# reprint mode -------------------------------------------------------------------------------------------------


def _reprint_pages(b_text, b_date="2025-07-20"):
    a = "今年以来，甲市充分发挥创新平台总窗口作用，吸纳汇聚5829家区内外创新主体，新增技术转移服务机构36家。"
    return page("a.txt", a, "2025-07-15"), page("b.txt", b_text, b_date)


def _ingested(pg):
    from reconcile.ingest import page_from_text

    return page_from_text(pg.text, doc=pg.doc, date=pg.date)


def test_reprint_that_changed_a_number():
    a, b = _reprint_pages("今年以来，甲市充分发挥创新平台总窗口作用，吸纳汇聚5929家区内外创新主体，新增技术转移服务机构36家。")
    pages = [_ingested(a), _ingested(b)]
    (f,) = run([], pages, mode="reprint")
    texts = {e.text for e in f.evidence}
    assert "5829" in "".join(texts) and "5929" in "".join(texts)
    assert {e.doc for e in f.evidence} == {"a.txt", "b.txt"}
    assert f.severity == "error"


def test_identical_reprint_and_later_report_are_quiet():
    a, b = _reprint_pages("今年以来，甲市充分发挥创新平台总窗口作用，吸纳汇聚5829家区内外创新主体，新增技术转移服务机构36家。")
    assert not run([], [_ingested(a), _ingested(b)], mode="reprint")
    a, c = _reprint_pages("今年以来，甲市充分发挥创新平台总窗口作用，吸纳汇聚6929家区内外创新主体，新增技术转移服务机构36家。", "2026-03-01")
    assert not run([], [_ingested(a), _ingested(c)], mode="reprint")


def test_a_reprint_that_only_moved_its_date_is_quiet():
    a = page("a.txt", "2024年，甲市充分发挥创新平台总窗口作用，持续完善技术转移体系，服务企业成效明显。", "2025-01-05")
    b = page("b.txt", "2025年，甲市充分发挥创新平台总窗口作用，持续完善技术转移体系，服务企业成效明显。", "2025-01-20")
    assert not run([], [_ingested(a), _ingested(b)], mode="reprint")


# planted reprints in the corpus --------------------------------------------------------------------------------
#
# Paragraphs of the government work reports are copied into new documents, dated like their source, with one
# number altered and a layout changed: OCR line wrapping, full-width digits and punctuation, spaces inside numbers,
# half-width punctuation. The conflict kind's reprint mode must name the altered number against the original, and
# never tie a copy to an unrelated document.

import random
import re
import shutil
from pathlib import Path

import pytest

_NUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_FULL = str.maketrans("0123456789%.,;:()", "０１２３４５６７８９％．，；：（）")
_HALF_BACK = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
LAYOUTS = ("ocr-wrapped", "full-width", "spaced-numbers", "half-width-punctuation")


def _layout(text: str, k: int) -> str:
    if k == 0:
        return "\n".join(text[i : i + 27] for i in range(0, len(text), 27))
    if k == 1:
        return text.translate(_FULL)
    if k == 2:
        return _NUM.sub(lambda m: m.group()[:1] + " " + m.group()[1:] if len(m.group()) >= 4 and "." not in m.group() else m.group(), text)
    return text.replace("，", ",").replace("。", ".").replace("；", ";")


def _plants(corpus: Path, n: int, seed: int = 11):
    rng = random.Random(seed)
    docs = sorted(corpus.glob("china-gov-report__*.txt"))
    out, used = [], set()
    while len(out) < n:
        src = docs[rng.randrange(len(docs))]
        paras = []
        for para in src.read_text(encoding="utf-8").split("\n"):
            p = para.strip()
            nums = [m for m in _NUM.finditer(p) if p[m.end() : m.end() + 1] not in ("年", "月", "日") and len(m.group().replace(".", "")) >= 2]
            if 60 <= len(p) <= 300 and nums:
                paras.append((p, nums))
        p, nums = paras[rng.randrange(len(paras))]
        if (src.name, p) in used:
            continue
        used.add((src.name, p))
        m = nums[rng.randrange(len(nums))]
        old = m.group()
        i = max(k for k, c in enumerate(old) if c.isdigit())
        new = old[:i] + str((int(old[i]) + 3) % 10) + old[i + 1 :]
        k = len(out) % len(LAYOUTS)
        out.append((src.name, old, new, _layout(p[: m.start()] + new + p[m.end() :], k), k))
    return out


@pytest.fixture(scope="module")
def planted(corpus_dir, tmp_path_factory):
    from reconcile.api import run_paths

    root = tmp_path_factory.mktemp("planted")
    for f in corpus_dir.glob("*.txt"):
        shutil.copy(f, root / f.name)
    plants = _plants(corpus_dir, 60)
    for j, (src, _, _, text, _) in enumerate(plants):
        year = re.search(r"__(\d{4})", src).group(1)
        (root / f"plant{j:03d}.txt").write_text(f"---\ndate: {year}\n---\n{text}\n", encoding="utf-8")
    result = run_paths([str(root)], select=["RC101", "RC102"])
    return plants, result


def _found(plants, result):
    hits = {}
    for j, (src, old, new, _, k) in enumerate(plants):
        name = f"plant{j:03d}.txt"
        ok = False
        for f in result.findings:
            mine = "".join(e.text for e in f.evidence if e.doc.endswith(name))
            other = "".join(e.text for e in f.evidence if not e.doc.endswith(name))
            norm = lambda t: t.translate(_HALF_BACK).replace(" ", "").replace("\n", "")  # noqa: E731
            ok = ok or (new in norm(mine) and old in norm(other))
        hits[j] = ok
    return hits


@pytest.mark.corpus
@pytest.mark.slow
def test_planted_changes_are_found_in_three_layouts(planted):
    plants, result = planted
    hits = _found(plants, result)
    chosen = [j for j, p in enumerate(plants) if p[4] < 3]
    rate = sum(hits[j] for j in chosen) / len(chosen)
    assert rate >= 0.95, (rate, [plants[j][:3] for j in chosen if not hits[j]])  # measured 44/45


@pytest.mark.corpus
@pytest.mark.slow
def test_planted_changes_are_found_with_half_width_punctuation(planted):
    plants, result = planted
    hits = _found(plants, result)
    chosen = [j for j, p in enumerate(plants) if p[4] == 3]
    assert sum(hits[j] for j in chosen) / len(chosen) >= 0.95  # 2/15 before ingest ended sentences at a half-width .


@pytest.mark.corpus
@pytest.mark.slow
def test_planted_copies_are_tied_only_to_their_source(planted):
    # (findings on the corpus alone are test_trend.py::test_corpus_findings_are_the_reviewed_ones' business)
    plants, result = planted
    for f in result.findings:
        docs = {Path(e.doc).name for e in f.evidence}
        planted_docs = {d for d in docs if d.startswith("plant")}
        if not planted_docs:
            continue
        sources = {plants[int(d[5:8])][0] for d in planted_docs}
        assert docs - planted_docs <= sources, (f.message, docs)
