"""The metric: the phrase printed in the text that names what a figure measures.

`figure_metric` decides it for one figure from its sentence, in this order (docs/extraction.md, "Metric"):

1. a sibling of a coordinated claim (分别增长77%和332%, 实际增长8.4%和8%) takes the next subject of its list;
2. a growth claim: the phrase before its growth words (营收较上年增长 -> 营收); with 分别 and coordinated
   subjects, one subject per rate with shared heads and modifiers distributed (化学需氧量、二氧化硫排放量 ->
   化学需氧量排放量, 二氧化硫排放量); with no phrase of its own, the level it qualifies;
3. otherwise the noun phrase the number counts when one follows it (培育了32家|科技领军企业, 400万元|专项资金;
   not after 的 for an amount: 3万平方米的市场 measures the market), else the phrase before it, cut after the
   verb that governs it (认定登记|技术合同832项) and stripped of predicates, periods, base periods, leading
   places, organisations and scope words;
4. when that leaves nothing, or only a word that names no measure (总数, 目标): an earlier figure of the
   sentence with the same unit (备案8家科学家工作站，成功备案2家), or for a rank the subjects of the
   previous clause's figures (国家高新技术企业533家、科技型中小企业649家，排名全区第一), or the subject
   of an earlier clause that has no figure (技术合同成交额大幅跃升，2024年达27.41亿元).

A verb of change before an amount stays in the metric (年收入增加4万多元 -> 年收入增加), so that an increment
never reads as a level. Words come from jieba's segmentation of the few characters involved only, so cue words
match whole words (有 is not found inside 拥有量).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from reconcile.extract.lexicon import cue
from reconcile.extract.lookback import CLAUSES
from reconcile.extract.words import tagged, words

_HAN_START = re.compile(r"^[“\"]?[\u4e00-\u9fffA-Za-z0-9]")
# Base periods and comparison phrases: never part of a metric.
_BASE = re.compile(
    r"(?:较|比|与|同|由|从)(?:上年|去年|上一年|前一年|同期|上年同期|去年同期|(?:19|20)\d{2}年(?:底|末)?"
    r"|(?:\d{1,2}|[一二三四五六七八九十两]{1,2})年前"
    r"|“?十[一二三四五六七八九]?五”?(?:末|期末|时期)?)(?:相比|同期)?(?:的)?"
    # 比上年预算增加5038亿元: what of the base period is compared (its budget, its plan) belongs to the base.
    r"(?:[\u4e00-\u9fff]{1,3}?(?=(?:增加|减少|增长|下降|提高|降低|$)))?|同比|环比"
)
# Durations and spans of a retrospective (五年, 近三年累计, 连续3年): frames, not part of what is measured.
_DURATION = re.compile(r"(?:近|连续|过去)?(?:\d+|[一二三四五六七八九十两]+)(?:个)?年(?:来|间|累计)?(?![级度代])")
_TRAILING_JUNK = re.compile(r"(?:[的了中里内上]|其中|以上|以下|左右)+$")
_NP_STOP = re.compile(r"[,;:。!?()（）《》\n]|等|及其")
# A verb of change right before an amount (B6): kept in the metric. 增加到/增长至 reach a level: not kept.
_CHANGE = re.compile(r"(增加|减少|增长|下降|降低|提高|新增)(?:了)?$")
_LEAD_FILLER = ("其中", "此外", "同时", "另外", "目前", "当前", "现已", "截至目前", "截至", "截止", "已", "已经", "共",
                "累计", "均", "还", "又", "并", "也", "都", "再", "仅", "分别", "全年", "年底", "年末", "底", "末", "以来",
                "首次", "后", "眼下", "如今", "现", "今年", "当年", "期间", "其", "各")
_MODAL = frozenset(("可", "能", "可以", "能够", "会", "将", "要", "得以"))
_PRONOUN = frozenset(("我们", "你们", "他们", "她们", "它们", "我", "你", "他", "她", "它", "其", "该", "这", "那",
                      "大家", "咱们", "她家", "他家", "我家", "自己"))
_SPLIT = re.compile(r"、|和|与|及|以及")


@lru_cache(maxsize=None)  # the union is built once per combination, not once per figure
def _cues(*sections: str) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for s in sections:
        out |= cue(s)
    return out


@dataclass(frozen=True)
class Prior:
    """An earlier figure of the same sentence, as far as the metric of a later one needs it."""

    start: int
    end: int
    unit: Optional[str]
    metric: Optional[str]
    growth: bool
    subject: Optional[str] = None  # the coordinated subjects of a 分别 list, joined with 、


# --------------------------------------------------------------------------------------- noun phrases


def noun_after(after: str, unit: Optional[str] = None, amount: bool = False, open_end: bool = True) -> str:
    """The noun phrase right after a number's classifier: 32家|科技领军企业; 17个|颠覆性技术落地首府 -> 颠覆性技术;
    30名|政治素质过硬、专业能力强的|优秀学员 -> 优秀学员 (the head after a relative clause).
    `amount`: the number is an amount (money, area, mass...): after 的 the phrase names the thing measured,
    not the measure (3万平方米的福海便民市场), so there is none. `open_end`: `after` runs to the end of the
    clause (not cut short by the next figure), so 和 may join two nouns of one phrase."""
    if unit and after.startswith(unit):  # 40多套套设备: a doubled classifier
        after = after[len(unit):]
    if after.startswith("的"):
        if amount:
            return ""
        if unit in ("人", "人次"):
            # 超过5000人的全产业链创新队伍 sizes a group; 十四亿多人的粮食安全 measures nothing printed.
            np = noun_after(after[1:], None, False, open_end)
            return np if any(np.endswith(w) for w in cue("collective")) else ""
        after = after[1:]
    m = _NP_STOP.search(after)
    if m and m.group() == "等" and m.start() > 0 and noun_after(after[: m.start()], unit, amount) == after[: m.start()]:
        # 416项行政审批等事项: examples before 等, the counted noun after it (not 居民提供预防、医疗等…).
        alt = noun_after(after[m.end():], None, amount, open_end)
        if alt:
            return alt
    chunk = after[: m.start()] if m else after
    # A relative clause before the head (政治素质过硬、专业能力强的优秀学员): the head after its last 的.
    if "、" in chunk:
        k = chunk.rfind("的")
        if k > chunk.find("、"):
            return noun_after(chunk[k + 1:], None, amount, open_end)
        chunk = chunk[: chunk.find("、")]
    chunk = chunk[:24]
    if not chunk or not _HAN_START.match(chunk):
        return ""
    ws = [w for w in words(chunk) if w.strip()]
    hard, verbs = _np_words()
    heads = cue("head_noun")
    out: list[str] = []
    for i, w in enumerate(ws):
        nxt = ws[i + 1] if i + 1 < len(ws) else ""
        if not out:
            if w in ("的", "“", "\""):
                continue
            if w in ("在", "是", "为") or (w in verbs and (nxt in verbs or nxt in hard)):
                return ""  # 32.5亿元|帮助解决…: a predicate, no noun
            if w in hard and w not in verbs:
                # 800人次|受益: people counted by what they did, with no noun printed.
                if unit in _PERSONS and i == len(ws) - 1 and w in cue("np_end") and open_end:
                    return w
                return ""
            out.append(w)
            continue
        if w == "的":
            # 草业领域的顶尖科研团队: 的 inside the phrase, unless what precedes it is a head of its own
            # (4800多万农村人口|的饮水安全问题).
            if nxt and nxt not in hard and nxt not in verbs and not _ends_with_head(out, heads):
                out.append(w)
                continue
            break
        if w in ("和", "及", "以及"):
            # 生态修复和饲草兼用型新品种: one phrase; 200平方米成果展厅和|200平方米…: the next item has a figure.
            if open_end and nxt and nxt not in hard and nxt not in verbs and not re.match(r"[0-9多数几各每首]", nxt):
                out.append(w)
                continue
            break
        if w in hard or w in _NP_BREAK or (w[0] == "各" and len(w) <= 2):
            break
        if nxt in ("了", "上了", "着", "过") and tagged(w)[:1] and tagged(w)[0][1] == "v":
            break  # 1100万户困难家庭|住上了新房: a verb with its aspect particle is the predicate
        pred = _predicate_at(ws, i)
        if pred and not (i + pred < len(ws) and _ends_with_head([ws[i + pred]], heads)):
            break  # 1.5万座小型水库|除险加固 (but 病险水库除险加固|工程 is one name)
        if w in verbs:
            # A verb that starts the predicate (企业|建立了, 322户规模以上工业企业|开展研发投入); one inside
            # a name is followed by the name's head (技术转移|服务|机构). One that ends the phrase names the
            # act when the unit counts acts or money (40余场专题|培训, 400万元专项|支持), not when it counts
            # things (272个老旧小区|改造).
            if nxt in ("了", "着", "过"):
                break
            if not nxt or nxt in hard or nxt in _NP_BREAK:
                if not (amount or unit in _ACT_UNITS) or (not nxt and not open_end):
                    break  # 200亿元技改专项资金|支持4441个…: a verb before the next figure is its predicate
            elif not _head_follows(ws[i + 1:], hard, heads) or (
                    _ends_with_head(out, heads) and _words_to_head(ws[i + 1:], heads) >= 2):
                break  # 200余名志愿者|开展环境整治活动 (企业|服务中心 stays one name)
        out.append(w)
    return _TRAILING_JUNK.sub("", "".join(out))


_ONE_CHAR_PREP = frozenset(("与", "和", "同", "跟", "从", "向", "对", "为", "给", "在", "于", "自", "由", "被", "把", "将",
                            "以", "经", "除", "到", "赴"))
_PERSONS = frozenset(("人", "人次", "名", "位", "户"))
_ACT_UNITS = frozenset(("场", "次", "项", "期", "批", "届", "轮", "件", "场次"))
# Words that end a counted phrase: time and place particles (专项资金|时, 专项支持|外), a dash, 各.
_NP_BREAK = frozenset(("了", "着", "过", "在", "中", "是", "正", "正在", "均", "已", "可", "都", "也", "将", "“", "\"",
                       "时", "外", "后", "前", "各", "——", "—", "-"))


@lru_cache(maxsize=1)
def _np_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words that end a counted phrase (predicates, adverbs, one-character prepositions), and the verbs and
    longer prepositions that may start its predicate."""
    return _cues("predicate", "np_end", "adverb") | _ONE_CHAR_PREP, _cues("govern") | (cue("prep") - _ONE_CHAR_PREP)


