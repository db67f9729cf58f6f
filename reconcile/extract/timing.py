"""Which period a figure takes: its own sentence's, else by the fallback order of the annotation guide.

    own sentence        2023年，… 533家 -> 2023 (stated); 今年上半年 -> 2025-H1 (inferred); a span such as
                        自2022年…以来 gives a level its end year and a flow the span (D9)
    paragraph           a period stated earlier in the paragraph carries to later figures (inferred), never a
                        single year to a cumulative figure; a paragraph that prints none gives its flows none (D12)
    qualified figure    shares, growth rates and ranks take the period of the figure they qualify (figures._link)
    frames              the period framing the article (headline, lead sentence) frames its flows and
                        cumulative counts; in a report, a retrospective section (一、2008年工作回顾, 过去五年…,
                        十年来) frames every figure of the section: flows and annual averages take the span, levels
                        the span's last full year, the start of 从X…到Y the year before the span (B12, B14)
    document date       levels and "so far" totals (目前, 已 + an event, 累计 without a start) take the
                        document's date, year-month when known
    otherwise           none: a yearly measure with no year printed stays without a period

Section frames are tracked by `Sections`, which sees every paragraph of an article in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

from reconcile.extract.docdate import DocDate
from reconcile.extract.period import PeriodMention, find_periods


@dataclass(frozen=True)
class Frame:
    """A period that frames several paragraphs: the article's (headline, lead) or a report section's."""

    iso: str  # "2008" or "2018/2022"
    first: int  # first year of the span
    last: int  # last year of the span
    level_year: int  # the year a level at the end of the span stands for (the last full year)
    section: bool  # a report's retrospective section (frames levels too), else the article's lead


def frame_of(p: PeriodMention, ref: DocDate, section: bool) -> Optional[Frame]:
    if p.iso is None:
        return None
    years = [int(x[:4]) for x in p.iso.split("/")]
    first, last = years[0], years[-1]
    level = last
    if ref.year is not None and last >= ref.year:
        level = ref.year - 1  # the report's own year is unfinished: its last full year
    return Frame(p.iso, first, last, level, section)


# A section heading of a report: 一、2008年工作回顾 / 第一部分 (one line, no sentence punctuation).
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分)\s*[^。!?]{1,40}$")
# A sentence that opens a retrospective inside such a section: 过去一年，… / 十年来，… / 2008年是极不平凡的一年。
_RETRO_OPEN = re.compile(
    r"^(?:过去(?:的)?(?:\d{1,2}|[一二三四五六七八九十两]{1,2})年|(?:\d{1,2}|[一二三四五六七八九十两]{1,2})年来"
    r"|(?:19|20)\d{2}年是)"
)


class Sections:
    """The retrospective section frame in force, paragraph by paragraph and sentence by sentence."""

    def __init__(self, ref: DocDate) -> None:
        self.ref = ref
        self.frame: Optional[Frame] = None
        self.retro = False  # inside a retrospective section (its heading names a past period)

    def paragraph(self, text: str) -> bool:
        """Call for each paragraph; True when the paragraph is a section heading."""
        if "\n" in text or not _HEADING.match(text.strip()):
            return False
        self.frame, self.retro = None, False
        past = [p for p in find_periods(text, self.ref) if p.iso and not p.base and self._past(p)]
        if past:
            self.frame = frame_of(past[0], self.ref, section=True)
            self.retro = self.frame is not None
        return True

    def sentence(self, s: str) -> None:
        """A sentence opening with a retrospective period (过去五年…, 十年来，) reframes the rest of the section."""
        if not self.retro or not _RETRO_OPEN.match(s):
            return
        found = [p for p in find_periods(s[:12], self.ref) if p.iso and not p.base and p.start == 0]
        if found and self._past(found[0]):
            self.frame = frame_of(found[0], self.ref, section=True) or self.frame

    def _past(self, p: PeriodMention) -> bool:
        if self.ref.year is None or p.year is None:
            return False
        if p.cumulative:
            return True  # 过去五年, 十年来, “十一五”时期 in a review
        return p.year < self.ref.year


_PRESENT = re.compile(r"目前|当前|现有|现已|拥有|至今|如今")
_EDGE = re.compile(r"[底末初]")
# A measure that accrues over a year (产值, 营收, 年收入, 亩产): without a printed year it has no period (guide, 5).
_YEARLY = re.compile(r"产值|营收|营业收入|收入|增收|收益|成交额|销售额|销售收入|利润|税收|增加值|年产|亩产|产量|年均|每年|年")
# In a retrospective span, what a level verb reaches stands at the span's end (增加到121万亿元, 覆盖10.5亿人);
# what is held or averaged over the span (稳定在, 年均) and what was done (改造, 新增) take the span.
_LEVEL_VERB = re.compile(
    r"(?:达|达到|增加到|增长到|提高到|提升到|上升到|降到|降至|下降到|减少到|增至|升至|突破|覆盖|成为|为|居|位居|稳居|"
    r"占|拥有|建立|建成|建有|有)(?:了)?(?:约|近|超过|超|逾)?$"
)
_SPAN_VERB = re.compile(r"稳定在|保持在|连年|年均|累计|共|先后")
# “十四五”以来，… / 2025年度，…: a period that opens a headline or lead frames the article (not 2024年度 inside
# a noun phrase: 近日，…2024年度评价结果公示).
_FRAME_OPEN = re.compile(r"^(?:本报讯\([^)]*\)|本报[^\s,]{0,8}电(?:\s*\([^)]*\))?|近日,|日前,)?\s*$")
_SO_FAR = re.compile(r"累计|已|至今|目前|截至|截止")
_AVERAGE = re.compile(r"年均|年平均|平均每年|每年平均|连年|逐年")
_FROM = re.compile(r"(?:从|由)[^,;:。从由]{0,20}$")
_TO_AFTER = re.compile(r"^[^,;:。]{0,4}?(?:提高|增加|增长|上升|下降|降低|降|提升|扩大|减少|缩小|跃升)?(?:到|至)")
_FROM_TO_BEFORE = re.compile(r"(?:从|由)[^,;:。]{1,30}(?:到|至)[^,;:。]{0,3}$")
_SO_FAR_BEFORE = re.compile(r"已(?!经?(?:达|是|有|成为))|截至")


@dataclass(frozen=True)
class Situation:
    """What the period decision needs to know about one figure (sentence-local text and cues)."""

    kind: str
    modality: str
    is_growth: bool
    clause_left: str  # the figure's clause up to the figure
    after: str  # the clause after the figure
    sentence: str


def from_to(sit: Situation) -> Optional[str]:
    """'from' for X and 'to' for Y of 从X提高到Y (由上年的88个增加到317个)."""
    if _FROM.search(sit.clause_left) and _TO_AFTER.match(sit.after):
        return "from"
    if _FROM_TO_BEFORE.search(sit.clause_left):
        return "to"
    return None


def as_of(ref: DocDate) -> Optional[str]:
    """The period of a level stated as of the document's date: year-month when known, else the year."""
    if ref.year is None:
        return None
    return f"{ref.year}-{ref.month:02d}" if ref.month else str(ref.year)


