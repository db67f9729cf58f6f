"""align(): keys, timelines and metric ids on hand-built figures (the extraction step is tested elsewhere)."""

from __future__ import annotations

import random

from reconcile.align import align, load_vocabulary
from tests.align.builders import fig, page

V = load_vocabulary()
CITY = "呼和浩特市"

P0 = page(
    "000.txt",
    "创新主体量质齐升。建立了“科技型中小企业—高新技术企业—科技标杆企业”链式培育体系,培育科技标杆企业23家,"
    "推荐认定国家高新技术企业609家。每万名就业人员中研发人员达155.8人,远超“十四五”的120人目标。"
    "2024年达10.04亿元。2025年1—11月份,全市财政科技支出8.01亿元。",
    "2025-12-18",
)
P1 = page(
    "001.txt",
    "2023年，国家高新技术企业533家。建立科技型中小企业—高新技术企业—科技领军企业的梯次培育体系，培育了32家科技领军企业。",
    "2024-03-10",
)
P2 = page("002.txt", "目前，呼和浩特市拥有国家级高新技术企业达到601家。", "2025-07-15")
P4 = page("004.txt", "目前,共入驻企业316家,包括16家高新技术企业和27家科技中小企业。", "2025-07-01")


def seed_like_figures():
    return [
        fig(P0, "23家", 23, metric="培育科技标杆企业", entity=CITY, period="2021/2025", nature="cumulative"),
        fig(P0, "609家", 609, metric="推荐认定国家高新技术企业", entity=CITY, period="2025-12", period_source="inferred", nature="stock"),
        fig(P0, "155.8人", 155.8, metric="每万名就业人员中研发人员", entity=CITY, period="2025", unit="人", precision=0.1),
        fig(P0, "120人", 120, metric="每万名就业人员中研发人员", entity=CITY, period="2021/2025", unit="人", modality="target"),
        fig(P0, "10.04亿元", 1.004e9, metric="财政科技支出", entity=CITY, period="2024", unit="元", kind="amount", nature="flow", precision=1e6),
        fig(P0, "8.01亿元", 8.01e8, metric="全市财政科技支出", entity=CITY, period="2025-01/2025-11", unit="元", kind="amount", nature="flow", precision=1e6),
        fig(P1, "533家", 533, metric="国家高新技术企业", entity=CITY, period="2023", nature="stock"),
        fig(P1, "32家", 32, metric="科技领军企业", entity=CITY, period="2023", nature="stock"),
        fig(P2, "601家", 601, metric="国家级高新技术企业", entity="呼和浩特", period="2025", period_source="inferred", nature="stock"),
        fig(P4, "16家", 16, metric="高新技术企业", entity="金桥“双创”创新集聚区", period="2025-10", period_source="inferred", nature="stock"),
    ]


def by_id(metrics):
    return {m.metric_id: m for m in metrics}


def test_city_high_tech_firms_form_one_timeline_and_the_park_its_own():
    figs = seed_like_figures()
    metrics, ids = align(figs, [P0, P1, P2, P4], V)
    city = by_id(metrics)[ids[1]]
    assert [p.value for p in city.points] == [533, 601, 609]
    assert [p.period for p in city.points] == ["2023", "2025", "2025-12"]
    assert ids[1] == ids[6] == ids[8]
    assert ids[9] != ids[1]
    assert by_id(metrics)[ids[9]].entity != city.entity


def test_renamed_ladder_tier_shares_the_canonical_metric_but_not_the_nature():
    figs = seed_like_figures()
    metrics, ids = align(figs, [P0, P1, P2, P4], V)
    total, year = by_id(metrics)[ids[0]], by_id(metrics)[ids[7]]
    assert total.metric == year.metric
    assert total.entity == year.entity
    assert total.nature == "cumulative" and year.nature != "cumulative"
    assert ids[0] != ids[7]


def test_without_the_ladders_the_tiers_stay_apart():
    figs = seed_like_figures()
    bare = [page(p.doc, p.text.replace("—", "，"), p.date) for p in (P0, P1, P2, P4)]
    metrics, ids = align(figs, bare, V)
    assert by_id(metrics)[ids[0]].metric != by_id(metrics)[ids[7]].metric