@lru_cache(maxsize=4)
def _head_endings(heads: frozenset[str], short: bool) -> tuple[str, ...]:
    """The head nouns a phrase may end with (as one tuple for str.endswith); `short` admits the one-character
    heads that are rarely the end of something else."""
    return tuple(h for h in heads if len(h) >= 2 or short and h in ("户", "人", "县", "村", "会", "站"))


def _ends_with_head(out: list[str], heads: frozenset[str]) -> bool:
    text = "".join(out)
    return text.endswith(("者", "员")) or text.endswith(_head_endings(heads, True))


def _words_to_head(rest: list[str], heads: frozenset[str]) -> int:
    endings = _head_endings(heads, False)
    for k, w in enumerate(rest):
        if w.endswith(endings):
            return k + 1
    return len(rest)


def _head_follows(rest: list[str], hard: frozenset[str], heads: frozenset[str]) -> bool:
    """Whether the words after a verb run to a head noun before the phrase ends (服务|机构)."""
    seen: list[str] = []
    for w in rest:
        if w in hard or w in _NP_BREAK or w in ("的", "和", "及", "与"):
            break
        seen.append(w)
    return bool(seen) and _ends_with_head(seen, heads)


def _predicate_at(ws: Sequence[str], i: int) -> int:
    """How many words at ws[i] form an act printed after the thing it acts on ([np_predicate]: 改造, 除险|加固,
    投入|运营), 0 when none."""
    pred = cue("np_predicate")
    if i + 1 < len(ws) and ws[i] + ws[i + 1] in pred:
        return 2
    return 1 if ws[i] in pred else 0