def _end(iso: str) -> str:
    return iso.split("/")[-1]


def _is_level(kind: str, nature: Optional[str]) -> bool:
    return kind in ("percent", "share", "ratio", "rank") or nature == "stock"


def decide(sit: Situation, own: Optional[PeriodMention], carried: Optional[PeriodMention],
           article: Optional[Frame], section: Optional[Frame], ref: DocDate,
           nature_for: Callable[[Optional[str]], Optional[str]]) -> tuple[Optional[str], Optional[str]]:
    """(period, period_source) of a figure; growth rates and shares without their own period return
    (None, None) so that they take the period of the figure they qualify (see `frame_fallback`)."""
    nature = nature_for(None)
    position = from_to(sit)
    # 年末/年初 date the level of their own clause (年末城镇调查失业率降到5.5%); a flow of that year, or any figure
    # after the clause, takes the year (今年年初，她一次性出售9只羊羔).
    if own is not None and own.edge and own.iso and (not _is_level(sit.kind, nature) or not _EDGE.search(sit.clause_left)):
        own = replace(own, iso=own.iso[:4], edge=False)
    if carried is not None and sit.modality == "actual" and carried.year is not None and ref.year is not None \
            and carried.year > ref.year:
        carried = None  # 明确提出2020年…行动目标。…新增发电装机容量4.45亿千瓦: a target's year never dates an actual
    if carried is not None and carried.edge and carried.iso:
        carried = replace(carried, iso=carried.iso[:4], edge=False)
    so_far = nature == "cumulative" or bool(_SO_FAR_BEFORE.search(sit.clause_left))
    if own is not None and own.iso:
        source = "inferred" if own.relative else "stated"
        if own.present:
            return own.iso, "inferred"
        span = own.cumulative and "/" in own.iso  # 自2022年…以来, not a part of a year (1—5月)
        if sit.modality == "target" and span:
            return _end(own.iso), source  # “十四五”目标: the year it is set for
        if span and position == "to":
            return _end(own.iso), source
        if span and position == "from" and own.year is not None:
            return str(int(own.iso[:4]) - 1), source  # 五年来，…从54万亿元增加到…: the year before the span (B14)
        if span and (_is_level(sit.kind, nature) or (sit.is_growth and not _AVERAGE.search(sit.clause_left))):
            return _end(own.iso), source  # a level within 自2022年…以来 stands at the span's end (D9)
        return own.iso, source
    if sit.modality == "target":
        return None, None
    if carried is not None and carried.iso and section is not None and carried.relative and carried.cumulative \
            and "/" in carried.iso:
        # A retrospective opening the paragraph (五年来，…) frames it as a section's does (B14): the start of
        # 从X…到Y before the span, levels at its last full year, flows and averages over it.
        frame = frame_of(carried, ref, section=True)
        if frame is not None:
            if sit.is_growth and not _AVERAGE.search(sit.clause_left):
                return None, None  # a rate takes the figure it qualifies, else the frame (frame_fallback)
            return fallback(sit, None, frame, ref, nature, position)
    if carried is not None and carried.iso:
        span = carried.cumulative and "/" in carried.iso
        if so_far and not carried.cumulative:
            pass  # 累计/共/已 + an event never take a single year carried over
        elif span and _is_level(sit.kind, nature):
            return _end(carried.iso), "inferred"
        elif not sit.is_growth and sit.kind != "share":
            return carried.iso, "inferred"
    if sit.is_growth or sit.kind == "share" or sit.modality != "actual":
        return None, None
    return fallback(sit, article, section, ref, nature, position)


