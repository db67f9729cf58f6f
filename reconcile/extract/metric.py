"""The metric: the phrase printed in the text that names what a figure measures.

Two methods, measured against the gold (docs/extraction.md):

- "cue" (the default): the noun phrase the number counts when one follows its classifier (培育了32家科技领军企业),
  else the phrase before the number, cut after the last governing verb or preposition of our cue lists
  (认定登记 | 技术合同832项) and stripped of predicates (达, 增至, 提升至), periods, base periods (较2020年),
  leading places, organisations and scope words (全市, 全国). Words come from jieba's segmentation of that
  stretch only, so cue words match whole words (有 is not found inside 拥有量).
- "pos": the longest run of nominal words (jieba part-of-speech tags) just before the number. Simpler, but jieba
  tags many verbs inside names as verbs (技术转移服务机构: 转移/v), which cuts phrases short.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from reconcile.extract.lexicon import cue
from reconcile.extract.words import tagged, words

_HAN_START = re.compile(r"^[“\"]?[\u4e00-\u9fffA-Za-z]")
# Base periods and comparison phrases: never part of a metric.
_BASE = re.compile(
    r"(较|比|与|同)(?:上年|去年|上一年|前一年|同期|上年同期|去年同期|(?:19|20)\d{2}年(?:底|末)?|“?十[一二三四五六七八九]?五”?(?:末|期末|时期)?)"
    r"(?:相比|同期)?|同比|环比|年均|平均"
)
_TRAILING_JUNK = re.compile(r"(?:[的了中里内]|其中|以上|以下|左右)+$")
_NP_STOP = re.compile(r"[,;:。、!?()（）《》\n]|等|及其")
_LEAD_FILLER = ("其中", "此外", "同时", "另外", "目前", "当前", "现已", "截至目前", "截至", "截止", "已", "共", "累计", "均",
                "还", "又", "并", "也", "都", "再", "仅", "分别", "全年", "年底", "年末", "底", "末", "以来", "首次")


def _strip(words_: list[str], drop: frozenset[str], from_left: bool) -> list[str]:
    ws = list(words_)
    while ws and (ws[0 if from_left else -1] in drop):
        ws.pop(0 if from_left else -1)
    return ws


def noun_after(after: str) -> str:
    """The noun phrase right after a number's classifier: 32家|科技领军企业; 17个|颠覆性技术落地首府 -> 颠覆性技术."""
    if after.startswith("的"):
        after = after[1:]
    m = _NP_STOP.search(after)
    chunk = after[: m.start()] if m else after
    chunk = chunk[:24]
    if not chunk or not _HAN_START.match(chunk):
        return ""
    stops = cue("govern") | cue("predicate") | cue("prep")
    out: list[str] = []
    for w in words(chunk):
        if out and (w in stops or w in ("的", "了", "在", "中", "是", "成功", "正", "正在", "均", "已", "可")):
            break
        if not out and w in ("的",):
            continue
        out.append(w)
    text = "".join(out)
    if text and text[0] in "在是为":
        return ""
    return _TRAILING_JUNK.sub("", text)


def noun_before(before: str, removable: Sequence[tuple[int, int]] = ()) -> str:
    """The metric phrase in the text before a number (from the clause or item start). `removable` are spans
    of `before` (periods, entities, scope words) to take out first when they lead the phrase."""
    # Blank out removable spans that start the phrase or stand right before the number's verb.
    chars = list(before)
    for a, b in removable:
        for k in range(max(0, a), min(len(chars), b)):
            chars[k] = "\x00"
    text = "".join(chars)
    text = _BASE.sub("\x00", text)
    # What follows the last blank is what names the measured thing; what precedes a blank is a frame
    # (在全国288个…城市中, 呼和浩特市) unless the blank is inside the phrase (全市 in 针对全市…).
    parts = [p for p in text.split("\x00")]
    tail = parts[-1] if parts else ""
    if not tail.strip() and len(parts) > 1:
        # The number's verb came right after an entity or period (呼和浩特市达…): the phrase is before it.
        for p in reversed(parts[:-1]):
            if p.strip():
                tail = p
                break
    ws = list(words(tail))
    govern = cue("govern") | cue("prep")
    predicate = cue("predicate")
    filler = frozenset(_LEAD_FILLER)
    ws = _strip(ws, predicate | filler, from_left=False)
    # Cut after the last governing verb or preposition that heads the phrase: one at the start, or one
    # right after another cue word (推荐|认定|国家高新技术企业). A cue word inside a compound noun
    # (研发投入强度: 投入 after 研发) is part of the phrase.
    cut = 0
    for i, w in enumerate(ws[:-1]):
        if w in govern and (i == 0 or i == cut or ws[i - 1] in govern or ws[i - 1] in predicate
                            or ws[i - 1] in filler):
            cut = i + 1
    ws = ws[cut:]
    ws = _strip(ws, predicate | filler, from_left=False)
    ws = _strip(ws, filler | frozenset(("的", "了", "和", "及", "与")), from_left=True)
    phrase = "".join(ws)
    # 在…中 frames a set, not the measured thing.
    phrase = re.sub(r"^在.*?中", "", phrase)
    phrase = _TRAILING_JUNK.sub("", phrase)
    # Keep a bare 排名 / 人数 when stripping would leave only a modifier (综合排名).
    return phrase.strip()


def noun_before_pos(before: str) -> str:
    """The 'pos' method: the run of nominal words just before the number."""
    nominal = ("n", "nr", "ns", "nt", "nz", "nrt", "ng", "vn", "an", "b", "j", "l", "i", "s", "f")
    ws = list(tagged(before))
    # Drop trailing verbs and adverbs (达, 增至, 提升至, 已).
    while ws and not ws[-1][1].startswith(nominal):
        ws.pop()
    out: list[str] = []
    for w, t in reversed(ws):
        if t.startswith(nominal) and t != "f" or (t == "f" and out):
            out.append(w)
        else:
            break
    return "".join(reversed(out))


def split_subjects(phrase: str) -> list[str]:
    """国家高新技术企业和科技型中小企业 -> two subjects, for 分别 claims."""
    parts = re.split(r"、|和|与|及", phrase)
    return [p for p in parts if p]


def clean(metric: Optional[str]) -> Optional[str]:
    if not metric:
        return None
    m = metric.strip(" “”\"'")
    if not m or not re.search(r"[\u4e00-\u9fffA-Za-z]", m):
        return None
    return metric.strip(" ")
