"""Alignment: figures that report the same metric of the same entity become one timeline.

A figure's key is (canonical metric, entity, unit family, modality, nature class):

- the canonical metric comes from the vocabularies (rules/vocab/*.yaml), from renamed tiers of a cultivation
  ladder both texts print (ladders.py), and from cautious fuzzy matching of the printed phrase (fuzzy.py);
- the entity is the extraction step's, canonicalised (keys.entity_key), with the figure's scope; a park's figure
  never meets the city's. A figure whose entity is unknown aligns only with the same sentence reprinted elsewhere;
- targets and forecasts are their own modality and never meet actuals;
- cumulative totals over several years (累计, 十四五以来) and flows (新增) are kept apart from stocks; a running
  total as of a date (2023年末共有1158家) is a stock.

Exact keys are grouped first; fuzzy matching only compares phrases inside one entity + unit-family bucket, so the
work grows about linearly with the number of figures. Nothing depends on the order documents were given in.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from typing import Iterator, Optional, Sequence

from ..figuretable import indices_by_doc
from ..models import Figure, Metric, Page
from ..pagestore import read_texts
from .keys import KeyPart
from .vocab import Vocabulary, load_vocabulary

__all__ = ["align", "KeyPart", "load_vocabulary", "Vocabulary"]


def align(
    figures: Sequence[Figure], pages: Sequence[Page], vocab: Vocabulary, parts: Optional[Sequence[Optional[KeyPart]]] = None
) -> tuple[tuple[Metric, ...], tuple[Optional[str], ...]]:
    """The metrics (sorted by canonical name, entity, unit, modality, nature) and each figure's metric_id or None.

    `parts`: each figure's `keys.key_parts`, when they were computed with the documents (an engine's workers);
    computed here otherwise. They must be the parts of these figures with this vocabulary.
    """
    from .fuzzy import cluster
    from .keys import canonical_metric, entity_key, key_parts
    from .ladders import find_ladders, may_have_ladder, renamed_tiers
    from .timelines import MetricKey, PointReader, build_metric


    # 1. The exact parts of each figure's key (per document: see keys.key_parts); and, per entity key, the names as
    #    printed (呼和浩特市 rather than the key's 呼和浩特), the most frequent of which is shown.
    memo: dict[str, tuple[str, Optional[str], bool]] = {}
    if parts is None:
        parts = key_parts(figures, pages, vocab, memo)
    elif len(parts) != len(figures):
        raise ValueError(f"align: {len(parts)} key parts for {len(figures)} figures")
    parts = _Overlay(parts)  # the parts are read, not copied: _complete_abbreviations replaces a few
    shown: dict[str, Counter[str]] = defaultdict(Counter)
    for p in parts:
        if p is not None and p.shown is not None:
            shown[p.entity][p.shown] += 1

    # 1b. Abbreviated names: 认定登记技术合同832项，合同成交额15.06亿元 prints 合同成交额 for 技术合同成交额, the missing
    #     part standing just before it in the sentence. A phrase that is the tail of a longer phrase of the same
    #     entity, whose missing head is printed earlier in the figure's sentence, is that longer phrase.
    _complete_abbreviations(figures, parts, pages)

    # 2. Ladder renamings, per entity.
    def known_entity(f: Figure) -> Optional[str]:
        return entity_key(f.entity, vocab)

    phrases_by_entity: dict[str, set[str]] = defaultdict(set)
    for p in parts:
        if p is not None:
            phrases_by_entity[p.entity].add(p.metric)
    # Indices, not figures: a run's figures may be a column table (reconcile/figuretable.py), read a page at a time.
    by_doc = indices_by_doc(figures)
    # Texts in store order, and a page decoded (with its figures read) only when it prints a ladder: a spilled
    # store would otherwise decode every page of the run here.
    ladders = [
        lad
        for i, text in read_texts(pages, range(len(pages))) if may_have_ladder(text)
        for page in (pages[i],)
        for lad in find_ladders(page, [figures[k] for k in by_doc.get(page.doc, ())], known_entity)
    ]
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if ladders:
        all_phrases = set().union(*phrases_by_entity.values()) if phrases_by_entity else set()

        def tier_name(t: str) -> str:
            if t not in memo:
                memo[t] = canonical_metric(t, vocab)
            return memo[t][0]

        for ent, a, b in renamed_tiers(ladders, tier_name, all_phrases):
            if ent is not None:
                links[ent].append((a, b))

    # 3. Canonical names within each entity + unit-family bucket.
    buckets: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in parts:
        if p is not None:
            buckets[(p.entity, p.family)][p.metric] += 1
            if p.named:
                named[(p.entity, p.family)].add(p.metric)
    label: dict[tuple[str, str], dict[str, str]] = {}
    for bkey in sorted(buckets):
        label[bkey] = cluster(buckets[bkey], named[bkey], links=links.get(bkey[0], ()), inserts=vocab.inserts)

    # 4. Metric keys. A nature left open (ranks, shares, growth rates) stays open: guessing it would put a stock
    #    and a flow of one name on one timeline, and 新增24个 would "conflict" with 总数44个.
    groups: dict[MetricKey, array[int]] = {}
    distinct: list[MetricKey] = []  # each metric key once, in order of first figure
    number: dict[MetricKey, int] = {}
    keys = array("q")  # each figure's key, as its place in `distinct` (-1: none)
    for i, p in enumerate(parts):
        if p is None:
            keys.append(-1)
            continue
        fig = figures[i]
        name = label[(p.entity, p.family)][p.metric]
        nature = p.nature or "-"
        if nature == "cumulative" and not _spans_years(fig.period):
            nature = "stock"  # 2023年末共有1158家, 总数达到44个: a running total as of a date is a level
        key = MetricKey(name, p.entity, p.family, fig.modality, nature)
        k = number.get(key)
        if k is None:
            k = number[key] = len(distinct)
            distinct.append(key)
            groups[key] = array("q")
        groups[key].append(i)
        keys.append(k)
    del number

    names = {ent: min(c, key=lambda n: (-c[n], len(n), n)) for ent, c in shown.items()}
    ids = {k: k.metric_id() for k in groups}  # one string per metric, shared by its figures
    reader = PointReader(figures)
    metrics = tuple(
        build_metric(k, [(i, figures[i]) for i in groups[k]], names.get(k.entity), reader, ids[k]) for k in sorted(groups)
    )
    by_number = [ids[k] for k in distinct]
    return metrics, tuple(by_number[k] if k >= 0 else None for k in keys)


class _Overlay(Sequence[Optional[KeyPart]]):
    """A sequence of key parts with some replaced, without copying the rest (a run's parts are a column table)."""

    def __init__(self, base: Sequence[Optional[KeyPart]]):
        self._base = base
        self._changed: dict[int, Optional[KeyPart]] = {}

    def __len__(self) -> int:
        return len(self._base)

    def __getitem__(self, i: int) -> Optional[KeyPart]:  # type: ignore[override]
        changed = self._changed.get(i, self)
        return self._base[i] if changed is self else changed  # type: ignore[return-value]

    def __setitem__(self, i: int, part: Optional[KeyPart]) -> None:
        self._changed[i] = part

    def __iter__(self) -> Iterator[Optional[KeyPart]]:
        changed = self._changed
        for i, p in enumerate(self._base):
            yield changed.get(i, p)


def _docs_of(figures: Sequence[Figure]) -> Sequence[str]:
    column = getattr(figures, "column", None)  # a FigureTable gives a column without building records
    return column("doc") if column is not None else [f.doc for f in figures]


def _spans_years(period: Optional[str]) -> bool:
    """Whether a cumulative figure's period runs over more than a year (“十四五”以来: 2021/2025)."""
    from ..periods import parse

    p = parse(period)
    return p is not None and p.months > 12


def _complete_abbreviations(figures: Sequence[Figure], parts: "_Overlay", pages: Sequence[Page]) -> None:
    longer: dict[tuple[str, str], list[str]] = defaultdict(list)  # (entity, family) -> phrases, longest first
    phrases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in parts:
        if p is not None:
            phrases[(p.entity, p.family)].add(p.metric)
    for key, names in phrases.items():
        longer[key] = sorted(names, key=lambda n: (-len(n), n))
    # The figures with a part, by the page of their document (a name's last page, as by_doc finds it), so that each
    # page's text is read once, in store order, whether the pages are in memory or on disk.
    docs = getattr(pages, "docs", None)
    page_of = {doc: i for i, doc in enumerate(docs if docs is not None else [pg.doc for pg in pages])}
    wanted: dict[int, list[int]] = defaultdict(list)
    for i, doc in enumerate(_docs_of(figures)):
        at = page_of.get(doc)
        if at is not None and parts[i] is not None:
            wanted[at].append(i)
    for at, text in read_texts(pages, sorted(wanted)):
        for i in wanted[at]:
            p, fig = parts[i], figures[i]
            assert p is not None
            if not fig.sentence_end:
                continue
            canon, key = p.metric, (p.entity, p.family)
            before = "".join(text[fig.sentence_start:fig.start].split())
            for name in longer[key]:
                if len(name) <= len(canon):
                    break
                head = name[: len(name) - len(canon)]
                if name.endswith(canon) and len(head) >= 2 and head in before.replace(canon, ""):
                    parts[i] = p._replace(metric=name)
                    break

