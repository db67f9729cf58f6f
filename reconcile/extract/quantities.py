"""Quantities: numbers with their scale, unit and approximation, found in a sentence with exact offsets.

`scan(sentence)` returns every numeric expression of a normalised sentence, left to right and non-overlapping,
each with a `role`: "figure" when it measures something, else why it does not (a year, a date, a phone number,
an ordinal...). `parse_quantity(text)` reads a string that holds one quantity (27.41亿元, 约4.287亿美元,
1万-5万元), normalising it first, with offsets into the string as given.

What the wording bounds (`approx`, `low`, `high`), as documented in docs/numbers.md:
- about: 约 大约 近 将近 接近 左右 上下 (close to; no bounds given);
- over: 超 超过 突破 逾 多于 高于 (low = value); under: 不到 不足 低于 少于 (high = value);
- at_least: 以上 至少 不少于 (low = value); at_most: 以内 以下 最多 不超过 (high = value);
- range: explicit ranges (1万-5万元: value None, low/high), adjacent digits (三五百: 300-500), and 多/余
  whose bound depends on where they stand: 100多 = 101-199, 十多万 = 11万-19万, 十万多 = 10万-11万,
  185万余 = 185万-186万.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from reconcile.extract import grammar as g
from reconcile.extract import roles
from reconcile.extract.numerals import CN_DIGITS, CN_SMALL, to_number, to_python
from reconcile.extract.units import CURRENCY_PREFIX, CURRENCY_PREFIX_RE, lookup

__all__ = ["Quantity", "parse_quantity", "scan"]


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    precision: float | None
    approx: str | None
    role: str
    number_start: int
    number_end: int


_PRE_RE = re.compile(rf"(?:{g.PRE})$")
_PRE_APPROX = {
    "大约": "about", "约为": "about", "约合": "about", "约": "about", "将近": "about", "接近": "about",
    "近": "about", "超过": "over", "超": "over", "突破": "over", "逾": "over", "多于": "over",
    "高于": "over", "大于": "over", "不到": "under", "不足": "under", "低于": "under", "少于": "under",
    "小于": "under", "未满": "under", "不满": "under", "年满": "at_least", "满": "at_least", "至少": "at_least", "最少": "at_least", "不少于": "at_least", "不低于": "at_least",
    "最多": "at_most", "至多": "at_most", "不超过": "at_most", "不高于": "at_most", "上": "over",
}
_POST_APPROX = {
    "左右": "about", "上下": "about", "以上": "at_least", "之上": "at_least", "开外": "over",
    "以下": "at_most", "以内": "at_most", "之内": "at_most",
}
_D = Decimal
_ZERO = _D(0)


@lru_cache(maxsize=4096)  # the same numerals (一, 两, 2023, 十) come back sentence after sentence
def _num(text: str) -> tuple[Decimal, Decimal] | None:
    try:
        return to_number(text)
    except (InvalidOperation, ValueError, KeyError, IndexError):
        return None


def _f(x: Decimal | None) -> float | None:
    if x is None:
        return None
    v = to_python(x)
    return None if v is None else v


def _last_place(n: Decimal) -> Decimal:
    """Place value of the last non-zero digit of an integer: 100 -> 100, 2000 -> 1000, 185 -> 1."""
    if n <= 0 or n != n.to_integral_value():
        return _D(1)
    n = int(n)
    p = 1
    while n % 10 == 0:
        n //= 10
        p *= 10
    return _D(p)


def _adjacent_range(text: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """三五百 -> (300, 500, 100), 八九亿 -> (8亿, 9亿, 1亿), 两三 -> (2, 3, 1), 七八十 -> (70, 80, 10)."""
    if len(text) < 2 or text[0] not in CN_DIGITS or text[1] not in CN_DIGITS:
        return None
    a, b = CN_DIGITS[text[0]], CN_DIGITS[text[1]]
    if not (b == a + 1 or (a, b) == (3, 5)) or a == 0:
        return None
    rest = text[2:]
    mult = _D(1)
    if rest:
        r = _num("一" + rest)
        if r is None or r[1] != r[0]:
            return None  # 一二三 is 123, not a range
        mult = r[0]
    return _D(a) * mult, _D(b) * mult, mult


@dataclass
class _Draft:
    """A quantity being built from a match: exact decimals until the end."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    prec: Decimal | None = None
    unit: str | None = None
    approx: str | None = None
    role: str = "figure"


