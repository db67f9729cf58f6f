"""Why a numeric expression is (or is not) a figure: its role, from its unit and a few characters around it.

A figure measures something. Everything else that looks numeric gets a role that says what it is instead:
year, date, month, quarter, period-range, time, duration, phone, id, url, ordinal, list, age, per (the base of
a rate: 每万人), name (a numeral inside a name, slogan or idiom). The rules are patterns over the unit and the
context, plus one vocabulary (data/numeral_words.txt: idioms, slogans and common words written with numerals),
never phrases copied from particular pages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from reconcile.extract.grammar import CD, CM
from reconcile.extract.units import lookup

if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

__all__ = ["classify", "rank_context", "numeral_words", "in_numeral_word"]

_RANK_BEFORE = re.compile(
    r"(?:排名|排行|排|位居|位列|名列|居|列|跃居|跃升至|升至|上升至|提升至|前移至|跻身|全国|全区|全省|全市|全球|世界|"
    r"国内|区内|省内|市内|同类|同行业|行业|榜单|榜)$"
)
_PHONE_BEFORE = re.compile(r"(?:电话|热线|拨打|致电|手机|传真|号码|专线|联系方式|咨询|举报|投诉|服务号|微信号|QQ)[:：号为是]?$")
_PHONE_AFTER = re.compile(r"(?:热线|专线|服务热线|政务服务|便民热线|举报电话|咨询电话|电话)")
_LIST_AFTER = re.compile(r"[、)）]|\.(?![0-9])")
# What may stand right before a list marker (1. 2、 (3)) or a clause-opening ordinal (一是): nothing, or these.
_LIST_BEFORE = frozenset(" \t\n(（。；;:：!！?？,，")
_CLAUSE_START = frozenset(" \t\n。；;:：,，!！?？、“\"(（")


def _after_boundary(s: str, pos: int, boundary: frozenset[str]) -> bool:
    return pos == 0 or s[pos - 1] in boundary
# 4.0 as in 工业4.0, 苜蓿育种4.0: a version when a noun (not a verb or preposition) stands right before it.
_VERB_BEFORE = re.compile(r"(?:达|为|是|至|到|约|超|近|了|长|降|高|低|增|减|占|比|率|值|度|均|和|与|及|或|从|由|的|计|共|量|额|数|逾|破)$")
_VERSION_AFTER = re.compile(r"(?:版|时代|版本|代)")
_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff]$")
_LATIN_BEFORE = re.compile(r"[A-Za-z][-_]?$")
_LATIN_AFTER = re.compile(r"[A-Za-z]")
_DATE_AFTER_DAY = re.compile(r"(?:内|以内|之内|后|以后|之后|来|以来|左右|之间)")
_CN_ONLY = re.compile(rf"[{CD}{CM}点]+")
_HAN_AFTER = re.compile(r"[\u4e00-\u9fff]")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# Characters that may follow a bare number in running text without making it part of a name.
_FUNCTION_AFTER = re.compile(r"[的了和与及或是为在到至以而且并等之中里后前内外余多来左上下个]")


# Whether 一 + classifier (一个, 一家) is the article "a" (role "indefinite") rather than a count of one.
# Off until reconcile/extract/figures.py stops needing a figure in a sentence to look for its subject
# (see docs/numbers.md, "Known interactions").
INDEFINITE_ONE = False
_HOTLINE = re.compile(r"12[0-9]{3}")
# Codes named by what they are: a postal code (邮编 010000), an account (QQ群123456789, 微信号), a standard
# (ISO 9001, ISO/IEC 27001, GB/T 7714-2015, GB 50016-2014, JGJ 3-2010, DB15/T 1234): numbers, never quantities.
_POSTCODE_BEFORE = re.compile(r"(?:邮编|邮政编码)[:：为是]?\s*$")
_ACCOUNT_BEFORE = re.compile(r"(?:QQ|qq|Qq|微信|微博|抖音)(?:群|号|群号|号码|账号|帐号)?[:：为是]?\s*$")
_STANDARD_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:ISO(?:/(?:IEC|TS|TR))?|IEC|GB(?:/[TZ])?|GBZ|GJB|JGJ|CJJ|HJ|DL(?:/T)?|NB(?:/T)?|JB(?:/T)?|"
    r"YY(?:/T)?|QB(?:/T)?|HG(?:/T)?|SL|SJ(?:/T)?|DB[0-9]{0,2}(?:/T)?|T/[A-Z]{2,8}|ANSI|IEEE|EN|DIN|JIS|ASTM\s?[A-Z]?)"
    r"\s*[-/]?\s*$"
)
# Words before a span of time or an age that make it a measured figure rather than a span or a condition.
_MEASURED_SPAN = re.compile(r"(?:年限|寿命|工龄|期限|时长|周期|平均|年龄|龄)")
_TITLE_AFTER = re.compile(r"(?:院士|教授|同志|先生|女士|书记|主任|老师|博士)")
_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』"}
_QUOTE_SPAN = 16


# The last opening quote, closing quote or sentence end before a position (searched in the window before it).
_LAST_MARK = re.compile("[“《「『”》」』。；;!?！？\n][^“《「『”》」』。；;!?！？\n]*\\Z")


def _in_short_quote(s: str, start: int, end: int) -> bool:
    """Whether s[start:end] sits inside a short quoted phrase or title that holds more than the number."""
    mark = _LAST_MARK.search(s, max(0, start - _QUOTE_SPAN), start)
    if mark is None:
        return False
    i = mark.start()
    c = s[i]
    if c not in _QUOTES:
        return False  # a closing quote or the end of a sentence comes first: not inside a quotation
    close = s.find(_QUOTES[c], end, min(len(s), end + _QUOTE_SPAN))
    if close < 0 or close - i - 1 > _QUOTE_SPAN:
        return False
    inner = s[i + 1 : close]
    rest = inner.replace(s[start:end], "")
    return inner != s[start:end] and _NAME_CHAR.search(rest) is not None


@lru_cache(maxsize=1)
def numeral_words() -> tuple[frozenset[str], int]:
    """Words written with numerals that are not quantities (idioms, slogans, names, common words)."""
    text = resources.files("reconcile.extract").joinpath("data/numeral_words.txt").read_text("utf-8")
    words = frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return words, max((len(w) for w in words), default=0)


def in_numeral_word(s: str, ns: int, ne: int, qend: int) -> bool:
    """Whether the numeral s[ns:ne] sits inside a listed word that is more than the numeral itself.

    十分重要 (十分), 一成不变, 千家万户, 统一: suppressed. 千万元 is not: the word 千万 is the numeral exactly
    and a unit follows it, so the quantity is longer than the word.
    """
    _, longest = numeral_words()
    match = _numeral_word_pattern().match
    for a in range(max(0, ns - longest + 1), ns + 1):
        # The longest listed word at `a` decides: a shorter one ends before the numeral does, or is the numeral.
        m = match(s, a)
        if m is None or m.end() < max(ne, a + 2):
            continue
        if a == ns and m.end() == ne and qend > ne:
            continue  # the word is the numeral and the quantity goes on (千万元)
        return True
    return False


@lru_cache(maxsize=1)
def _numeral_word_pattern() -> re.Pattern[str]:
    """The listed words as one alternation, longest first: a match at a position is the longest word there."""
    words, _ = numeral_words()
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def rank_context(s: str, pos: int) -> bool:
    return _RANK_BEFORE.search(s, max(0, pos - 4), pos) is not None


def _family(unit: str | None) -> str | None:
    info = lookup(unit) if unit else None
    return info.family if info else None


def classify(
    s: str,
    m: re.Match[str],
    value: Decimal | None,
    unit: str | None,
    approx: str | None,
    ns: int,
    ne: int,
    start: int,
    end: int,
) -> str | None:
    """The role of a general quantity match, or None when it is not a numeric expression at all."""
    ntext = s[ns:ne]
    chinese = _CN_ONLY.fullmatch(ntext) is not None
    before = s[max(0, start - 8) : start]
    after = s[end : end + 6]
    is_range = m.group("n1") is not None

    # Numerals inside identifiers: BA0711, COVID-19, 5G, H1N1; standards: ISO 9001, GB/T 7714-2015.
    if _LATIN_BEFORE.search(before) or (unit is None and _LATIN_AFTER.match(after)):
        return "id"
    if unit is None and _STANDARD_BEFORE.search(before):
        return "id"
    if unit is None and not chinese and not m.group("s2") and "." not in ntext:
        if _POSTCODE_BEFORE.search(before):
            return "postcode"  # 邮编010000
        if _ACCOUNT_BEFORE.search(before):
            return "id"  # QQ群123456789: an account number
    if s.startswith("每", start - 1) and not is_range:
        return "per"  # 每万人, 每10万人口: the base of a rate, part of its metric
    if _in_short_quote(s, start, end):
        return "name"  # “科技强市26条”, “1+4+N”, “三年十万大学生留呼”, 《中国制造2025》: names of policies
    if chinese and unit is not None and in_numeral_word(s, ns, ne, end):
        return "name"  # 一成不变, 千家万户, 一起
    printed = m.group("u")
    if after.startswith("级") and not is_range:
        return "name"  # 万吨级, 1000kg级, 5A级: a size class, not an amount
    if printed == "届" and after[:1] and _HAN_AFTER.match(after) and not _FUNCTION_AFTER.match(after):
        return "ordinal"  # 二十届四中全会, 十四届全国人大: which term, not how many
    fam = _family(unit)
    if m.group("big"):
        return "name"  # 六大产业集群, 三大攻坚战, 二十大: a count that names a set (or a congress)
    if INDEFINITE_ONE and fam == "count" and ntext == "一" and approx is None and not is_range and not m.group("s2"):
        return "indefinite"  # 一个, 一家, 一项: the article "a", not a count anyone would check
    if fam == "duration":
        if value is not None and (value != int(value) or _MEASURED_SPAN.search(before)) and not is_range:
            return "figure"  # 受教育年限从13.5年提高到14年: a measured span, not a time span
        return _time_role(unit, value, approx, is_range, after)
    if fam == "age":
        return "figure" if _MEASURED_SPAN.search(before) and not is_range else "age"  # 平均年龄35岁
    if unit is None:
        digits = sum(c.isdigit() for c in ntext)
        if not chinese and digits >= 3 and (_PHONE_BEFORE.search(before) or _PHONE_AFTER.match(after)):
            return "phone"
        if _HOTLINE.fullmatch(ntext):
            return "phone"  # 12345, 12368, 12315: the national public-service hotlines
        if chinese and _TITLE_AFTER.match(after):
            return "name"  # 陈十一院士: a numeral in a person's name
        if digits >= 16 and "." not in ntext and m.group("s2") is None:
            return "id"
        if _LIST_AFTER.match(after) and _after_boundary(s, m.start("n"), _LIST_BEFORE) and len(ntext) <= 3 \
                and approx is None and not is_range and not m.group("post"):
            return "list"
        if chinese and s.startswith("是", end) and _after_boundary(s, start, _CLAUSE_START) and len(ntext) <= 2:
            return "ordinal"  # 一是, 二是
        if ntext.endswith(".0") and not chinese and not m.group("s2") and approx is None:
            if _VERSION_AFTER.match(after) or (_HAN_BEFORE.search(before) and not _VERB_BEFORE.search(before)):
                return "id"
        if chinese and len(ntext) == 1 and approx is None and not m.group("s2"):
            return None  # a lone 一 or 百 with nothing after it is a word, not a number
        if not chinese and after.startswith(("号", "路")):
            return "id"  # 8号文件, 1号线, 3路公交
        if not chinese and _HAN_AFTER.match(after) and not _FUNCTION_AFTER.match(after) and approx is None \
                and not is_range and not m.group("s2") and "." not in ntext and "万" not in ntext \
                and "亿" not in ntext:
            return "name"  # 101公园, 798艺术区: a bare integer run into a noun names it
        if chinese and approx is None and not m.group("s2") and all(c in CD for c in ntext):
            return None  # 一一, 三四: digits with no unit are not a quantity in running text
        if chinese and in_numeral_word(s, ns, ne, end):
            return "name"
        if not chinese and 1900 <= (value or 0) <= 2100 and "." not in ntext and approx is None \
                and (s.startswith(("(", "（"), start - 1) or after[:1] in ("版", ")", "）")):
            return "year"
    return "figure"


def _time_role(unit: str | None, value: Decimal | None, approx: str | None, is_range: bool, after: str) -> str:
    if unit in ("年", "年度"):
        if value is not None and 1000 <= value <= 2199 and value == int(value) or is_range and approx == "range":
            return "period-range" if is_range else "year"
        return "duration"
    if unit == "月":
        return "period-range" if is_range else "month"
    if unit in ("日",):
        if _DATE_AFTER_DAY.match(after):
            return "duration"
        return "period-range" if is_range else "date"
    if unit in ("季度",):
        return "quarter"
    return "duration"
