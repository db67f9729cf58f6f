"""The extract stage: quantities in each sentence become figures with their context.

    page, figures = extract_page(page)

For each article (context never crosses articles), paragraph and sentence: the numerals scanner finds the
quantities; those with role "figure" become figures; years, dates and period ranges are periods. Each figure
gets, from the modules of this package:

- metric (metric.py): the phrase printed for what is measured;
- entity and scope (entity.py): the subject named in the sentence, else the article's main place;
- period (period.py): the sentence's own period; else the one stated earlier in the paragraph; for shares,
  growth and ranks, the period of the figure they qualify; for flows, the period framing the article (its
  headline and lead); for levels, the document's date; otherwise none;
- kind, nature, modality (modality.py) and growth (growth.py).

How far context carries: a period or subject named in a sentence holds for that sentence; a period stated
in a paragraph carries to the paragraph's later sentences (as inferred); the article's lead frames its flows;
the article's main place is the entity of sentences that name none. Nothing crosses an article boundary.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple, Optional

from reconcile.extract import entity as ent
from reconcile.extract import growth as gr
from reconcile.extract import lookback as lb
from reconcile.extract import metric as met
from reconcile.extract import modality as mod
from reconcile.extract import nature as nat
from reconcile.extract import timing as tm
from reconcile.extract.clauses import FILLER, Clauses, item_start
from reconcile.extract.docdate import DocDate, infer_date
from reconcile.extract.lookback import ByStart
from reconcile.extract.period import PeriodMention, find_periods
from reconcile.extract.quantities import scan as _scan
from reconcile.extract.units import family
from reconcile.models import Article, Figure, Growth, Page




@dataclass
class _Draft:
    """A figure under construction, in sentence-local terms."""

    q: Any
    sent_n: int  # normalised offset of the sentence
    sentence_idx: int
    clause: tuple[int, int]
    metric: Optional[str]
    entity: Optional[str]
    scope: Optional[str]
    period: Optional[str]
    period_source: Optional[str]
    kind: str
    nature: Optional[str]
    modality: str
    claim: Optional[gr.Claim]
    base_period: Optional[str]
    subject: Optional[str] = None  # a growth claim's own subject (分别增长: one per rate)
    of_local: Optional[int] = None  # index into the page's draft list
    cumulative_cue: bool = False
    sent_end: int = 0  # normalised end of the sentence
    sit: Optional[tm.Situation] = None


class _Orgs:
    """The organisations an article has named so far, in order, for 该公司 / 合作社 to refer back to. A sentence
    without figures is read for them only when such an anaphor asks (most articles have none)."""

    def __init__(self, place: ent.ArticlePlace) -> None:
        self._place = place
        self._items: list[str | list[str]] = []  # a sentence still to read, or the names read from one

    def add(self, names: list[str]) -> None:
        self._items.append(names)

    def defer(self, sentence: str) -> None:
        self._items.append(sentence)

    def names(self) -> list[str]:
        out: list[str] = []
        for i, item in enumerate(self._items):
            if isinstance(item, str):
                item = self._items[i] = _org_names(ent.find_mentions(item, self._place)) if _may_name(item) else []
            out.extend(item)
        return out


def _org_names(mentions: list[ent.Mention]) -> list[str]:
    return [m.text for m in mentions if m.kind == "org"]


def _may_name(s: str) -> bool:
    """Whether a sentence without figures may name an organisation (a suffix, or 该/此 before one): only such
    sentences are read for their subject and the organisations they name."""
    return "该" in s or "此" in s or ent.may_name_org(s)


class _Pending(NamedTuple):
    """A sentence without figures, read for what it carries (its period, its subject organisation) only when a
    later sentence of its paragraph has a figure."""

    text: str
    section: Optional[tm.Frame]  # the report section's frame when it was read


@dataclass
class _Para:
    """What a paragraph has said so far: the period last stated, the organisation last named as subject."""

    orgs: _Orgs
    period: Optional[PeriodMention] = None
    org: Optional[str] = None
    speaker: Optional[str] = None  # the organisation of the speaker quoted in the current sentence
    person: Optional[str] = None  # the person named last in the article (她, 他 refer to them)
    pending: list[_Pending] = field(default_factory=list)  # sentences since the last figure, not yet read


@dataclass(frozen=True)
class _ArticleCtx:
    place: ent.ArticlePlace
    frame: Optional[tm.Frame]  # the period framing the article (headline + lead)
    subject: Optional[str] = None  # an organisation the headline is about (福苑社区：…), else None


def _family(unit: Optional[str]) -> Optional[str]:
    return family(unit) if unit else None


def _doc_date(page: Page) -> tuple[Page, DocDate]:
    given = DocDate.parse(page.date)
    if given.year is not None:
        return page, given
    inferred = infer_date(page.norm)
    if inferred.year is None:
        return page, inferred
    return replace(page, date=inferred.iso(), date_source="inferred"), inferred


def extract_page(page: Page) -> tuple[Page, tuple[Figure, ...]]:
    page, ref = _doc_date(page)
    drafts: list[_Draft] = []
    art_of: list[int] = []
    # Segments of one article (an article broken by captions: the same headline) share its context.
    groups: dict[int, list[Article]] = {}
    keys: list[int] = []
    for ai, article in enumerate(page.articles):
        key = article.title_start if article.title_start is not None else -1 - ai
        keys.append(key)
        if article.paragraphs:
            groups.setdefault(key, []).append(article)
    contexts = {key: _context(page, segs, ref) for key, segs in groups.items()}
    for ai, article in enumerate(page.articles):
        if not article.paragraphs:
            continue
        key = keys[ai]
        before = len(drafts)
        _article(page, article, contexts[key], ref, drafts)
        art_of.extend([ai] * (len(drafts) - before))
    figures: list[Figure] = []
    for i, d in enumerate(drafts):
        q = d.q
        a, b = page.orig_span(d.sent_n + q.start, d.sent_n + q.end)
        growth = None
        if d.claim is not None:
            c = d.claim
            growth = Growth(
                rate=c.rate,
                basis=c.basis,
                base_period=d.base_period,
                of=d.of_local,
                rate_low=c.rate_low,
                rate_high=c.rate_high,
                difference=c.difference,
            )
        sa, sb = page.orig_span(d.sent_n, max(d.sent_end, d.sent_n + 1))
        value = q.value if q.value is None or math.isfinite(q.value) else None
        figures.append(
            Figure(
                doc=page.doc,
                start=a,
                end=b,
                line=page.line_of(a),
                text=page.text[a:b],
                value=value,
                unit=None if d.kind == "rank" else q.unit,
                precision=q.precision,
                approx=q.approx,
                kind=d.kind,  # type: ignore[arg-type]
                nature=d.nature,  # type: ignore[arg-type]
                modality=d.modality,  # type: ignore[arg-type]
                metric=d.metric,
                entity=d.entity,
                period=d.period,
                period_source=d.period_source,  # type: ignore[arg-type]
                low=q.low,
                high=q.high,
                scope=d.scope,
                growth=growth,
                article=art_of[i],
                sentence_start=sa,
                sentence_end=sb,
            )
        )
    return page, tuple(figures)


# ------------------------------------------------------------------------------------------- articles


_BYLINE = re.compile(r"记者|通讯员|实习生|[●■□▲]|编辑")


def _lead_sentence(page: Page, article: Article) -> tuple[str, str]:
    """The article's lead (its first sentence of body text) and its head: the short lines above the lead other
    than bylines (the headline, a kicker such as a district's name printed above it)."""
    norm = page.norm
    head: list[str] = []
    for para in article.paragraphs:
        for sent in para.sentences:
            text = norm[sent.nstart:sent.nend].strip()
            if re.search(r"[,;:。!?]", text) and len(text) > 20 and not text.startswith("#"):
                return text, "\n".join(head)
            if not _BYLINE.search(text):
                head.append(text)
    return "", "\n".join(head)


def _context(page: Page, segments: list[Article], ref: DocDate) -> _ArticleCtx:
    norm = page.norm
    article = segments[0]
    title = article.title or ""
    lead, head = _lead_sentence(page, article)
    body = "\n".join(norm[a.paragraphs[0].nstart:a.paragraphs[-1].nend] for a in segments)
    place = ent.article_place(title, lead, body, article.place, head)
    town = ent.town_subject(lead, body)
    place = replace(place, people=ent.find_people(body),
                    **({"main": town, "town": town, "district": place.district or place.main} if town else {}))
    return _ArticleCtx(place, tm.article_frame(title, lead, ref), _headline_org(title, place))


def _headline_org(title: str, place: ent.ArticlePlace) -> Optional[str]:
    """The organisation a headline opens with as its topic (福苑社区：“五福五服”精准治理…)."""
    orgs = [m for m in ent.find_orgs(title) if m.kind == "org" and m.name]
    if orgs and orgs[0].start == 0 and re.match(r"\s*[:：]", title[orgs[0].end:]):
        return ent.resolve(orgs[0], place)
    return None


def _article(page: Page, article: Article, ctx: _ArticleCtx, ref: DocDate, drafts: list[_Draft]) -> None:
    norm = page.norm
    sections = tm.Sections(ref)
    named = _Orgs(ctx.place)
    people: dict[str, str] = {}  # 合作社经理高国艳: a speaker's organisation, by name
    person: Optional[str] = None
    for para in article.paragraphs:
        state = _Para(orgs=named, person=person)
        if sections.paragraph(norm[para.nstart:para.nend]):
            continue
        texts = [norm[x.nstart:x.nend] for x in para.sentences]
        speakers = _speakers(texts, ctx, state, people)
        for sent, s, speaker in zip(para.sentences, texts, speakers):
            sections.sentence(s)
            state.speaker = speaker
            # A "sentence" of thousands of characters (a table or a page of numbers run together) is read in
            # pieces, so that what each figure reads of its sentence stays bounded (lookback.py).
            for a, b in lb.pieces(s):
                _sentence(s[a:b], sent.nstart + a, sent.nstart + b, ref, ctx, state, sections.frame, drafts)
        for p in state.pending:
            named.defer(p.text)  # only the organisations they name can matter after the paragraph
        person = state.person


def _sentence(s: str, n0: int, n1: int, ref: DocDate, ctx: _ArticleCtx, state: _Para,
              section: Optional[tm.Frame], drafts: list[_Draft]) -> None:
    """Figures of one sentence appended to `drafts`; what it states that carries (its last period, its subject
    organisation, the people it names) noted in `state`. A sentence without figures is only scanned and noted
    as pending: its context is read when a later sentence of the paragraph has a figure (`_settle`)."""
    quantities = _scan(s)
    figs = [q for q in quantities if q.role == "figure" and not _not_a_figure(s, q)]
    if not figs:
        if _names_someone(s, ctx):
            _note_people(ent.find_mentions(s, ctx.place), state)
        state.pending.append(_Pending(s, section))
        return
    _settle(state, ref, ctx)
    periods, last_stated = _periods(s, ref, state, section)
    mentions = ent.find_mentions(s, ctx.place)
    clauses = Clauses.of(s)
    # An organisation named as a sentence's subject (or by 该集聚区) holds for the paragraph's later sentences.
    subject_org = _sentence_org(s, clauses, mentions, state, ctx)
    sentence_index = len(drafts)
    local: list[_Draft] = []
    ix = _Index(ByStart(quantities), ByStart([q for q in quantities if q.role == "figure"]), ByStart(periods),
                ByStart(mentions))
    for q in figs:
        d = _figure(s, n0, q, ix, clauses, ref, ctx, state, section, local)
        d.sent_end = n1
        local.append(d)
    _link(local, s, ref, ctx, section)
    for d in local:
        if d.of_local is not None:
            d.of_local += sentence_index
    drafts.extend(local)
    if subject_org:
        state.org = subject_org
    state.orgs.add(_org_names(mentions))
    _note_people(mentions, state)
    if last_stated is not None:
        state.period = last_stated


def _periods(s: str, ref: DocDate, state: _Para, section: Optional[tm.Frame]
             ) -> tuple[list[PeriodMention], Optional[PeriodMention]]:
    """The sentence's periods (全年, 1—5月 read against the year carried or the section's) and the last one it
    states, which carries to the paragraph's later sentences."""
    carried = state.period
    context_year = carried.year if carried else (section.last if section else None)
    periods = [p for p in find_periods(s, ref, context_year) if p.iso is not None or p.relative]
    stated = [p for p in periods if not p.base and p.iso]
    return periods, (stated[-1] if stated else None)


def _settle(state: _Para, ref: DocDate, ctx: _ArticleCtx) -> None:
    """Read the pending sentences before a figure, in order, as if each had been read when it came: the period
    each states, the organisation named as its subject, the organisations it names."""
    for p in state.pending:
        _, last_stated = _periods(p.text, ref, state, p.section)
        if _may_name(p.text):
            mentions = ent.find_mentions(p.text, ctx.place)
            subject_org = _sentence_org(p.text, Clauses.of(p.text), mentions, state, ctx)
            if subject_org:
                state.org = subject_org
            state.orgs.add(_org_names(mentions))
        if last_stated is not None:
            state.period = last_stated
    state.pending.clear()


def _names_someone(s: str, ctx: _ArticleCtx) -> bool:
    """Whether `s` prints the name of a person introduced in the article (the cheap test before its mentions)."""
    people = ctx.place.people
    return bool(people) and any(name in s for name in people)


def _note_people(mentions: list[ent.Mention], state: _Para) -> None:
    named = [m.text for m in mentions if m.kind == "person"]
    if named:
        state.person = named[-1]


class _Index(NamedTuple):
    """A sentence's quantities (all, and those with the role of a figure), periods and mentions, by start: what a
    figure looks up about its neighbours, in logarithmic time (lookback.py)."""

    quantities: ByStart[Any]
    figures: ByStart[Any]
    periods: ByStart[PeriodMention]
    mentions: ByStart[ent.Mention]


def _figure(s: str, n0: int, q: Any, ix: _Index, clauses: Clauses, ref: DocDate, ctx: _ArticleCtx, state: _Para,
            section: Optional[tm.Frame], local: list[_Draft]) -> _Draft:
    ca, cb = clauses.span(q.start)
    # The item: from the clause or 、 item start, or from the previous figure in the clause.
    ia = item_start(s, ca, q.start)
    recent = local[-lb.FIGURES:]
    prev_in_clause = [d for d in recent if ca <= d.q.start < q.start]
    if prev_in_clause:
        ia = max(ia, prev_in_clause[-1].q.end)
    left = s[ia:q.start]
    clause_left = s[ca:q.start]
    nxt = ix.figures.first_from(q.end)
    after_end = min(cb, nxt.start) if nxt is not None else cb
    after = s[q.end:after_end]

    # Growth: the phrase before the number, or a sibling of 分别增长77%和332%.
    claim = gr.claim(clause_left, q.text, q.value, q.unit, q.precision, q.low, q.high, q.approx)
    sibling = None
    if claim is None and prev_in_clause and prev_in_clause[-1].claim is not None and re.fullmatch(r"[和、及与]", left):
        sibling = prev_in_clause[-1]
        c0 = sibling.claim
        assert c0 is not None
        lo, hi = gr._bounds(q.value or 0, q.precision, q.low, q.high, q.approx)
        scale = 1.0 if q.unit == "倍" else 0.01
        sign = -1.0 if c0.down else 1.0
        rate = sign * (q.value or 0) * scale
        claim = gr.Claim(rate, c0.basis, c0.base_text, c0.difference, *sorted((sign * lo * scale, sign * hi * scale)),
                         c0.down, c0.speed, 0)

    # Metric (metric.py) from the sentence, its mentions and the figures before this one (spans: those of the
    # figure's clause before it, the only ones figure_metric looks at).
    unit_family = _family(q.unit)
    metric, subject = met.figure_metric(
        s, q.start, q.end, q.unit, unit_family, (ca, cb), after_end,
        claim_start=ca + claim.phrase_start if claim is not None and sibling is None else None,
        sibling=sibling is not None,
        spans=[(p.start, p.end) for p in ix.periods.within(ca, q.start)]
        + [(m.start, m.end) for m in ix.mentions.within(ca, q.start)],
        priors=[met.Prior(d.q.start, d.q.end, d.q.unit, d.metric, d.claim is not None, d.subject) for d in recent],
        clause_starts=clauses.starts, clause_ends=clauses.ends)

    kind = nat.kind_of(q.unit, unit_family, clause_left, after, q.text, claim is not None, metric)

    # Entity and scope.
    entity, scope = _entity(s, q, ca, clauses, ix.mentions, ctx, state)

    # Period: the last period printed before the figure that is its own (not a base period; 由上年的88个增加到
    # 317个: not one joined by 的 to another figure; after the figure it moves from, when it moves to; after the
    # cue of a forecast), else one printed after it in its clause.
    modality = mod.modality_of(s[:q.start], clause_left, after)
    sit = tm.Situation(kind, modality, claim is not None, clause_left, s[q.end:cb], s)
    position = tm.from_to(sit)
    floor = 0
    if position == "to":
        i, _ = ix.quantities.span(q.start, q.start)
        if i > 0 and ix.quantities.items[i - 1].start >= ca:
            floor = ix.quantities.items[i - 1].end
    if modality == "forecast":
        # D8: a forecast's period is the period forecast, not the year of the act that led to it.
        cue = max(clause_left.rfind("预计"), clause_left.rfind("预测"), clause_left.rfind("有望"))
        floor = max(floor, ca + max(cue, 0))
    own_p = None
    for p in reversed(ix.periods.before(q.start, lb.PERIODS)):
        if p.end > q.start or p.base or not p.iso or p.start < floor:
            continue
        if s[p.end:p.end + 1] == "的":
            x = ix.figures.first_from(p.end + 1)
            if x is not None and x.start < q.start:
                continue
        own_p = p
        break
    if own_p is None and modality == "actual":
        # 2项成果获2023年度国家科技进步奖: a period printed after the figure in its own clause.
        after_own = [p for p in ix.periods.within(q.end, cb) if not p.base and p.iso and not p.present]
        own_p = after_own[-1] if after_own else None
    period, source = tm.decide(sit, own_p, state.period, ctx.frame, section, ref,
                               lambda per: nat.nature_of(kind, s, q.start, q.end, (ca, cb), metric, per, clauses.starts))
    nature = nat.nature_of(kind, s, q.start, q.end, (ca, cb), metric, period, clauses.starts)

    base_period = None
    if claim is not None and claim.base_text:
        bp = find_periods(claim.base_text, ref)
        base_period = bp[0].iso if bp else None
    return _Draft(q, n0, 0, (ca, cb), metric, entity, scope, period, source, kind, nature, modality, claim,
                  base_period, subject=subject, sit=sit)


_SPEECH = re.compile(r"说|表示|介绍|告诉记者|坦言|感慨|指出|谈到")
_REPORTED = re.compile(r"^([^,:“”]{2,30}?)(?:说|表示|介绍)[,:]")
_INTRO = re.compile(r"(?:说|表示|介绍|告诉记者|坦言|指出)[:,]?“|:“")
_TITLE = re.compile(r"(?:副?总经理|经理|董事长|主任|负责人|局长|副局长|书记|站长|所长|院长|社长|理事长|项目经理|"
                    r"科技项目经理|总监|部长)([\u4e00-\u9fff]{2,4}?)(?=说|表示|介绍|告诉|坦言|感慨|指出|的|,|:|谈|$)")


def _speaker_of(text: str, ctx: _ArticleCtx, state: _Para, people: dict[str, str]) -> Optional[str]:
    """The organisation of the speaker introduced in `text` (国家乳业技术创新中心总经理何剑峰说, 赛罕区科技局
    相关负责人说), or of a person whose organisation was named with them before (高国艳说)."""
    mentions = [m for m in ent.find_mentions(text, ctx.place) if m.kind in ("org", "dept", "place", "person")]
    if mentions and mentions[0].kind == "person":
        return people.get(mentions[0].text, mentions[0].text)
    if not mentions and re.match(r"[她他]", text) and state.person:
        return people.get(state.person, state.person)
    if mentions:
        org = _resolve(mentions[0], ctx, state)
        t = _TITLE.search(text, mentions[0].end)
        if org and t and t.start() <= mentions[0].end + 4:
            people[t.group(1)] = org
        return org
    for name, org in people.items():
        if name in text:
            return org
    return None


def _speakers(texts: list[str], ctx: _ArticleCtx, state: _Para, people: dict[str, str]) -> list[Optional[str]]:
    """For each sentence of a paragraph, the organisation of the speaker it quotes: a quotation followed by
    its attribution (“…。”国家乳业技术创新中心总经理何剑峰说) or introduced by it (…总经理王金玲告诉记者：“…)."""
    out: list[Optional[str]] = [None] * len(texts)
    i = 0
    while i < len(texts):
        t = texts[i]
        if i > 0 and _names_someone(texts[i - 1], ctx):
            _note_people(ent.find_mentions(texts[i - 1], ctx.place), state)
        # The patterns run only where their characters are printed (most sentences quote nobody).
        intro = _INTRO.search(t) if "“" in t else None
        opens = t.lstrip().startswith("“")
        reported = _REPORTED.match(t) if "说" in t or "表示" in t or "介绍" in t else None
        if reported and not intro and not opens:
            # 高国艳说，…全部由合作社负责，每吨甜菜收购价640元: reported speech holds for its sentence.
            out[i] = _speaker_of(reported.group(1), ctx, state, people)
            i += 1
            continue
        if not intro and not opens:
            i += 1
            continue
        j = i
        inline = re.search(r"”([^“”]{2,40}?)(?:说|表示|介绍|告诉记者)", t) if opens else None
        while not inline and j + 1 < len(texts) and not texts[j].rstrip().endswith("”"):
            j += 1
        speaker = None
        if inline:
            # “…。”湖南华锐科技有限公司总经理王建国说。 in one sentence
            speaker = _speaker_of(inline.group(1), ctx, state, people)
        elif intro:
            speaker = _speaker_of(t[:intro.start() + 2], ctx, state, people)
        elif texts[j].rstrip().endswith("”") and j + 1 < len(texts):
            nxt = texts[j + 1]
            verb = _SPEECH.search(nxt[:60])
            if verb:
                speaker = _speaker_of(nxt[:verb.start()], ctx, state, people)
        for k in range(i, j + 1):
            out[k] = speaker
        i = j + 1
    return out


def _subject_position(s: str, clause_start: int, m: ent.Mention, periods_text: str = "") -> bool:
    if m.kind == "org" and m.name is None and m.text.startswith(("该", "此")):
        return True  # 正是该公司日前刚收到的…: an anaphor names the topic wherever it stands in the clause
    prefix = s[clause_start:m.start].removeprefix("除")
    prefix = _BEFORE_ELLIPSIS.sub("", prefix)  # 去叶、起收、除泥……在…合作社的甜菜地里
    if m.kind == "person":
        # 茫汗苏木…嘎查脱贫户斯琴巴特尔: a person is introduced by where they live and what they are.
        prefix = _INTRODUCED_AS.sub("", prefix)
    prefix = _PERIOD_WORDS.sub("", prefix)
    return bool(FILLER.match(prefix))


_BEFORE_ELLIPSIS = re.compile(r"^.*(?:……|…)")
_INTRODUCED_AS = re.compile(r"^[\u4e00-\u9fff]*?(?:脱贫户|社员|牧民|农民|村民|居民|老人|养殖户|种植户|农户|市民|职工)$")
_PERIOD_WORDS = re.compile(
    r"(?:19|20)\d{2}年(?:\d{1,2}[—\-–~至到]\d{1,2}月份?|\d{1,2}月(?:\d{1,2}日)?|上半年|下半年|底|末|以来)?"
    r"|今年|去年|上年|近年来|“?十[一二三四五六七八九]?五”?(?:以来|期间|时期)?")


def _resolve(m: ent.Mention, ctx: _ArticleCtx, state: _Para,
             mentions: Optional[list[ent.Mention]] = None) -> Optional[str]:
    """A mention's entity; 该集聚区 / 中心 / 小区 refer back to the organisation named last with that ending
    (earlier in the article, or earlier in the same sentence)."""
    if m.kind == "org" and (m.name is None or len(m.text) <= 2):
        tail = m.text.lstrip("该此这个家")
        here = [x.text for x in mentions or [] if x.kind == "org" and x.name and x.end <= m.start]
        for name in reversed(state.orgs.names() + [state.org or ""] + here):
            if name and name.endswith(tail) and name != m.text:
                return ent.resolve(ent.Mention(0, len(name), name, "org", name), ctx.place)
        return None
    return ent.resolve(m, ctx.place)


def _sentence_org(s: str, clauses: Clauses, mentions: list[ent.Mention], state: _Para,
                  ctx: _ArticleCtx) -> Optional[str]:
    for m in mentions:
        if m.kind != "org":
            continue
        a = clauses.starts[clauses.index(m.start)]
        if _subject_position(s, a, m):
            return _resolve(m, ctx, state)
    return None


_PHONE_CONTEXT = re.compile(r"^(?:[\u4e00-\u9fff]{0,4})(?:热线|专线|电话|短号|服务号)")


_HAN = re.compile(r"[\u4e00-\u9fff]")
_ONE_CLASSIFIER = re.compile(r"一[^\d\s一二三四五六七八九十百千万亿两倍番]{1,2}$")
_SESSION = re.compile(r"(?:会议|全会|全体会议|代表大会)")
_OPEN_QUOTE = re.compile(r"[“《\"][^”》\"]*$")
_BARE_YEAR = re.compile(r"(?:19|20)\d{2}")
_DIAL = re.compile(r"(拨打|致电|热线|电话)[:：]?$")


def _not_a_figure(s: str, q: Any) -> bool:
    """Numbers the scanner may pass as figures that the guide excludes (filtered here, after the scanner's roles):
    a line, a code or a title (12368诉讼服务热线, 拨打12345, 《中国制造2025》, 《…十条措施》); 一 as the
    indefinite article (一个, 一项, 一个个); grades and size classes that name a kind (一类旗县区, 12英寸集成电路);
    rank words inside names (第一梯队); session numbers (五次会议)."""
    nxt = s[q.end:q.end + 1]
    if _ONE_CLASSIFIER.match(q.text) and q.approx is None:
        return True  # 一 + classifier: the indefinite article (Arabic 1 is always counted)
    if q.unit in ("类", "英寸", "寸", "级") and _HAN.match(nxt) and nxt not in "的和与、":
        return True
    if q.text.startswith("第") and q.unit is None and _HAN.match(nxt) and nxt not in "的和与、位名":
        return True
    if q.text.endswith(("次", "届")) and _SESSION.match(s, q.end):
        return True
    if "《" in s[:q.start] and s.rfind("《", 0, q.start) > s.rfind("》", 0, q.start) and "》" in s[q.end:]:
        return True  # inside a book or document title
    if q.unit is None and q.end < len(s) and s[q.end] in "”》\"" and _OPEN_QUOTE.search(s, 0, q.start):
        return True
    if q.unit is None and _BARE_YEAR.fullmatch(q.text):
        return True
    if q.unit is None and q.value is not None and float(q.value).is_integer() and q.value >= 100:
        if _PHONE_CONTEXT.match(s[q.end:]) or _DIAL.search(s, max(0, q.start - 4), q.start):
            return True
    return False


def _entity(s: str, q: Any, ca: int, clauses: Clauses, mentions: ByStart[ent.Mention],
            ctx: _ArticleCtx, state: _Para) -> tuple[Optional[str], Optional[str]]:
    place = ctx.place
    scope = None
    # Scope: a scope word in the figure's clause, or in a leading 在全国…中 frame.
    for m in mentions.within(ca, q.start):
        if m.kind == "scope":
            scope = m.name
    if scope is None:
        i = clauses.index(ca)
        if i > 0:
            a = clauses.starts[i - 1]
            frame = s[a:clauses.ends[i - 1]]
            if frame.startswith("在") and frame.endswith("中"):
                for m in mentions.within(a, clauses.ends[i - 1]):
                    if m.kind == "scope":
                        scope = m.name
    # B1: a count of things in a place takes the place printed just before it (赛罕区3家瑜伽馆). Mentions do not
    # overlap: only the last one before the figure can end where it starts.
    before = [m for m in mentions.before(q.start, 1) if m.kind in ("place", "scope") and m.end == q.start and m.name]
    if before:
        m = before[0]
        if m.kind == "place":
            return m.name, scope
        if m.text in ("全区", "全自治区") and re.match(r"[^,;。]{0,4}?(?:旗县|县区|区县|县)", s[q.end:]):
            # B2: 全区103个旗县 is the region's (a district has no county-level units).
            return (ctx.place.region or m.name), scope
        if s[max(0, m.start - 1):m.start] == "在" and re.search(r"^[^,;。]{0,16}中", s[q.end:]):
            return m.name, scope  # 在全国288个地级及以上城市中: the denominator is the nation's
    # Entity: a subject in the figure's clause, else the nearest earlier clause's subject (at most lb.CLAUSES
    # back), else the article's.
    items = mentions.items
    ci = clauses.index(q.start)
    for k in range(ci, max(-1, ci - lb.CLAUSES), -1):
        a = clauses.starts[k]
        limit = q.start if k == ci else clauses.ends[k]
        lo, hi = mentions.span(a, limit)
        if lo == hi:
            continue
        subjects = [j for j in range(lo, hi) if _subject_position(s, a, items[j])]
        # Joint holders: 自治区、呼和浩特市两级
        # 除A和B各400万元…外: A and B hold only the figures of their own clause.
        subjects = [j for j in subjects if k == ci or not s[a:items[j].start].startswith("除")]
        if subjects:
            j = subjects[0]
            m = items[j]
            # 由A与B…等组建的“X”: the organisation formed is the holder.
            formed = [x for x in mentions.within(m.start + 1, limit) if x.kind == "org"
                      and re.search(r"(?:组建|成立|共建|牵头|打造)的[“\"]?$", s[m.end:x.start])]
            if formed:
                return _resolve(formed[0], ctx, state), scope
            names = [_resolve(m, ctx, state, items)]
            while j + 1 < len(items) and items[j + 1].start < limit and re.fullmatch(
                r"[、和与及]", s[items[j].end:items[j + 1].start]
            ):
                j += 1
                names.append(_resolve(items[j], ctx, state, items))
            names = [n for n in names if n]
            if m.kind == "scope" and s[max(0, m.start - 1):m.start] in ("占", "在"):
                continue
            if names:
                return "、".join(dict.fromkeys(names)), scope  # type: ignore[arg-type]
    if state.person and _refers_to_person(s, q.start):
        return state.person, scope  # 今年年初，她一次性出售9只羊羔: the person named last
    if state.speaker:
        return state.speaker, scope
    if state.org:
        return state.org, scope
    return ctx.subject or place.main, scope


_PRONOUN = re.compile(r"(?:^|[,;])(?:[^,;:]{0,8}?,)?[她他](?!们)")


def _refers_to_person(s: str, pos: int) -> bool:
    """Whether 她/他 opens a clause of s[:pos]. The sentence is searched once (`_first_pronoun`), not once per
    figure: a match inside s[:pos] starts no earlier than the sentence's first, so only a first match that
    straddles `pos` needs the prefix searched again."""
    first = _first_pronoun(s)
    if first is None or first[0] >= pos:
        return False
    return first[1] <= pos or _PRONOUN.search(s, 0, pos) is not None


@lru_cache(maxsize=64)
def _first_pronoun(s: str) -> Optional[tuple[int, int]]:
    m = _PRONOUN.search(s)
    return m.span() if m else None


def _link(local: list[_Draft], s: str, ref: DocDate, ctx: _ArticleCtx, section: Optional[tm.Frame]) -> None:
    """Growth claims and shares to the figure they qualify; their period and metric from it when missing."""
    for i, d in enumerate(local):
        if d.claim is None and d.kind != "share":
            continue
        if section is not None and d.period is None and d.sit is not None and tm.averaged(d.sit):
            # 年均增长7.1% in a retrospective: the span, not the end-of-span level it sits beside.
            d.period, d.period_source = tm.frame_fallback(d.sit, section, ref)
        candidates = [j for j in range(i - 1, -1, -1) if local[j].claim is None and local[j].kind not in ("share",)]
        target = None
        if d.claim is not None and d.metric:
            for j in candidates:
                if local[j].metric and (local[j].metric == d.metric or local[j].metric.endswith(d.metric)
                                        or d.metric.endswith(local[j].metric)):
                    target = j
                    break
            if target is None:
                d.of_local = None
        elif candidates:
            j = candidates[0]
            # Only a figure in this clause or the one just before (较上年增长 follows its figure).
            if d.clause[0] - local[j].clause[1] <= 2 or local[j].clause == d.clause:
                target = j
        if target is None:
            continue
        t = local[target]
        d.of_local = target
        if d.metric is None:
            d.metric = t.metric
        if d.period is None and t.period is not None:
            d.period, d.period_source = t.period, "inferred" if t.period_source else None
        if d.entity is None:
            d.entity = t.entity
    for d in local:
        if d.period is None and (d.claim is not None or d.kind == "share") and d.sit is not None:
            d.period, d.period_source = tm.frame_fallback(d.sit, section, ref)
    for d in local:
        if d.claim is None:
            continue
        basis = d.claim.basis
        if basis == "bare":
            flowish = d.period is not None and "/" not in d.period or (d.period and d.period[5:6] == "0")
            verb_stat = d.claim.speed or not re.search(r"提升|提高|节约|节省", s)
            basis = "yoy" if (flowish and verb_stat and d.period and not d.period.startswith(str(ref.year or "x")) or
                              flowish and verb_stat) else "other"
        if basis == "yoy" and d.base_period is None:
            d.base_period = gr.previous_period(d.period)
        if basis != d.claim.basis:
            d.claim = replace(d.claim, basis=basis)
