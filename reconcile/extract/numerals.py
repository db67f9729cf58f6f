"""Numerals: Arabic, Chinese (everyday and financial forms) and mixed, to a value and a precision.

`parse_number("27.41")` -> Number(27.41, 0.01); `parse_number("一万二千")` -> Number(12000, 1000);
`parse_number("3千万亿")` -> Number(3000000000000000, 1e15). The precision is the place value of the last
printed digit: the rounding-aware rules widen a figure by half of it.

Arithmetic is done in `Decimal`, so `27.41` times 亿 is exactly 2741000000 (binary floats would give
2741000000.0000005); the result is an `int` when the numeral is integral and has no decimal part, else a
`float`. Values too large for a float (a run of more than 308 digits) are not numbers: `parse_number` returns
None for them, so no caller ever sees inf or NaN.

The grammar, read left to right over tokens (a Chinese digit, an Arabic digit run, a multiplier):
- 十百千 (and 拾佰仟, 廿 卅) multiply the digit before them (or 1: 十一, 百余);
- 万 亿 (and 萬 億, and the 兆 of Taiwanese and Japanese writing) multiply everything before them that is
  smaller than themselves, so 一千一百万 and 3千万亿 (3 x 10^15) come out right;
- a digit left at the end right after a multiplier is the next place down (三万五 = 35000, 一百二 = 120),
  unless 零 stood between (一千零五 = 1005); an Arabic run there is added as is (1万600 = 10600);
- digits with no multiplier at all read positionally (一二三 = 123, 二〇一〇 = 2010, 一七二零点一 = 1720.1);
- 点 (or .) starts the decimal digits, which may be followed by multipliers (四十七点三万亿 = 4.73 x 10^13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "Number",
    "parse_number",
    "CN_DIGITS",
    "CN_SMALL",
    "CN_BIG",
    "CN_ZERO",
    "to_number",
    "to_python",
]

# Chinese digits, everyday and financial (大写) forms, and the variants seen in print.
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
CN_ZERO = "零〇○Ｏ"
# Multipliers of the digit before them.
CN_SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# Tens written as one character: 廿二 = 22.
CN_TENS: dict[str, int] = {"廿": 20, "卅": 30, "卌": 40}
# Multipliers of everything before them that is smaller.
CN_BIG: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
# Latin scale letters, as in 15k and the informal 30w (= 30万).
LATIN_SCALE: dict[str, int] = {"k": 1000, "K": 1000, "w": 10**4}

_DECIMAL_POINTS = "点點."
_NEGATIVE = "负負-−－"

_ARABIC_RUN = re.compile(r"[0-9]+(?:,[0-9]{3})*")
_FLOAT_MAX = Decimal("1.7976931348623157e308")
_EXACT_INT = Decimal(10**18)  # integral values below this are returned as exact ints


@dataclass(frozen=True)
class Number:
    value: float | int
    precision: float  # place value of the last printed digit: "27.41" -> 0.01, "609" -> 1, "一万二千" -> 1000


@dataclass(frozen=True)
class _Tok:
    kind: str  # "d" digit (Chinese), "a" Arabic run, "s" small multiplier, "b" big multiplier, "z" zero, "t" tens
    value: Decimal
    width: int = 1  # Arabic run: number of digits


def _tokenize(s: str, scale_first: bool = False) -> list[_Tok] | None:
    toks: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            m = _ARABIC_RUN.match(s, i)
            assert m is not None
            digits = m.group().replace(",", "")
            toks.append(_Tok("a", Decimal(digits), len(digits)))
            i = m.end()
            continue
        if c in CN_DIGITS:
            toks.append(_Tok("z" if CN_DIGITS[c] == 0 else "d", Decimal(CN_DIGITS[c])))
        elif c in CN_SMALL:
            toks.append(_Tok("s", Decimal(CN_SMALL[c])))
        elif c in CN_TENS:
            toks.append(_Tok("t", Decimal(CN_TENS[c])))
        elif c in CN_BIG:
            toks.append(_Tok("b", Decimal(CN_BIG[c])))
        elif c in LATIN_SCALE and (i > 0 or scale_first):
            toks.append(_Tok("b", Decimal(LATIN_SCALE[c])))
        elif c == "," and toks and toks[-1].kind == "a":
            i += 1  # a stray separator after an Arabic run (1,000 read in two pieces)
            continue
        else:
            return None
        i += 1
    return toks


def _positional(toks: list[_Tok]) -> tuple[Decimal, int] | None:
    """Digits with no multiplier read one after another: 一二三 = 123, 二0一0 = 2010. Returns (value, width)."""
    digits = []
    for t in toks:
        if t.kind == "a":
            digits.append(str(t.value).zfill(t.width))
        elif t.kind in "dz":
            digits.append(str(int(t.value)))
        else:
            return None
    text = "".join(digits)
    return Decimal(text), len(text)


def _integer(toks: list[_Tok]) -> tuple[Decimal, Decimal] | None:
    """The value and precision of an integer part written with multipliers; None when malformed."""
    if all(t.kind in "adz" for t in toks):
        pos = _positional(toks)
        return None if pos is None else (pos[0], Decimal(1))
    parts: list[Decimal] = []  # values already multiplied by a big multiplier, and the current group
    pending: Decimal | None = None  # a digit waiting for its multiplier
    pending_arabic = False
    prec = Decimal(1)
    last_mult: Decimal | None = None  # the multiplier just applied, for 三万五 / 一百二
    group_small: Decimal | None = None  # the last 十/百/千 since the last 万/亿: they must decrease
    zero_seen = False
    prev = ""
    prev_big = Decimal(0)
    for i, t in enumerate(toks):
        k = t.kind
        if k in "da":
            if pending is not None:
                return None  # two digits in a row inside a numeral with multipliers (十四五, 一 2)
            pending, pending_arabic = t.value, k == "a"
        elif k == "z":
            if pending is not None:
                return None  # 五零 inside a numeral with multipliers
            zero_seen = True
            last_mult = None
        elif k == "t":
            if pending is not None or parts:
                return None
            parts.append(t.value)
            prec, last_mult, zero_seen, group_small = Decimal(10), Decimal(10), False, Decimal(10)
        elif k == "s":
            m = t.value
            if group_small is not None and m >= group_small:
                return None  # 七十百, 二十三十: multipliers must decrease within a group
            if pending is None and not (i == 0 or prev == "z" or (m == 10 and group_small is not None)):
                return None  # 三十万百(姓): a bare 百 after other multipliers; 一百十一 is fine
            d = Decimal(1) if pending is None else pending
            if pending_arabic and d != d.to_integral_value():
                return None
            parts.append(d * m)
            prec, last_mult, zero_seen, group_small = m, m, False, m
            pending = None
            pending_arabic = False
        else:  # big multiplier
            big = t.value
            if pending is None and prev == "b":
                # 万亿, 万万: consecutive big multipliers multiply the number so far (亿万 is a word).
                if big < prev_big:
                    return None
                parts[-1] *= big
                prec *= big
                last_mult = prev_big = big
                prev = k
                continue
            head: list[Decimal] = []
            if pending is not None:
                # The digits right before a big multiplier are always multiplied (10000万, 1e30亿).
                head = [pending]
                prec = Decimal(1)
                pending = None
                pending_arabic = False
            elif not parts:
                # 万 alone, as in 万余 or 万万分之七; never followed by digits (万一 is "in case").
                if any(u.kind != "b" for u in toks):
                    return None
                parts.append(Decimal(1))
                prec = Decimal(1)
            lower = [p for p in parts if p < big] + head
            if not lower:
                return None  # a big multiplier with nothing smaller before it
            higher = [p for p in parts if p >= big]
            parts = higher + [sum(lower, Decimal(0)) * big]
            prec *= big
            last_mult, zero_seen, group_small = big, False, None
        if k == "b":
            prev_big = t.value
        prev = k
    if pending is not None:
        if pending_arabic or zero_seen or last_mult is None:
            parts.append(pending)
            prec = Decimal(1)
        else:
            # 三万五 = 35000, 一百二 = 120, 两千六 = 2600: the next place down.
            step = last_mult / 10
            if step < 1:
                return None
            parts.append(pending * step)
            prec = step
    if not parts:
        return None
    return sum(parts, Decimal(0)), prec


def to_number(s: str) -> tuple[Decimal, Decimal] | None:
    """Value and precision of a numeral as exact decimals, or None when `s` is not one numeral."""
    if not s:
        return None
    neg = False
    if s[0] in _NEGATIVE:
        neg, s = True, s[1:]
        if not s:
            return None
    # Split at the decimal point: 四十七点三万亿 -> 四十七 | 三 | 万亿 (multipliers after the decimals).
    point = -1
    for i, c in enumerate(s):
        if c in _DECIMAL_POINTS:
            point = i
            break
    if point >= 0:
        int_part, rest = s[:point], s[point + 1 :]
        j = 0
        while j < len(rest) and (rest[j] in CN_DIGITS or "0" <= rest[j] <= "9"):
            j += 1
        frac, tail = rest[:j], rest[j:]
        if not frac or not int_part:
            return None
        frac_digits = "".join(c if "0" <= c <= "9" else str(CN_DIGITS[c]) for c in frac)
        tail_toks = _tokenize(tail, scale_first=True)
        if tail_toks is None or any(t.kind != "b" and t.kind != "s" for t in tail_toks):
            return None
        int_toks = _tokenize(int_part)
        if not int_toks:
            return None
        ip = _integer(int_toks)
        if ip is None:
            return None
        ival, iprec = ip
        if iprec != 1 and len(int_toks) > 1 and int_toks[-1].kind == "d":
            return None  # 三万五点二: an elided place before a decimal point
        # 一百点123 = 100.123: the decimals continue the integer, whatever its multipliers.
        value = ival + Decimal("0." + frac_digits)
        prec = Decimal(1).scaleb(-len(frac_digits))
        mult = Decimal(1)
        # Multipliers after the decimals scale the whole (27.41亿, 四十七点三万亿): like _integer's big rule.
        for t in tail_toks:
            mult *= t.value
        value *= mult
        prec *= mult
    else:
        toks = _tokenize(s)
        if not toks:
            return None
        ip = _integer(toks)
        if ip is None:
            return None
        value, prec = ip
    if neg:
        value = -value
    return value, prec


def to_python(value: Decimal) -> float | int | None:
    """An int when the value is integral and exactly representable, else a float; None beyond float range."""
    if abs(value) > _FLOAT_MAX:
        return None
    if value == value.to_integral_value() and abs(value) < _EXACT_INT:
        return int(value)
    return float(value)


def parse_number(s: str) -> Number | None:
    """Parse one numeral (no unit, no approximation words). None when `s` is not a numeral.

    Arabic with separators (1,234 / 1，234 / 1.5), Chinese (四十七点三, 一万二千, 十一, 二0一0, 壹贰叁,
    廿二), mixed (3千万亿, 1.2万, 1万600), a leading 负 or minus sign. Full-width forms are accepted.
    """
    s = s.strip().translate(_WIDTH).replace(" ", "")
    try:
        r = to_number(s)
    except (InvalidOperation, ValueError, KeyError):
        return None
    if r is None:
        return None
    value, prec = r
    v = to_python(value)
    if v is None:
        return None
    p = to_python(prec)
    return Number(v, p if p is not None else float(prec))


# Full-width digits and punctuation to ASCII (parse_number is called on raw strings).
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
