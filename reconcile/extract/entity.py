"""Whose figure it is: places, organisations and scope words in a sentence, and the article's own place.

Places are recognised through the table of every Chinese province, prefecture and county (full names and the
short names of provinces and prefectures), plus admin-division suffixes for towns (镇, 乡, 街道, 苏木) with a stop
list of words that only end like places (市场, 社区). Organisations are recognised by their suffix (公司, 开发区,
集聚区, 中心, 研究院 ...) with the name's left edge found on word boundaries. Aliases are general mechanisms,
never lists: 首府/省会 is the capital of the article's province (the prefecture coded xx01 in the table); an
abbreviation of one character plus 市 (呼市) is the article's city when its name starts with that character;
全市/我市 is the article's city, 全区/自治区 its region (or, in a district's own article, the district), 全国/我国
is 中国; a government department (市财政局) acts for its place.

How far context carries (documented in docs/extraction.md): a subject named in a sentence holds for the rest of
that sentence; a sentence that names none takes the article's main place; nothing crosses articles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from reconcile.extract.lexicon import Gazetteer, Place, cue, gazetteer


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str  # "place" | "org" | "scope" | "capital" | "dept"
    name: Optional[str]  # resolved full name (None when unresolved)
    place: Optional[Place] = None


@dataclass(frozen=True)
class ArticlePlace:
    """The article's main place and what its scope words mean there."""

    main: Optional[str]  # full name: 呼和浩特市, 赛罕区, 中国
    city: Optional[str]  # the prefecture the article is about (or None)
    region: Optional[str]  # the province the article is about (or None)
    district: Optional[str]  # the county/district when the article is about one
    orgs: tuple[str, ...] = ()  # organisation names printed in the article, for fullest-form lookup
    town: Optional[str] = None  # a town (镇, 乡, 苏木) the article is about: what 全镇 / 该镇 mean
    people: tuple[str, ...] = ()  # people introduced in the article (脱贫户阿拉坦其木格), who may hold figures

    def resolve_scope(self, word: str) -> Optional[str]:
        if word in ("全国", "我国", "国内", "全国范围", "境内"):
            return "中国"
        if word in ("全球", "全世界", "世界"):
            return "全球"
        if word in ("全市", "我市", "本市", "市域"):
            return self.city or self.main
        if word in ("全区", "我区", "本区", "全自治区"):
            if self.district and self.district.endswith("区"):
                return self.district
            return self.region if self.region and self.region.endswith("区") else self.main
        if word in ("全省", "本省", "我省"):
            return self.region
        if word in ("全镇", "全乡", "该镇", "本镇") and self.town:
            return self.town
        if word in ("全县", "全旗", "全镇", "全乡"):
            return self.district or self.main
        if word == "全盟":
            return self.city
        return None


_ORG_SUFFIX = (
    "股份有限公司|有限责任公司|有限公司|集团|公司|产业园区|园区|经济技术开发区|开发区|高新区|经开区|集聚区|示范区|新区|"
    "创新中心|技术创新中心|中心|研究院|研究所|实验室|大学|学院|医院|银行|协会|学会|商会|联盟|基地|工作站|社区|"
    "街道|管委会|委员会|福利院|科技馆|博物馆|图书馆|小学|中学|学校|幼儿园|法院|检察院|红十字会|科协|总工会|政府|"
    "财政局|科技局|住建局|管理局|局|厅|办|合作社|联合体|小区|服务站"
)
_ORG_RE = re.compile(rf"[\u4e00-\u9fff“”\"()（）A-Za-z]{{1,24}}?(?:{_ORG_SUFFIX})(?:\([^)]{{1,4}}\))?")
_DEPT_SUFFIX = re.compile(r"(局|厅|委|委员会|政府|办|管委会)$")
_TOWN_RE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道|苏木|嘎查)")
_ABBREV_CITY = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])市(?![\u4e00-\u9fff]*(?:场|民|区|级|委|长|政|容|值|面|中心))")
_BOUNDARY_CHARS = set(",;:。、!?()《》\n 的了在与和从向对为是把被将")
_MAX_NAME = 12


