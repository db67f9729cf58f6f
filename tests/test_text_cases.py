"""Issue 7, text: hostile or odd text never makes extraction raise; numbers that are not quantities (URLs, phone
and ID numbers, dates, versions) give no figure; values stay finite; growth from a zero base gives no finding.

Each case is checked through the whole ingest + extract path (`page_from_text` then `extract_page`, as
`reconcile.api.extract` runs it) with the invariants the fuzzer checks (bench/fuzz.py: text == slice, finite values, lines); one test runs
every case through the command line.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.api import run_texts
from reconcile.extract import extract_page
from reconcile.ingest import page_from_text
from reconcile.models import Figure

ROOT = Path(__file__).resolve().parent.parent


def figures(text: str) -> list[Figure]:
    page = page_from_text(text, doc="t.txt")
    page, figs = extract_page(page)
    for f in figs:
        assert page.text[f.start : f.end] == f.text
        assert f.line == page.line_of(f.start)
        for v in (f.value, f.low, f.high, f.precision):
            assert v is None or math.isfinite(v), f
        if f.growth is not None:
            assert math.isfinite(f.growth.rate), f
    return list(figs)


def covered(figs: list[Figure], text: str, needle: str) -> list[Figure]:
    """Figures whose span overlaps the first occurrence of `needle` in `text`."""
    a = text.index(needle)
    b = a + len(needle)
    return [f for f in figs if f.start < b and a < f.end]


# ----------------------------------------------------------------------------------------- huge, negative


@pytest.mark.parametrize("digits", [13, 31, 60, 400])
def test_absurdly_large_figures_stay_finite(digits: int) -> None:
    text = f"本报讯 全市地区生产总值达到1{'0' * digits}亿元，增长1{'0' * digits}%。"
    figs = figures(text)
    for f in figs:
        assert f.value is None or abs(f.value) < math.inf


def test_a_huge_figure_is_read_at_its_size_when_it_is_read() -> None:
    text = "本报讯 规模达到1" + "0" * 30 + "亿元。"  # the 10^30 亿元 of issue 7, written out
    figs = figures(text)
    big = [f for f in figs if f.value is not None and f.value >= 1e38 * 0.99]
    assert len(big) == 1 and big[0].text.endswith("亿元")


EXPONENTS = [
    ("规模达到10^30亿元。", "10^30亿元", 1e38),
    ("规模达到10³⁰亿元。", "10³⁰亿元", 1e38),
    ("总量约1.5×10^8元。", "约1.5×10^8元", 1.5e8),
    ("总量约1.5x10^8元。", "约1.5x10^8元", 1.5e8),
    ("总量为1.5*10^8元。", "1.5*10^8元", 1.5e8),
    ("总量为1.5×10⁸元。", "1.5×10⁸元", 1.5e8),
    ("总量达到10的8次方元。", "10的8次方元", 1e8),
    ("浓度为3×10^-6。", "3×10^-6", 3e-6),
]


@pytest.mark.parametrize("text,expr,value", EXPONENTS)
def test_exponent_notation_is_one_figure_with_its_value(text: str, expr: str, value: float) -> None:
    figs = figures(text)
    a = text.index(expr)
    inside = [f for f in figs if f.start < a + len(expr) and a < f.end]
    # The whole expression is one figure, never pieces of it (30亿元, 亿元, 8元 before).
    assert [(f.start, f.end) for f in inside] == [(a, a + len(expr))], [(f.text, f.value) for f in inside]
    assert inside[0].value == pytest.approx(value, rel=1e-9)
    assert inside[0].unit == ("元" if expr.endswith("元") else None)


@pytest.mark.parametrize("text,pieces", [
    ("本报讯 比分2×3。", ["2", "3"]),  # a product without a power of ten is not one number
    ("本报讯 男子4x100米接力。", []),  # a relay, not 4×10^0
    ("本报讯 质能方程E=mc^2。", None),  # a formula: whatever it gives, never a power of a letter
    ("本报讯 增长5%¹，达到2023年¹。", ["5%"]),  # footnote marks after a figure are not powers
    ("本报讯 见https://a.cn/x?n=10^3 。", []),  # a URL
])
def test_what_is_not_a_power_stays_as_it_was(text: str, pieces: list[str] | None) -> None:
    texts = [f.text for f in figures(text)]
    assert not any("^" in t or "¹" in t for t in texts), texts
    if pieces is not None:
        assert texts == pieces


def test_a_power_beyond_float_range_gives_no_figure() -> None:
    text = "本报讯 规模达到10^400亿元，新增企业12家。"
    figs = figures(text)
    assert [f.text for f in figs] == ["12家"]


@pytest.mark.parametrize("text,printed,value", [
    ("本报讯 该企业利润为-3.5亿元。", "-3.5亿元", -3.5e8),
    ("本报讯 该企业亏损−12万元。", "−12万元", -1.2e5),  # U+2212 MINUS SIGN
    ("本报讯 全市进出口总额同比增长-5%。", "-5%", -5),
])
def test_negative_values(text: str, printed: str, value: float) -> None:
    f = next(f for f in figures(text) if f.text == printed)
    assert f.value == pytest.approx(value)


# --------------------------------------------------------------------------------------- zero base


@pytest.mark.parametrize("text", [
    "本报讯 2023年，呼和浩特市技术合同成交额为0亿元。2024年，呼和浩特市技术合同成交额达到5亿元，同比增长100%。\n",
    "本报讯 呼和浩特市科技企业由0家增长到12家，增长了300%。\n",
    "本报讯 2023年全市新增企业0家，2024年全市新增企业8家，增长率为0%。\n",
])
def test_growth_from_a_zero_base_gives_no_finding(text: str) -> None:
    res = run_texts({"zero.txt": text})
    assert [f.rule for f in res.findings if f.kind in ("growth-mismatch", "growth-range", "arithmetic")] == []
    for f in res.figures:
        assert f.value is None or math.isfinite(f.value)


# --------------------------------------------------------------------------------- not quantities


NOT_FIGURES = {
    "url": ("详见 https://www.gov.cn/zhengce/2025-08/11/content_7035123.htm 。", "https://www.gov.cn/zhengce/2025-08/11/content_7035123.htm"),
    "url-bare": ("详见www.huhhot.gov.cn/zwgk/202508/t20250811_123.html。", "www.huhhot.gov.cn/zwgk/202508/t20250811_123.html"),
    "url-query": ("下载地址 http://a.cn/f.aspx?id=1234567&page=2 。", "http://a.cn/f.aspx?id=1234567&page=2"),
    "landline": ("咨询电话：0471-6951234。", "0471-6951234"),
    "mobile": ("联系人手机13912345678。", "13912345678"),
    "hotline": ("请拨打12345热线反映。", "12345"),
    "id-number": ("身份证号110105199001011234。", "110105199001011234"),
    "id-number-x": ("身份证号码11010519900101123X。", "11010519900101123X"),
    "date-dots": ("2025.8.11发布。", "2025.8.11"),
    "date-slashes": ("2025/8/11更新。", "2025/8/11"),
    "date-iso": ("2025-08-11生效。", "2025-08-11"),
    "version": ("系统升级到版本v2.3.1。", "v2.3.1"),
    "version-word": ("Python 3.11.7发布。", "3.11.7"),
    "postcode": ("通讯地址：呼和浩特市新城区，邮编010000。", "010000"),
    "postcode-word": ("邮政编码：010020。", "010020"),
    "qq": ("咨询QQ：12345678。", "12345678"),
    "qq-group": ("加入QQ群123456789。", "123456789"),
    "standard-iso": ("企业通过ISO 9001质量管理体系认证。", "ISO 9001"),
    "standard-iso-iec": ("符合ISO/IEC 27001要求。", "ISO/IEC 27001"),
    "standard-gb": ("参考文献按GB/T 7714-2015著录。", "GB/T 7714-2015"),
    "standard-gb-range": ("执行GB 50016-2014规范。", "GB 50016-2014"),
}


@pytest.mark.parametrize("case", sorted(NOT_FIGURES))
def test_numbers_that_are_not_quantities_give_no_figure(case: str) -> None:
    sentence, needle = NOT_FIGURES[case]
    text = "本报讯 " + sentence + "全市新增企业12家。"
    figs = figures(text)
    assert covered(figs, text, needle) == [], [(f.text, f.value) for f in covered(figs, text, needle)]
    assert "12家" in [f.text for f in figs], "the real figure beside it is still found"


@pytest.mark.parametrize("text,printed,low,high", [
    ("本报讯 营收1万—5万元。", "1万—5万元", 1e4, 5e4),
    ("本报讯 新增3至5家。", "3至5家", 3, 5),
    ("本报讯 增速为20%~30%。", "20%~30%", 20, 30),
])
def test_ranges_have_their_bounds(text: str, printed: str, low: float, high: float) -> None:
    f = next(f for f in figures(text) if f.text == printed)
    assert (f.low, f.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("text", [
    "1234567890" * 300,
    "1234567890 " * 200,
    "0" * 20000,
    "９" * 5000,
    "\n".join(str(i) for i in range(3000)),
    "3.14159265358979323846264338327950288419716939937510" * 50,
    "1,2,3,4,5,6,7,8,9,0," * 100,
    "一二三四五六七八九十百千万亿" * 300,
])
def test_a_page_of_nothing_but_digits(text: str) -> None:
    figures(text)  # never raises; every figure slices back and is finite


def test_a_long_page_of_digits_is_extracted_in_linear_time(tmp_path: Path) -> None:
    """20,000 characters, 10,000 numbers, no sentence end: a linear extractor takes a second or two (it took
    76 s of CPU while each figure looked back over every earlier one; the growth itself is measured in
    tests/extract/test_scaling.py). The 30 s limit only catches a return of that."""
    (tmp_path / "digits.txt").write_text("1,2,3,4,5,6,7,8,9,0," * 1000, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reconcile.cli", "extract", "digits.txt", "--format", "csv"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr


def test_every_text_case_through_the_command_line(tmp_path: Path) -> None:
    texts = [NOT_FIGURES[c][0] for c in sorted(NOT_FIGURES)] + [
        "规模达到1" + "0" * 30 + "亿元。", "利润为-3.5亿元。", "由0家增长到12家，增长了300%。", "1234567890" * 300,
        "2024年规模达到10^30亿元，2025年规模达到10³⁰亿元，增长10%。", "总量约1.5×10^8元，10^400亿元。",
    ]
    (tmp_path / "cases.txt").write_text("本报讯 " + "\n\n".join(texts) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reconcile.cli", "run", "--no-db", "cases.txt", "--format", "json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and "Traceback" not in proc.stdout

    def refuse(token: str) -> None:
        raise AssertionError(f"not strict JSON: {token}")

    report = json.loads(proc.stdout, parse_constant=refuse)  # 1e38 is written as a number, never Infinity
    assert report
