"""parse_quantity and scan: scale, unit, approximation, offsets and roles."""

from __future__ import annotations

import math

import pytest

from reconcile.extract.quantities import Quantity, parse_quantity, scan


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


PARSE = [
    # text, value, unit, approx, low, high, precision
    ("27.41亿元", 2741000000, "元", None, None, None, 1e6),
    ("6.5万件", 65000, "件", None, None, None, 1000),
    ("10.1万P", 101000, "P", None, None, None, 1000),
    ("609家", 609, "家", None, None, None, 1),
    ("16%", 16, "%", None, None, None, 1),
    ("五成", 50, "%", None, None, None, 10),
    ("翻一番", 100, "%", None, None, None, 100),
    ("翻两番", 300, "%", None, None, None, 100),
    ("1.7倍", 1.7, "倍", None, None, None, 0.1),
    ("一百二十三点四五", 123.45, None, None, None, None, 0.01),
    ("约4.287亿美元", 428700000, "美元", "about", None, None, 1e5),
    ("3000多欧元", 3000, "欧元", "range", 3001, 3999, 1),
    ("近700万元", 7000000, "元", "about", None, None, 1e4),
    ("1万-5万元", None, "元", "range", 10000, 50000, 1e4),
    ("超5000人", 5000, "人", "over", 5000, None, 1),
    ("不到1.9万台币", 19000, "新台币", "under", None, 19000, 1000),
    ("50万元以上", 500000, "元", "at_least", 500000, None, 1e4),
    ("100多家", 100, "家", "range", 101, 199, 1),
    ("2000多名", 2000, "名", "range", 2001, 2999, 1),
    ("十多万", 100000, None, "range", 110000, 190000, 1e5),
    ("十万多", 100000, None, "range", 100000, 110000, 1e5),
    ("185万余元", 1850000, "元", "range", 1850000, 1860000, 1e4),
    ("30%左右", 30, "%", "about", None, None, 1),
    ("两到三万港元", None, "港元", "range", 20000, 30000, 1e4),
    ("10—15个", None, "个", "range", 10, 15, 1),
    ("三五百块", None, "元", "range", 300, 500, 100),
    ("百余人", 100, "人", "range", 101, 199, 100),
    ("2.4个百分点", 2.4, "个百分点", None, None, None, 0.1),
    ("百分之二十", 20, "%", None, None, None, 10),
    ("千分之2.4", 0.24, "%", None, None, None, 0.01),
    ("123元1角1分", 123.11, "元", None, None, None, 0.01),
    ("肆佰叁拾萬圆整", 4300000, "元", None, None, None, 1e5),
    ("1.5公里", 1.5, "公里", None, None, None, 0.1),
    ("3千瓦时", 3, "千瓦时", None, None, None, 1),
    ("10万千瓦", 100000, "千瓦", None, None, None, 1e4),
    ("-22.2%", -22.2, "%", None, None, None, 0.1),
    ("两个亿卢布", 200000000, "卢布", None, None, None, 1e8),
]


@pytest.mark.parametrize(("text", "value", "unit", "approx", "low", "high", "precision"), PARSE)
def test_parse_quantity(text, value, unit, approx, low, high, precision) -> None:  # type: ignore[no-untyped-def]
    q = parse_quantity(text)
    assert q is not None, text
    assert q.role == "figure", q
    assert close(q.value, value), q
    assert q.unit == unit, q
    assert q.approx == approx, q
    assert close(q.low, low) and close(q.high, high), q
    assert close(q.precision, precision), q
    assert q.text == text[q.start : q.end]


def test_parse_quantity_raw_input_offsets() -> None:
    raw = "  新台币 １７７.１ 亿元 "
    q = parse_quantity(raw)
    assert q is not None and q.unit == "新台币" and close(q.value, 17710000000)
    assert raw[q.start : q.end] == q.text == "新台币 １７７.１ 亿元"
    assert raw[q.number_start : q.number_end] == "１７７.１ 亿"  # the numeral with its scale word


