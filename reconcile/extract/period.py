"""Periods named in a sentence, written as ISO text.

`find_periods(s, ref)` returns every period expression of a normalised sentence with its span and ISO form:

    2023年                  -> 2023
    2025年1—11月份          -> 2025-01/2025-11      (partial year)
    今年上半年              -> 2025-H1              (今年 against the document's date)
    2025年三季度 / 第三季度  -> 2025-Q3; 前三季度 -> 2025-01/2025-09
    2024年12月              -> 2024-12; 2024年12月5日 -> 2024-12-05
    “十四五”以来 / 期间      -> 2021/2025            (any five-year plan: 十一五 = 2006/2010)
    2018年以来              -> 2018/<document year>
    过去五年 / 五年来         -> <year-5>/<year-1>
    2021—2025年             -> 2021/2025
    今年 去年 上年 前年 明年  -> relative to the document's year
    目前 截至目前 当前       -> the document's date, as precise as it is known

Each mention says whether it is a base period (较2020年, 比上年, 与“十三五”相比, 是2020年的): growth
claims use those, and a figure never takes a base period as its own. Relative mentions are resolved only when
the reference date is known; otherwise they are returned unresolved (iso None) so the caller can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from reconcile.extract.docdate import DocDate, cn_year, small_number
from reconcile.extract.regexscan import finditer

def plan_span(n: int) -> tuple[int, int]:
    """The years of the n-th five-year plan (sixth onwards run back to back from 1981)."""
    start = 1981 + 5 * (n - 6)
    return start, start + 4


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    iso: Optional[str]
    base: bool  # a base of comparison (较2020年), not the period of a figure
    cumulative: bool  # 以来, 期间, 过去五年: a span measured as a whole
    relative: bool  # 今年, 目前...: resolved against the document's date
    present: bool = False  # 目前, 截至目前, 现: a stock at the document's date
    year: Optional[int] = None  # the (last) year the mention falls in
    edge: bool = False  # 年末, 年底, 年初: a month at the year's edge, for the level it dates (timing.decide)


_DASH = r"[—\-–~～至到]"
_Y = r"((?:19|20)\d{2}|[一二三四五六七八九〇零0]{4}(?=年))"
_M = r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_PLAN = r"[“\"]?十([一二三四五六七八九]?)五[”\"]?"
_PLAN_SUFFIX = r"(前[一二三四两1-4]年|规划期间|规划以来|以来|期间|时期|期末|末期|末|规划(?![\u4e00-\u9fff])|计划(?![\u4e00-\u9fff])|初期|开局之年|收官之年)"
_REL_YEAR = r"(今年|本年|当年|去年|上年|上一年|前年|明年|次年|全年)"
_SUB = (
    rf"(?:{_M}{_DASH}{_M}月份?|前{_M}个?月|前([一二三四])季度|(?:第)?([一二三四])季度|([上下])半年|全年|年底(?!前)|年末(?!前)|年初"
    rf"|{_M}月(?:(\d{{1,2}})日)?)"
)
_N_YEARS = r"(\d{1,2}|[一二三四五六七八九十两]{1,2})"

_PATTERNS = re.compile(
    "|".join(
        [
            rf"(?P<plan>{_PLAN}(?:{_PLAN_SUFFIX})?)",
            rf"(?P<yrange>{_Y}年?{_DASH}{_Y}年(度)?)",
            rf"(?P<ysub>{_Y}年(?:度)?{_SUB}|{_Y}年[底末初](?!前))",
            rf"(?P<rsub>{_REL_YEAR}(?:以来)?{_SUB}|(?:今年|去年|上年|当年|前年)[底末初](?!前))",
            r"(?P<yend>(?<![年\d])(?:年底|年末|年初)(?!前))",
            rf"(?P<msub>{_M}{_DASH}{_M}月份?|前{_M}个?月|前([一二三四])季度)",
            rf"(?P<since>自{_Y}年[^,;:。!?]{{0,30}}?以来)",
            rf"(?P<year>{_Y}年(?:度)?(?:以来)?)",
            rf"(?P<rel>{_REL_YEAR}(?:以来)?)",
            rf"(?P<past>(?:过去|近|最近){_N_YEARS}年(?:来|间|里)?|{_N_YEARS}年来)",
            rf"(?P<asof>(?:截至|截止|到){_M}月(?:份)?(?:上旬|中旬|下旬|底|末|初)?)",
            rf"(?P<mafter>{_M}月份?(?:以)?后)",
            r"(?P<now>截至目前|截止目前|到目前为止|目前|当前|现已|如今|眼下|日前|近年来)",
            rf"(?P<day>{_M}月(\d{{1,2}})日)",
        ]
    )
)

# A year after these is what the figure is compared with (比上年, 高于上年, 快于去年), never the figure's own period.
_BASE_BEFORE = re.compile(r"(较|比|与|同|和|是|相较于|相比于|对比|高于|低于|多于|少于|快于|慢于|好于|优于|超过|超出|不及|不如|相当于)(约|近)?$")
_TRIGGER = re.compile(r"[年月季目当现如眼日五]")
_EVENT_DATE = re.compile(r"(?:建|成立|始建|创建|创办|组建|注册|投产|落成|竣工)于$")
_BASE_AFTER = re.compile(r"^(相比|相较|同期|的[\d一二三四五六七八九十两.]+倍|的水平)")
# Digits that belong to a larger number or code are not years: 120201 or 2023-05-11 handled by ingest/dates.
_NOT_AFTER = re.compile(r"^[\d.]")


def _year_of(text: str) -> Optional[int]:
    if text.isdigit():
        return int(text)
    return cn_year(text)


def _month(s: Optional[str]) -> Optional[int]:
    if s is None:
        return None
    n = small_number(s)
    return n if n is not None and 1 <= n <= 12 else None


def _sub_iso(y: int, m: re.Match[str], g: dict[str, Optional[str]]) -> str:
    """ISO for a year plus the sub-year part that matched (month range, quarter, half, month...)."""
    text = m.group(0)
    mr = re.search(rf"{_M}{_DASH}{_M}月", text)
    if mr:
        a, b = _month(mr.group(1)), _month(mr.group(2))
        if a and b:
            return f"{y}-{a:02d}/{y}-{b:02d}"
    mf = re.search(rf"前{_M}个?月", text)
    if mf and _month(mf.group(1)):
        return f"{y}-01/{y}-{_month(mf.group(1)):02d}"
    mq = re.search(r"前([一二三四])季度", text)
    if mq:
        return f"{y}-01/{y}-{3 * small_number(mq.group(1)):02d}"  # type: ignore[operator]
    mq = re.search(r"([一二三四])季度", text)
    if mq:
        return f"{y}-Q{small_number(mq.group(1))}"
    mh = re.search(r"([上下])半年", text)
    if mh:
        return f"{y}-H{1 if mh.group(1) == '上' else 2}"
    md = re.search(rf"{_M}月(?:(\d{{1,2}})日)?", text)
    if md and _month(md.group(1)):
        mo = _month(md.group(1))
        if md.group(2):
            return f"{y}-{mo:02d}-{int(md.group(2)):02d}"
        return f"{y}-{mo:02d}"
    if text.endswith(("底", "末")):
        return f"{y}-12"  # 年末城镇调查失业率, 去年末…余额: a level at the year's end
    if text.endswith("初"):
        return f"{y}-01"
    return str(y)  # 全年: the year itself


def _relative_year(word: str, ref: Optional[int]) -> Optional[int]:
    if ref is None:
        return None
    return {"今年": ref, "本年": ref, "当年": ref, "全年": ref, "去年": ref - 1, "上年": ref - 1,
            "上一年": ref - 1, "前年": ref - 2, "明年": ref + 1, "次年": ref + 1}.get(word)


def find_periods(s: str, ref: DocDate, context_year: Optional[int] = None) -> list[PeriodMention]:
    """All period mentions of sentence `s`. `context_year` resolves 全年/1—5月 without a year of their own
    (the year last stated in the same sentence or paragraph)."""
    out: list[PeriodMention] = []
    if not _TRIGGER.search(s):
        return out  # every pattern needs one of these characters: most sentences are skipped in C
    last_year = context_year
    for m in finditer(_PATTERNS, s):  # tried only where a period can start (regexscan)
        if _NOT_AFTER.match(s[m.end():]) or (m.start() > 0 and s[m.start() - 1].isdigit()):
            continue
        kind = m.lastgroup
        text = m.group(0)
        iso: Optional[str] = None
        cumulative = relative = present = False
        year: Optional[int] = None
        if kind == "plan":
            inner = re.match(_PLAN, text)
            digit = inner.group(1) if inner else ""
            n = 10 + (small_number(digit) or 0) if digit else 10
            bare = not re.search(_PLAN_SUFFIX + "$", text) and '“' not in text and '"' not in text
            if n < 6 or (bare and not digit):
                continue  # 十五 alone is a number far more often than the tenth plan
            if re.match(r"(?:规划|计划)[\u4e00-\u9fff]", s[m.end():]):
                continue  # “十四五”规划重大工程项目: the plan's name inside a noun phrase
            a, b = plan_span(n)
            suffix = re.search(_PLAN_SUFFIX + "$", text)
            sfx = suffix.group(0) if suffix else ""
            if sfx.startswith("前"):  # “十一五”前四年: the plan's first years (2006/2009)
                k = small_number(sfx[1]) or 1
                iso, year, cumulative = f"{a}/{a + k - 1}", a + k - 1, True
            elif sfx in ("末", "期末", "末期", "收官之年"):
                iso, year = str(b), b
            elif sfx in ("初期", "开局之年"):
                iso, year = str(a), a
            else:
                iso, year, cumulative = f"{a}/{b}", b, True
        elif kind == "yrange":
            ys = re.findall(_Y, text)
            a, b = _year_of(ys[0]), _year_of(ys[1])
            if a and b and a < b:
                iso, year, cumulative = f"{a}/{b}", b, True
        elif kind == "ysub":
            y = _year_of(re.match(_Y, text).group(1))  # type: ignore[union-attr]
            if y:
                iso, year = _sub_iso(y, m, {}), y
        elif kind == "rsub":
            word = re.match(_REL_YEAR, text).group(1)  # type: ignore[union-attr]
            y = _relative_year(word, ref.year)
            relative = True
            if y is not None:
                iso, year = _sub_iso(y, m, {}), y
        elif kind == "yend":
            # 年末 without a year: the end of the year in force (the sentence's, the paragraph's, the section's).
            y = last_year if last_year is not None else ref.year
            relative = last_year is None
            if y is not None:
                iso, year = _sub_iso(y, m, {}), y
        elif kind == "msub":
            y = last_year if last_year is not None else ref.year
            relative = last_year is None
            if y is not None:
                iso, year = _sub_iso(y, m, {}), y
        elif kind == "since":
            y = _year_of(re.search(_Y, text).group(1))  # type: ignore[union-attr]
            end = ref.year if ref.year and y and ref.year > y else None
            if y is None or end is None:
                continue
            iso, year, cumulative = f"{y}/{end}", end, True
        elif kind == "asof":
            mo = _month(re.search(_M, text).group(1))  # type: ignore[union-attr]
            y = last_year if last_year is not None else ref.year
            relative = last_year is None
            if y is None or mo is None:
                continue
            iso, year = f"{y}-{mo:02d}", y
        elif kind == "day":
            # 8月5日 without a year: an event of the year in force, reported at month precision.
            mo = _month(re.match(_M, text).group(1))  # type: ignore[union-attr]
            y = last_year if last_year is not None else ref.year
            relative = last_year is None
            if y is None or mo is None:
                continue
            iso, year = f"{y}-{mo:02d}", y
        elif kind == "mafter":
            mo = _month(re.search(_M, text).group(1))  # type: ignore[union-attr]
            y = last_year if last_year is not None else ref.year
            relative = last_year is None
            if y is None or mo is None:
                continue
            iso, year = f"{y}-{mo:02d}/{y}-12", y
        elif kind == "year":
            y = _year_of(re.match(_Y, text).group(1))  # type: ignore[union-attr]
            if y is None or not 1900 <= y <= 2100:
                continue
            if text.endswith("以来"):
                end = ref.year if ref.year and ref.year > y else None
                iso, cumulative = (f"{y}/{end}" if end else None), True
                year = end or y
            else:
                iso, year = str(y), y
        elif kind == "rel":
            word = m.group(0).removesuffix("以来")
            # 全年, 上年, 当年 are read against the year in force (a review section's 2008: 比上年 = 2007);
            # 今年, 去年, 明年 against the document's date.
            contextual = word in ("全年", "上年", "当年", "上一年", "本年") and context_year is not None
            y = _relative_year(word, context_year if contextual else ref.year)
            relative = not contextual or word != "全年"
            if y is not None:
                iso, year = str(y), y
            if text.endswith("以来") and ref.year is not None and y is not None:
                if y < ref.year:
                    iso, cumulative = f"{y}/{ref.year}", True
                elif y == ref.year and ref.month:
                    iso, cumulative = f"{y}-01/{y}-{ref.month:02d}", True  # 今年以来 (B8)
        elif kind == "past":
            nums = re.findall(_N_YEARS, text)
            n = small_number(nums[0]) if nums else None
            relative = True
            if n and ref.year is not None:
                # In a document of the last quarter (a congress report in October), 十年来 includes its own
                # year (2013/2022 in 2022); earlier in the year the span ends with the year before (B14).
                a, b = ref.year - n, ref.year - 1
                if ref.month is not None and ref.month >= 10:
                    a, b = a + 1, b + 1
                iso, year, cumulative = (str(b) if n == 1 else f"{a}/{b}"), b, n > 1
        elif kind == "now":
            relative = present = True
            # A level "as of now": the document's date at month precision (a day would be false precision).
            iso, year = (ref.iso() or "")[:7] or None, ref.year
        before = s[max(0, m.start() - 4):m.start()]
        base = bool(_BASE_BEFORE.search(before) or _BASE_AFTER.match(s[m.end():]))
        # 建于2004年, 成立于2019年: the date of an event, never the period of the figures around it.
        base = base or bool(_EVENT_DATE.search(before))
        if year is not None and not base:
            last_year = year
        edge = kind in ("ysub", "rsub", "yend") and text.endswith(("底", "末", "初"))
        out.append(PeriodMention(m.start(), m.end(), iso, base, cumulative, relative, present, year, edge))
    return out