def _scale_of(s2: str | None) -> Decimal:
    if not s2:
        return _D(1)
    r = _num(s2)
    return r[0] if r is not None else _D(1)


def _big_suffix(ntext: str) -> Decimal:
    """The big scale word a numeral ends with: 185万 -> 10^4, 3亿 -> 10^8, 2万亿 -> 10^12."""
    mult = _D(1)
    for c in reversed(ntext):
        if c in "万萬":
            mult *= 10**4
        elif c in "亿億":
            mult *= 10**8
        else:
            break
    return mult


def _fuzzy(d: _Draft, n: Decimal, nprec: Decimal, scale: Decimal, big: Decimal | None) -> None:
    """多/余/几 after a numeral: a range whose width depends on where the word stands.

    After a big scale word (十万多, 185万余) it means just over: the step is the smaller of the last printed
    place and the scale word (185万余 = 185万-186万, 十万多 = 10万-11万). Before it, or with no scale word
    (100多, 十多万), the count runs to the next step of its last non-zero place: 100多 = 101-199, 十多万 =
    11万-19万; a numeral whose last place is the units (185多) gets [185, 186].
    """
    if big is not None:
        step = min(nprec * scale, big)
        d.low, d.high = n * scale, n * scale + step
    else:
        place = _last_place(n) if n == n.to_integral_value() else nprec
        if place >= 10:
            d.low, d.high = (n + 1) * scale, (n + place - 1) * scale
        else:
            d.low, d.high = n * scale, (n + place) * scale
    d.approx = "range"


def _from_q(m: re.Match[str], s: str) -> tuple[_Draft, int, int] | None:
    """The general quantity. Returns the draft and the numeral's own span, or None when nothing numeric."""
    ntext = m.group("n")
    f, s2, f2, u, big = m.group("f"), m.group("s2"), m.group("f2"), m.group("u"), m.group("big")
    exp = m.group("exp")
    d = _Draft()
    scale = _scale_of(s2)
    ne = m.end("exp") if exp else m.end("n")
    if s2 and s2 in "十百千" and ntext[-1:] in g.CM:
        return None  # 三千百: not a numeral
    if exp and (ntext[0] in "几数" or _adjacent_range(ntext) is not None):
        return None  # 几^3, 三四×10^8: no such numbers
    if ntext[0] in "几数":
        # 几十万, 数十亿: [10, 100] times what follows.
        place = _num("一" + ntext[1:]) if len(ntext) > 1 else None
        if place is None:
            return None
        p = place[0]
        d.low, d.high, d.approx, d.prec = p * scale, p * 10 * scale, "range", p * scale
    else:
        adj = _adjacent_range(ntext)
        r = _num(ntext) if adj is None else None
        if adj is not None:
            lo, hi, mult = adj
            d.low, d.high, d.prec, d.approx = lo * scale, hi * scale, mult * scale, "range"
        elif r is not None and len(ntext) > 1 and all(c in g.CD1 for c in ntext) and u != "折":
            return None  # 唯一一家, 逐一: digits read one after another are not a count (years have their rule)
        elif r is None:
            # Not a numeral although written with numeral characters: 十四五 (a plan), 三五二.
            if len(ntext) >= 2 and all(c in CN_DIGITS or c in g.CM for c in ntext) and not exp:
                d.role = "name"
                return d, m.start("n"), m.end("n")
            return None
        else:
            n, nprec = r
            if exp:
                powered = _power(n, nprec, exp)
                if powered is None:
                    return None
                n, nprec = powered
            if m.group("neg"):
                n = -n
            d.value, d.prec = n * scale, nprec * scale
            if f2:  # 十万多: 多 after the scale word
                _fuzzy(d, n, nprec, scale, scale if s2 else _big_suffix(ntext))
            elif f:
                ends_big = ntext[-1] in "万亿萬億" and not s2  # 185万余
                _fuzzy(d, n, nprec, scale, _big_suffix(ntext) if ends_big else None)
    if big:
        # 六大产业集群, 三大攻坚战: a count of named things (documented in docs/numbers.md). 一大批 is not.
        if d.value is None or d.value < 2 or not all(c in CN_DIGITS or c in g.CM for c in ntext):
            return None
        u = u or "个"
    # The unit.
    if u in ("成", "折"):
        if exp or not _percent_word(d, u, ntext, m, s):
            return None
    elif u:
        info = lookup(u)
        d.unit = info.name if info else u
    return d, m.start("n"), ne


