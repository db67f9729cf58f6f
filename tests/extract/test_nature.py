"""Kind and nature (stock / flow / cumulative) of figures in held-out sentences: written for these tests (other
cities, other years) or taken from government work reports outside the annotated windows (2012, 2017). The
annotation guide decides (§3 nature, B3, B4, B6, D2, D7)."""

from __future__ import annotations

import pytest

pytest.importorskip("reconcile.extract.quantities", reason="the numerals scanner (quantities.py) is not in this tree yet")

from reconcile.extract import extract_page  # noqa: E402
from reconcile.extract.nature import kind_of, nature_of  # noqa: E402
from reconcile.ingest import page_from_text  # noqa: E402
from reconcile.models import Figure  # noqa: E402


def _figures(text: str) -> dict[str, Figure]:
    _, figs = extract_page(page_from_text("# 测试\n\n" + text + "\n", doc="t.txt", date="2024-03"))
    return {f.text: f for f in figs}


# (sentence, figure text, nature)
NATURE = [
    # Events and accruals: flow.
    ("该区组织200余名志愿者开展环境整治活动。", "200余名", "flow"),
    ("2024年,昆明市举办各类招聘会136场。", "136场", "flow"),
    ("2023年全市接待游客8600万人次,实现旅游收入900亿元。", "900亿元", "flow"),
    ("重庆市社会消费品零售总额达1.4万亿元。", "1.4万亿元", "flow"),  # an accruing measure, whatever the verb
    ("新建改建农村公路800公里,改造危房1.2万户。", "1.2万户", "flow"),
    ("全年城镇新增就业1314万人。", "1314万人", "flow"),
    ("国务院提请全国人大常委会审议法律议案13件,制定修订行政法规8件。", "8件", "flow"),
    ("2022年,贵州省粮食产量1100万吨,比上年增加15万吨。", "15万吨", "flow"),  # an increment (B6)
    ("执法人员对该区12家网吧进行突击检查。", "12家", "flow"),
    # Levels at a date: stock.
    ("小区共有住户860户,常住人口2300人。", "860户", "stock"),
    ("小区共有住户860户,常住人口2300人。", "2300人", "stock"),
    ("目前,该园区共入驻企业420家。", "420家", "stock"),  # 共 alone is not accumulation (B3)
    ("全市拥有高新技术企业2300余家。", "2300余家", "stock"),
    ("今年新认定的基础上,全市现有国家级专精特新企业85家。", "85家", "stock"),  # status holders (D2)
    ("服务网络已覆盖全县18个乡镇。", "18个", "stock"),  # 已 with a verb of state
    ("外汇储备稳定在3万亿美元以上。", "3万亿美元以上", "stock"),
    # Accumulation: cumulative.
    ("三年来,全县累计投入扶贫资金12亿元。", "12亿元", "cumulative"),
    ("该市累计建成5G基站1.2万个。", "1.2万个", "cumulative"),
    ("截至目前,已发放创业担保贷款3.5亿元,惠及创业者1200人。", "3.5亿元", "cumulative"),
    ("截至目前,已发放创业担保贷款3.5亿元,惠及创业者1200人。", "1200人", "cumulative"),
    ("近年来,该市引进高层次人才团队45个。", "45个", "cumulative"),
    ("新增孵化载体12个,总数达到58个。", "58个", "cumulative"),  # 总数 (D7)
]


@pytest.mark.parametrize("sentence,figure,expected", NATURE, ids=[f"{c[1]}:{c[2]}" for c in NATURE])
def test_held_out_nature(sentence: str, figure: str, expected: str) -> None:
    figs = _figures(sentence)
    assert figure in figs, f"{figure!r} not extracted from {sentence!r}: {sorted(figs)}"
    assert figs[figure].nature == expected


def test_nature_only_for_counts_and_amounts() -> None:
    figs = _figures("全市研发投入强度达2.9%,专利授权量占全省31%,同比增长12%。")
    assert all(f.nature is None for f in figs.values())


def test_kinds_by_metric_and_denominator() -> None:
    assert kind_of("元", "currency", "", "", "4.1万元", False, "城镇居民人均可支配收入") == "ratio"
    assert kind_of("元", "currency", "每亩可为农户", "", "500元", False, "增收") == "ratio"
    assert kind_of("岁", None, "", "", "78.2岁", False, "人均预期寿命") == "amount"  # B15: a statistic in years
    assert kind_of("%", None, "地表水优良水体比例由", "", "87.9%", False, "地表水优良水体比例") == "share"
    assert kind_of("%", None, "已完成总工程量的", "", "40%", False, "总工程量") == "share"
    assert kind_of("%", None, "研发投入强度达", "", "2.9%", False, "研发投入强度") == "percent"


def test_verbs_are_whole_words() -> None:
    """有 inside 具有 and 服务 inside 服务站 are not verbs governing a figure."""
    s = "十年来,我们经历了具有重大意义的三件大事。"
    a = s.index("三件")
    assert nature_of("count", s, a, a + 2, (s.index(",") + 1, len(s) - 1), "大事", None) == "cumulative"
    s = "社区综合服务站有工作人员12名。"
    a = s.index("12名")
    assert nature_of("count", s, a, a + 3, (0, len(s) - 1), "工作人员", None) == "stock"
