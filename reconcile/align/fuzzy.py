"""Fuzzy matching of metric phrases that no vocabulary entry names.

Chinese metric names change meaning at their edges: a word in front restricts (中央财政赤字 is part of 财政赤字,
人均国内生产总值 is not 国内生产总值) and the last word is the head (研发经费投入强度 is not 研发经费投入). Inside a
name, most words restrict too (中央财政科技支出 is part of 中央财政支出, 县中医院 is not 县医院), and only a few
characters never do (总, 级: 粮食总产量 = 粮食产量, 县级医院 = 县医院; the vocabulary's `inserts`). So two phrases
match only when they share their first and last characters and differ in one interior stretch that is either one
of those insertions or a swap of at most two characters that keeps one of them (运营/营业 in 铁路运营里程 /
铁路营业里程). rapidfuzz then scores the pair (normalised Indel similarity); the threshold was set on
tests/gold/alignment.yaml (see docs/kinds.md).

Scoring token bags (token_set_ratio / token_sort_ratio over jieba tokens) was measured too and rejected: no
threshold tells 中央财政赤字 from 财政赤字 or 城镇登记失业率 from 城镇调查失业率 while keeping recall useful.
jieba's tokens are used before this step, where they are reliable: stripping verbs and fillers as whole words.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Collection, Iterable, Mapping

# Measured on tests/gold/alignment.yaml (tests/align/test_gold.py, docs/kinds.md): with the edge and insertion
# rules, precision is 1.00 at every threshold from 60 to 80 and recall 0.60; above 80 recall falls (85: 0.58,
# 90: 0.51) with no gain in precision. 80 is the highest threshold that keeps full recall: the most cautious.
THRESHOLD = 80.0
MAX_SWAP = 2


def similarity(a: str, b: str, inserts: Collection[str] = ()) -> float:
    """0-100; 0 when the pair differs at an edge, in more than one interior stretch, or by an insertion that is not
    one of `inserts` (the vocabulary's words that may stand inside a name without changing it)."""
    if a == b:
        return 100.0
    if not a or not b or a[0] != b[0] or a[-1] != b[-1]:
        return 0.0
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    wa, wb = a[p : len(a) - s], b[p : len(b) - s]
    if not wa or not wb:  # one is the other with a stretch inserted inside
        if (wa or wb) not in inserts:
            return 0.0
    elif len(wa) > MAX_SWAP or len(wb) > MAX_SWAP or not set(wa) & set(wb):
        return 0.0
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def cluster(
    counts: Mapping[str, int],
    named: Iterable[str] = (),
    threshold: float = THRESHOLD,
    links: Iterable[tuple[str, str]] = (),
    inserts: Collection[str] = (),
) -> dict[str, str]:
    """Map each phrase to its cluster's name.

    `counts` gives how many figures print each phrase; `named` are canonical names from the vocabulary, which keep
    their name and never merge with one another; `links` are pairs known to be one metric (renamed ladder tiers),
    joined before any fuzzy edge. Candidate pairs are only those that share first and last
    characters (the matcher requires it), so the work grows with the size of those small blocks, not with the
    square of the number of phrases. Single linkage over edges taken in a fixed order: deterministic.
    """
    named = set(named)
    phrases = sorted(counts)
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in phrases:
        if p:
            blocks[(p[0], p[-1])].append(p)
    edges: list[tuple[float, str, str]] = []
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                score = similarity(a, b, inserts)
                if score >= threshold:
                    edges.append((score, a, b))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    edges[:0] = sorted((101.0, *sorted(pair)) for pair in links if pair[0] in counts and pair[1] in counts)

    parent = {p: p for p in phrases}
    name_of = {p: (p if p in named else None) for p in phrases}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, a, b in edges:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        na, nb = name_of[ra], name_of[rb]
        if na and nb and na != nb:
            continue  # two vocabulary names stay apart, whatever links them
        if rb < ra:
            ra, rb = rb, ra
        parent[rb] = ra
        name_of[ra] = na or nb

    members: dict[str, list[str]] = defaultdict(list)
    for p in phrases:
        members[find(p)].append(p)
    out: dict[str, str] = {}
    for root, group in members.items():
        label = name_of[root] or min(group, key=lambda p: (-counts[p], len(p), p))
        for p in group:
            out[p] = label
    return out
