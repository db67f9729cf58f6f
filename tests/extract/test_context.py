"""Context of figures in sentences written for these tests (other cities and years than the seeds)."""

from __future__ import annotations

import pytest

pytest.importorskip("reconcile.extract.quantities", reason="the numerals scanner (quantities.py) is not in this tree yet")

from reconcile.extract import extract_page  # noqa: E402
from reconcile.extract.entity import article_place, find_mentions, find_places
from reconcile.extract.metric import noun_after, noun_before
from reconcile.ingest import page_from_text
from reconcile.models import Figure


def figures(text: str, date: str | None = "2024-03") -> list[Figure]:
    _, figs = extract_page(page_from_text(text, doc="t.txt", date=date))
    return list(figs)


def by_text(figs: list[Figure], text: str) -> Figure:
    hits = [f for f in figs if f.text == text]
    assert hits, f"{text!r} not among {[f.text for f in figs]}"
    return hits[0]


def test_places_from_the_gazetteer_generalise() -> None:
    names = [m.name for m in find_places("2023年,绵阳市涪城区和甘孜藏族自治州共引进项目")]
    assert names == ["绵阳市", "涪城区", "甘孜藏族自治州"]
    # Short forms of prefectures, resolved to the full name; words that merely end like places are not places.
    assert [m.name for m in find_places("洛阳的市场主体")] == ["洛阳市"]


def test_capital_alias_is_the_capital_of_the_articles_province() -> None:
    near = article_place("南宁市推进产业升级", "南宁市今年", "南宁市今年", None)
    ms = [m for m in find_mentions("首府经济持续向好", near) if m.kind == "capital"]
    assert ms and ms[0].name == "南宁市"


def test_scope_words_resolve_against_the_article() -> None:
    city = article_place("柳州市工业稳步增长", "柳州市", "柳州市", None)
    assert city.resolve_scope("全市") == "柳州市"
    assert city.resolve_scope("全区") == "广西壮族自治区"
    assert city.resolve_scope("全国") == "中国"
    district = article_place("青秀区创新发展", "青秀区", "青秀区", None)
    assert district.resolve_scope("全区") == "青秀区"


def test_metric_phrases() -> None:
    assert noun_before("推荐认定国家级专精特新企业") == "国家级专精特新企业"
    assert noun_before("全社会研发投入达") == "全社会研发投入"
    assert noun_before("技术转移服务机构增至") == "技术转移服务机构"
    assert noun_after("专精特新企业落户开发区") == "专精特新企业"
    assert noun_after("的项目属于新能源领域") == "项目"


def test_entity_subject_scope_and_fallback() -> None:
    text = (
        "# 洛阳市工业经济稳中有进\n\n"
        "2023年,洛阳市规模以上工业增加值增长8.2%。全市新增高新技术企业215家。"
        "洛阳高新技术产业开发区新引进项目46个,占全市21.5%。\n"
    )
    figs = figures(text)
    assert by_text(figs, "215家").entity == "洛阳市"
    assert by_text(figs, "215家").scope == "洛阳市"
    assert by_text(figs, "46个").entity == "洛阳高新技术产业开发区"
    share = by_text(figs, "21.5%")
    assert share.kind == "share" and share.scope == "洛阳市"


def test_context_does_not_leak_across_articles() -> None:
    text = (
        "# 柳州汽车产业再上台阶\n\n2023年,柳州市汽车产量达到180万辆。\n\n"
        "# 社区书画展开幕\n\n展览展出作品120幅。\n"
    )
    figs = figures(text)
    works = by_text(figs, "120幅")
    assert works.entity != "柳州市"
    assert works.period != "2023"


def test_periods_partial_and_relative() -> None:
    figs = figures("# 昆明文旅\n\n今年1—2月,昆明市接待游客2100万人次,同比增长12.5%。\n", date="2024-03")
    visitors = by_text(figs, "2100万人次")
    assert visitors.period == "2024-01/2024-02" and visitors.period_source == "inferred"
    growth = by_text(figs, "12.5%")
    assert growth.growth is not None and growth.growth.basis == "yoy"
    assert growth.growth.base_period == "2023-01/2023-02"
    assert figs.index(visitors) == growth.growth.of


def test_target_and_actual_in_one_sentence() -> None:
    figs = figures("# 成都人才\n\n2023年,成都市每万名就业人员中研发人员达98.6人,超过“十四五”规划的90人目标。\n")
    assert by_text(figs, "98.6人").modality == "actual"
    target = by_text(figs, "90人")
    assert target.modality == "target"


def test_forecast() -> None:
    figs = figures("# 合肥\n\n合肥市预计全年新增就业岗位15万个。\n")
    assert by_text(figs, "15万个").modality == "forecast"


def test_respectively_gives_each_rate_its_subject() -> None:
    figs = figures(
        "# 西安科技\n\n西安市拥有高新技术企业1.2万家、科技型中小企业2.1万家,"
        "高新技术企业和科技型中小企业较2020年分别增长90%和150%。\n"
    )
    a, b = by_text(figs, "90%"), by_text(figs, "150%")
    assert a.metric == "高新技术企业" and b.metric == "科技型中小企业"
    assert a.growth is not None and a.growth.basis == "since" and a.growth.base_period == "2020"
    assert figs[a.growth.of].text == "1.2万家"
    assert b.growth is not None and figs[b.growth.of].text == "2.1万家"