def _nominal(w: str) -> bool:
    """Whether a word can modify the noun after it (研发|投入强度), as opposed to an adverb, verb or
    particle that stands before a verb (成功|申报, 已|获取). jieba's tags decide words not in our lists."""
    if w in ("年均", "人均", "户均", "亩均", "日均", "平均", "每年", "每亩", "每人", "日", "月", "年", "每日", "每月"):
        return True  # 预计|年均|新增经济收益: a modifier of the phrase after it
    if w in _cues("predicate", "prep", "adverb") or w in _LEAD_FILLER or w in _MODAL or w in _PRONOUN:
        return False
    tags = tagged(w)
    if not tags:
        return False
    # Adverbs, prepositions, particles, pronouns, numerals, time and place words (团队中|有), adjectives: not
    # modifiers of a following noun here. A verb before a verb is (技术|转移|服务|机构), and so is a conjunction
    # (重大科技专项和|应用技术…项目: coordinated nouns).
    flag = tags[-1][1]
    return flag in ("an", "vn") or flag[:1] not in ("d", "p", "u", "r", "m", "t", "q", "y", "e", "o", "a", "f")


def noun_before(before: str, removable: Sequence[tuple[int, int]] = (), keep_change: bool = False,
                keep_new: bool = False) -> str:
    """The metric phrase in the text before a number (from the clause start or the previous figure).
    `removable` are spans of `before` (periods, places, organisations, scope words) taken out when they lead
    the phrase or stand between it and the number. `keep_change`: keep a final verb of change (B6).
    `keep_new`: a leading mark of new things stays (新注册企业增长27.6%: what grew is the new registrations)."""
    chars = list(before)
    keep_scope = cue("metric_scope_keep")
    bounds: Optional[set[int]] = None  # word boundaries of `before`, segmented only when a span needs them
    for a, b in removable:
        a, b = max(0, a), min(len(chars), b)
        if a >= b or before[a:b] in keep_scope:
            continue
        if not (a == 0 and b == len(before)):
            bounds = bounds if bounds is not None else _boundaries(before)
            if a not in bounds or b not in bounds:
                continue  # a mention cutting a word (全|省城|镇居民): not a name here
        # A place coordinated with another modifier (国家、自治区科研经费) is part of the phrase.
        if before[b:b + 1] in ("、",) or (a > 0 and before[a - 1] == "、" and b < len(before)):
            continue
        for k in range(a, b):
            chars[k] = "\x00"
    text = "".join(chars)
    text = _BASE.sub("\x00", text)
    text = _DURATION.sub("\x00", text)
    text = _COMPARED.sub("", text)
    text = _FRAME_END.sub("", text)
    text = _TRANCHE.sub("\x00", text)
    text = _EACH.sub("", text)
    # 天骄体育公园、101公园等公共空间总面积: examples before 等, the measured thing after it.
    if "等" in text:
        text = text[text.rindex("等") + 1:]
    # What follows the last blank names the measured thing; what precedes a blank is a frame
    # (在全国288个…城市中, 呼和浩特市) or a holder.
    parts = text.split("\x00")
    tail = parts[-1] if parts else ""
    if not _has_noun(tail) and len(parts) > 1:
        for p in reversed(parts[:-1]):
            if _has_noun(p):
                tail = p + tail
                break
    ft = _FROM_TO.match(tail)
    if ft and _has_noun(ft.group(2)):
        # 经济从一度濒于崩溃的边缘发展到总量|跃至世界第四: the state reached names the measure, completed with
        # the subject before 从 when it names none of its own (总量, 规模).
        tail = (ft.group(1) + ft.group(2)) if ft.group(2) in _GENERIC else ft.group(2)
    change = ""
    if keep_change:
        m = _CHANGE.search(tail)
        if m:
            change, tail = m.group(1), tail[: m.start()]
    ws = _split_verbs([w for w in words(tail) if w.strip()])
    govern = _cues("govern", "prep")
    stop_right, stop_left = _strip_words()
    if len(ws) >= 2 and _DENOMINATOR.fullmatch(ws[-1]) and ws[-2] in stop_right:
        ws = ws[:-1]  # 补助标准增加到|人均|280元: the denominator follows the predicate
    ws = _strip(ws, stop_right, from_left=False)
    ws, acted = _strip_act(ws)
    # A verb right before the number governs it (为…联合体|注入200万元): what precedes it is a holder or, after
    # 为/向/给, a recipient; either way not what is measured.
    if ws and ws[-1] in cue("govern") and (len(ws) == 1 or ws[-2] != "的"):
        if any(c in before for c in _RECIPIENT) and any(w in _RECIPIENT for w in words(before)):
            return ""
        if len(ws) >= 2 and ws[-2] in cue("light_verb") and ws[-1] not in cue("light_verb"):
            return ws[-1]  # 完成|造林8827万亩: the act is the light verb's object
        if not any(_nominal(w) for w in ws[:-1]):
            return ""  # 拿出|290万元, 成功备案|2家 (研发|投入, 直接|投资 stay compounds)
    ws = [w for w in ws if w not in _MODAL]
    # Adjuncts: a preposition with its object before a verb (每亩|可|为农户|增收 -> 每亩可增收,
    # 向上级|报送建议 -> 报送建议).
    heads = cue("head_noun")
    out: list[str] = []
    i = 0
    while i < len(ws):
        if ws[i] in _RECIPIENT and i + 2 < len(ws):
            i += 2
            while i < len(ws) - 1 and ws[i] in heads:
                i += 1
            while i + 2 < len(ws) and ws[i] in _CONJ:
                i += 2  # 为企业和个人|减税降费: coordinated recipients
            continue
        out.append(ws[i])
        i += 1
    ws = out
    # Cut after the last governing verb or preposition that heads the phrase: one at the start, or one after
    # a word that cannot modify a noun (成功|申报, 已|获取, 全年|关停). A cue word inside a compound noun
    # (研发|投入|强度) is part of the phrase, and so is a verb inside a relative clause
    # (参加新型农村合作医疗的人口) or before a bare measure noun (救助人数, 种植面积, 建设资金).
    measure = cue("measure_noun")
    cut = 0
    after_prep = False  # 通过议事协商|解决|小区难题: the verb after a preposition's object heads the phrase
    coordinated = -1  # 取消和|免征, 新建、|改扩建: the second of two verbs over one object
    for i, w in enumerate(ws[:-1]):
        if w not in govern:
            continue
        if i == 0 and (acted and w.startswith("新") or keep_new and w in cue("nature_new")):
            continue  # 新建铁路|投入运营: a verb of new things before the subject of a predicate modifies it
        rest = ws[i + 1:]
        heads_phrase = i == cut or i == coordinated or not _nominal(ws[i - 1]) or (after_prep and w in cue("govern"))
        if heads_phrase and len(rest) > 2 and rest[0] in _CONJ and rest[1] in cue("govern"):
            coordinated = i + 2
            continue
        if ("的" in rest and not _modifier_before_de(rest)) or (len(rest) == 1 and rest[0] in measure) \
                or rest[0] in _CONJ:
            continue  # relative clause, verb + measure noun, or a noun coordinated with the next (进口、出口总额)
        if heads_phrase:
            after_prep = w in cue("prep") and w not in cue("govern")
            cut = i + 1
    denominator = _DENOMINATOR.match("".join(ws[:cut])) if cut else None
    ws = _strip(ws[cut:], stop_right, from_left=False)
    if denominator and ws:
        ws = [denominator.group(0)] + ws  # 每千人口|拥有|执业医师: a ratio keeps its denominator
    if len(ws) > 2 and ws[0] in ("该", "此", "这", "这个", "本"):
        ws = ws[2:]  # 该|项目|总投资: an anaphor of the holder
    elif len(ws) > 1 and len(ws[0]) <= 3 and ws[0][0] in "该此本" and ws[0] not in ("本地", "本土"):
        ws = ws[1:]  # 该市|研发投入
    ws = _strip_left(ws, stop_left)
    if ws and ws[0] in cue("scope") and ws[0] not in keep_scope and len(ws) > 1:
        ws = ws[1:]  # 全省|城镇居民人均可支配收入 when the scope word was not found as a mention
    phrase = "".join(ws)
    # 在…中 frames a set, not the measured thing.
    phrase = _IN_SET.sub("", phrase)
    phrase = _TRAILING_JUNK.sub("", phrase).strip()
    if change and phrase:
        phrase += change
    return phrase


