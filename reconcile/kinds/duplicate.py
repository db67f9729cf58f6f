"""The duplicate check kind: passages repeated within a document, reprinted across documents, whole
articles reprinted with differences, and boilerplate.

One analysis serves every rule of this kind in a run (it is cached on the run's pages and the grouping
parameters): passages.group_passages finds the groups of copies; this module sorts each group into one
of four scopes, and each rule reports one scope:

- "document": the copies of a group in a document that holds two or more of them (a paste or layout
  error);
- "across": a group whose copies are in two or more documents, outside any reprinted article (a group
  repeated inside one document and also reprinted elsewhere is reported by both scopes);
- "article": a stretch of at least `article_min_units` matched sentences shared by two or more
  documents, gaps of at most `article_max_gap` sentences allowed, covering at least
  `article_min_coverage` of its article's sentences in one copy; reported once per set of copies, with
  the places where the copies differ (a dropped sentence, a changed word), not once per sentence;
- "boilerplate": a sentence (or a run of sentences) that recurs in `boilerplate_docs` or more documents:
  a stock formula, a standing notice or a widely syndicated text, reported once. It is excluded from the
  other three scopes.

Every finding's fingerprint is the rule code and the matching key of the group's canonical copy (for
articles: the key of one of their shared sentences, chosen by hash), never offsets.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Literal, Optional, Sequence, Union

from pydantic import BaseModel, ConfigDict, Field

from ..models import Evidence, Finding, Page
from .base import CheckKind, Rule, RunContext, evidence_for
from .passages import (
    Diff, Grouping, Member, PassageGroup, Sketch, SketchSpec, Unit, diff_spans, group_of, group_passages, match_key,
)

_PAIR_CAP = 16  # a group in more documents links each to its first document only (linear, not k²)
_MAX_CHAINS = 8  # articles looked for between one pair of documents


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scope: Literal["document", "across", "article", "boilerplate"]
    min_chars: int = Field(20, ge=4, description="shortest sentence, in key characters, that can match")
    threshold: float = Field(0.85, gt=0.5, le=1.0, description="similarity at which two sentences are copies")
    shingle: int = Field(3, ge=1, le=12, description="characters per MinHash shingle")
    num_perm: int = Field(128, ge=16, le=1024, description="MinHash permutations")
    lsh_threshold: float = Field(0.3, gt=0.0, lt=1.0, description="estimated Jaccard at which LSH proposes a pair")
    boilerplate_docs: int = Field(5, ge=3, description="documents a sentence must recur in to be boilerplate")
    article_min_units: int = Field(4, ge=2, description="matched sentences that make a reprinted article")
    article_max_gap: int = Field(3, ge=0, description="unmatched sentences allowed between two matched ones")
    article_min_coverage: float = Field(
        0.5, gt=0.0, le=1.0, description="share of its article's sentences a stretch must cover in one copy"
    )
    max_differences: int = Field(12, ge=1, description="differences listed per copy in a finding")

    def sketch_spec(self) -> SketchSpec:
        """The per-page sketches this rule's grouping needs (an engine computes them with the pages)."""
        return SketchSpec(self.min_chars, self.shingle, self.num_perm, self.lsh_threshold)

    def grouping_key(self) -> tuple[Any, ...]:
        return (self.min_chars, self.threshold, self.shingle, self.num_perm, self.lsh_threshold)

    def analysis_key(self) -> tuple[Any, ...]:
        return (
            *self.grouping_key(),
            self.boilerplate_docs,
            self.article_min_units,
            self.article_max_gap,
            self.article_min_coverage,
        )


# ------------------------------------------------------------------------------------------ analysis


@dataclass(frozen=True)
class Region:
    page: int
    nstart: int
    nend: int
    first_unit: Unit  # the first matched sentence: the copy's evidence


@dataclass(frozen=True)
class Reprint:
    copies: tuple[Region, ...]  # one per stretch, in page order
    shared_keys: tuple[str, ...]  # keys of the matched sentences (for the fingerprint)


@dataclass(frozen=True)
class Analysis:
    grouping: Grouping
    boilerplate: frozenset[int]  # indices into grouping.groups
    reprints: tuple[Reprint, ...]
    in_reprint: frozenset[int]  # groups whose copies all lie inside one reprint


