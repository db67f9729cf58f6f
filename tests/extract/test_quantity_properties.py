"""Property-based tests: every number written out parses back to its value; scan never fails on any input.

Numbers are generated, then rendered the ways news text writes them (Arabic with and without thousands
separators, full-width, Chinese numerals with 零 and 两, the financial forms, Arabic with a scale word, decimals
with 点), then parsed.
"""

from __future__ import annotations

import math
import os
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reconcile.extract.numerals import parse_number
from reconcile.extract.quantities import parse_quantity, scan

DIGITS = "零一二三四五六七八九"
FINANCIAL = str.maketrans("一二三四五六七八九十百千万亿", "壹贰叁肆伍陆柒捌玖拾佰仟萬億")
FULL_WIDTH = str.maketrans("0123456789,.%", "０１２３４５６７８９，．％")

# RECONCILE_HYPOTHESIS_EXAMPLES=5000 for a deeper run; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("RECONCILE_HYPOTHESIS_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _small(n: int) -> str:
    """0 < n < 10000 in Chinese, with 零 for inner zeros: 1010 -> 一千零一十."""
    out, zero = "", False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + name
    return out


def chinese(n: int) -> str:
    """The standard Chinese numeral of a non-negative integer: 100000001 -> 一亿零一, 10**12 -> 一万亿."""
    if n == 0:
        return "零"
    if n < 10**4:
        return _small(n)
    unit, name = (10**8, "亿") if n >= 10**8 else (10**4, "万")
    hi, lo = divmod(n, unit)
    s = chinese(hi) + name
    if lo == 0:
        return s
    if lo < unit // 10:
        s += "零"
    return s + chinese(lo)


def with_liang(s: str) -> str:
    """两 for a 2 before 千, 万 or 亿, as news text writes it (两千, 两万)."""
    return "".join("两" if c == "二" and s[i + 1 : i + 2] in ("千", "万", "亿") else c for i, c in enumerate(s))


integers = st.integers(min_value=0, max_value=10**16)


@SETTINGS
@given(integers)
@example(100000001)
@example(10010001)
@example(10**12)
@example(2000000020)
def test_arabic_and_chinese_integers_parse_back(n: int) -> None:
    forms = [str(n), f"{n:,}", str(n).translate(FULL_WIDTH), f"{n:,}".translate(FULL_WIDTH), chinese(n),
             with_liang(chinese(n)), chinese(n).translate(FINANCIAL)]
    if 10 <= n < 20:
        forms.append(chinese(n)[1:])  # 十二 as well as 一十二
    for text in forms:
        got = parse_number(text)
        assert got is not None, text
        assert got.value == n, (text, got)


@SETTINGS
@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=3),
       st.sampled_from([("", 1), ("万", 10**4), ("亿", 10**8), ("万亿", 10**12), ("千", 1000)]))
def test_arabic_with_scale_words(a: int, decimals: int, scale: tuple[str, int]) -> None:
    word, mult = scale
    number = Decimal(a).scaleb(-decimals)
    text = f"{number:.{decimals}f}{word}"
    got = parse_number(text)
    assert got is not None, text
    assert math.isclose(got.value, float(number * mult), rel_tol=1e-12), (text, got)
    assert math.isclose(got.precision, float(Decimal(1).scaleb(-decimals) * mult), rel_tol=1e-12), (text, got)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**8), st.text(alphabet="0123456789", min_size=1, max_size=6))
def test_chinese_decimals(int_part: int, frac: str) -> None:
    text = chinese(int_part) + "点" + "".join(DIGITS[int(c)] for c in frac)
    got = parse_number(text)
    assert got is not None, text
    assert math.isclose(got.value, float(Decimal(f"{int_part}.{frac}")), rel_tol=1e-12), (text, got)
    assert math.isclose(got.precision, 10.0 ** -len(frac), rel_tol=1e-12)


@SETTINGS
@given(st.integers(min_value=2, max_value=10**12), st.sampled_from(["家", "元", "万元", "人", "个", "%", "亩"]))
def test_quantities_in_a_sentence_are_found(n: int, unit: str) -> None:
    forms = [str(n), f"{n:,}"]
    if not (unit.startswith("万") and n >= 10**4):  # 一万零一万元 is not how anyone writes 10001万元
        forms.append(chinese(n))
    for written in forms:
        s = f"全市共有{written}{unit},同比增长"
        figs = [q for q in scan(s) if q.role == "figure"]
        assert len(figs) == 1, (s, scan(s))
        q = figs[0]
        scale = 10**4 if unit.startswith("万") else 1
        assert q.value == n * scale, (s, q)
        assert q.text == f"{written}{unit}"
        p = parse_quantity(f" {written}{unit} ")
        assert p is not None and p.value == n * scale


NUMERIC_ALPHABET = st.sampled_from(
    list("0123456789.,-—~%:/万亿千百十一二两三四五六七八九零〇年月日号第元家个多余约近超以上左右点分之成折翻番倍")
    + list("()“”《》 \n\tabcXkKwW$￥@") + ["https://", "www.", "12345", "个百分点", "周岁", "平方公里"]
)


def _check_invariants(s: str) -> None:
    qs = scan(s)
    last = 0
    for q in qs:
        assert s[q.start : q.end] == q.text
        assert last <= q.start < q.end <= len(s)
        assert q.start <= q.number_start <= q.number_end <= q.end
        last = q.end
        for v in (q.value, q.low, q.high, q.precision):
            assert v is None or math.isfinite(v)
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


@SETTINGS
@given(st.text(max_size=300))
def test_scan_never_raises_on_any_unicode(s: str) -> None:
    _check_invariants(s)


@SETTINGS
@given(st.lists(NUMERIC_ALPHABET, max_size=80).map("".join))
def test_scan_never_raises_on_numeric_noise(s: str) -> None:
    _check_invariants(s)


@settings(max_examples=max(50, EXAMPLES // 6), deadline=None)
@given(st.text(max_size=100))
def test_parse_quantity_offsets_index_the_raw_string(s: str) -> None:
    q = parse_quantity(s)
    if q is not None:
        assert s[q.start : q.end] == q.text
        assert q.start <= q.number_start <= q.number_end <= q.end


def test_a_page_of_digits() -> None:
    s = "1234567890" * 5000
    qs = scan(s)
    assert all(q.role != "figure" for q in qs)
    _check_invariants(s)