_RECIPIENT = frozenset(("为", "向", "给", "替", "帮"))
_IN_SET = re.compile(r"^在.*?中")
_TWO_LETTERS = re.compile(r"[\u4e00-\u9fffA-Za-z]{2}")
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# A change from one state to another inside the phrase (no figure between): 经济从…边缘发展到总量.
_FROM_TO = re.compile(r"^([^从由]*?)(?:从|由)[^到至]{2,}?(?:发展|增加|提高|上升|扩大|跃升)?(?:到|至)([^到至]+)$")
_CONJ = ("、", "和", "及", "与")


def _strip_act(ws: list[str]) -> tuple[list[str], bool]:
    """A thing followed by the act done to it, right before its count (棚户区住房|改造620多万套, 铁路|投入运营,
    高速公路|新建|通车): the act is the predicate ([np_predicate]) and goes, with a verb that modifies it."""
    if ws and not _predicate_at(ws, len(ws) - 1):
        last = ws[-1]
        act = next((a for a in cue("np_predicate") if last.endswith(a) and len(last) - len(a) >= 2), None) \
            if last.endswith(_np_predicates()) else None
        if act:
            ws = ws[:-1] + [last[: -len(act)], act]  # 农村|危房改造: jieba joins the thing and the act
    n = len(ws)
    while n > 1:
        k = 2 if n > 2 and _predicate_at(ws, n - 2) == 2 else (1 if _predicate_at(ws, n - 1) else 0)
        if not k:
            break
        n -= k
    if n == len(ws):
        return ws, False
    while n > 1 and (ws[n - 1] in cue("adverb") or ws[n - 1] in cue("govern")) and _nominal(ws[n - 2]):
        n -= 1  # 高速公路|新建|通车, 住房|基本|建成
    if not _nominal(ws[n - 1]) or ws[n - 1] in cue("govern"):
        return ws, False  # nothing but the act: it is what is measured
    return ws[:n], True


@lru_cache(maxsize=1)
def _np_predicates() -> tuple[str, ...]:
    """[np_predicate] as one tuple, for str.endswith: most words end with none of them."""
    return tuple(cue("np_predicate"))


def _modifier_before_de(rest: list[str]) -> bool:
    """Whether the words between a verb and the next 的 only describe its object (淘汰|落后的|炼钢产能), rather
    than make a relative clause (参加|新型农村合作医疗的|人口)."""
    k = rest.index("的")
    return k > 0 and all(tagged(w)[-1:][0][1][:1] in ("a", "b") for w in rest[:k] if tagged(w))


