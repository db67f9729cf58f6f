"""The regular grammar of numeric expressions in normalised Chinese text: one compiled pattern, many parts.

Every alternative of `MASTER` describes one kind of numeric expression; `scan` runs it once over a sentence
(`finditer`, so the scan is linear and in C) and `quantities` turns each match into a Quantity. The order of the
alternatives matters where two could start at the same character: URLs, dates, phone numbers, versions and
identifiers are tried before the general quantity, so their digits are never read as figures.

Text given to `MASTER` is normalised: half-width digits and punctuation, no spaces inside numbers, Simplified
characters (Traditional numeral characters are accepted all the same, they cost nothing).
"""

from __future__ import annotations

import re

from reconcile.extract.units import UNIT_RE, UNITS, ALIASES

# Chinese digits (non-zero, and zero), multipliers.
CD1 = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖兩陸貳參幺"
CD0 = "零〇○"
CD = CD1 + CD0
CM = "十百千万亿拾佰仟萬億廿卅"

# An Arabic number: thousands separators only in groups of exactly three (12,345 but not 2023,2024 read as
# one), then decimals.
AR = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"

# Units that begin with a multiplier character (千瓦, 千克, 千米): the multiplier is not part of the numeral
# there (3千瓦时 is 3 千瓦时, not 3000 瓦), so each multiplier refuses to stand before the rest of such a unit.
def _multiplier(chars: str) -> str:
    alts = []
    for c in chars:
        rest = sorted({w[1:] for w in list(UNITS) + list(ALIASES) if w[:1] == c and len(w) > 1}, key=len,
                      reverse=True)
        alts.append(f"{c}(?!{'|'.join(re.escape(w) for w in rest)})" if rest else c)
    return "(?:" + "|".join(alts) + ")"


CMX = _multiplier(CM)

# One numeral: Arabic, Chinese or mixed. An Arabic run never touches a non-zero Chinese digit (统一3家 is 3家,
# and 2019一2020 is not one number); Chinese years written with an Arabic zero (二0一0) have their own rule.
# The group is atomic: once a numeral is read, the engine never tries shorter splits of it, so a failed
# range or unit after a long digit run costs nothing (no catastrophic backtracking on a page of digits).
NUM = (
    rf"(?>(?:{AR}|[{CD}]|{CMX})"
    rf"(?:(?<![{CD1}0-9]){AR}|(?<![0-9])[{CD.replace('两', '')}]|(?<=一)两|两(?=[{CD}{CM}])|{CMX}|兆(?=[{CD1}])"
    rf"|[点點](?=[{CD}0-9]))*"
    r"(?:[kK](?![A-Za-z])|w(?![A-Za-z]))?)"
)
# 多/余/几 after a numeral; scale words that may follow them (十多万, 3千多万, 两个亿).
FUZZY = r"多|余|几"
SCALE = rf"万亿|亿|万|{_multiplier('千百十')}"
UNIT = UNIT_RE.pattern
RANGE_SEP = r"[-~～〜–—－]{1,2}|至|到"
# Approximation words written before a number. Longest first.
PRE = (r"大约|约为|约合|约|将近|接近|近|超过|超|突破|逾|多于|高于|大于|不到|不足|未满|不满|低于|少于|小于|至少|最少|"
       r"年满|满|最多|至多|不少于|不低于|不超过|不高于|上")
POST = r"左右|上下|以上|以下|以内|之内|之上|开外"

# Powers written after a numeral: 1.5×10^8 (also x, X, *, ·, and ×10⁸ with superscript digits), 10^30 or 10³⁰
# (superscripts only after a bare 10, so that a footnote mark after a figure is not read as a power), 2^10, and
# 10的8次方. Read as one quantity with the scale words and unit after them (10^30亿元).
SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP = rf"⁻?[{SUPERSCRIPT}]{{1,3}}(?![{SUPERSCRIPT}])"
_CARET = r"\^[-−]?[0-9]{1,3}(?![0-9.])"
EXP = (
    rf"[×xX*·]10(?:{_CARET}|{_SUP})"
    rf"|{_CARET}"
    rf"|(?<=10)(?<![0-9.]10){_SUP}"
    rf"|的(?:[0-9]{{1,3}}|[{CD1}十]{{1,3}})次方"
)

_YEAR4 = r"(?:1[0-9]{3}|2[01][0-9]{2})"
_CNYEAR = rf"[{CD}0]{{4}}"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|廿[一二三四五六七八九]?)"