_SUPERSCRIPT = str.maketrans(g.SUPERSCRIPT + "⁻−", "0123456789--")
_MAX_EXPONENT = 400  # beyond float range either way: the quantity is then read as no measurable figure


def _power(n: Decimal, nprec: Decimal, exp: str) -> tuple[Decimal, Decimal] | None:
    """The numeral `n` (printed to `nprec`) with the power printed after it: ×10^8 scales it (1.5×10^8 is
    1.5亿, printed to 0.1×10^8); ^30, ³⁰ and 的8次方 raise it (10^30, 2^10: exact integers, printed to their
    own order of magnitude for a power of ten, else to one)."""
    if exp.startswith("的"):
        k = _num(exp[1:-2])
        if k is None or k[0] != k[0].to_integral_value():
            return None
        e = int(k[0])
    else:
        digits = exp[3:] if exp[0] in "×xX*·" else exp
        e = int(digits.lstrip("^").translate(_SUPERSCRIPT))
    if abs(e) > _MAX_EXPONENT:
        return None
    if exp[0] in "×xX*·":
        f = _D(10) ** e
        return n * f, nprec * f
    if n == 0 and e <= 0:
        return None
    powered = n ** e
    return powered, powered if n == 10 else _D(1)


def _percent_word(d: _Draft, u: str, ntext: str, m: re.Match[str], s: str) -> bool:
    """五成 = 50%, 七成六 = 76%, 三成半 = 35%; 九折 = 90%, 75折 = 75%, 9.9折 = 99%."""
    if d.value is None:
        return False
    v = d.value
    digits = sum(c.isdigit() or c in CN_DIGITS for c in ntext)
    decimal = "." in ntext or "点" in ntext
    if u == "折":
        if digits == 1 or decimal:
            if v >= 10:
                return False
            d.value, d.prec = v * 10, (d.prec or _D(1)) * 10
        elif digits != 2 or any(c in g.CM for c in ntext):
            return False  # 十折, 一百折: not a discount
    else:
        d.value, d.prec = v * 10, (d.prec or _D(1)) * 10
    if d.value is None or d.value > 100 or d.value <= 0:
        return False
    d.unit = "%"
    return True


def _apply_approx(d: _Draft, pre: str | None, post: str | None) -> None:
    word_approx = None
    if post:
        word_approx = _POST_APPROX.get(post)
    if pre and word_approx is None:
        word_approx = _PRE_APPROX.get(pre)
    if d.approx == "range" or word_approx is None:
        return
    d.approx = word_approx
    if word_approx in ("over", "at_least"):
        d.low = d.value
    elif word_approx in ("under", "at_most"):
        d.high = d.value


def _make(s: str, start: int, end: int, d: _Draft, ns: int, ne: int) -> Quantity | None:
    value = _f(d.value)
    if d.value is not None and value is None:
        # Beyond float range (a run of 309+ digits): not a measurable figure.
        d.role, d.prec = "id", None
    return Quantity(
        start=start,
        end=end,
        text=s[start:end],
        value=value,
        low=_f(d.low),
        high=_f(d.high),
        unit=d.unit,
        precision=_f(d.prec),
        approx=d.approx,
        role=d.role,
        number_start=ns,
        number_end=ne,
    )