def _strip_left(ws: list[str], stop: frozenset[str]) -> list[str]:
    """Fillers, pronouns, particles and adverbs at the start of a phrase; an adverb only before a verb (高效|照明灯具
    keeps its adjective)."""
    adverbs = cue("adverb") - frozenset(_LEAD_FILLER)
    out = list(ws)
    while out and out[0] in stop:
        if out[0] in adverbs and len(out) > 1 and _adjective(out[0]) and not _verb_like(out[1]):
            break
        out.pop(0)
    return out


def _adjective(w: str) -> bool:
    """An adverb of our lists that jieba tags as an adjective or a noun (高效, 基本) may modify a noun (高效照明灯具,
    基本养老保险); one it tags as an adverb (直接, 积极) does not."""
    tags = tagged(w)
    return bool(tags) and tags[0][1] in ("a", "b", "n")


def _verb_like(w: str) -> bool:
    if w in _cues("govern", "predicate", "nature_event", "nature_state", "adverb") or w in _MODAL:
        return True
    tags = tagged(w)
    return bool(tags) and tags[0][1] in ("v", "vd", "vi", "d", "p")


@lru_cache(maxsize=1)
def _strip_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words stripped from the right of a phrase before a number (predicates, fillers, modal verbs, adverbs,
    one-character prepositions), and from its left once cut (fillers, pronouns, modal verbs, adverbs, words of
    intent, particles)."""
    filler = frozenset(_LEAD_FILLER)
    right = cue("predicate") | filler | _MODAL | cue("adverb") | _ONE_CHAR_PREP
    left = filler | _PRONOUN | _MODAL | cue("adverb") | _INTENT | frozenset(("的", "了", "和", "及", "与", "、"))
    return right, left
_DENOMINATOR = re.compile(r"^(?:每[\d一二三四五六七八九十百千万]*[\u4e00-\u9fff]{0,3}?(?:人口|人|户|亩|天|日|年|月|家|个)|人均|户均|亩均)")
# A frame closing the phrase (在国家创新型城市中|排名第58位) and tranches (分两期|投放): not the metric.
_FRAME_END = re.compile(r"在[^,;:。在]{1,24}?中$")
_TRANCHE = re.compile(r"分(?:\d+|[一二三四五六七八九十两]+)(?:期|批|次|轮|步|个阶段|阶段)")
# 2名高层次人才|各获|100万元: a distributive verb.
_EACH = re.compile(r"各(?:获得|获|得|有|为|达)?$")
# Words of intent and expectation before a phrase (预计|年均新增经济收益): modality, not the metric.
_INTENT = frozenset(("预计", "预测", "预估", "有望", "计划", "力争", "争取", "确保", "拟", "将", "要", "可望"))
# A comparison with a non-temporal baseline (甜度比普通品种高3个点): the baseline is not the metric.
_COMPARED = re.compile(r"(?:比|较)[^,;:。比较]{1,12}?(?:高|低|多|少|快|慢)$")


_LEAD = frozenset("、和及与的了在中")  # besides whitespace, what may come before the predicates
_TAIL = frozenset("、的了")  # and after them


@lru_cache(maxsize=1)
def _predicates() -> tuple[frozenset[str], tuple[int, ...]]:
    words_ = frozenset(cue("predicate"))
    return words_, tuple(sorted({len(w) for w in words_ if w}, reverse=True))


def _predicates_only(text: str) -> bool:
    """Whether `text` is nothing but predicates (达到, 增长, ...) with light filler around them.

    A reachability pass over positions, linear in the text: the regular expression it replaces,
    (?:达到|达|到|...)*, backtracked exponentially on a run of overlapping predicates followed by anything else
    (达到达到达到…x took minutes; found by bench/fuzz.py)."""
    preds, lengths = _predicates()
    n = len(text)
    reach = bytearray(n + 1)
    k = 0
    while True:
        reach[k] = 1  # the predicates may start after any prefix of the leading filler
        if k < n and (text[k].isspace() or text[k] in _LEAD):
            k += 1
        else:
            break
    for p in range(n + 1):
        if not reach[p]:
            continue
        for length in lengths:
            if p + length <= n and not reach[p + length] and text[p : p + length] in preds:
                reach[p + length] = 1
    tail_from = n  # the trailing filler: text[tail_from:] is all filler
    while tail_from > 0 and (text[tail_from - 1].isspace() or text[tail_from - 1] in _TAIL):
        tail_from -= 1
    return any(reach[q] for q in range(tail_from, n + 1))


def _boundaries(text: str) -> set[int]:
    out, k = {0}, 0
    for w in words(text):
        k += len(w)
        out.add(k)
    return out


def _split_verbs(ws: list[str]) -> list[str]:
    """jieba joins a verb to its object (引进外资, 新增就业) and an adverb to its verb (综合治理): split them so the
    verb can be cut."""
    govern, adverbs = cue("govern"), cue("adverb")
    out: list[str] = []
    for w in ws:
        if len(w) >= 4 and w[:2] in govern and w[2:] not in govern:
            out.extend((w[:2], w[2:]))
        elif len(w) == 4 and w[:2] in adverbs and w[2:] in govern:
            out.extend((w[:2], w[2:]))
        else:
            out.append(w)
    return out


def _has_noun(text: str) -> bool:
    return bool(_TWO_LETTERS.search(text)) and not _predicates_only(text)


def _strip(words_: list[str], drop: frozenset[str], from_left: bool) -> list[str]:
    ws = list(words_)
    while ws and (ws[0 if from_left else -1] in drop):
        ws.pop(0 if from_left else -1)
    return ws


def noun_before_pos(before: str) -> str:
    """The 'pos' method, kept for comparison (docs/extraction.md): the run of nominal words before the number."""
    nominal = ("n", "nr", "ns", "nt", "nz", "nrt", "ng", "vn", "an", "b", "j", "l", "i", "s", "f")
    ws = list(tagged(before))
    while ws and not ws[-1][1].startswith(nominal):
        ws.pop()
    out: list[str] = []
    for w, t in reversed(ws):
        if t.startswith(nominal) and t != "f" or (t == "f" and out):
            out.append(w)
        else:
            break
    return "".join(reversed(out))


# -------------------------------------------------------------------------------- coordinated subjects


def split_subjects(phrase: str) -> list[str]:
    """Coordinated subjects, each completed with the head and the leading modifier they share (B13):
    化学需氧量、二氧化硫排放量 -> 化学需氧量排放量, 二氧化硫排放量; 城镇职工基本养老保险、基本医疗保险参保人数 ->
    城镇职工基本养老保险参保人数, 城镇职工基本医疗保险参保人数; 高新技术企业和科技型中小企业 stay as they are."""
    items = [p for p in _SPLIT.split(phrase) if p]
    if len(items) < 2:
        return items
    last = items[-1]
    head = _shared_head(items[0], last)
    out = []
    for it in items[:-1]:
        out.append(it if not head or it.endswith(head) else it + head)
    out.append(last)
    # A short item parallel to the end of the first (单位国内生产总值能耗、水耗): the first's modifier completes it.
    if len(out) == 2 and 2 <= len(last) <= 3 and not head and len(items[0]) > len(last) + 1 \
            and items[0][-1] == last[-1] and last != items[0][-len(last):]:
        return [out[0], items[0][: -len(last)] + last]
    # A leading modifier printed once (城镇职工 before 基本养老保险、基本医疗保险).
    first_word = (words(last) or ("",))[0]
    k = items[0].find(first_word) if len(first_word) >= 2 else -1
    if k > 0:
        prefix = items[0][:k]
        out = [out[0]] + [o if o.startswith(prefix) else prefix + o for o in out[1:]]
    return out


def _shared_head(first: str, last: str) -> str:
    """The part at the end of the last subject that the first lacks."""
    if first[-2:] == last[-2:]:
        return ""  # parallel and complete: 高新技术企业、科技型中小企业
    # Parallel modifiers (养老保险 | 医疗保险|参保人数): the head follows the last item's match of the first's end.
    for n in (2,):
        end = first[-n:]
        k = last.rfind(end, 0, len(last) - 1)
        if k > 0:
            return last[k + n:]
    # Parallel subjects (铁路 | 高速公路|运营里程, 二氧化硫 | 化学需氧量|排放量): the head starts at the word boundary
    # of the last that leaves a subject about as long as the first.
    ws = words(last)
    cuts, k = [], 0
    for w in ws[:-1]:
        k += len(w)
        cuts.append(k)
    if cuts:
        best = min(cuts, key=lambda c: (abs(c - len(first)), -c))
        return last[best:]
    return ""


# ----------------------------------------------------------------------------------------- deciding


# 总数/总量 after a counted noun name no measure of their own (D7): 市场主体总量超过1亿户 counts 市场主体.
_COUNT_TOTAL = re.compile(r"(?:总数|总量)$")
# One figure for coordinated subjects: 铁路、高速公路运营里程均超过10万公里.
_BOTH = re.compile(r"(?:均|都)(?:已|已经)?(?:为|达|达到|超过|超|突破|在|保持在)?$")
_GENERIC = frozenset(("总数", "数量", "总量", "总计", "合计", "目标", "任务", "水平", "规模"))
_RANK_LEFT = re.compile(r"(排名|排|位居|居|位列|列|跃居|稳居|排在|排位|名列|跻身)(全国|全区|全市|全省|全球|世界)?(第)?$")
# A move to a rank (跃升到世界第二位): only before a printed rank, since 上升到 also reaches levels (上升到87.9%).
_RANK_MOVE = re.compile(r"(跃升到|跃升至|跃至|上升到|上升至|升至|提升至|提高到|前进到)(全国|全区|全市|全省|全球|世界)?$")
# 占全区30.32%, 科技类企业占比64%: the metric is the part before 占 / 占比 (the quantity whose share it is).
_SHARE_CUT = re.compile(r"占(?!比)[^,;:。]*$|占比[^,;:。]*$")
_CHAIN = re.compile(r"^\s*[和、及与]\s*$")
_GROWTH_VERB = re.compile(r"^(?:提升|提高|增加|减少|降低|节约|节省|扩大|缩小)")


def figure_metric(s: str, start: int, end: int, unit: Optional[str], family: Optional[str],
                  clause: tuple[int, int], after_end: int, *, claim_start: Optional[int], sibling: bool,
                  spans: Sequence[tuple[int, int]], priors: Sequence[Prior],
                  clause_starts: Sequence[int], clause_ends: Sequence[int]) -> tuple[Optional[str], Optional[str]]:
    """(metric, subject) of the figure s[start:end]. `claim_start`: where its growth phrase starts (a growth
    claim), `sibling`: it continues a coordinated claim (和332%); `spans`: periods and mentions of the sentence;
    `priors`: the sentence's earlier figures. `subject` carries a coordinated list to the siblings."""
    ca, cb = clause
    in_clause = [p for p in priors if ca <= p.start < start]
    lstart = max([ca] + [p.end for p in in_clause])
    if in_clause and in_clause[-1].metric and s.startswith(in_clause[-1].metric, lstart):
        # 平板玻璃7600多万重量箱、电解铝100多万吨: what the previous figure counts is not this one's subject.
        k = lstart + len(in_clause[-1].metric)
        if s[k:k + 1] in ("、", ",", "和", "及"):
            lstart = k + 1
    left = s[lstart:start]
    after = s[end:after_end]
    removable = [(a - lstart, b - lstart) for a, b in spans if a >= lstart and b <= start]
    change = unit not in ("%", "‰", "倍", "个百分点", "百分点") and claim_start is None

    # 1. A sibling in a coordinated list: 分别增长77%和332%, 分别增加1753万和2028万.
    if in_clause and _CHAIN.match(left):
        run = [in_clause[-1]]
        for p in reversed(in_clause[:-1]):
            if _CHAIN.match(s[p.end:run[-1].start]):
                run.append(p)
            else:
                break
        head = run[-1]
        if head.subject:
            subjects = head.subject.split("、")
            idx = len(run)
            return (_clean(subjects[idx]) if idx < len(subjects) else None), head.subject
        if sibling:
            return head.metric, None

    # 2. A growth claim.
    if claim_start is not None:
        head_text = s[lstart:claim_start] if claim_start > lstart else ""
        hr = [(a, b) for a, b in removable if b <= len(head_text)]
        # 上升/下降 and 压减/削减/缩减: the growth word's first character is not part of the phrase.
        phrase = noun_before(re.sub(r"[上下压削缩递核]$", "", head_text), hr, keep_new=True)
        phrase = _GROWTH_VERB.sub("", phrase)  # 提升产量31.5%: the thing that grew
        return _coordinated(phrase, s[lstart:start], s, start, cb, priors, clause_starts)

    # 3. The noun phrase after the number, else before it.
    amount = family != "count" and unit is not None and unit not in ("%", "‰")
    metric = ""
    if unit in ("次", "批", "期", "轮"):
        metric = _act(after, unit) or _act_before(left)
    elif not re.match(r"^(以上|以下|左右|多|余)", after):
        metric = noun_after(after, unit, amount, open_end=after_end >= cb)
        metric = _complete(metric, s, after, after_end, cb, unit)
    if metric in _GENERIC:
        metric = ""
    if metric:
        return _clean(metric), None
    if after.startswith("的") and (amount or unit in ("人", "人次")) and not _has_noun(left):
        # 3万平方米的福海便民市场 (D5), 十四亿多人的粮食安全: the thing measured, no measure printed.
        return None, None
    share = _SHARE_CUT.search(left) if unit in ("%", "‰") else None
    base_left = left[: share.start()] if share else left
    rk = _RANK_LEFT.search(base_left)
    if rk is None and (s[start:end].startswith("第") or s[start:end].endswith(("位", "名"))):
        rk = _RANK_MOVE.search(base_left)
    rank = bool(rk) or s[start:end].startswith("第")
    if rk:
        base_left = base_left[: rk.start()]
    verb = ""
    cm = _CHANGE.search(base_left) if change else None
    if cm:  # 年收入增加4万多元 (B6): the metric keeps its verb of change
        verb, base_left = cm.group(1), base_left[: cm.start()]
    phrase = noun_before(base_left, [(a, b) for a, b in removable if b <= len(base_left)])
    if family == "count" and not verb:
        phrase = _COUNT_TOTAL.sub("", phrase) if len(phrase) > 2 else phrase  # 市场主体总量: D7
    if phrase in _GENERIC:
        phrase = ""
    if "分别" in left and _SPLIT.search(phrase):
        items = [i + verb for i in split_subjects(phrase)]
        return _clean(items[0]), "、".join(items)
    if _BOTH.search(left) and _SPLIT.search(phrase):
        return _clean("、".join(split_subjects(phrase))), None  # 铁路、高速公路运营里程均超过10万公里
    if not phrase:
        phrase = _strip_change(_fallback(s, start, unit, left, rank, priors, ca, clause_starts, clause_ends))
    return _clean(phrase + verb if phrase else None), None