@pytest.mark.parametrize("text", ["", "   ", "没有数字", "abc"])
def test_parse_quantity_none(text: str) -> None:
    assert parse_quantity(text) is None


def roles_of(s: str) -> dict[str, str]:
    return {q.text: q.role for q in scan(s)}


NOT_FIGURES = [
    # sentence, the text of the quantity, its role
    ("2023年全市新增企业", "2023年", "year"),
    ("二0一0年以来", "二0一0年", "year"),
    ("8月11日召开会议", "8月11日", "date"),
    ("发布时间2025.8.11", "2025.8.11", "date"),
    ("发布时间2025/8/11", "2025/8/11", "date"),
    ("发布时间2025-08-11", "2025-08-11", "date"),
    ("今年1—11月,全市", "1—11月", "period-range"),
    ("2021—2025年规划", "2021—2025年", "period-range"),
    ("下午15:30开始", "15:30", "time"),
    ("连续两年增长", "两年", "duration"),
    ("用时3天", "3天", "duration"),
    ("建校80周年", "80周年", "duration"),
    ("可拨打12368热线咨询", "12368", "phone"),
    ("联系电话13722042489", "13722042489", "phone"),
    ("电话0471-1234567", "0471-1234567", "phone"),
    ("毒株BA0711株", "BA0711", "id"),
    ("升级到v2.3.1版", "v2.3.1", "id"),
    ("推进苜蓿育种4.0建设", "4.0", "id"),
    ("详见https://example.com/a/2025/123.html", "https://example.com/a/2025/123.html", "url"),
    ("第三,加强监管", "第三", "ordinal"),
    ("一是加强领导", "一", "ordinal"),
    ("18—45周岁的市民可报名", "18—45周岁", "age"),
    ("“十四五”以来", "十四五", "name"),
    ("政策一成不变", "一成", "name"),
    ("每万名就业人员", "万名", "per"),
    ("形成六大产业集群", "六大", "name"),
    ("党的二十大报告", "二十大", "name"),
    ("形成“1+4+N”科技政策体系", "1", "name"),
    ("出台“科技强市26条”", "26条", "name"),
    ("对12345热线反映的问题", "12345", "phone"),
    ("拆除了小区9号楼前的违建", "9", "id"),
    ("实现万吨级颗粒硅量产", "万吨", "name"),
    ("党的二十届四中全会", "二十届", "ordinal"),
    ("天骄体育公园、101公园等", "101", "name"),
    ("71岁的老党员", "71岁", "age"),
    ("今年一季度", "一季度", "quarter"),
    ("30日内办结", "30日", "duration"),
    ("(2023)", "2023", "year"),
]


@pytest.mark.parametrize(("sentence", "text", "role"), NOT_FIGURES)
def test_roles_of_non_figures(sentence: str, text: str, role: str) -> None:
    assert roles_of(sentence).get(text) == role, scan(sentence)


FIGURES = [
    ("排名第58位", "第58位", 58, "位"),
    ("全国综合排名提升至108位", "108位", 108, "位"),
    ("聚引两院院士43位", "43位", 43, "位"),
    ("研发投入强度提升至1.23%", "1.23%", 1.23, "%"),
    ("全区第一", "第一", 1, None),
    ("全国唯一一家国家级中心", "一家", None, None),
    ("平均受教育年限从13.5年提高到14年", "13.5年", 13.5, "年"),
    ("平均年龄35岁", "35岁", 35, "岁"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "unit"), FIGURES)
def test_figures(sentence: str, text: str, value: float, unit: str | None) -> None:
    found = {q.text: q for q in scan(sentence)}
    assert text in found, scan(sentence)
    q = found[text]
    if value is None:  # found, whatever its role, and not swallowed by the word before it
        return
    assert q.role == "figure" and close(q.value, value) and q.unit == unit, q


def test_one_with_a_classifier_is_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from reconcile.extract import roles

    monkeypatch.setattr(roles, "INDEFINITE_ONE", True)
    assert roles_of("建设一个现代化都市圈")["一个"] == "indefinite"
    assert roles_of("新增两个平台")["两个"] == "figure"