def _pick(places: tuple[Place, ...], near: Optional[ArticlePlace]) -> Place:
    """Of places sharing a name (新城区 is in Hohhot and in Xi'an), the one inside the article's own place."""
    if len(places) == 1 or near is None:
        return places[0]
    for p in places:
        if near.city and p.city == near.city:
            return p
    for p in places:
        if near.region and (p.province == near.region or p.name == near.region):
            return p
    return places[0]


@lru_cache(maxsize=1)
def _automaton() -> Any:
    """Every name of the gazetteer in one Aho-Corasick automaton (leftmost-longest): one pass in compiled code
    over a text, whatever the number of names (3,500 now)."""
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(gazetteer().names(), matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)


def find_places(s: str, near: Optional[ArticlePlace] = None) -> list[Mention]:
    """Places named in `s`, left to right: at each position the longest name that starts there. A name on the
    stop list (an ordinary word that is also a place's short name) is no place, and a shorter name may start
    inside it."""
    by_name = gazetteer().by_name
    stop = cue("place_stop")
    out: list[Mention] = []
    offset = 0
    while True:
        text = s[offset:] if offset else s
        for _, a, b in _automaton().find_matches_as_indexes(text):
            hit = text[a:b]
            if hit in stop:
                offset += a + 1  # look again from the next character
                break
            p = _pick(by_name[hit], near)
            out.append(Mention(offset + a, offset + b, hit, "place", p.name, p))
        else:
            return out


def _left_edge(s: str, end_of_core: int, limit: int) -> int:
    """Left edge of an organisation name ending at `end_of_core`: back over name characters to punctuation,
    a particle or a governing verb (推动全国唯一一家国家级乳业技术创新中心 -> 国家级乳业技术创新中心)."""
    from reconcile.extract.words import words

    start = max(limit, end_of_core - 24)
    # A particle character inside a place name (呼和浩特: 和) is no boundary.
    protected: Optional[list[tuple[int, int]]] = None
    for j in range(end_of_core - 1, start - 1, -1):
        if s[j] in _BOUNDARY_CHARS or s[j].isdigit():
            if protected is None:  # the places are looked for only once a boundary character is seen
                protected = [(start + m.start, start + m.end) for m in find_places(s[start:end_of_core])]
            if not any(a <= j < b for a, b in protected):
                start = j + 1
                break
    chunk = s[start:end_of_core]
    # A registered name (…种植专业合作社, …科技开发有限公司) holds business words: cut at particles only.
    stops, hint = _edge_words(bool(_LEGAL_NAME.match(s, end_of_core)))
    if not hint.search(chunk):
        return start  # none of the words that cut a name is printed: no need to segment
    pos = 0
    cut = 0
    for w in words(chunk):
        pos += len(w)
        if w in stops:
            cut = pos
    return start + cut


@lru_cache(maxsize=2)
def _edge_words(legal: bool) -> tuple[frozenset[str], re.Pattern[str]]:
    """The words after which an organisation's name starts (verbs, prepositions, predicates, scope words, or for
    a registered name only prepositions and pronouns), and one pattern that finds any of them in a string."""
    if legal:
        stops = cue("prep") | {"我", "我们", "你", "他", "她", "它", "还给", "交给", "给"}
    else:
        stops = cue("govern") | cue("prep") | cue("predicate") | cue("scope")
    # 蒙科聚平台金桥“双创”创新集聚区: a unit named after the platform it belongs to starts after 平台.
    stops = stops | {"唯一", "一家", "首家", "首个", "一批", "等", "及", "其", "该", "这", "那", "平台", "由于", "因为",
                     "随着", "其中", "让", "使"}
    return frozenset(stops), re.compile("|".join(sorted(map(re.escape, stops), key=len, reverse=True)))


_LEGAL_NAME = re.compile(r"专业合作社|合作社|股份有限公司|有限责任公司|有限公司")
# Quantifiers are no part of a name: 部分小区, 各社区, 多个园区.
_NOT_A_NAME = re.compile(r"^(?:部分|各|多个|多家|一些|所有|全部|其他|其余|周边|老旧|相关|有关|该|每个|每)")
# National institutions named without a suffix of their own.
_INSTITUTION = re.compile(r"国务院|党中央|中共中央|全国人大常委会|全国人大|全国政协|中国共产党")
# Bare words that refer back to the organisation of that kind named last (合作社常年雇佣…, 小区建于…).
_BARE_ANAPHOR = ("合作社", "小区", "公司", "集聚区")
_ADDRESS_AFTER = re.compile(r"[东南西北中]?(?:路|街|巷|大街|大道)")
# 领新科技 for 内蒙古领新科技有限公司: a company's short name is its name without place and legal form.
_LEGAL_FORM = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司)$")