def analyse(pages: Sequence[Page], p: Params, sketches: Optional[Sequence[Sketch]] = None) -> Analysis:
    """`sketches`: each page's passages.page_sketch for p.sketch_spec(), when an engine made them; else made here."""
    grouping = group_passages(
        pages, min_chars=p.min_chars, threshold=p.threshold, shingle=p.shingle, num_perm=p.num_perm,
        lsh_threshold=p.lsh_threshold, sketches=sketches,
    )
    stock = _boilerplate_units(grouping, p.boilerplate_docs)
    boiler = frozenset(gi for gi, chain in enumerate(grouping.chains) if all(ug in stock for ug in chain))
    reprints = _reprints(pages, grouping, stock, p)
    # Reprint copies by document, so that each group looks only at the reprints of its own documents.
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for ri, r in enumerate(reprints):
        for c in r.copies:
            spans[pages[c.page].doc].append((c.nstart, c.nend, ri))
    covered = frozenset(
        gi for gi, g in enumerate(grouping.groups) if gi not in boiler and _inside(g, spans)
    )
    return Analysis(grouping, boiler, tuple(reprints), covered)


def _boilerplate_units(grouping: Grouping, min_docs: int) -> set[int]:
    """Sentence groups with copies in at least `min_docs` documents."""
    return {gi for gi, g in enumerate(grouping.unit_groups) if len({p for p, _ in g}) >= min_docs}


def _reprints(pages: Sequence[Page], grouping: Grouping, stock: set[int], p: Params) -> list[Reprint]:
    """Stretches of matched sentences shared by two documents, joined into sets of copies."""
    units = grouping.units
    matches: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)  # (pa, pb) -> (ka, kb, group)
    for gi, g in enumerate(grouping.unit_groups):
        if gi in stock:
            continue
        by_page: dict[int, list[int]] = defaultdict(list)
        for pg, k in g:
            by_page[pg].append(k)
        docs = sorted(by_page)
        if len(docs) < 2:
            continue
        pairs = [(a, b) for i, a in enumerate(docs) for b in docs[i + 1 :]] if len(docs) <= _PAIR_CAP else [
            (docs[0], b) for b in docs[1:]
        ]
        for a, b in pairs:
            for ka in by_page[a]:
                for kb in by_page[b]:
                    matches[(a, b)].append((ka, kb, gi))
    # Each unit's article and the units per article, for the pages that share stretches only.
    per_article: dict[int, tuple[list[int], Counter[int]]] = {}

    def coverage(page: int, ks: list[int]) -> float:
        if page not in per_article:
            of_unit = units.articles(page)
            per_article[page] = (of_unit, Counter(of_unit))
        of_unit, counts = per_article[page]
        arts = {of_unit[k] for k in ks}
        return len(ks) / sum(counts[a] for a in arts)

    stretches: list[tuple[Region, Region, list[int]]] = []
    for (a, b), ms in sorted(matches.items()):
        for _ in range(_MAX_CHAINS):  # two documents may share more than one article
            if len(ms) < p.article_min_units:
                break
            chain = _longest_chain(ms)
            used_a, used_b = {m[0] for m in chain}, {m[1] for m in chain}
            ms = [m for m in ms if m[0] not in used_a and m[1] not in used_b]
            for seg in _segments(chain, p.article_max_gap):
                if len(seg) < p.article_min_units:
                    continue
                # Most of an article, in at least one copy: a passage quoted inside a longer text is not
                # a reprinted article (RC502 reports it).
                if max(coverage(a, [m[0] for m in seg]), coverage(b, [m[1] for m in seg])) < p.article_min_coverage:
                    continue
                ua0, ua1 = units[a][seg[0][0]], units[a][seg[-1][0]]
                ub0, ub1 = units[b][seg[0][1]], units[b][seg[-1][1]]
                stretches.append(
                    (
                        Region(a, ua0.para_nstart, ua1.para_nend, ua0),
                        Region(b, ub0.para_nstart, ub1.para_nend, ub0),
                        [gi for _, _, gi in seg],
                    )
                )
    return _join(stretches, grouping)