def test_target_never_aligns_with_the_actual():
    figs = seed_like_figures()
    _, ids = align(figs, [P0, P1, P2, P4], V)
    assert ids[2] != ids[3]


def test_partial_period_stays_a_partial_period():
    figs = seed_like_figures()
    metrics, ids = align(figs, [P0, P1, P2, P4], V)
    assert ids[4] == ids[5]  # 全市财政科技支出 is 财政科技支出
    assert [p.period for p in by_id(metrics)[ids[4]].points] == ["2024", "2025-01/2025-11"]


def test_unknown_entity_aligns_only_with_a_reprint_of_its_sentence():
    a = page("a.txt", "其中科技类企业占比64%，包括16家高新技术企业。")
    b = page("b.txt", "其中科技类企业占比64%，包括16家高新技术企业。")
    c = page("c.txt", "全市高新技术企业16家。")
    figs = [fig(a, "16家", 16, metric="高新技术企业"), fig(b, "16家", 16, metric="高新技术企业"), fig(c, "16家", 16, metric="高新技术企业")]
    metrics, ids = align(figs, [a, b, c], V)
    assert ids[0] == ids[1] != ids[2]
    assert all(m.entity is None for m in metrics)


def test_figures_without_metric_or_value_are_not_aligned():
    a = page("a.txt", "共16家。约几家。")
    figs = [fig(a, "16家", 16, metric=None, entity=CITY), fig(a, "几家", None, metric="企业", entity=CITY)]
    metrics, ids = align(figs, [a], V)
    assert ids == (None, None) and metrics == ()


def test_flow_and_stock_of_one_metric_are_kept_apart():
    a = page("a.txt", "新增自治区级技术转移载体24个，总数达到44个。")
    figs = [
        fig(a, "24个", 24, metric="新增自治区级技术转移载体", entity=CITY, period="2023", unit="个"),
        fig(a, "44个", 44, metric="自治区级技术转移载体", entity=CITY, period="2023", unit="个"),
    ]
    _, ids = align(figs, [a], V)
    assert ids[0] != ids[1]


def test_ids_and_timelines_do_not_depend_on_document_order():
    figs = seed_like_figures()
    pages = [P0, P1, P2, P4]
    metrics, ids = align(figs, pages, V)
    order = list(range(len(figs)))
    random.Random(7).shuffle(order)
    shuffled = [figs[i] for i in order]
    metrics2, ids2 = align(shuffled, list(reversed(pages)), V)
    assert [ids2[order.index(i)] for i in range(len(figs))] == list(ids)
    assert [(m.metric_id, [(p.doc, p.start) for p in m.points]) for m in metrics] == [
        (m.metric_id, [(p.doc, p.start) for p in m.points]) for m in metrics2
    ]


def test_metric_id_survives_an_added_document():
    figs = seed_like_figures()
    _, ids = align(figs, [P0, P1, P2, P4], V)
    extra = page("zzz.txt", "全市国家高新技术企业达到700家。", "2026-03-01")
    _, ids2 = align(figs + [fig(extra, "700家", 700, metric="国家高新技术企业", entity=CITY, period="2026")], [P0, P1, P2, P4, extra], V)
    assert ids2[: len(ids)] == ids


def test_points_are_sorted_by_period_then_document():
    a = page("a.txt", "2023年甲企业10家，2021年以来累计30家。")
    b = page("b.txt", "2023年甲企业10家。2025年甲企业12家。")
    figs = [
        fig(b, "12家", 12, metric="甲企业", entity=CITY, period="2025", nature="stock"),
        fig(b, "10家", 10, metric="甲企业", entity=CITY, period="2023", nature="stock"),
        fig(a, "10家", 10, metric="甲企业", entity=CITY, period="2023", nature="stock"),
    ]
    metrics, _ = align(figs, [a, b], V)
    (m,) = metrics
    assert [(p.period, p.doc) for p in m.points] == [("2023", "a.txt"), ("2023", "b.txt"), ("2025", "b.txt")]