def _quantity(m: re.Match[str], s: str, default_unit: str | None = None, floor: int = 0) -> Quantity | None:
    """The quantity a match of MASTER stands for; `floor` is where the previous match ended (words before
    the number, such as 约 or 人民币, are looked for between it and the number)."""
    kind = m.lastgroup
    start, end = m.start(), m.end()
    if kind in ("url", "ndate", "time", "phone", "ident", "wdate", "cnyear"):
        role = {"url": "url", "ndate": "date", "time": "time", "phone": "phone", "ident": "id",
                "cnyear": "year"}.get(kind)
        d = _Draft(role=role or "id")
        if kind == "wdate":
            d.role = "date" if m.group("wd") else "month"
        elif kind == "cnyear":
            r = _num(m.group()[:4].replace("0", "〇"))
            d.value, d.prec, d.unit = (r[0], r[1], "年") if r else (None, None, None)
        if kind == "url" and not any(c.isdigit() for c in m.group()):
            return None
        return _make(s, start, end, d, start, end)
    if kind == "ord":
        return _ordinal(m, s)
    if kind in ("frac", "q"):
        group = "numr" if kind == "frac" else "n"
        retry = _shorter(m, s, group)
        if retry is not None:
            m = retry
    if kind == "frac":
        return _fraction(m, s)
    if kind == "double":
        return _doubling(m, s)
    if kind in ("half", "half2"):
        v = _D(5) if m.group() == "半成" else _D(50)
        return _make(s, start, end, _Draft(value=v, prec=v, unit="%"), start, end)
    return _general(m, s, default_unit, floor)


def _shorter(m: re.Match[str], s: str, group: str) -> re.Match[str] | None:
    """When the numeral read greedily is malformed only because of multipliers at its end (百分之七十百分位,
    三十万百姓), the match again with the numeral cut to its longest well-formed head."""
    text = m.group(group)
    if text is None or text[-1] not in g.CM or text[0] in "几数" or _num(text) is not None:
        return None
    if _adjacent_range(text) is not None:
        return None
    cut = text
    while cut and cut[-1] in g.CM:
        cut = cut[:-1]
        if cut and _num(cut) is not None:
            return g.MASTER.match(s, m.start(), m.start(group) + len(cut))
    return None


def _ordinal(m: re.Match[str], s: str) -> Quantity | None:
    r = _num(m.group("onum"))
    if r is None:
        return None
    unit = m.group("ounit")
    d = _Draft(value=r[0], prec=r[1], role="ordinal")
    if unit in ("位", "名") or roles.rank_context(s, m.start()):
        d.role = "figure"
        d.unit = unit if unit in ("位", "名") else None
        end = m.end() if unit in ("位", "名") or unit is None else m.end("onum")
        return _make(s, m.start(), end, d, m.start("onum"), m.end("onum"))
    if unit:
        info = lookup(unit)
        d.unit = info.name if info else unit
    return _make(s, m.start(), m.end(), d, m.start("onum"), m.end("onum"))


def _fraction(m: re.Match[str], s: str) -> Quantity | None:
    num = _num(m.group("numr"))
    den_text = m.group("den")
    if num is None:
        # 百分之二三十: adjacent digits as a range.
        adj = _adjacent_range(m.group("numr"))
        if adj is None or den_text not in ("百",):
            return None
        d = _Draft(low=adj[0], high=adj[1], prec=adj[2], unit="%", approx="range")
        return _make(s, m.start(), m.end(), d, m.start("numr"), m.end("numr"))
    den = _num(den_text) if den_text else None
    if den is None or den[0] == 0:
        return None
    n, nprec = num
    d = _Draft(value=n * 100 / den[0], prec=nprec * 100 / den[0], unit="%")
    if den[0] == 100:
        d.value, d.prec = n, nprec
    return _make(s, m.start(), m.end(), d, m.start(), m.end())


def _doubling(m: re.Match[str], s: str) -> Quantity | None:
    t = m.group("dnum")
    times = _D(1) if not t else (_num(t) or (None, None))[0]
    if times is None or times > 10:
        return None
    d = _Draft(value=(2 ** int(times) - 1) * _D(100), prec=_D(100), unit="%")
    ns, ne = (m.start("dnum"), m.end("dnum")) if t else (m.start(), m.end())
    return _make(s, m.start(), m.end(), d, ns, ne)


