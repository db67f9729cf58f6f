"""A figure's kind and nature, from its unit, its metric and the words that govern it.

kind:    growth (a growth claim), rank (第N位, 排名…N位), share (占…%, X%的项目, 总工程量的40%, a 比例/比重),
         percent (a level in %), ratio (倍; per something: 每万人口, 人均, 亩产, 年均 in the metric), amount
         (money, measures, statistics in years or 岁), count (things counted with a classifier), other.
nature:  only for count, amount and other (annotation guide §3, B3, B4, B6), by the nearest evidence first:
         1. new (新增…) in the figure's clause: flow, or cumulative over a multi-year period;
         2. accumulation in its clause (累计, 先后, 总数, …以来): cumulative;
         3. holders of a status (高新技术企业, 院士, 成员单位): stock, whatever the verb (D2);
         4. 已 + a verb of events governing it (已开展40余场, 截至目前…已发放): cumulative (B3, B4);
         5. a span framing the sentence before it (近年来, “十四五”以来): cumulative;
         6. a measure that accrues (成交额, 产值, 生产总值, 退税): flow;
         7. a multi-year period: cumulative;
         8. a measure of a level (面积, 人口, 余额): stock;
         9. the verb that governs it — the last one before it in its clause, else the first after its noun
            phrase, else the last of an earlier clause: events (组织, 征集, 购置, 受益) flow, states (有, 达到,
            覆盖) stock;
         10. otherwise stock (a bare count of what exists).

Cue words are in data/cues.txt ([nature_*], [status], [flow_noun], [stock_noun]).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Optional

from reconcile.extract.lexicon import cue

_MONEY = {"元", "美元", "欧元", "港元", "日元", "英镑", "澳元", "加元", "韩元", "卢布", "新台币", "澳门元"}
_RANK_LEFT = re.compile(
    r"(排名|排|位居|居|位列|列|跃居|稳居|排在|排位|名列|提升至|上升至|升至|前进|跻身)(全国|全区|全市|全省|全球|世界)?(第)?$"
)
_SHARE_LEFT = re.compile(
    r"占(?:比)?(?:[^,;:。]{0,12}?)(?:的)?(?:比重|比例)?(?:为|达|达到|超过|超)?$|占比(?:为|达|达到|超)?$"
    r"|(?:比重|比例)(?:为|达|达到|由|从)?$|[\u4e00-\u9fff]的$"
)
_SHARE_METRIC = re.compile(r"(?:比重|比例|占比)$")
_RATIO_METRIC = re.compile(r"每|人均|户均|亩均|亩产|年均|日均|单位面积")
# A denominator right before the number (补助标准增加到人均280元, 每亩500元).
_PER_RIGHT = re.compile(r"(?:人均|户均|亩均|每[\d万千百十一二三四五六七八九两]*[\u4e00-\u9fff]{1,3})$")
# A denominator opening the clause (每万枚胚胎…, 人均…, 每亩…).
_PER_LEFT = re.compile(r"^(?:[^,;。每]{0,6}?)(?:每(?:[\d万千百十一二三四五六七八九两]*)(?:[\u4e00-\u9fff]{1,4}?)|人均|户均|亩均)")


@lru_cache(maxsize=None)
def _rx(*sections: str) -> re.Pattern[str]:
    ws: set[str] = set()
    for s in sections:
        ws |= cue(s)
    return re.compile("|".join(sorted(map(re.escape, ws), key=len, reverse=True)))


def kind_of(unit: Optional[str], family: Optional[str], left: str, after: str, text: str, is_growth: bool,
            metric: Optional[str]) -> str:
    """`left`: the figure's clause before it; `after`: the text after it in its clause."""
    if is_growth:
        return "growth"
    if text.startswith("第") or (_RANK_LEFT.search(left) and (unit in (None, "位", "名") or text.startswith("第"))):
        return "rank"
    if unit in ("%", "‰"):
        if _SHARE_LEFT.search(left) or after.startswith("的") or (metric and _SHARE_METRIC.search(metric)):
            return "share"
        return "percent"
    if unit in ("个百分点", "百分点"):
        return "percent"
    if unit == "倍":
        return "ratio"
    if metric and _RATIO_METRIC.search(metric) and unit not in ("岁", "年"):
        return "ratio"
    if (_PER_LEFT.search(left) or _PER_RIGHT.search(left)) and unit not in ("岁", "年"):
        return "ratio"  # 每万枚胚胎可为养殖企业创造超亿元新增收益: per unit, whatever the metric
    if unit in _MONEY or family == "currency":
        return "amount"
    if family == "count":
        return "count"
    if family in ("length", "area", "mass", "volume", "energy", "power", "voltage", "frequency", "data",
                  "compute", "speed", "temperature") or unit in ("岁", "年"):
        return "amount"
    if unit is None:
        return "count"
    return "other"


def nature_of(kind: str, s: str, start: int, end: int, clause: tuple[int, int], metric: Optional[str],
              period: Optional[str], clause_starts: tuple[int, ...] = ()) -> Optional[str]:
    """Nature of the figure s[start:end] whose clause is `clause`; `period` as decided so far."""
    if kind not in ("count", "amount", "other"):
        return None
    multi = bool(period and "/" in period and _multi_year(period))
    return _nature(kind, s, start, end, clause, metric, multi, tuple(clause_starts))


