"""Renamed tiers of a cultivation ladder, matched by position in a ladder both texts print."""

from __future__ import annotations

from reconcile.align.ladders import find_ladders, renamed_tiers
from tests.align.builders import fig, page

A = page("a.txt", "建立了“科技型中小企业—高新技术企业—科技标杆企业”链式培育体系,培育科技标杆企业23家。")
B = page("b.txt", "建立科技型中小企业—高新技术企业—科技领军企业的梯次培育体系，培育了32家科技领军企业。")


def ladders(*pages_and_entity):
    out = []
    for pg, entity in pages_and_entity:
        figs = [fig(pg, m.group(0), 1, metric="x", entity=entity) for m in __import__("re").finditer(r"\d+家", pg.text)]
        out += find_ladders(pg, figs, lambda f: f.entity)
    return out


def test_ladders_are_found_with_their_tiers():
    (lad,) = ladders((B, "甲市"))
    assert lad.tiers[-1] == "科技领军企业"  # 的 ends a name
    assert len(lad.tiers) == 3
    assert lad.entity == "甲市"


def test_the_renamed_top_tier_is_one_tier():
    pairs = renamed_tiers(ladders((A, "甲市"), (B, "甲市")), lambda t: t, {"科技标杆企业", "科技领军企业", "科技型中小企业"})
    assert pairs == [("甲市", "科技标杆企业", "科技领军企业")]


def test_ladders_of_two_entities_say_nothing():
    assert renamed_tiers(ladders((A, "甲市"), (B, "乙市")), lambda t: t, {"科技标杆企业", "科技领军企业"}) == []


def test_two_tiers_changed_is_a_different_ladder():
    c = page("c.txt", "构建“科技型中小企业—专精特新企业—科技领军企业”梯队。")
    assert renamed_tiers(ladders((A, "甲市"), (c, "甲市")), lambda t: t, set()) == []


def test_tiers_that_name_different_kinds_of_thing_are_not_matched():
    c = page("c.txt", "构建“科技型中小企业—高新技术企业—创新平台”体系，共10家。")
    assert renamed_tiers(ladders((A, "甲市"), (c, "甲市")), lambda t: t, set()) == []


def test_two_names_are_not_a_ladder():
    c = page("c.txt", "“高新技术企业—科技领军企业”两级。")
    assert ladders((c, "甲市")) == []


def test_first_tiers_that_differ_only_in_a_leading_verb_are_one_tier():
    a = page("a.txt", "2023年，建立科技型中小企业—高新技术企业—创新型领军企业梯次培育体系，新增创新型领军企业45家。")
    b = page("b.txt", "“十四五”以来，构建科技型中小企业—高新技术企业—科技领军企业梯次培育体系，累计培育科技领军企业38家。")
    pairs = renamed_tiers(ladders((a, "甲市"), (b, "甲市")), lambda t: t, {"创新型领军企业", "科技领军企业"})
    assert pairs == [("甲市", "创新型领军企业", "科技领军企业")]


def test_first_tiers_with_different_qualifiers_are_not_one_tier():
    a = page("a.txt", "科技型中小企业—高新技术企业—领军企业，共5家。")
    b = page("b.txt", "专精特新中小企业—高新技术企业—标杆企业，共6家。")
    assert renamed_tiers(ladders((a, "甲市"), (b, "甲市")), lambda t: t, {"领军企业", "标杆企业"}) == []