def _general(m: re.Match[str], s: str, default_unit: str | None, floor: int = 0) -> Quantity | None:
    built = _from_q(m, s)
    if built is None:
        return None
    d, ns, ne = built
    start, end = m.start(), m.end()
    ntext = m.group("n")
    n1 = m.group("n1")
    if n1 is not None:
        if not _range(d, m):
            return None
    # The money tail: 123元1角1分, 十块三毛, 两美元又三美分, 十块钱, 圆整.
    if d.unit and lookup(d.unit) is not None and lookup(d.unit).family == "currency":
        end = _money_tail(d, s, end)
    elif d.unit in ("吨", "米", "斤", "公里", "千克", "公斤") and s.startswith("半", end) and d.value is not None:
        d.value += (d.prec or _D(1)) / 2  # 一吨半, 两米半
        d.prec = (d.prec or _D(1)) / 10
        end += 1
    elif d.unit == "%" and m.group("u") == "成":
        t = g.CHENG_TAIL.match(s, end)
        if t and d.value is not None and d.approx is None:
            d.value += _D(5) if t.group() == "半" else _D(CN_DIGITS[t.group()])
            d.prec = _D(1)
            end = t.end()
    # Approximation words before the number (and the range's first number), and currency before it.
    first = m.start("n1") if n1 is not None else m.start("neg") if m.group("neg") else m.start("n")
    start = first
    head = s[max(0, floor, start - 6) : start]
    cur = CURRENCY_PREFIX_RE.search(head)
    if cur:
        start -= len(cur.group())
        code = CURRENCY_PREFIX[cur.group()]
        if d.unit is None or d.unit == "元":
            d.unit = code
        head = s[max(0, floor, start - 6) : start]
    pre = _PRE_RE.search(head)
    pre_word = pre.group() if pre else None
    if pre_word == "上" and not (ntext in ("百", "千", "万", "亿") and not m.group("f")):
        pre_word = None  # 上千 / 上万 only
    if pre_word:
        start -= len(pre_word)
    _apply_approx(d, pre_word, m.group("post"))
    if d.unit is None and default_unit is not None:
        d.unit = default_unit
    if d.role == "name":
        return _make(s, ns, ne, d, ns, ne)
    q_role = roles.classify(s, m, d.value, d.unit, d.approx, ns, ne, start, end)
    if q_role is None:
        return None
    d.role = q_role
    return _make(s, start, end, d, ns, ne)


def _range(d: _Draft, m: re.Match[str]) -> bool:
    """N1 SEP N2: the first number takes the scale (and unit) of the second when it has none of its own."""
    r1 = _num(m.group("n1"))
    if r1 is None:
        adj = _adjacent_range(m.group("n1"))
        if adj is None:
            return False
        r1 = (adj[0], adj[2])
    n1, p1 = r1
    if m.group("f1"):
        return False
    s1 = _scale_of(m.group("s1"))
    n1 *= s1
    hi = d.value if d.value is not None else d.high
    if hi is None:
        return False
    ntext = m.group("n")
    if not m.group("s1") and not any(c in "万亿萬億" for c in m.group("n1")):
        # 两到三万 -> 2万; 十八至三十万 -> 18万; 八到九百亿 -> 800亿; 两~3百 -> 200; 8500到3万 stays 8500.
        raw2 = _num(_strip_scale(ntext))
        mult = _inherited_multiplier(m.group("n1"), ntext, m.group("s2"))
        if raw2 is not None and mult != 1 and n1 <= raw2[0]:
            n1, p1 = n1 * mult, p1 * mult
    u1 = m.group("u1")
    if u1:
        info1 = lookup(u1)
        name1 = info1.name if info1 else u1
        if d.unit is None:
            d.unit = name1
        elif name1 != d.unit:
            return False
    if n1 > hi:
        return False
    d.low, d.high, d.value, d.approx = n1, hi, None, "range"
    d.prec = min(p1, d.prec) if d.prec is not None else p1
    return True


def _strip_scale(ntext: str) -> str:
    return ntext.rstrip("万亿萬億")


def _inherited_multiplier(n1: str, n2: str, s2: str | None) -> Decimal:
    """What the first number of a range inherits from the second: the big scale words at its end, and the
    small multiplier too when both numbers are single digits (两到三千 -> 2000, 八到九百亿 -> 800亿)."""
    mult = _scale_of(s2)
    core = n2
    while core and core[-1] in "万亿萬億":
        mult *= _D(10**4) if core[-1] in "万萬" else _D(10**8)
        core = core[:-1]
    if core.endswith(("k", "K")):
        mult *= 1000
        core = core[:-1]
    single1 = len(n1) == 1 and (n1 in CN_DIGITS or n1.isdigit())
    if single1 and len(core) == 2 and (core[0] in CN_DIGITS or core[0].isdigit()) and core[1] in CN_SMALL:
        mult *= CN_SMALL[core[1]]
    return mult