def _coordinated(phrase: str, clause_left: str, s: str, start: int, cb: int, priors: Sequence[Prior],
                 clause_starts: Sequence[int]) -> tuple[Optional[str], Optional[str]]:
    """A claim's metric and, for a coordinated list, the subjects of its siblings."""
    if phrase and "分别" in clause_left and _SPLIT.search(phrase):
        items = split_subjects(phrase)
        return _clean(items[0]), "、".join(items)
    if phrase and re.search(r"(?:均|都)[^,;:。均都]{0,5}$", clause_left) and _SPLIT.search(phrase):
        return _clean("、".join(split_subjects(phrase))), None  # 能耗、水耗均下降20%以上: one rate for both
    if phrase:
        return _clean(phrase), None
    # No phrase of its own: the levels it qualifies, in order (收入15781元，纯收入4761元，实际增长8.4%和8%).
    k = 1 + len(re.findall(r"[和、及与][^,;:。和、及与]{0,12}?(?:%|倍|百分点)", s[start:cb]))
    levels = [p for p in priors if not p.growth and p.metric]
    since_claim = [p for p in levels if all(q.end <= p.start for q in priors if q.growth)]
    if k > 1 and len(since_claim) >= k:
        items = [_strip_change(p.metric or "") for p in since_claim[-k:]]
        return _clean(items[0]), "、".join(items)
    if levels:
        return _clean(_strip_change(levels[-1].metric or "")), None
    return None, None