MASTER = re.compile(
    # A URL or an e-mail address: the numbers in it are not figures.
    r"(?P<url>(?:https?|ftp)://[!-~]+|www\.[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z.]+)"
    # Numeric dates and times: 2025.8.11, 2025/8/11, 2025-08-11, 2016-09-14T14:00:00Z, 15:30.
    rf"|(?P<ndate>(?<![0-9.]){_YEAR4}(?P<dsep>[./-])[01]?[0-9](?P=dsep)[0-3]?[0-9](?![0-9])(?:T[0-9:.]+Z?)?)"
    r"|(?P<time>(?<![0-9.:])(?:[01]?[0-9]|2[0-4]):[0-5][0-9](?::[0-5][0-9])?(?![0-9])(?:\s?[apAP][mM])?)"
    # Phone numbers: mobile, landline with area code, 400/800 service numbers.
    # A phone number is never followed by a unit or scale word (13000000000家 is a count).
    rf"|(?P<phone>(?:(?<![0-9])(?:\+?86-?)?1[3-9][0-9]{{9}}"
    r"|(?<![0-9.])0[0-9]{2,3}-[0-9]{7,8}|(?<![0-9])[48]00-?[0-9]{3}-?[0-9]{4})"
    rf"(?![0-9.,]|[万亿千百]|{UNIT}))"
    # Identifiers led by letters (BA0711, COVID-19, PM2.5, G20, v2.3.1) and dotted versions (1.2.3).
    r"|(?P<ident>(?<![A-Za-z0-9])[A-Za-z]+[-_]?[0-9][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*"
    r"|(?<![0-9.])[0-9]+\.[0-9]+\.[0-9]+(?:\.[0-9]+)*(?![0-9]))"
    # Dates in words: 2023年8月11日, 8月11日, 3月份, 二〇二三年五月.
    rf"|(?P<wdate>(?<![0-9{CD}{CM}])(?:(?P<wy>{_YEAR4}|{_CNYEAR})年)?(?P<wm>{_MONTH})月(?!份?[-~～—至到])"
    rf"(?:(?P<wd>{_DAY})[日号])?份?)"
    # Chinese years written with Chinese digits or an Arabic zero: 二0一0年, 二〇二三年.
    rf"|(?P<cnyear>(?<![0-9{CD}{CM}]){_CNYEAR}年(?:度)?)"
    # 第N: ordinals, or ranks when the unit is 位/名 (第30位).
    rf"|(?P<ord>第(?P<onum>{NUM})(?P<ounit>{UNIT})?)"
    # Fractions: 百分之二十, 千分之2.4, 三分之一, 万分之三.
    rf"|(?P<frac>(?P<den>{NUM})?分之(?P<numr>{NUM}))"
    # Percent words with no digit: 打对折 (50%), 半成 (5%), 半折 (50%).
    r"|(?<=打)(?P<half>对折)|(?P<half2>半[成折])"
    # Doubling: 翻一番 (+100%), 翻两番 (+300%), 翻番.
    rf"|(?P<double>翻了?(?P<dnum>[{CD}0-9]+)?番)"
    # The general quantity: [N1 [scale] [unit] SEP] [-] N [power] [多] [scale] [多] [unit] [(含)] [POST].
    rf"|(?P<q>(?:(?P<n1>{NUM})(?P<f1>{FUZZY})?(?P<s1>{SCALE})?(?P<u1>{UNIT})?(?:\(含\))?"
    rf"(?P<sep>{RANGE_SEP})(?=[0-9{CD}{CM}几数]))?"
    rf"(?P<neg>(?<![0-9A-Za-z.%])[-−负])?(?P<n>{NUM}|[几数](?:{CMX})+)(?P<exp>{EXP})?(?P<f>{FUZZY})?"
    rf"(?P<s>个(?=[万亿])|)(?P<s2>{SCALE})?(?P<f2>多|余)?(?P<big>大(?![学会])|)"
    rf"(?P<u>{UNIT}|成|折)?(?P<incl>\(含\))?(?P<post>{POST})?)"
)

# After a money unit: 1角1分, 三毛, 五角, 又三美分, 钱, 整.
MONEY_TAIL = re.compile(
    rf"(?:又|零)?(?:(?P<jiao>[0-9]|[{CD1}])[角毛])?(?:(?P<fen>[0-9]|[{CD1}])(?:美)?分)?(?P<zheng>钱|整|正)?"
)
# A currency after 元: 三万元欧元, 9000元日币, 8亿元人民币.
CURRENCY_AFTER = re.compile(r"人民币|美元|欧元|港元|港币|日元|日币|英镑|澳元|韩元|新台币|台币")
# 成 followed by one more digit (七成六 = 76%) or 半 (三成半 = 35%); 吨半, 米半.
CHENG_TAIL = re.compile(rf"[{CD1}]|半")
HALF_TAIL = re.compile(r"半")

# Every character a MASTER match can start with. Scanning for these with a one-character class runs at C
# speed; MASTER is then tried only where one stands (most of a sentence is skipped without entering it).
ANCHOR = re.compile(rf"[0-9A-Za-z._%+\-−负第分翻对半几数兆{CD}{CM}]")