def test_idioms_and_words_are_not_figures() -> None:
    for s in ["十全十美", "五福临门", "十分重要", "三北工程", "统一部署", "一起努力", "千万不能", "万一出现"]:
        assert all(q.role != "figure" for q in scan(s)), (s, scan(s))


def test_scan_is_left_to_right_and_slices_back() -> None:
    s = "2024年达27.41亿元,较2020年增长约1.7倍;2025年1—11月份,全市财政科技支出8.01亿元。"
    qs = scan(s)
    assert [q.start for q in qs] == sorted(q.start for q in qs)
    for a, b in zip(qs, qs[1:]):
        assert a.end <= b.start
    for q in qs:
        assert s[q.start : q.end] == q.text
        assert q.start <= q.number_start < q.number_end <= q.end
    figs = [(q.text, q.value) for q in qs if q.role == "figure"]
    assert figs == [("27.41亿元", 2741000000), ("约1.7倍", 1.7), ("8.01亿元", 801000000)]


def test_absurdly_large_values_stay_finite() -> None:
    q = parse_quantity("1" + "0" * 30 + "亿元")
    assert q is not None and q.role == "figure" and math.isfinite(q.value)
    q = parse_quantity("9" * 400 + "元")
    assert q is not None and q.role != "figure" and q.value is None
    for q in scan("9" * 5000):
        assert q.value is None or math.isfinite(q.value)


def test_quantity_is_frozen() -> None:
    q = parse_quantity("5家")
    assert isinstance(q, Quantity)
    with pytest.raises(AttributeError):
        q.value = 6  # type: ignore[misc]


@pytest.mark.parametrize("text,value,unit,precision", [
    ("10^30亿元", 1e38, "元", 1e38),  # a power of ten: printed to its own order of magnitude
    ("10³⁰亿元", 1e38, "元", 1e38),
    ("1.5×10^8元", 1.5e8, "元", 1e7),  # a mantissa: printed to its last digit times the power
    ("1.5x10^8元", 1.5e8, "元", 1e7),
    ("1.5*10^8元", 1.5e8, "元", 1e7),
    ("1.5·10^8元", 1.5e8, "元", 1e7),
    ("1.5×10⁸元", 1.5e8, "元", 1e7),
    ("约2.5×10^-3", 2.5e-3, None, 1e-4),
    ("10的8次方元", 1e8, "元", 1e8),
    ("十的八次方元", 1e8, "元", 1e8),
    ("2^10个", 1024, "个", 1),  # another base: an exact integer
])
def test_powers_are_part_of_the_quantity(text: str, value: float, unit: str | None, precision: float) -> None:
    q = parse_quantity(text)
    assert q is not None and q.role == "figure"
    assert (q.start, q.end) == (text.index(text.lstrip("约")) - (1 if text.startswith("约") else 0), len(text))
    assert q.value == pytest.approx(value, rel=1e-12) and q.unit == unit
    assert q.precision == pytest.approx(precision, rel=1e-12)
    assert text[q.number_end - 1] in "0123456789³⁰⁸方"  # the numeral's span covers its power


@pytest.mark.parametrize("text", ["10^400亿元", "10的500次方元"])
def test_a_power_beyond_float_range_is_no_figure(text: str) -> None:
    found = [q for q in scan(text) if q.role == "figure"]
    assert found == [] and all(q.value is None or math.isfinite(q.value) for q in scan(text))


@pytest.mark.parametrize("text,texts", [
    ("2×3", ["2", "3"]),  # no power of ten
    ("3×10元", ["3", "10元"]),  # ×10 with no exponent
    ("110³", ["110"]),  # superscripts only after a bare 10 (else a footnote mark)
    ("10^3.5", ["10", "3.5"]),  # a fractional exponent is not read
])
def test_what_looks_like_a_power_but_is_not(text: str, texts: list[str]) -> None:
    assert [q.text for q in scan(text)] == texts