# nature_of runs twice per figure, before and after its period is known; of the period only whether it spans
# several years matters, so the second call is most often the first one's answer.
@lru_cache(maxsize=4096)
def _nature(kind: str, s: str, start: int, end: int, clause: tuple[int, int], metric: Optional[str], multi: bool,
            clause_starts: tuple[int, ...]) -> Optional[str]:
    ca, cb = clause
    left = s[ca:start]
    if _rx("nature_new").search(left) and not (metric and _rx("nature_new").match(metric)):
        return "cumulative" if multi else "flow"
    if metric and _CHANGE_END.search(metric):
        return "cumulative" if multi else "flow"  # 参保人数增加7359万: an increment (B6)
    if _rx("nature_cumulative").search(left):
        return "cumulative"
    if metric and _opens_with_act(metric):
        return "cumulative" if multi else "flow"  # 减轻企业负担1500多亿元: an increment (B6)
    if metric and _rx("status").search(metric):
        return "stock"
    accrues = bool(metric and _rx("flow_noun").search(metric))
    verb, where = _governing(s, start, end, clause, metric, tuple(clause_starts))
    if verb == "state" and where == "left" and _EXISTENTIAL.search(left):
        # 又有80万户农村危房得到改造: 有 introduces what the event after it happened to.
        found = _verbs(s[end:clause[1]])
        if found and found[0] == "event":
            verb, where = "event", "left"
    if verb == "state" and where == "left" and not accrues:
        return "stock"  # 共有11栋楼, 服务范围已覆盖全镇6个嘎查
    if verb == "event" and _ACCUMULATED.search(s[:start]):
        return "cumulative"  # 已开展40余场, 截至8月中旬…已发放, 累计拥有…，带动就业近1万人
    if _frames(s, start, ca):
        return "cumulative"
    if accrues:
        return "flow"
    if verb == "event" and where == "left":
        return "cumulative" if multi else "flow"
    if multi:
        return "cumulative"
    if metric and _rx("stock_noun").search(metric):
        return "stock"
    if verb == "event":
        return "flow"
    return "stock"


_CHANGE_END = re.compile(r"(?:增加|减少|增长|下降|降低|提高|新增)$")
# 又有/还有/另有 + a count: existential, the verb after the counted noun says what happened.
_EXISTENTIAL = re.compile(r"(?:^|[又还另并])有$")


def _frames(s: str, start: int, ca: int) -> bool:
    """A span framing the figure (近年来, “十四五”以来): in its own clause, or in the sentence's first clause (近年来，
    …引进…); not one inside another clause (…，失业率为多年来最低；…实际使用外资1363亿美元)."""
    for m in _rx("nature_frame").finditer(s, 0, start):
        if m.start() >= ca or not re.search(r"[,;:。!?]", s[: m.start()]):
            return True
    return False


def _opens_with_act(metric: str) -> bool:
    """A metric that keeps its verb of change or act (B6: 减轻企业负担, 降低企业税负) names an increment."""
    from reconcile.extract.words import words

    if not metric.startswith(_CHANGE_PREFIXES):
        return False  # the first word cannot be one of them: no need to segment
    ws = words(metric)
    return len(ws) >= 2 and ws[0] in _CHANGE_VERBS


_CHANGE_VERBS = frozenset(("减轻", "降低", "减少", "增加", "提高", "节约", "节省", "减免"))
_CHANGE_PREFIXES = tuple(_CHANGE_VERBS)
# Accumulation up to now before an event verb (B3, B4); 已有 alone is in [nature_cumulative].
_ACCUMULATED = re.compile(r"(?<!而)已|截至|截止|累计")


@lru_cache(maxsize=4096)  # nature_of runs twice per figure (before and after its period is known)
def _governing(s: str, start: int, end: int, clause: tuple[int, int], metric: Optional[str],
               clause_starts: tuple[int, ...]) -> tuple[Optional[str], Optional[str]]:
    """('event' | 'state' | None, 'left' | 'right' | 'before') for the verb that governs the figure: the last
    verb of our lists before it in its clause, else the first after its noun phrase, else — when its clause
    says nothing but the figure (惠及88家企业，5800余名职工) — the last of the clause before."""
    ca, cb = clause
    left = s[ca:start]
    if metric:
        left = left.replace(metric, " ")
    found = _verbs(left)
    if found:
        return found[-1], "left"
    right = s[end:cb]
    if metric and right.lstrip("的").startswith(metric):
        right = right.lstrip("的")[len(metric):]
    found = _verbs(right)
    if found:
        return found[0], "right"
    residue = re.sub(r"[\s、的,;。和及与]", "", left + right)
    k = bisect_left(clause_starts, ca)  # the clause before
    if k > 0 and not re.search(r"[\u4e00-\u9fff]", residue):
        found = _verbs(s[clause_starts[k - 1]:ca])
        if found:
            return found[-1], "before"
    return None, None


def _verbs(text: str) -> list[str]:
    """'event' / 'state' for each verb of our lists among the words of `text` (whole words, so that 有 is not
    found in 具有 nor 服务 in 服务站; a word that starts with a listed verb, 引进外资, counts as that verb)."""
    from reconcile.extract.words import words

    if not _rx("nature_event", "nature_state").search(text):
        return []  # none of the verbs is printed: no need to segment
    event, state = cue("nature_event"), cue("nature_state")
    out: list[str] = []
    for w in words(text):
        for v in (w, w[:2] if len(w) >= 3 else "", w[-2:] if len(w) >= 4 else ""):  # 大幅度|提高, 吸收|转化
            if v in state:
                out.append("state")
                break
            if v in event:
                out.append("event")
                break
    return out


def _multi_year(period: str) -> bool:
    a, _, b = period.partition("/")
    return a[:4] != b[:4]