def _longest_chain(ms: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The longest run of matches in the same order in both documents (patience-style LIS, n log n)."""
    ms = sorted(ms, key=lambda m: (m[0], -m[1]))  # equal ka: larger kb first, so one ka is used once
    tails: list[int] = []  # kb at the end of the best chain of each length
    tail_idx: list[int] = []
    prev = [-1] * len(ms)
    for i, (_, kb, _) in enumerate(ms):
        j = bisect_right(tails, kb - 1)  # strictly increasing kb
        if j == len(tails):
            tails.append(kb)
            tail_idx.append(i)
        else:
            tails[j], tail_idx[j] = kb, i
        prev[i] = tail_idx[j - 1] if j else -1
    out = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        out.append(ms[i])
        i = prev[i]
    return out[::-1]


def _segments(chain: list[tuple[int, int, int]], max_gap: int) -> list[list[tuple[int, int, int]]]:
    """Cut a chain where more than `max_gap` unmatched sentences separate two matches in either copy."""
    segs: list[list[tuple[int, int, int]]] = []
    for m in chain:
        if segs and m[0] - segs[-1][-1][0] - 1 <= max_gap and m[1] - segs[-1][-1][1] - 1 <= max_gap:
            segs[-1].append(m)
        else:
            segs.append([m])
    return segs


def _join(stretches: list[tuple[Region, Region, list[int]]], grouping: Grouping) -> list[Reprint]:
    """Sets of copies: stretches that overlap in a page are the same article."""
    nodes: list[Region] = []
    edges: list[tuple[int, int]] = []
    shared: dict[int, set[int]] = defaultdict(set)
    for ra, rb, gis in stretches:
        nodes += [ra, rb]
        edges.append((len(nodes) - 2, len(nodes) - 1))
        shared[len(nodes) - 2].update(gis)
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: int, y: int) -> None:
        parent[find(x)] = find(y)

    for x, y in edges:
        union(x, y)
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(nodes):
        by_page[r.page].append(i)
    for ids in by_page.values():
        ids.sort(key=lambda i: (nodes[i].nstart, nodes[i].nend))
        end, last = -1, -1
        for i in ids:
            if nodes[i].nstart < end:
                union(i, last)
            if nodes[i].nend > end:
                end, last = nodes[i].nend, i
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        clusters[find(i)].append(i)
    out = []
    for ids in clusters.values():
        merged: dict[int, list[Region]] = defaultdict(list)  # page -> overlapping regions merged
        for i in sorted(ids, key=lambda i: (nodes[i].page, nodes[i].nstart)):
            r = nodes[i]
            rs = merged[r.page]
            if rs and r.nstart < rs[-1].nend:
                top = rs[-1]
                rs[-1] = Region(r.page, top.nstart, max(top.nend, r.nend), top.first_unit)
            else:
                rs.append(r)
        copies = tuple(r for pg in sorted(merged) for r in merged[pg])
        gis = sorted({gi for i in ids for gi in shared.get(i, ())})
        keys = tuple(grouping.units[p][k].key for gi in gis for p, k in grouping.unit_groups[gi][:1])
        out.append(Reprint(copies, keys))
    return sorted(out, key=lambda r: (r.copies[0].page, r.copies[0].nstart))


def _inside(g: PassageGroup, spans: dict[str, list[tuple[int, int, int]]]) -> bool:
    """Whether every copy of the group lies inside a copy of one and the same reprint."""
    common: Optional[set[int]] = None
    for m in g.members:
        inside = {ri for a, b, ri in spans.get(m.doc, ()) if a <= m.nstart and m.nend <= b}
        common = inside if common is None else common & inside
        if not common:
            return False
    return True


_cache: list[tuple[tuple[Page, ...], tuple[Any, ...], Analysis]] = []


def analysis_for(ctx: RunContext, p: Params) -> Analysis:
    """The run's analysis, computed once for all the rules of this kind that share its parameters."""
    key = p.analysis_key()
    for pages, k, a in _cache:
        if pages is ctx.pages and k == key:
            return a
    a = analyse(ctx.pages, p, ctx.sketches.get(p.sketch_spec()))
    _cache[:] = [*_cache[-3:], (ctx.pages, key, a)]  # a few runs' worth: rules of one run share it
    return a


# ------------------------------------------------------------------------------------------ the kind


# The fields every finding of this kind fills, so that any rule's message may name any of them.
FIELDS = frozenset(
    {"copies", "docs", "documents", "doc", "passage", "similarity", "differences", "n_differences", "passages", "sentences"}
)


class Duplicate(CheckKind):
    name = "duplicate"
    Params = Params
    fields = FIELDS

    def check(self, rule: Rule, ctx: RunContext) -> Iterable[Finding]:
        p: Params = rule.params
        a = analysis_for(ctx, p)
        groups = a.grouping.groups
        if p.scope == "article":
            for r in a.reprints:
                yield self._article(rule, ctx, r, p)
            return
        # The chosen groups as indices into the run's groups (a group is built each time it is read, and the
        # groups of an archive are many); only a group narrowed to some of its copies is held as itself.
        chosen: list[Union[int, PassageGroup]] = []
        for gi, g in enumerate(groups):
            if gi in a.boilerplate:
                if p.scope == "boilerplate":
                    chosen.append(gi)
                continue
            if p.scope == "document":
                counts = Counter(m.doc for m in g.members)
                repeated = [m for m in g.members if counts[m.doc] > 1]
                if repeated:
                    # Only the copies in the documents that repeat it: copies elsewhere are reprints (RC502).
                    chosen.append(gi if len(repeated) == len(g.members) else group_of(repeated))
            elif p.scope == "across" and len(g.docs) > 1 and gi not in a.in_reprint:
                chosen.append(gi)
        for i in _outermost(len(chosen), lambda i: _spans(groups, chosen[i])):
            c = chosen[i]
            g = groups[c] if isinstance(c, int) else c
            if p.scope == "boilerplate":
                yield self._boilerplate(rule, g)
            elif p.scope == "document":
                yield self._group(rule, g, p, severity=_within_severity(g, rule.severity))
            else:
                yield self._group(rule, g, p)

    # -- findings --------------------------------------------------------------------------------

    def _group(self, rule: Rule, g: PassageGroup, p: Params, severity: Optional[str] = None) -> Finding:
        canon = g.canonical
        diffs = []
        for m in g.members:
            if m is not canon:
                ds = [_diff_json(d, canon, m) for d in _diffs(canon, m)]
                if ds:
                    diffs.append({"doc": m.doc, "start": m.start, "differences": ds[: p.max_differences], "more": max(0, len(ds) - p.max_differences)})
        evidence = [evidence_for(m.page, m.start, m.end, role="copy") for m in g.members]
        fields = _fields(g.members, canon, g.similarity, diffs, sentences=max(m.units for m in g.members))
        computed = {
            "copies": len(g.members),
            "documents": len(g.docs),
            "similarity": round(g.similarity, 4),
            "exact": g.exact,
            "canonical": {"doc": canon.doc, "start": canon.start, "end": canon.end},
            "sentences": max(m.units for m in g.members),
            "differences": diffs,
        }
        return self.finding(rule, fields, evidence, (canon.text,), computed=computed, severity=severity)

    def _boilerplate(self, rule: Rule, g: PassageGroup) -> Finding:
        canon = g.canonical
        fields = _fields(g.members, canon, g.similarity, [], sentences=max(m.units for m in g.members))
        computed = {"copies": len(g.members), "documents": len(g.docs), "docs": list(g.docs)}
        evidence = [evidence_for(canon.page, canon.start, canon.end, role="copy")]
        return self.finding(rule, fields, evidence, (canon.text,), computed=computed)

    def _article(self, rule: Rule, ctx: RunContext, r: Reprint, p: Params) -> Finding:
        pages = ctx.pages
        keyed = [(c, match_key(pages[c.page].norm, c.nstart, c.nend)[0]) for c in r.copies]
        canon, ckey = min(keyed, key=lambda ck: (-len(ck[1]), ck[1], pages[ck[0].page].doc))
        cpage = pages[canon.page]
        evidence: list[Evidence] = []
        copies: list[dict[str, Any]] = []
        passages: list[Evidence] = []
        n_diffs = n_passages = 0
        for c, key in keyed:
            page = pages[c.page]
            start, end = page.orig_span(c.nstart, c.nend)
            u = c.first_unit
            evidence.append(evidence_for(page, *page.orig_span(u.nstart, u.nend), role="copy"))
            entry: dict[str, Any] = {"doc": page.doc, "start": start, "end": end, "chars": len(key)}
            if c is not canon:
                ds = [
                    d for d in diff_spans(cpage, canon.nstart, canon.nend, page, c.nstart, c.nend)
                    if not _lead_or_tail(d, len(ckey), len(key), p.min_chars)
                ]
                n_diffs += len(ds)
                entry["similarity"] = round(_sim(ckey, key), 4)
                # Every passage that differs (a dropped sentence) is listed; words up to max_differences.
                big = [d for d in ds if d.size >= p.min_chars]
                small = [d for d in ds if d.size < p.min_chars]
                entry["differences"] = [
                    {**_diff_json_pages(d, cpage, page), "passage": d.size >= p.min_chars}
                    for d in sorted(big + small[: p.max_differences], key=lambda d: d.a_start)
                ]
                entry["more"] = max(0, len(small) - p.max_differences)
                n_passages += len(big)
                for d in big:
                    if d.a_end > d.a_start:
                        passages.append(_sentence_evidence(cpage, d.a_start, d.a_end, "differs"))
                    if d.b_end > d.b_start:
                        passages.append(_sentence_evidence(page, d.b_start, d.b_end, "differs"))
            copies.append(entry)
        seen = set()
        for e in passages:
            if (e.doc, e.start) not in seen:
                seen.add((e.doc, e.start))
                evidence.append(e)
        docs = list(dict.fromkeys(pages[c.page].doc for c in r.copies))
        all_diffs = [d for c in copies for d in c.get("differences", ())]
        first = canon.first_unit
        fields = {
            "copies": len(r.copies),
            "docs": len(docs),
            "documents": ", ".join(docs),
            "doc": cpage.doc,
            "passage": _excerpt(cpage.text[slice(*cpage.orig_span(first.nstart, first.nend))]),
            "similarity": min((e["similarity"] for e in copies if "similarity" in e), default=1.0),
            # Whole passages that differ first (a dropped sentence), then words, each in text order.
            "differences": _summary(sorted(all_diffs, key=lambda d: not d["passage"])),
            "n_differences": n_diffs,
            "passages": n_passages,
            "sentences": len(r.shared_keys),
        }
        computed = {"copies": copies, "shared_sentences": len(r.shared_keys), "differences": n_diffs, "differing_passages": n_passages}
        rep = min(r.shared_keys, key=lambda k: hashlib.sha256(k.encode()).hexdigest())
        # An identical reprint keeps the rule's severity: a page printed twice is itself what the gate must stop.
        return self.finding(rule, fields, evidence, (rep,), computed=computed)


def _spans(groups: Sequence[PassageGroup], chosen: Union[int, PassageGroup]) -> list[tuple[str, int, int]]:
    """(doc, nstart, nend) of each copy of a chosen group: groups[chosen], or the group itself."""
    if isinstance(chosen, int):
        spans = getattr(groups, "spans", None)  # a GroupStore reads them without building the group
        if spans is not None:
            return spans(chosen)
        chosen = groups[chosen]
    return [(m.doc, m.nstart, m.nend) for m in chosen.members]


def _outermost(n: int, spans_of: Callable[[int], Sequence[tuple[str, int, int]]]) -> list[int]:
    """Of n groups (`spans_of(i)`: group i's copies as (doc, nstart, nend)), the indices of those not inside another:
    a group whose every copy lies inside a copy of another group of the list is dropped, since a sentence that is
    part of a longer repeated passage is reported with the passage, not again on its own.

    The copies are held as typed arrays, each document's as a list of copy ids: a scope that takes most groups
    (boilerplate) holds a copy of most of the run's repeated sentences here."""
    doc_ids: dict[str, int] = {}
    doc, ns_, ne_, group = array("i"), array("i"), array("i"), array("i")
    first = array("q", [0])
    for gi in range(n):
        for d, ns, ne in spans_of(gi):
            doc.append(doc_ids.setdefault(d, len(doc_ids)))
            ns_.append(ns)
            ne_.append(ne)
            group.append(gi)
        first.append(len(group))
    in_doc = [array("q") for _ in range(len(doc_ids))]
    for m, d in enumerate(doc):
        in_doc[d].append(m)

    def inside(gi: int) -> bool:
        common: Optional[set[int]] = None
        for m in range(first[gi], first[gi + 1]):
            ns, ne = ns_[m], ne_[m]
            hosts = {
                group[c] for c in in_doc[doc[m]]
                if group[c] != gi and ns_[c] <= ns and ne <= ne_[c] and (ne_[c] - ns_[c], group[c]) > (ne - ns, gi)
            }
            common = hosts if common is None else common & hosts
            if not common:
                return False
        return True

    return [gi for gi in range(n) if not inside(gi)]


def _lead_or_tail(d: Diff, len_a: int, len_b: int, min_chars: int) -> bool:
    """A short difference at the very start or end of two copies of an article is their framing (a
    dateline such as 本报讯（记者 王兰）, a credit line), not a change to the article."""
    if d.size >= min_chars:
        return False
    at_start = d.a_at == 0 and d.b_at == 0
    at_end = d.a_at + len(d.a_key) == len_a and d.b_at + len(d.b_key) == len_b
    return at_start or at_end


def _within_severity(g: PassageGroup, severity: str) -> Optional[str]:
    """Copies inside the body of one article are a paste error (the rule's severity); copies in
    different articles of a page, or in a caption or furniture, may be a summary or pull quote: warning."""
    if severity != "error":
        return None
    counts = Counter((m.doc, m.article) for m in g.members)
    for (doc, art), n in counts.items():
        if n > 1:
            page = next(m.page for m in g.members if m.doc == doc)
            if art < len(page.articles) and page.articles[art].role == "article":
                return None
    return "warning"


def _diffs(a: Member, b: Member) -> list[Diff]:
    return diff_spans(a.page, a.nstart, a.nend, b.page, b.nstart, b.nend)


def _sim(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


def _diff_json(d: Diff, a: Member, b: Member) -> dict[str, Any]:
    return _diff_json_pages(d, a.page, b.page)


def _diff_json_pages(d: Diff, pa: Page, pb: Page) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "canonical": {"doc": pa.doc, "start": d.a_start, "end": d.a_end, "text": d.a_text, "key": d.a_key},
        "copy": {"doc": pb.doc, "start": d.b_start, "end": d.b_end, "text": d.b_text, "key": d.b_key},
        "number": d.has_number,
    }


def _sentence_evidence(page: Page, start: int, end: int, role: str) -> Evidence:
    """The sentences of `page` that hold [start, end): a dropped passage shown whole."""
    s0, e0 = start, end
    for art in page.articles:
        for par in art.paragraphs:
            if par.end <= start or par.start >= end:
                continue
            for s in par.sentences:
                if s.start < end and s.end > start:
                    s0, e0 = min(s0, s.start), max(e0, s.end)
    return evidence_for(page, s0, e0, role=role)


def _excerpt(text: str, n: int = 40) -> str:
    flat = "".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


def _summary(diffs: Iterable[dict[str, Any]], limit: int = 8) -> str:
    """A short list of differences for a message: 攻克的底气→攻克底气 as "的→∅"."""
    words = []
    for d in diffs:
        a, b = _excerpt(d["canonical"]["text"], 12), _excerpt(d["copy"]["text"], 12)
        words.append(f"{a or '∅'}→{b or '∅'}")
    words = list(dict.fromkeys(words))
    more = f" (+{len(words) - limit})" if len(words) > limit else ""
    return "; ".join(words[:limit]) + more if words else "—"


def _fields(
    members: Sequence[Member], canon: Member, sim: float, diffs: list[dict[str, Any]], *, sentences: int
) -> dict[str, Any]:
    docs = list(dict.fromkeys(m.doc for m in members))
    flat = [d for entry in diffs for d in entry["differences"]]
    return {
        "copies": len(members),
        "docs": len(docs),
        "documents": ", ".join(docs),
        "doc": canon.doc,
        "passage": _excerpt(canon.original),
        "similarity": sim,
        "differences": _summary(flat),
        "n_differences": len(flat),
        "passages": 0,
        "sentences": sentences,
    }
