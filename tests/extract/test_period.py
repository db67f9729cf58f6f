"""Periods and the document date (sentences written for these tests, not taken from the seeds)."""

from __future__ import annotations

import pytest

from reconcile.extract.docdate import DocDate, infer_date
from reconcile.extract.period import find_periods, plan_span

REF = DocDate(2024, 6)


def isos(s: str, ref: DocDate = REF) -> list[tuple[str | None, bool]]:
    return [(p.iso, p.base) for p in find_periods(s, ref)]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2022年,南宁市外贸进出口总额达1500亿元", "2022"),
        ("2023年1—9月份,全省规上工业增加值增长6%", "2023-01/2023-09"),
        ("2023年1至9月,全省规上工业增加值增长6%", "2023-01/2023-09"),
        ("今年上半年,昆明市接待游客8000万人次", "2024-H1"),
        ("今年1—4月,洛阳市新登记企业1.2万户", "2024-01/2024-04"),
        ("2023年三季度,该市GDP增长5%", "2023-Q3"),
        ("2023年前三季度,该市GDP增长5%", "2023-01/2023-09"),
        ("截至2023年12月,全市共有医院86家", "2023-12"),
        ("“十三五”期间,全县累计脱贫1.2万人", "2016/2020"),
        ("十一五以来,全省新建公路3000公里", "2006/2010"),
        ("2019年以来,全区新增市场主体4万户", "2019/2024"),
        ("过去五年,全市生产总值年均增长7%", "2019/2023"),
        ("2016—2020年,累计完成投资500亿元", "2016/2020"),
        ("去年,全市粮食产量达到30亿斤", "2023"),
        ("二〇一〇年,全国粮食产量达到5.46亿吨", "2010"),
        ("目前,全市共有博物馆23家", "2024-06"),
    ],
)
def test_period_forms(text: str, iso: str) -> None:
    found = [p for p in find_periods(text, REF) if not p.base]
    assert found and found[0].iso == iso


def test_base_periods_are_marked() -> None:
    assert isos("营业收入较2019年增长35%") == [("2019", True)]
    assert isos("比上年增长8.1%") == [("2023", True)]
    assert isos("是2015年的2.1倍") == [("2015", True)]
    assert isos("较“十二五”末增长40%")[0] == ("2015", True)


def test_relative_periods_need_a_date() -> None:
    found = find_periods("今年1—4月,新登记企业1.2万户", DocDate())
    assert found and found[0].iso is None and found[0].relative


def test_five_year_plans() -> None:
    assert plan_span(11) == (2006, 2010)
    assert plan_span(14) == (2021, 2025)
    assert plan_span(15) == (2026, 2030)


def test_a_plain_number_is_not_a_plan() -> None:
    assert find_periods("共有十五个乡镇", REF) == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # A full year with a figure was over: the next year or later.
        ("2022年,全市地区生产总值达到3500亿元,增长4%。", "2023"),
        # A partial period stated as done: the month after, which December pins.
        ("2023年1—11月,全市财政收入210亿元。2022年全市财政收入230亿元。", "2023-12"),
        # Forward-looking clauses give no evidence.
        ("2021年全市引进企业50家。到2030年,全市高新技术企业将达到3000家。", "2022"),
        # A dateline gives the month and day once the year is known.
        ("本报柳州5月14日电 2023年,柳州市汽车产量达到180万辆。", "2024-05-14"),
        # A date line of its own at the top.
        ("(2019年3月5日)\n各位代表:2018年国内生产总值增长6.6%。", "2019-03-05"),
    ],
)
def test_inferred_document_date(text: str, iso: str) -> None:
    assert infer_date(text).iso() == iso


def test_no_evidence_no_date() -> None:
    assert infer_date("春风又绿江南岸。").year is None