_ORG_HINT = re.compile(rf"(?:{_ORG_SUFFIX})")


def may_name_org(s: str) -> bool:
    """A cheap test: could the sentence name an organisation (one of the suffixes is printed)?"""
    return _ORG_HINT.search(s) is not None


def find_orgs(s: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _ORG_HINT.finditer(s):
        end = m.end()
        if _ADDRESS_AFTER.match(s, end):
            continue  # 大学西路: part of an address, not a university
        if m.start() > 0 and s[m.start() - 1] in "该此这":  # 该集聚区: an anaphor, resolved by the caller
            out.append(Mention(m.start() - 1, end, s[m.start() - 1:end], "org", None))
            continue
        if m.group(0) in _BARE_ANAPHOR and (m.start() == 0 or not "\u4e00" <= s[m.start() - 1] <= "\u9fff"
                                            or s[m.start() - 1] in "的在由与和了"):
            out.append(Mention(m.start(), end, m.group(0), "org", None))
            continue
        # Extend over a longer suffix that continues (创新中心呼和浩特创新中心: take the last).
        left = _left_edge(s, m.start(), 0)
        core = s[left:m.start()]
        if len(core) < 2 or (out and out[-1].end > left):
            if out and out[-1].end == m.start():
                # 京津冀国家技术创新中心呼和浩特创新中心: a sub-unit named after its parent
                prev = out.pop()
                out.append(Mention(prev.start, end, s[prev.start:end], "org", s[prev.start:end]))
            continue
        while left < m.start() and s[left] in "”》)）":
            left += 1  # a closing quote before a name belongs to the quotation
        text = s[left:end]
        if _NOT_A_NAME.match(text):
            continue
        if m.group(0) in ("小区", "社区"):
            # 赛罕区馨苑小区 -> 馨苑小区: a residential community is named without its district (B9).
            places = find_places(text)
            if places and places[0].start == 0 and places[0].place and places[0].place.level == "county" \
                    and len(text) - places[0].end >= 4:
                left += places[0].end
                text = s[left:end]
        kind = "dept" if _DEPT_SUFFIX.search(text.rstrip(")")) else "org"
        out.append(Mention(left, end, text, kind, text))
    for m in _INSTITUTION.finditer(s):
        if all(m.end() <= o.start or m.start() >= o.end for o in out):
            out.append(Mention(m.start(), m.end(), m.group(0), "org", m.group(0)))
    out.sort(key=lambda x: x.start)
    return out


def short_names(orgs: tuple[str, ...]) -> dict[str, str]:
    """Short names of the companies printed in an article: 领新科技 -> 内蒙古领新科技有限公司."""
    out: dict[str, str] = {}
    for name in orgs:
        if not _LEGAL_FORM.search(name):
            continue
        core = _LEGAL_FORM.sub("", name)
        while True:
            places = find_places(core)
            if places and places[0].start == 0 and places[0].end < len(core):
                core = core[places[0].end:]
            else:
                break
        if len(core) >= 3 and core != name:
            out.setdefault(core, name)
    return out


# A person introduced by what they are (B9): 脱贫户阿拉坦其木格, 社员景艳明, 居民吕亚峰.
_PERSON = re.compile(
    r"(?:脱贫户|社员|牧民|农民|村民|居民|老人|养殖户|种植户|农户|市民|职工|户主|志愿者|网格员)"
    r"([\u4e00-\u9fff]{2,6}?)(?=家|就|借助|今年|去年|连续|说|表示|介绍|告诉|笑着|一直|成功)"
)
# A town printed after its county (阿左旗宗别立镇).
_TOWN_SUBJECT = re.compile(r"(?<=[旗县区市])[\u4e00-\u9fff]{2,3}?(?:镇|乡|苏木)")


# What a person's name is not: 农民工 is no 农民 followed by a name (工的, 工等重点人群), and a name holds none of
# these particles and adverbs (城镇居民|每百户拥有家用汽车, 农民|就地就近就业, 安置和再就业). 和, 其 and 多 stay
# allowed: transliterated names hold them (呼和巴特尔, 阿拉坦其木格, 多吉).
_NOT_A_PERSON = re.compile(r"^工|[的等及与在每再就]")


def find_people(text: str) -> tuple[str, ...]:
    names = (m.group(1) for m in _PERSON.finditer(text))
    return tuple(dict.fromkeys(n for n in names if not _NOT_A_PERSON.search(n)))


def town_subject(lead: str, body: str) -> Optional[str]:
    """The town an article is about: named in its lead, and referred to as 全镇/该镇/本镇 in its body."""
    if not re.search(r"全镇|该镇|本镇|全乡|该乡|全苏木", body):
        return None
    towns = [m.group(0) for m in _TOWN_SUBJECT.finditer(lead)]
    towns = [t for t in towns if not t.startswith(("该", "全", "本", "乡"))]
    return towns[-1] if towns else None


@lru_cache(maxsize=1)
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Scope words and capital aliases as one alternation each (longest first)."""
    def alt(words: set[str]) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    return alt(cue("scope")), alt(cue("capital"))


def find_mentions(s: str, near: Optional[ArticlePlace]) -> list[Mention]:
    """Places, organisations, capital aliases and scope words of a sentence, without overlaps (an organisation
    whose name contains a place — 呼和浩特金山国家高新技术产业开发区 — is one organisation). Cached: the
    same sentence is looked at for its figures, its speakers and the people it names."""
    return list(_mentions(s, near))


@lru_cache(maxsize=4096)
def _mentions(s: str, near: Optional[ArticlePlace]) -> tuple[Mention, ...]:
    orgs = find_orgs(s)
    found: list[Mention] = list(orgs)

    def free(a: int, b: int) -> bool:
        return all(b <= m.start or a >= m.end for m in found)

    if near is not None and near.orgs:
        for short, full in _short_names(near.orgs).items():
            for m in re.finditer(re.escape(short), s):
                if free(m.start(), m.end()):
                    found.append(Mention(m.start(), m.end(), short, "org", full))

    for p in find_places(s, near):
        if free(p.start, p.end):
            found.append(p)
    if near is not None:
        for name in near.people:
            for m in re.finditer(re.escape(name), s):
                if free(m.start(), m.end()):
                    found.append(Mention(m.start(), m.end(), name, "person", name))
        if near.town:
            for m in re.finditer(re.escape(near.town) + "|该镇|本镇", s):
                if free(m.start(), m.end()):
                    found.append(Mention(m.start(), m.end(), m.group(0), "place", near.town))
    scope_words, capital_words = _word_patterns()
    for m in capital_words.finditer(s):
        if free(m.start(), m.end()):
            found.append(Mention(m.start(), m.end(), m.group(0), "capital", capital_of(near)))
    for m in _ABBREV_CITY.finditer(s) if "市" in s else ():
        city = near.city if near else None
        if city and city.startswith(m.group(1)) and free(m.start(), m.end()):
            found.append(Mention(m.start(), m.end(), m.group(0), "place", city))
    for m in scope_words.finditer(s):
        w = m.group(0)
        if free(m.start(), m.end()):
            found.append(Mention(m.start(), m.end(), w, "scope", near.resolve_scope(w) if near else None))
    for m in _REGION_WORD.finditer(s) if "省" in s or "自治区" in s else ():
        if near and near.region and free(m.start(), m.end()):
            found.append(Mention(m.start(), m.end(), m.group(0), "place", near.region))
    found.sort(key=lambda m: m.start)
    return tuple(found)


_REGION_WORD = re.compile(r"(?<![\u4e00-\u9fff])(自治区|省)(?=[、和与及])")  # 自治区、呼和浩特市两级


@lru_cache(maxsize=256)
def _short_names(orgs: tuple[str, ...]) -> dict[str, str]:
    return short_names(orgs)


def capital_of(near: Optional[ArticlePlace]) -> Optional[str]:
    if near is None or near.region is None:
        return None
    cap = gazetteer().capitals.get(near.region)
    return cap.name if cap else None


def resolve(m: Mention, near: Optional[ArticlePlace], g: Optional[Gazetteer] = None) -> Optional[str]:
    """The entity a mention stands for: a department acts for its place; an organisation takes the fullest
    form of its name printed in the article."""
    if m.kind == "dept":
        inner = find_places(m.text, near)
        if inner:
            return inner[0].name
        if near is None:
            return None
        # 市财政局, 区科技局, 县政府: the department of the article's city, district or county.
        level = {"市": "全市", "区": "全区", "县": "全县", "旗": "全旗", "省": "全省"}.get(m.text[:1])
        return (near.resolve_scope(level) if level else None) or near.main
    if m.kind == "org" and near is not None:
        core = m.name or m.text
        fuller = [o for o in near.orgs if core in o and o != core]
        if fuller:
            return max(fuller, key=len)
        for abbr, full in _ABBREVIATIONS.items():
            # 金山高新区 -> 呼和浩特金山高新技术产业开发区 when the article prints the full name.
            if core.endswith(abbr) and len(core) > len(abbr):
                stem = core[: -len(abbr)]
                longer = [o for o in near.orgs if stem in o and o.endswith(full)]
                if longer:
                    return max(longer, key=len)
        return core
    return m.name


_ABBREVIATIONS = {"高新区": "高新技术产业开发区", "经开区": "经济技术开发区", "自贸区": "自由贸易试验区"}


def _most_named(text: str, near: Optional[ArticlePlace] = None) -> tuple[Optional[Place], int]:
    """The place named most in `text` (ties: the lower level, then the first named) and its count."""
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for m in find_places(text, near):
        if m.place is None:
            continue
        counts[m.place.name] += 1
        first.setdefault(m.place.name, m.place)
    if not counts:
        return None, 0
    best = max(counts.items(), key=lambda kv: (kv[1], _level_rank(first[kv[0]])))
    return first[best[0]], best[1]


def _inside(p: Place, outer: Place) -> bool:
    return p.level == "county" and outer.level == "city" and p.city == outer.name


def article_place(title: Optional[str], lead: str, body: str, dateline: Optional[str],
                  head: str = "") -> ArticlePlace:
    """The article's main place: the dateline's (or a county of it that the headline, a kicker above it or the
    lead names: 本报巴彦淖尔…电 over a story of 乌拉特后旗), else the place the headline and kicker name, else the
    place named most in headline and lead, else in the body; 中国 when it names none but speaks of 全国/我国."""
    main_place: Optional[Place] = None
    top, _ = _most_named((title or "") + "\n" + head)
    if dateline:
        hits = find_places(dateline)
        if hits and hits[0].place:
            main_place = hits[0].place
            inner = top if top is not None and _inside(top, main_place) else None
            if inner is None:
                cand, _ = _most_named(lead)
                inner = cand if cand is not None and _inside(cand, main_place) else None
            main_place = inner or main_place
    # The body is sampled (its first 3,000 characters): enough to tell a national report from a local one,
    # and it keeps the cost of an article bounded whatever its length.
    sample = body[:3000]
    national = sum(sample.count(w) for w in cue("national"))
    if main_place is None and top is not None:
        main_place = top
    if main_place is None:
        for text, whole in (((title or "") + "\n" + lead, False), (sample, True)):
            best, n = _most_named(text)
            if best is not None:
                # Over the whole body, a place named less often than the nation is an example, not the subject.
                if whole and n <= national:
                    break
                main_place = best
                break
    orgs = tuple(sorted({m.text for m in find_orgs(sample) if m.kind == "org"}, key=len))
    if main_place is None:
        return ArticlePlace("中国" if national else None, None, None, None, orgs)
    region = main_place.province or (main_place.name if main_place.level == "province" else None)
    if main_place.level == "county":
        return ArticlePlace(main_place.name, main_place.city or None, region, main_place.name, orgs)
    if main_place.level == "city":
        return ArticlePlace(main_place.name, main_place.name, region, None, orgs)
    return ArticlePlace(main_place.name, None, main_place.name, None, orgs)


def _level_rank(p: Place) -> int:
    return {"county": 2, "city": 1, "province": 0}.get(p.level, 0)