def _strip_change(metric: Optional[str]) -> str:
    return _CHANGE.sub("", metric or "")


def _nearest(priors: Sequence[Prior], start: int, unit: Optional[str], same_unit: bool,
             clause_starts: Sequence[int]) -> Optional[str]:
    for p in reversed([p for p in priors if p.end <= start and p.metric]):
        if same_unit and p.unit != unit:
            continue
        return p.metric
    return None


def _fallback(s: str, start: int, unit: Optional[str], left: str, rank: bool, priors: Sequence[Prior], ca: int,
              clause_starts: Sequence[int], clause_ends: Sequence[int]) -> Optional[str]:
    """A figure whose own text names nothing it measures."""
    earlier = [p for p in priors if p.end <= start and p.metric]
    in_clause = [p for p in priors if ca <= p.start < start]
    if rank:
        # The subjects of the figures of the clause before (国家高新技术企业533家、科技型中小企业649家，
        # 持续排名全区第一; 研发经费支出从一万亿元增加到二万八千亿元，居世界第二位).
        before = [p for p in earlier if p.start < ca]
        if before:
            last_clause = bisect_right(clause_starts, before[-1].start) - 1
            a = clause_starts[last_clause]
            names = [_strip_change(p.metric) for p in before if p.start >= a and not _RANK_LEFT.search(s[a:p.start])]
            names = list(dict.fromkeys(n for n in names if n))
            if names:
                return "、".join(names)
        return _earlier_subject(s, ca, priors, clause_starts, clause_ends)
    if unit in ("%", "‰") and _SHARE_CUT.search(left):
        # 培育高新技术企业600余家，占全区30%: the share of the quantity just printed.
        whole = [p for p in earlier if p.unit not in ("%", "‰") and not p.growth]
        return whole[-1].metric if whole else None
    if re.search(r"[\u4e00-\u9fff]", re.sub(r"[、和及与]", "", left)):
        # Elliptical: the verb only (成功备案2家, 注入200万元, 增加到317个, 总数突破1000名).
        same = [p for p in earlier if p.unit == unit and not p.growth]
        if same:
            return same[-1].metric
        near = [p for p in earlier if p.start >= _prev_clause_start(ca, clause_starts)]
        if near:
            return near[-1].metric
    if in_clause:
        return None  # 共有11栋楼、404户: an item of a list that names nothing
    near = [p for p in earlier if p.start >= _prev_clause_start(ca, clause_starts)]
    if near:
        return near[-1].metric  # 货物进出口总额年均增长8.6%，突破40万亿元
    return _earlier_subject(s, ca, priors, clause_starts, clause_ends)