def _money_tail(d: _Draft, s: str, end: int) -> int:
    after = g.CURRENCY_AFTER.match(s, end)
    if after and d.unit == "元":
        info = lookup(after.group()) or lookup("元")
        d.unit = info.name if info else d.unit
        return after.end()
    t = g.MONEY_TAIL.match(s, end)
    if not t or t.end() == end or d.value is None:
        return end
    add = _ZERO
    prec = d.prec
    if t.group("jiao"):
        add += _D(CN_DIGITS.get(t.group("jiao"), 0) if not t.group("jiao").isdigit() else t.group("jiao")) / 10
        prec = _D("0.1")
    if t.group("fen"):
        add += _D(CN_DIGITS.get(t.group("fen"), 0) if not t.group("fen").isdigit() else t.group("fen")) / 100
        prec = _D("0.01")
    if not (t.group("jiao") or t.group("fen") or t.group("zheng")):
        return end
    d.value += add
    d.prec = prec
    return t.end()


_RETRY_WITHIN = 8
_CN_START = frozenset(g.CD + g.CM)


def scan(s: str) -> list[Quantity]:
    """Every numeric expression in a normalised sentence, left to right, non-overlapping, with its role."""
    return _walk(s, None)


def _walk(s: str, default_unit: str | None) -> list[Quantity]:
    """MASTER's quantities in `s`, left to right. MASTER is tried only at anchor characters. A short Chinese
    match that is no quantity (唯一一家 read as 一一家) is tried again one character on, so that 一家 is
    found; the retry is bounded, so the scan stays linear."""
    anchor, match = g.ANCHOR.search, g.MASTER.match
    out: list[Quantity] = []
    pos = floor = 0
    n = len(s)
    while pos < n:
        a = anchor(s, pos)
        if a is None:
            break
        m = match(s, a.start())
        if m is None or m.end() == m.start():
            pos = a.start() + 1
            continue
        try:
            q = _quantity(m, s, default_unit, floor)
        except (InvalidOperation, ValueError, KeyError, IndexError, TypeError, OverflowError, ZeroDivisionError):
            q = None
        if q is None and 1 < m.end() - m.start() <= _RETRY_WITHIN and s[m.start()] in _CN_START:
            pos = m.start() + 1
            continue
        pos = floor = m.end()
        if q is not None and not (out and q.start < out[-1].end):
            out.append(q)
    return out


# ------------------------------------------------------------------------------------ parse_quantity

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, ord("點"): ord("点"), ord("個"): ord("个"), ord("萬"): ord("万"), ord("億"): ord("亿"),
               ord("兩"): ord("两"), ord("陸"): ord("陆"), ord("貳"): ord("贰"), ord("參"): ord("叁"),
               ord("圓"): ord("圆"), ord("歲"): ord("岁"), ord("幣"): ord("币"), ord("對"): ord("对")})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold widths and a few Traditional numeral characters, drop blanks; return the text and, for each of
    its characters, the offset of the character it came from."""
    folded = text.translate(_WIDTH)
    keep = [i for i, c in enumerate(folded) if not c.isspace()]
    return "".join(folded[i] for i in keep), keep


def parse_quantity(text: str, default_unit: str | None = None) -> Quantity | None:
    """Read a string that holds one quantity: 27.41亿元, 一百二十三点四五, 约4.287亿美元, 3000多欧元, 1万-5万元.

    The string may be raw (full-width forms, spaces inside the number). Offsets in the result index `text`
    as given. `default_unit` is the unit to assume when none is printed (a money column: "元"). Returns the
    first figure-like quantity, or None when the string holds no number.
    """
    if not isinstance(text, str):
        return None
    norm, omap = normalise(text)
    if not norm:
        return None
    found = _walk(norm, default_unit)
    figures = [q for q in found if q.role == "figure"]
    best = figures[0] if figures else (found[0] if found else None)
    if best is None:
        return None

    def o(i: int) -> int:
        return omap[i] if i < len(omap) else len(text)

    start, end = o(best.start), omap[best.end - 1] + 1
    return Quantity(
        start=start, end=end, text=text[start:end], value=best.value, low=best.low, high=best.high,
        unit=best.unit, precision=best.precision, approx=best.approx, role=best.role,
        number_start=o(best.number_start), number_end=omap[best.number_end - 1] + 1,
    )
