"""parse_number: value and precision of Arabic, Chinese and mixed numerals."""

from __future__ import annotations

import math

import pytest

from reconcile.extract.numerals import Number, parse_number

CASES = [
    # text, value, precision
    ("27.41", 27.41, 0.01),
    ("609", 609, 1),
    ("1,234", 1234, 1),
    ("1，234", 1234, 1),
    ("１，２３４．５", 1234.5, 0.1),
    ("1.5", 1.5, 0.1),
    ("0.05", 0.05, 0.01),
    ("一万二千", 12000, 1000),
    ("十一", 11, 1),
    ("十", 10, 10),
    ("一百二十三点四五", 123.45, 0.01),
    ("四十七点三", 47.3, 0.1),
    ("四十七点三万亿", 47.3e12, 1e11),
    ("二0一0", 2010, 1),
    ("二〇二三", 2023, 1),
    ("一二三", 123, 1),
    ("3千万亿", 3e15, 1e15),
    ("1.2万", 12000, 1000),
    ("27.41亿", 2741000000, 1e6),
    ("10.1万", 101000, 1000),
    ("三万五", 35000, 1000),
    ("一百二", 120, 10),
    ("两千六", 2600, 100),
    ("一千零五", 1005, 1),
    ("十万零一千", 101000, 1000),
    ("一亿五千万零六千三百五十五", 150006355, 1),
    ("壹仟贰佰叁拾肆", 1234, 1),
    ("肆佰叁拾萬", 4300000, 100000),
    ("廿二", 22, 1),
    ("负十一", -11, 1),
    ("-10.1万", -101000, 1000),
    ("1万600", 10600, 1),
    ("200亿零四千230", 20000004230, 1),
    ("15k", 15000, 1000),
    ("零点零零一", 0.001, 0.001),
]


@pytest.mark.parametrize(("text", "value", "precision"), CASES)
def test_value_and_precision(text: str, value: float, precision: float) -> None:
    n = parse_number(text)
    assert n is not None, text
    assert math.isclose(n.value, value, rel_tol=1e-12), (text, n)
    assert math.isclose(n.precision, precision, rel_tol=1e-12), (text, n)


def test_integral_values_are_ints() -> None:
    n = parse_number("27.41亿")
    assert n == Number(2741000000, 1000000)
    assert isinstance(n.value, int)
    assert isinstance(parse_number("27.41").value, float)


@pytest.mark.parametrize("text", ["", "abc", "十四五", "万一", "点五", "五点", "1.2.3", "三万五点二", "亿万", "七十百"])
def test_not_numerals(text: str) -> None:
    assert parse_number(text) is None


def test_beyond_float_range_is_not_a_number() -> None:
    assert parse_number("9" * 400) is None
    n = parse_number("1" + "0" * 300)
    assert n is not None and math.isfinite(n.value)