def _prev_clause_start(ca: int, clause_starts: Sequence[int]) -> int:
    k = bisect_left(clause_starts, ca)
    return clause_starts[k - 1] if k > 0 else ca


def _earlier_subject(s: str, ca: int, priors: Sequence[Prior], clause_starts: Sequence[int],
                     clause_ends: Sequence[int]) -> Optional[str]:
    """The subject of an earlier clause of the sentence that has no figure (技术合同成交额大幅跃升，2024年达…)."""
    from reconcile.extract.clauses import clause_subject

    i = max(0, bisect_right(clause_starts, ca) - 1)
    starts = [p.start for p in priors]  # in order
    floor = max(0, i - CLAUSES)
    while i > floor:
        i -= 1
        a, b = clause_starts[i], clause_ends[i]
        k = bisect_left(starts, a)
        if k < len(starts) and starts[k] < b:
            return None
        text = s[a:b]
        if not text.strip():
            continue
        subj = clause_subject(text)
        if subj and not re.search(r"\d", subj) and len(subj) >= 2:
            return subj
    return None


def _act_before(left: str) -> str:
    """累计服务200余次: with nothing after the count, the act is the verb before it."""
    ws = [w for w in words(left) if w.strip()]
    return ws[-1] if ws and ws[-1] in _cues("govern", "nature_event") else ""


def _complete(metric: str, s: str, after: str, after_end: int, cb: int, unit: Optional[str]) -> str:
    """A phrase cut short by the layout of the sentence: 7家市级、5家区级技术转移服务机构 (a modifier whose head is
    printed once, with the next item: B13) and 103个旗县（市、区） (a bracket that is part of the name)."""
    if not metric:
        return metric
    if len(metric) <= 4 and re.search(r"[级类型]$", metric) and after.endswith("、") and unit:
        m = re.match(r"[\d.一二三四五六七八九十百千万两多余]+" + re.escape(unit), s[after_end:])
        if m:
            nxt = noun_after(s[after_end + m.end():], unit)
            ws = words(nxt)
            if len(ws) >= 2 and ws[0][-1:] == metric[-1:]:
                return metric + "".join(ws[1:])
    if after_end == cb and after.strip() == metric and s[cb:cb + 1] in ("(", "（"):
        m = re.match(r"[(（][^()（）]{1,8}[)）]", s[cb:])
        if m:
            return metric + m.group(0)
    return metric


def _act(after: str, unit: str) -> str:
    """Repetitions and tranches (B17): 三次|提高出口退税率 -> the act; 分三批|向种粮农民发放|农资补贴 -> its object."""
    m = _NP_STOP.search(after)
    chunk = (after[: m.start()] if m else after)[:24]
    ws = [w for w in words(chunk) if w.strip()]
    ws = _strip(ws, cue("adverb") | _MODAL | frozenset(_LEAD_FILLER) | frozenset(("较", "较大")), from_left=True)
    if ws and ws[0].startswith("大幅度"):  # 较|大幅度提高: jieba joins the adverb to its verb
        ws[0] = ws[0][3:]
    adverbs = cue("adverb")
    ws = [w for w in ws if w not in adverbs]
    if unit == "次":
        return "".join(ws)
    govern = _cues("govern")
    for i, w in enumerate(ws):
        if w in govern and i + 1 < len(ws):
            return "".join(ws[i + 1:])
    return "".join(ws)


def _clean(metric: Optional[str]) -> Optional[str]:
    return clean(metric)


def clean(metric: Optional[str]) -> Optional[str]:
    if not metric:
        return None
    m = metric.strip(" “”\"'、")
    if not m or not _LETTER.search(m):
        return None
    return metric.strip(" 、")