def fallback(sit: Situation, article: Optional[Frame], section: Optional[Frame], ref: DocDate,
             nature: Optional[str], position: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """Frames, then the document's date (steps 3-5 of the guide's order)."""
    clause = sit.clause_left + sit.after
    if section is not None:
        if _PRESENT.search(clause):
            return as_of(ref), "inferred"
        if "多年" in sit.clause_left:
            return None, None  # 多年累计: a span with no printed start
        if position == "from":
            return str(section.first - 1), "inferred"
        if section.first == section.last:
            return section.iso, "inferred"
        if sit.is_growth:
            return (section.iso if _AVERAGE.search(sit.clause_left) else str(section.level_year)), "inferred"
        if _SPAN_VERB.search(sit.clause_left):
            return section.iso, "inferred"
        if (position == "to" or _LEVEL_VERB.search(sit.clause_left)
                or sit.kind in ("percent", "share", "ratio", "rank")):
            return str(section.level_year), "inferred"
        return section.iso, "inferred"
    if sit.is_growth:
        return None, None
    yearly = bool(_YEARLY.search(sit.clause_left[-12:]))
    if nature in ("flow", "cumulative"):
        if article is not None and not yearly:
            return article.iso, "inferred"
        if _SO_FAR.search(clause) or (nature == "cumulative" and _SO_FAR.search(sit.sentence)):
            return as_of(ref), ("inferred" if ref.year else None)
        return None, None
    if _is_level(sit.kind, nature) and not yearly:
        return as_of(ref), ("inferred" if ref.year else None)
    return None, None


def article_frame(title: str, lead: str, ref: DocDate) -> Optional[Frame]:
    """The period that opens the headline or the lead sentence, if any."""
    for text in (title, lead):
        for p in find_periods(text, ref):
            if p.base or not p.iso or (p.present and not p.cumulative):
                continue
            if _FRAME_OPEN.match(text[:p.start]):
                return frame_of(p, ref, section=False)
    return None


def averaged(sit: Situation) -> bool:
    """年均, 连年: a figure averaged or held over a span."""
    return bool(_AVERAGE.search(sit.clause_left))


def frame_fallback(sit: Situation, section: Optional[Frame], ref: DocDate) -> tuple[Optional[str], Optional[str]]:
    """For a growth rate or share that qualifies no figure with a period: the report section's frame; a share
    is a level, so outside a section it stands at the document's date."""
    if sit.modality != "actual" or (section is None and sit.is_growth):
        return None, None
    return fallback(sit, None, section, ref, None, from_to(sit))
