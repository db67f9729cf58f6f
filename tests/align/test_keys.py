"""The exact parts of an alignment key."""

from __future__ import annotations

import pytest

from reconcile.align.keys import base_phrase, canonical_metric, context_key, entity_key, unit_family
from reconcile.align.vocab import load_vocabulary
from tests.align.builders import fig, page

V = load_vocabulary()


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("培育科技标杆企业", "科技标杆企业"),
        ("推荐认定国家高新技术企业", "国家高新技术企业"),
        ("吸纳汇聚区内外创新主体", "区内外创新主体"),
        ("全市财政科技支出", "财政科技支出"),
        ("全社会研发投入强度", "研发投入强度"),
        ("城镇新增就业人数", "城镇就业"),
        ("新增城镇就业", "城镇就业"),
        ("有效发明专利", "有效发明专利"),  # 有 is a prefix word only as a whole token
        ("达标率", "达标率"),
        ("单位GDP能耗", "单位国内生产总值能耗"),
        ("细颗粒物（PM2.5）平均浓度", "细颗粒物平均浓度"),
        ("“蒙科聚”平台用户", "蒙科聚平台用户"),
    ],
)
def test_base_phrase(printed, expected):
    assert canonical_metric(printed, V)[0] == expected


def test_nature_words_are_reported():
    assert base_phrase("新增自治区级技术转移载体", V)[1] == "flow"
    assert base_phrase("累计争取科研经费", V)[1] == "cumulative"
    assert base_phrase("自治区级技术转移载体", V)[1] is None


def test_vocabulary_names_come_back_canonical():
    assert canonical_metric("国家级高新技术企业", V) == ("国家高新技术企业", None, True)
    assert canonical_metric("技术经纪人", V)[0] == canonical_metric("技术经理人", V)[0]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("呼和浩特市", "呼和浩特", True),
        ("全国", "我国", True),
        ("吉林省", "吉林市", False),
        ("和林格尔县", "和林格尔新区", False),
        ("呼和浩特市", "金桥“双创”创新集聚区", False),
        ("赛罕区", "呼和浩特市", False),
    ],
)
def test_entity_key(a, b, same):
    assert (entity_key(a, V) == entity_key(b, V)) is same


def test_unknown_entity_has_no_key():
    assert entity_key(None, V) is None


def test_unit_families():
    p = page("a.txt", "研发人员2300名，另有2300人，企业322户，企业322家，占比30%，增长16%。")
    assert unit_family(fig(p, "2300名", 2300, metric="x", unit="名"), V) == unit_family(fig(p, "2300人", 2300, metric="x", unit="人"), V)
    assert unit_family(fig(p, "322户", 322, metric="x", unit="户"), V) == unit_family(fig(p, "322家", 322, metric="x"), V)
    assert unit_family(fig(p, "2300人", 2300, metric="x", unit="人"), V) != unit_family(fig(p, "322家", 322, metric="x"), V)
    share = fig(p, "30%", 30, metric="x", unit="%", kind="share")
    growth = fig(p, "16%", 16, metric="x", unit="%", kind="growth")
    assert unit_family(share, V) != unit_family(growth, V)


def test_context_key_matches_a_reprint_whatever_its_numbers():
    a = page("a.txt", "标题\n其中科技类企业占比64%，包括16家高新技术企业。")
    b = page("b.txt", "另一版\n其中科技类企业占比 64％，包括 18 家高新技术企业。")
    c = page("c.txt", "其中高新技术企业16家。")
    fa = fig(a, "16家", 16, metric="高新技术企业")
    fb = fig(b, "18 家", 18, metric="高新技术企业")
    fc = fig(c, "16家", 16, metric="高新技术企业")
    assert context_key(fa, a) == context_key(fb, b)
    assert context_key(fa, a) != context_key(fc, c)


def test_context_key_tells_two_figures_of_one_sentence_apart():
    p = page("a.txt", "团队中有初级技术经纪人34名、中级技术经纪人34名。")
    f1 = fig(p, "34名", 34, metric="技术经纪人", unit="名")
    f2 = fig(p, "34名", 34, metric="技术经纪人", unit="名", occurrence=1)
    assert context_key(f1, p) != context_key(f2, p)
