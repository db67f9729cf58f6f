"""Fuzzy matching of metric phrases: edges decide, interiors may vary; clustering is deterministic."""

from __future__ import annotations

import pytest

from reconcile.align.fuzzy import THRESHOLD, cluster, similarity
from reconcile.align.vocab import load_vocabulary

INSERTS = load_vocabulary().inserts


@pytest.mark.parametrize(
    "a, b",
    [("粮食产量", "粮食总产量"), ("县医院", "县级医院"), ("高速铁路运营里程", "高速铁路营业里程"), ("社会消费品零售总额", "社会消费品零售额")],
)
def test_interior_variation_matches(a, b):
    assert similarity(a, b, INSERTS) >= THRESHOLD


@pytest.mark.parametrize(
    "a, b",
    [
        ("财政赤字", "中央财政赤字"),  # a word in front restricts
        ("研发经费投入", "研发经费投入强度"),  # a word at the end changes the head
        ("城镇登记失业率", "城镇调查失业率"),  # a swap that keeps nothing
        ("淘汰落后炼铁产能", "淘汰落后炼钢产能"),
        ("中央对地方转移支付", "中央对地方均衡性转移支付"),  # too long an insertion
        ("出口", "进口"),
        ("中央财政支出", "中央财政科技支出"),  # a word inside restricts as well
        ("县医院", "县中医院"),
    ],
)
def test_edges_and_long_changes_do_not_match(a, b):
    assert similarity(a, b, INSERTS) < THRESHOLD


def test_cluster_names_by_frequency_and_is_order_independent():
    counts = {"粮食总产量": 1, "粮食产量": 3, "棉花产量": 2}
    a = cluster(counts, inserts=INSERTS)
    b = cluster(dict(reversed(list(counts.items()))), inserts=INSERTS)
    assert a == b
    assert a["粮食总产量"] == a["粮食产量"] == "粮食产量"
    assert a["棉花产量"] == "棉花产量"


def test_vocabulary_names_never_merge_with_each_other():
    out = cluster({"甲乙丙丁": 1, "甲乙X丙丁": 1, "甲乙丙X丁": 1}, named={"甲乙X丙丁", "甲乙丙X丁"}, threshold=50)
    assert out["甲乙X丙丁"] != out["甲乙丙X丁"]


def test_links_join_phrases_fuzzy_matching_would_not():
    out = cluster({"科技领军企业": 1, "科技标杆企业": 1}, links=[("科技标杆企业", "科技领军企业")])
    assert out["科技领军企业"] == out["科技标杆企业"]
    assert cluster({"科技领军企业": 1, "科技标杆企业": 1})["科技领军企业"] == "科技领军企业"