def test_kinds() -> None:
    figs = figures("# 长沙\n\n长沙市城市创新能力排名第18位。全市研发投入强度为2.9%。全市专利授权量3.5万件。\n")
    assert by_text(figs, "第18位").kind == "rank"
    assert by_text(figs, "第18位").unit is None
    assert by_text(figs, "2.9%").kind == "percent"
    assert by_text(figs, "3.5万件").kind == "count"


def test_cumulative_and_flow() -> None:
    figs = figures("# 贵阳\n\n“十四五”以来,贵阳市累计引进大数据企业320家。2023年,贵阳市新增市场主体8.5万户。\n")
    cum = by_text(figs, "320家")
    assert cum.nature == "cumulative" and cum.period == "2021/2025"
    flow = by_text(figs, "8.5万户")
    assert flow.nature == "flow" and flow.period == "2023" and flow.period_source == "stated"


# ----------------------------------------------------------------- held-out sentences (other places, other years)


def test_report_section_frames_the_review() -> None:
    """B12/B14: a review section's heading frames its figures; levels at the span's end, flows the span."""
    text = (
        "各位代表:\n\n一、2016年工作回顾\n\n"
        "全年国内生产总值达到74万亿元,比上年增长6.7%。城镇新增就业1314万人。\n\n"
        "二、2017年工作总体部署\n\n今年发展的主要预期目标是:国内生产总值增长6.5%左右。\n"
    )
    figs = figures(text, date="2017-03")
    assert by_text(figs, "74万亿元").period == "2016"
    assert by_text(figs, "1314万人").period == "2016"
    assert by_text(figs, "6.5%左右").period != "2016"  # the next section is not framed by the review


def test_retrospective_span_levels_and_flows() -> None:
    text = (
        "各位代表:\n\n一、过去五年工作回顾\n\n过去五年,我们攻坚克难。\n\n"
        "国内生产总值从54万亿元增加到82.7万亿元,年均增长7.1%。农村贫困人口减少6800多万。\n"
    )
    figs = figures(text, date="2018-03")
    assert by_text(figs, "54万亿元").period == "2012"  # the start of 从X到Y: the year before the span
    assert by_text(figs, "82.7万亿元").period == "2017"  # a level at the span's end
    assert by_text(figs, "7.1%").period == "2013/2017"  # an annual average over the span


def test_flows_of_a_paragraph_without_a_year_have_no_period() -> None:
    """D12: the paragraph is the limit of carrying a period; a level takes the document date."""
    text = ("# 宜昌科技\n\n宜昌市持续优化营商环境,各类经营主体活力迸发。\n\n今年上半年,宜昌市新增市场主体1.8万户。\n\n"
            "全市举办招聘会36场。全市现有孵化器21家。\n")
    figs = figures(text, date="2024-08")
    assert by_text(figs, "1.8万户").period == "2024-H1"
    assert by_text(figs, "36场").period is None
    assert by_text(figs, "21家").period == "2024-08"


def test_so_far_and_as_of_periods() -> None:
    figs = figures("# 黄石\n\n截至6月底,黄石市已发放创业担保贷款3.2亿元。今年以来,全市累计办件12万件。\n",
                   date="2024-09")
    assert by_text(figs, "3.2亿元").period == "2024-06"
    assert by_text(figs, "12万件").period == "2024-01/2024-09"  # B8


def test_speaker_organisation_and_company_short_name() -> None:
    text = (
        "# 株洲企业创新\n\n株洲市新增专精特新企业42家。湖南华锐科技有限公司是其中之一。\n\n"
        "“今年我们新申请专利36项,研发投入超过2000万元。”湖南华锐科技有限公司总经理王建国说。"
        "华锐科技拥有研发人员120名。\n"
    )
    figs = figures(text, date="2024-10")
    assert by_text(figs, "42家").entity == "株洲市"
    assert by_text(figs, "36项").entity == "湖南华锐科技有限公司"
    assert by_text(figs, "120名").entity == "湖南华锐科技有限公司"


def test_county_inside_the_dateline_city_and_people() -> None:
    text = (
        "# 庭院经济助增收\n\n本报赣州9月3日电 记者来到于都县,脱贫户刘秀英家正在晒果。"
        "2023年,刘秀英借助5000元补贴种植脐橙80棵。于都县今年发放补贴资金1200万元。\n"
    )
    figs = figures(text, date="2024-09")
    assert by_text(figs, "5000元").entity == "刘秀英"
    assert by_text(figs, "1200万元").entity == "于都县"


def test_sentence_span_is_the_figures_sentence() -> None:
    text = "# 洛阳\n\n洛阳市新增企业215家。全市专利授权量3.5万件。\n"
    page, figs = extract_page(page_from_text(text, doc="t.txt", date="2024-03"))
    f = by_text(list(figs), "3.5万件")
    assert page.text[f.sentence_start:f.sentence_end] == "全市专利授权量3.5万件。"
