"""Near-duplicate passages across a run's pages: the machinery the duplicate and conflict kinds share.

Interface (stable; the conflict kind's "reprint changed a number" mode reads it):

    find_groups(pages, *, min_chars=20, threshold=0.85, shingle=3, num_perm=128, lsh_threshold=0.3,
                sketches=None) -> list[PassageGroup]

        Every group of two or more passages whose matching keys (see below) are identical or at least
        `threshold` similar (rapidfuzz's normalised Indel similarity, 1 - (insertions + deletions) /
        (len a + len b)), anywhere in the run: within one document or across documents. A sentence
        carried over under a new lead-in (记者了解到，… / 会上通报，…) is a copy only while the lead-in is
        short beside the rest: setting lead-ins aside was tried and also joined rewritten policy
        sentences (measured on the corpus: 110 → 148 cross-document groups, the added ones mostly rewrites). Consecutive
        sentences repeated together are one passage, so a pasted paragraph is one group, and n copies are
        one group, never n² pairs. Groups are sorted by their first member; members by (page order, start).

    PassageGroup.members: tuple[Member, ...]   each with
        doc, nstart/nend (span in Page.norm), start/end (span in Page.text), text (the matching key),
        article (index into Page.articles), units (how many sentences it spans), page (the Page, read back
        from the run's page store when the run is large)
    PassageGroup.canonical: Member   the copy the others are compared with (see `_canonical`)
    PassageGroup.similarity: float   the lowest similarity of a member to the canonical copy
    PassageGroup.exact: bool         all keys identical
    PassageGroup.docs: tuple[str, ...]  distinct documents, in page order

    differences(a: Member, b: Member) -> list[Diff]
        The aligned runs where a and b differ, each with its text and original span in both copies (an
        empty span marks where the other copy's text would go). A run that touches a number is widened to
        the whole number on both sides, so 5929 / 5829 comes out as "5929" vs "5829", not "9" vs "8";
        `Diff.has_number` tells such runs apart.

Matching key: a passage's normalised text (Page.norm, where ingest has already folded widths, converted
traditional characters and joined OCR line breaks) with everything but letters, digits, CJK characters,
"%" and decimal points removed, and Latin letters lower-cased. Punctuation and spacing therefore never make
two copies differ; every key position keeps its Page.norm offset, and Page.orig_span maps it back to the
text as printed.

Cost grows linearly with the number of sentences: identical keys are grouped by hash; the distinct keys are
bucketed by their MinHash band hashes (LSH), and exact similarity is computed only inside buckets, skipping
pairs already joined; the sentences' places, keys and band hashes are held as columns that spill to disk in a
large run (kinds/units.py), so memory does not grow with the text. The sketches are per page (`page_sketch`: a page's matching keys and their band hashes,
which need no other page), so an engine computes them where it extracts the page and passes them as
`sketches=`; without them they are computed here, a key printed on many pages once. The MinHash signatures are
datasketch's, computed in numpy (`minhash_signatures`); datasketch itself is imported only by `lsh_shape`, for
parameters other than the shipped rules'.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Optional, Sequence

from ..models import Page
from ..pagestore import PageStore

if TYPE_CHECKING:  # numpy is imported where sketches are made or bucketed, not on import
    import numpy as np

    from .units import UnitGroups, UnitTable

# Kept in a matching key: runs of letters/digits/CJK, "%", and a point between digits (27.41 is not 2741).
_KEEP = re.compile(r"[^\W_]+|%|(?<=\d)\.(?=\d)")
_NUMERIC = re.compile(r"[\d.%]")


def match_key(norm: str, start: int = 0, end: Optional[int] = None) -> tuple[str, list[int]]:
    """The matching key of norm[start:end] and, for each key character, its offset in `norm`."""
    end = len(norm) if end is None else end
    parts: list[str] = []
    pos: list[int] = []
    for m in _KEEP.finditer(norm, start, end):
        s = m.group()
        low = s.lower()
        parts.append(low if len(low) == len(s) else s)  # a lower() that changes length would break offsets
        pos.extend(range(m.start(), m.end()))
    return "".join(parts), pos


def match_text(norm: str, start: int = 0, end: Optional[int] = None) -> str:
    """`match_key(norm, start, end)[0]` without the offsets: what sketching every sentence of a run needs, at a
    third of the cost (the offsets are a list entry per character)."""
    end = len(norm) if end is None else end
    out = []
    for s in _KEEP.findall(norm, start, end):
        low = s.lower()
        out.append(low if len(low) == len(s) else s)
    return "".join(out)


# ------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class Member:
    """One copy of a passage."""

    doc: str
    nstart: int
    nend: int
    start: int
    end: int
    text: str  # the matching key
    article: int
    units: int = 1
    # The page, or (a spilled PageStore, its index) so that the groups of a large run do not pin their pages in
    # memory: a copy printed by thousands of documents would otherwise hold all of them. Read it as `page`.
    source: Any = field(repr=False, compare=False, default=None)

    @property
    def page(self) -> Page:
        s = self.source
        return s[0][s[1]] if isinstance(s, tuple) else s

    @property
    def original(self) -> str:
        return self.page.text[self.start : self.end]


@dataclass(frozen=True)
class PassageGroup:
    members: tuple[Member, ...]
    canonical: Member
    similarity: float
    exact: bool

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.doc for m in self.members))

    def copies_in(self, doc: str) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.doc == doc)


@dataclass(frozen=True)
class Diff:
    """One aligned run where two copies differ; `a_*` belongs to the first copy, `b_*` to the second."""

    kind: Literal["replace", "delete", "insert"]  # delete: only a has it; insert: only b has it
    a_key: str
    b_key: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str  # as printed (line breaks and all); "" when the run is absent from a
    b_text: str
    a_at: int = 0  # where the run starts in each copy's matching key
    b_at: int = 0

    @property
    def has_number(self) -> bool:
        return any(c.isdigit() for c in self.a_key + self.b_key)

    @property
    def size(self) -> int:
        return max(len(self.a_key), len(self.b_key))


# ------------------------------------------------------------------------------------------ units


@dataclass(frozen=True)
class Unit:
    """A sentence long enough to match: the grain of grouping."""

    page: int  # index into the run's pages
    index: int  # position among the page's units
    article: int
    paragraph: int  # index of its paragraph within the page
    nstart: int
    nend: int
    key: str
    para_nstart: int  # its paragraph's normalised span
    para_nend: int


def page_rows(page: Page, min_chars: int) -> list[tuple[int, int, int, int, str, int, int]]:
    """The page's sentences whose matching key has at least `min_chars` characters, in reading order, each as
    (article, paragraph, nstart, nend, key, para_nstart, para_nend): a Unit without its place in the run.

    Sentences are ingest's: joining lines that the layout broke (OCR wrapping) is ingest's work, and a
    sentence it leaves cut in two is two short pieces here, which usually fall below `min_chars`.
    Pieces are not glued back together here, because a headline or a byline line looks the same.
    """
    rows = []
    para = 0
    for ai, art in enumerate(page.articles):
        for p in art.paragraphs:
            for s in p.sentences:
                key = match_text(page.norm, s.nstart, s.nend)
                if len(key) >= min_chars:
                    rows.append((ai, para, s.nstart, s.nend, key, p.nstart, p.nend))
            para += 1
    return rows


# ------------------------------------------------------------------------------------------ sketches


@dataclass(frozen=True)
class SketchSpec:
    """The grouping parameters a page's sketch depends on (the similarity threshold is applied later, when
    candidate pairs are verified, so it is not one of them)."""

    min_chars: int = 20
    shingle: int = 3
    num_perm: int = 128
    lsh_threshold: float = 0.3


@dataclass(frozen=True)
class Sketch:
    """One page's sentences that can match, with the MinHash band hashes of their matching keys.

    This is the per-document part of grouping: it needs no other page, so an engine computes it where the page
    is extracted (a worker process, a Dask worker) and `group_passages` takes it; the bucketing by band hash and
    the verification need every page and stay with the caller.
    """

    spec: SketchSpec
    units: tuple[tuple[int, int, int, int, str, int, int], ...]  # page_rows
    bands: bytes = field(repr=False)  # len(units) rows of lsh_shape(spec)[0] uint64 band hashes, native order

    def band_matrix(self) -> "np.ndarray":
        import numpy as np

        bands, _ = lsh_shape(self.spec.lsh_threshold, self.spec.num_perm)
        return np.frombuffer(self.bands, dtype=np.uint64).reshape(len(self.units), bands)


def sketch_pages(pages: Sequence[Page], spec: SketchSpec) -> list[Sketch]:
    """Each page's Sketch; a key printed on several of these pages is sketched once."""
    import numpy as np

    rows = [page_rows(page, spec.min_chars) for page in pages]
    index: dict[str, int] = {}
    for rs in rows:
        for r in rs:
            index.setdefault(r[4], len(index))
    matrix = band_hashes(list(index), spec)
    out = []
    for rs in rows:
        at = np.fromiter((index[r[4]] for r in rs), dtype=np.intp, count=len(rs))
        out.append(Sketch(spec, tuple(rs), np.ascontiguousarray(matrix[at]).tobytes()))
    return out


def page_sketch(page: Page, spec: SketchSpec) -> Sketch:
    """One page's Sketch: the unit of work an engine runs with the page's extraction."""
    return sketch_pages([page], spec)[0]


# ------------------------------------------------------------------------------------------ similarity


def similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


def shingles(key: str, k: int) -> list[bytes]:
    if len(key) <= k:
        return [key.encode("utf-8")]
    return [key[i : i + k].encode("utf-8") for i in range(len(key) - k + 1)]


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_CHUNK = 4096  # keys sketched at a time
# Keys that share a band are near-certain copies of one another, so in a bucket of many the first ones
# stand for the rest: each key is compared with at most this many earlier keys of a bucket. Without the
# cap, a formula that recurs with small variations in every document would make time grow with N².
_BUCKET_CAP = 32


@lru_cache(maxsize=None)
def lsh_shape(lsh_threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that best separate Jaccard `lsh_threshold` with `num_perm` permutations, as
    datasketch chooses them (an integration: worth computing once, not once per page)."""
    known = _LSH_SHAPES.get((lsh_threshold, num_perm))
    if known is not None:
        return known
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    return lsh.b, lsh.r


# datasketch's choice for the shipped rules' parameters, computed once (its integration costs ~0.5 s per process,
# a quarter of the gate's budget); tests/kinds/test_passages.py checks the table against datasketch itself.
_LSH_SHAPES: dict[tuple[float, int], tuple[int, int]] = {(0.3, 128): (37, 3), (0.5, 128): (25, 5)}


# datasketch's MinHash (2.x, default "affine32" scheme, seed 1, crc32 as the hash function), reproduced in numpy: a
# shingle's crc32 goes through the MurmurHash3 32-bit finalizer, then through num_perm affine maps a·h + b mod 2^32
# (odd a), and a key's signature is the minimum over its shingles. Importing datasketch pulls in scipy (~0.3 s, a
# sixth of the gate's budget for one page) and its update_batch costs a Python call per key; here every key of a
# chunk is hashed in one pass. tests/kinds/test_passages.py checks the signatures against datasketch's MinHash.
_MINHASH_SEED = 1
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_SHINGLE_CHUNK = 1 << 11  # shingles permuted at a time: a (chunk, num_perm) matrix of 1 MB stays in cache (measured
# fastest among 1k-32k shingles; a key longer than a chunk is still taken whole)


@lru_cache(maxsize=None)
def _permutations(num_perm: int) -> tuple["np.ndarray", "np.ndarray"]:
    """datasketch's affine32 permutation parameters (a, b) for `num_perm` and seed 1, as (1, num_perm) rows."""
    import numpy as np

    gen = np.random.RandomState(_MINHASH_SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False  # shared by every call
    return a.reshape(1, -1), b.reshape(1, -1)


def _fmix32(h: "np.ndarray") -> "np.ndarray":
    """MurmurHash3's 32-bit finalizer on a uint32 array (products wrap modulo 2^32, as intended)."""
    import numpy as np

    s1, m1, s2, m2, s3 = _FMIX32
    h = h ^ (h >> np.uint32(s1))
    h = h * np.uint32(m1)
    h = h ^ (h >> np.uint32(s2))
    h = h * np.uint32(m2)
    return h ^ (h >> np.uint32(s3))


def minhash_signatures(keys: Sequence[str], shingle: int, num_perm: int) -> "np.ndarray":
    """A (len(keys), num_perm) uint32 array: row i is `datasketch.MinHash(num_perm, hashfunc=zlib.crc32)` after
    `update_batch(shingles(keys[i], shingle))`, its `hashvalues`."""
    import numpy as np

    out = np.empty((len(keys), num_perm), dtype=np.uint32)
    if not keys:
        return out
    a, b = _permutations(num_perm)
    counts = []
    hashes: list[int] = []
    for k in keys:
        sh = shingles(k, shingle)  # never empty: a key shorter than a shingle is one shingle
        counts.append(len(sh))
        hashes.extend(zlib.crc32(x) for x in sh)
    ends = np.cumsum(counts)
    starts = ends - np.asarray(counts)
    hv = _fmix32(np.asarray(hashes, dtype=np.uint32)).reshape(-1, 1)
    # Keys are taken whole, a chunk of shingles at a time: the minimum over a key's rows is one reduceat segment.
    lo = 0
    while lo < len(keys):
        hi = lo + 1 + int(np.searchsorted(ends[lo + 1 :], starts[lo] + _SHINGLE_CHUNK, side="right"))
        hi = min(hi, len(keys))
        s0, s1 = int(starts[lo]), int(ends[hi - 1])
        with np.errstate(over="ignore"):
            permuted = hv[s0:s1] * a + b
        out[lo:hi] = np.minimum.reduceat(permuted, starts[lo:hi] - s0, axis=0)
        lo = hi
    return out


@lru_cache(maxsize=None)
def _band_mix(rows: int) -> "np.ndarray":
    """Odd 64-bit multipliers that mix a band's rows into one hash."""
    import numpy as np

    mix = np.random.RandomState(rows).randint(1, 2**62, size=rows, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    mix.flags.writeable = False  # shared by every call
    return mix


def band_hashes(keys: Sequence[str], spec: SketchSpec) -> "np.ndarray":
    """A (len(keys), bands) uint64 array: each key's MinHash signature over character shingles, each band's
    rows mixed into one 64-bit hash.

    The signatures are datasketch's (`minhash_signatures`): fixed permutations, and shingles hashed with crc32,
    which, unlike Python's hash(), is the same in every process, so a key has the same band hashes wherever it is
    sketched. Only the permutations the bands use are computed.
    """
    import numpy as np

    bands, rows = lsh_shape(spec.lsh_threshold, spec.num_perm)
    mix = _band_mix(rows)
    out = np.empty((len(keys), bands), dtype=np.uint64)
    for lo in range(0, len(keys), _CHUNK):
        chunk = keys[lo : lo + _CHUNK]
        sig = minhash_signatures(chunk, spec.shingle, spec.num_perm)[:, : bands * rows].astype(np.uint64)
        with np.errstate(over="ignore"):
            out[lo : lo + len(chunk)] = (sig.reshape(len(chunk), bands, rows) * mix).sum(axis=2)
    return out


def _near_pairs(keys: Sequence[str], band_hashes: Any, *, threshold: float, bands: Optional[int] = None) -> list[tuple[int, int]]:
    """Pairs (j, i), j < i, of distinct keys at least `threshold` similar, found through LSH buckets, enough to
    join every such candidate pair: the keys they join are the connected components of all similar candidates.

    Keys are distinct here (exact copies were grouped by hash before), so a group of many identical
    copies is one key. Pairs whose ends are already joined are not verified again: inside a bucket
    of k near-copies that is about k verifications, not k².

    `band_hashes[i]` are key i's band hashes (see `band_hashes`; datasketch chose the b bands of r rows that
    best separate Jaccard `lsh_threshold`); or, with `bands`, a function giving band b's column for every key,
    so that only one band is in memory at a time (kinds/units.py). The buckets are found by sorting each band's 64-bit hashes in numpy
    rather than in MinHashLSH's storage layer, which costs about 240 µs per key in Python and holds a dict entry
    per key and band; a collision of band hashes only proposes one more pair, which verification rejects.

    Band by band, a bounded block of candidate pairs at a time, as arrays: those whose ends are already joined are
    dropped in numpy before any is looked at in Python. Gathering every band's candidates first (a set per key)
    held millions of pairs at fifty bytes each on a large run, as small-object memory the process keeps after.
    Which similar pairs join the keys depends on the order they are met in, the groups they make do not.
    """
    import numpy as np
    from rapidfuzz.distance import Indel

    n = len(keys)
    if n < 2:
        return []
    column = band_hashes if bands is not None else (lambda b: band_hashes[:, b])
    parent = np.arange(n, dtype=np.int64)  # union-find over the keys; a root is its smallest key

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    def roots(xs: "np.ndarray") -> "np.ndarray":
        r = parent[xs]
        while True:
            up = parent[r]
            if np.array_equal(up, r):
                break
            r = up
        parent[xs] = r
        return r

    pairs: list[tuple[int, int]] = []
    for band in range(bands if bands is not None else band_hashes.shape[1]):
        h = column(band)
        order = np.argsort(h, kind="stable").astype(np.int64)  # equal hashes keep key order
        hs = h[order]
        starts = np.flatnonzero(np.concatenate(([True], hs[1:] != hs[:-1])))
        del h, hs
        first = np.repeat(starts, np.diff(np.concatenate((starts, [n]))))  # each sorted position's bucket start
        # The key at position p of its bucket (key order) is compared with the keys at positions 0 .. min(p, cap)-1.
        count = np.minimum(np.arange(n, dtype=np.int64) - first, _BUCKET_CAP)
        ends = np.cumsum(count)
        lo = 0
        while lo < n:
            # Sorted positions lo..hi-1 propose at most about _PAIRS_AT_ONCE pairs (one key's share may exceed it).
            hi = max(lo + 1, int(np.searchsorted(ends, ends[lo - 1] + _PAIRS_AT_ONCE if lo else _PAIRS_AT_ONCE, side="right")))
            c = count[lo:hi]
            total = int(c.sum())
            if total:
                lead = np.repeat(np.arange(lo, hi, dtype=np.int64), c)
                step = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
                i_, j_ = order[lead], order[first[lead] + step]
                del lead, step
                # The block's ends' roots, in numpy, compressing their paths: following the pointers of the block's
                # keys only (jumping every key's pointer per block made this grow with the square of the keys).
                ri_, rj_ = roots(i_), roots(j_)
                apart = ri_ != rj_
                codes = np.unique(i_[apart] * n + j_[apart])  # (i, j) in order, each once
                del i_, j_, ri_, rj_, apart
                last, a = -1, ""
                for code in codes.tolist():
                    i, j = divmod(code, n)
                    ri, rj = root(i), root(j)
                    if ri == rj:
                        continue
                    if i != last:  # codes come grouped by i: its key is read once
                        last, a = i, keys[i]
                    b = keys[j]
                    # The similarity cannot exceed 2·min/(la+lb): skip pairs whose lengths rule them out.
                    if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
                        continue
                    if Indel.normalized_similarity(a, b, score_cutoff=threshold):
                        pairs.append((j, i))
                        parent[max(ri, rj)] = min(ri, rj)
            lo = hi
    return pairs


_PAIRS_AT_ONCE = 1 << 16  # candidate pairs looked at together: a few MB of arrays, whatever the run's size


# ------------------------------------------------------------------------------------------ grouping


def unit_groups(table: "UnitTable", *, threshold: float) -> "UnitGroups":
    """Groups of two or more (page, unit index) whose keys are equal or near; sorted, deterministic.

    Identical keys are grouped by their 64-bit hash; the distinct keys, in first-occurrence order, are joined
    through LSH candidates verified on their text (read back from the table for those pairs only). Everything
    here is arrays: nothing per unit is held as a Python object, and the groups are kept as two columns that
    spill like the table's (units.UnitGroups)."""
    import numpy as np

    from .units import UnitGroups

    n = table.count
    if n == 0:
        return UnitGroups(table, np.empty(0, dtype=np.int64), np.zeros(1, dtype=np.int64))
    hashes = table.key_hashes()
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    del hashes
    order = np.argsort(first, kind="stable")  # distinct keys in first-occurrence order: deterministic
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    first = first[order]
    key_of = rank[inverse.reshape(-1)]  # each unit's distinct key
    del inverse, rank, order
    root = np.arange(len(first))
    if len(first) > 1:
        uf = _UnionFind(len(first))
        pairs = _near_pairs(table.keys(first), lambda b: table.band(b, first), threshold=threshold, bands=table.bands)
        for a, b in pairs:
            uf.union(a, b)
        root = np.fromiter((uf.find(i) for i in range(len(first))), dtype=np.int64, count=len(first))
    unit_root = root[key_of]
    counts = np.bincount(unit_root, minlength=len(first))
    grouped = np.flatnonzero(counts[unit_root] > 1)  # units in groups of two or more, in (page, unit) order
    roots = unit_root[grouped]
    # Unit ids run in (page, unit) order, so a group's first id is its first (page, unit): ordering the groups by
    # it orders them as pairs would. Each unit's group is named by that first id, and a stable sort keeps each
    # group's ids ascending.
    _, at, which = np.unique(roots, return_index=True, return_inverse=True)
    lead = grouped[at][which.reshape(-1)]
    by_lead = np.argsort(lead, kind="stable")
    ids, lead = grouped[by_lead], lead[by_lead]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(lead)) + 1, [len(ids)])) if len(ids) else np.zeros(1, np.int64)
    return UnitGroups(table, ids, starts)


def chain_groups(groups: "UnitGroups", table: "UnitTable") -> list[list[int]]:
    """Join groups whose copies run on together: if every copy of G is followed, in its own page, by a
    copy of H and H has no other copies, G and H are one repeated passage. Returns chains of group
    indices, in the order of their first groups.

    Works on unit ids (a unit's successor in its page is the next id, unless that id starts the next page), with
    the group of every unit in one array: a corpus of reprints has most of its sentences in some group."""
    import numpy as np

    ng = len(groups)
    if ng == 0:
        return []
    ids, starts = groups.arrays()
    sizes = np.diff(starts)
    where = np.full(table.count + 1, -1, dtype=np.int64)  # the group of each unit; the extra slot is "no unit"
    where[ids] = np.repeat(np.arange(ng, dtype=np.int64), sizes)
    starts_page = np.zeros(table.count + 1, dtype=bool)  # ids that start a page (and the end)
    starts_page[np.frombuffer(table.page_start, dtype=np.int64)] = True
    after = ids + 1
    # A unit that ends its page has no successor: its id + 1 is the next page's first unit (or the end).
    after[starts_page[after]] = table.count
    nxt = where[after]
    del where, starts_page, after
    # G's successor is H when the units after G's all lie in one group H, another group of G's size. A group has
    # at most one successor and one predecessor: G's units' successors are distinct units, so H holds them all.
    lo, hi = np.minimum.reduceat(nxt, starts[:-1]), np.maximum.reduceat(nxt, starts[:-1])
    ok = (lo == hi) & (lo >= 0) & (lo != np.arange(ng))
    ok[ok] = sizes[lo[ok]] == sizes[ok]
    succ = np.where(ok, lo, -1)
    has_pred = np.zeros(ng, dtype=bool)
    has_pred[succ[succ >= 0]] = True
    nexts = succ.tolist()
    chains = []
    for gi in np.flatnonzero(~has_pred).tolist():
        chain = [gi]
        while nexts[gi] >= 0:
            gi = nexts[gi]
            chain.append(gi)
        chains.append(chain)
    return chains


def _canonical(members: Sequence[Member]) -> Member:
    """The copy others are compared with: the most frequent key, then the longest (the most complete
    copy, so that what another copy drops shows as a deletion), then the smallest key. It depends only
    on the texts, never on offsets or page order, so fingerprints built from it stay put."""
    freq = Counter(m.text for m in members)
    return min(members, key=lambda m: (-freq[m.text], -len(m.text), m.text, m.doc, m.nstart))


def member_of(page: Page, nstart: int, nend: int, article: int, units: int = 1, source: Any = None) -> Member:
    """The copy of `page` at [nstart, nend); `source` is how the member finds its page again (the page itself
    when not given)."""
    key, _ = match_key(page.norm, nstart, nend)
    start, end = page.orig_span(nstart, nend)
    return Member(page.doc, nstart, nend, start, end, key, article, units, page if source is None else source)


def group_of(members: Sequence[Member]) -> PassageGroup:
    members = tuple(members)
    canon = _canonical(members)
    sim = min((similarity(m.text, canon.text) for m in members if m is not canon), default=1.0)
    return PassageGroup(members, canon, sim, all(m.text == canon.text for m in members))


@dataclass(frozen=True)
class Grouping:
    """find_groups' result with the unit-level structure the duplicate kind needs as well."""

    units: "UnitTable"  # per page: units[p][k] is page p's k-th Unit
    unit_groups: "UnitGroups"  # (page, unit index) pairs of each sentence-level group, a UnitGroup when read
    chains: list[list[int]]  # for each passage group, the indices of its unit groups, in order
    groups: Sequence[PassageGroup]  # parallel to `chains`: a GroupStore, each group built when it is read


def group_passages(
    pages: Sequence[Page],
    *,
    min_chars: int = 20,
    threshold: float = 0.85,
    shingle: int = 3,
    num_perm: int = 128,
    lsh_threshold: float = 0.3,
    sketches: Optional[Sequence[Sketch]] = None,
) -> Grouping:
    """The groups of repeated passages with their unit-level structure. `sketches`: each page's `page_sketch`
    with these parameters, when an engine computed them with the pages; computed here otherwise.

    The duplicate kind and the conflict kind's reprint mode ask for the same grouping of the same run: it is
    computed once and kept for the pages object it was made for (the result does not depend on who made the
    sketches)."""
    params = (min_chars, threshold, shingle, num_perm, lsh_threshold)
    for cached_pages, cached_params, result in _GROUPINGS:
        if cached_pages is pages and cached_params == params:
            return result
    result = _group_passages(pages, min_chars=min_chars, threshold=threshold, shingle=shingle, num_perm=num_perm, lsh_threshold=lsh_threshold, sketches=sketches)
    _GROUPINGS[:] = [*_GROUPINGS[-3:], (pages, params, result)]
    return result


_GROUPINGS: list[tuple[Any, tuple, "Grouping"]] = []


def _group_passages(
    pages: Sequence[Page],
    *,
    min_chars: int,
    threshold: float,
    shingle: int,
    num_perm: int,
    lsh_threshold: float,
    sketches: Optional[Sequence[Sketch]],
) -> Grouping:
    pages = pages if isinstance(pages, PageStore) else tuple(pages)  # a spilled store reads pages on demand
    spilled = isinstance(pages, PageStore) and pages.spilled
    from .units import UnitTable

    spec = SketchSpec(min_chars, shingle, num_perm, lsh_threshold)
    if sketches is None:
        units = UnitTable(spec)
        for lo in range(0, len(pages), _PAGES_AT_ONCE):
            for sk in sketch_pages(pages[lo : lo + _PAGES_AT_ONCE], spec):
                units.add(sk)
    elif isinstance(sketches, UnitTable):
        units = sketches
    else:
        if any(sk.spec != spec for sk in sketches):
            raise ValueError("group_passages: the sketches are not those of these pages with these parameters")
        units = UnitTable.of(sketches, spec)
    if len(units) != len(pages) or units.spec != spec:
        raise ValueError("group_passages: the sketches are not those of these pages with these parameters")
    ugroups = unit_groups(units, threshold=threshold)
    chains = chain_groups(ugroups, units)
    from .groupstore import GroupStore

    out = GroupStore(pages, by_index=spilled)
    # Widening and keying the copies needs a page's normalised text and offset map only: a spilled store reads
    # those without decoding the page (the copies of a group lie anywhere in the run, so these reads are random).
    view = pages.matching if spilled else pages.__getitem__  # type: ignore[attr-defined]
    for chain in chains:
        spans = []
        for p, k in ugroups[chain[0]]:
            k2 = k + len(chain) - 1  # the copy's unit in the chain's last group
            spans.append((p, units[p][k], units[p][k2]))
        seen = {p: view(p) for p, _, _ in spans}  # one object per page: _extend tells copies in one page by identity
        extended = _extend([(seen[p], u.nstart, v.nend) for p, u, v in spans], min_chars)
        members = [
            member_of(seen[p], a, b, u.article, v.index - u.index + 1) for (p, u, v), (a, b) in zip(spans, extended)
        ]
        out.add([p for p, _, _ in spans], group_of(members))
    return Grouping(units, ugroups, chains, out)


def find_groups(
    pages: Sequence[Page],
    *,
    min_chars: int = 20,
    threshold: float = 0.85,
    shingle: int = 3,
    num_perm: int = 128,
    lsh_threshold: float = 0.3,
    sketches: Optional[Sequence[Sketch]] = None,
) -> Sequence[PassageGroup]:
    """Every group of repeated passages in `pages` (see the module docstring)."""
    return group_passages(
        pages, min_chars=min_chars, threshold=threshold, shingle=shingle, num_perm=num_perm, lsh_threshold=lsh_threshold,
        sketches=sketches,
    ).groups


_PAGES_AT_ONCE = 1024  # pages sketched together (a key printed on several of them is sketched once)

_REACH = 400  # normalised characters looked at beyond a copy's ends when extending it


def _extend(spans: Sequence[tuple[Page, int, int]], min_chars: int) -> list[tuple[int, int]]:
    """Widen every copy over the text that all copies share just before and after them.

    Sentences are the grain of matching, but a paste rarely stops at a sentence end: page 001's pasted
    passage runs on into half of the next sentence, which then continues differently. Text common to
    all copies is added when it is at least `min_chars` key characters long (a shared connective such
    as 同时 is not a shared passage), and never across another copy in the same page.
    """
    out = [(a, b) for _, a, b in spans]
    if len(spans) < 2:
        return out
    # Limits: no copy may grow into the next (or previous) copy of the same page. Copies are compared within
    # their page only: a standing notice printed on every page of an archive is one group of as many copies as
    # pages, and comparing each copy with all of them made grouping grow with the square of the archive.
    limits = [(max(0, a - _REACH), min(len(page.norm), b + _REACH)) for page, a, b in spans]
    same_page: dict[int, list[int]] = {}
    for i, (page, _, _) in enumerate(spans):
        same_page.setdefault(id(page), []).append(i)
    for copies in same_page.values():
        for i in copies if len(copies) > 1 else ():
            _, a, b = spans[i]
            lo, hi = limits[i]
            for j in copies:
                if j != i:
                    _, c, d = spans[j]
                    if c >= b:
                        hi = min(hi, c)
                    if d <= a:
                        lo = max(lo, d)
            limits[i] = (lo, hi)
    n, after = _shared_keys([(page.norm, b, hi) for (page, _, b), (_, hi) in zip(spans, limits)], forward=True)
    if n >= min_chars:
        out = [
            (a, _closing(page.norm, pos[n - 1] + 1, hi))
            for (a, _), pos, (page, _, _), (_, hi) in zip(out, after, spans, limits)
        ]
    n, before = _shared_keys([(page.norm, lo, a) for (page, a, _), (lo, _) in zip(spans, limits)], forward=False)
    if n >= min_chars:
        out = [(pos[len(pos) - n], b) for (_, b), pos in zip(out, before)]
    return out


_FIRST_LOOK = 48  # normalised characters: the text beside most copies stops being shared well within this


def _shared_keys(windows: Sequence[tuple[str, int, int]], *, forward: bool) -> tuple[int, list[list[int]]]:
    """How many matching-key characters all windows norm[lo:hi] share from their start (forward) or from their
    end, and each window's key positions, at least that many of them from the shared side.

    The same as comparing the windows' whole keys, but the keys are made for the nearest _FIRST_LOOK characters
    first, and for the whole windows only when all of them still agree there: the copies of a group of hundreds
    (a standing notice) usually differ a few characters past their ends, so their 400-character windows are
    seldom read whole. Key characters next to the cut are not trusted (a run of letters cut in two may lower-case
    differently, a point between digits is kept only when the digit after it is in the window), so the cut is
    moved on when the agreement reaches them.
    """
    width = _FIRST_LOOK
    while True:
        keys, positions, trusted, ends = [], [], [], []  # ends: lengths of the keys of whole windows
        for norm, lo, hi in windows:
            cut_lo, cut_hi = (lo, min(hi, lo + width)) if forward else (max(lo, hi - width), hi)
            key, pos = match_key(norm, cut_lo, cut_hi)
            keys.append(key if forward else key[::-1])
            positions.append(pos)
            if (cut_lo, cut_hi) == (lo, hi):
                trusted.append(len(key))
                ends.append(len(key))
                continue
            side = pos[::-1] if forward else pos
            edge = cut_hi - 1 if forward else cut_lo
            step = -1 if forward else 1
            k = 0  # key characters in one stretch with the cut
            while k < len(side) and side[k] == edge + step * k:
                k += 1
            trusted.append(max(0, len(key) - k - 1))
        n = _common_prefix(keys)
        # Final when the keys differ where all are trusted, or when they agree up to the end of a whole key.
        least = min(trusted)
        if len(ends) == len(windows) or n < least or least in ends:
            return n, positions
        width = _REACH  # every window whole: none is longer


_CLOSING = "。！？；，、：”’」』）)】!?;,:"


def _closing(norm: str, end: int, limit: int) -> int:
    """`end` moved over the punctuation that closes the text before it (a passage ends with its 。)."""
    while end < limit and norm[end] in _CLOSING:
        end += 1
    return end


def _common_prefix(keys: Sequence[str]) -> int:
    first = min(keys, key=len)
    n = 0
    for n, c in enumerate(first):
        if any(k[n] != c for k in keys):
            return n
    return len(first)


# ------------------------------------------------------------------------------------------ differences


def differences(a: Member, b: Member, *, join: int = 2) -> list[Diff]:
    """The aligned runs where copies a and b differ (see the module docstring).

    Runs separated by fewer than `join` equal characters are reported as one, so that 有了攻克的底气 /
    有了攻克底气 is one run and a rewritten phrase is not shredded into single characters.
    """
    return diff_spans(a.page, a.nstart, a.nend, b.page, b.nstart, b.nend, join=join)


def diff_spans(
    pa: Page, a_nstart: int, a_nend: int, pb: Page, b_nstart: int, b_nend: int, *, join: int = 2
) -> list[Diff]:
    """`differences` over two arbitrary normalised spans."""
    from rapidfuzz.distance import Levenshtein

    ka, pos_a = match_key(pa.norm, a_nstart, a_nend)
    kb, pos_b = match_key(pb.norm, b_nstart, b_nend)
    runs: list[list[int]] = []  # [a0, a1, b0, b1] in key positions
    for op in Levenshtein.opcodes(ka, kb):
        if op.tag == "equal":
            continue
        if runs and min(op.src_start - runs[-1][1], op.dest_start - runs[-1][3]) < join:
            runs[-1][1], runs[-1][3] = op.src_end, op.dest_end
        else:
            runs.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    # Between two long runs (a rewritten paragraph) the alignment strews short stretches of characters
    # that match by chance; a stretch shorter than a quarter of both runs is part of one difference.
    merged: list[list[int]] = []
    for run in runs:
        if merged:
            last = merged[-1]
            gap = min(run[0] - last[1], run[2] - last[3])
            size = min(max(last[1] - last[0], last[3] - last[2]), max(run[1] - run[0], run[3] - run[2]))
            if gap * 4 < size:
                last[1], last[3] = run[1], run[3]
                continue
        merged.append(run)
    runs = merged
    for run in runs:  # a run may begin or end with characters that are equal after all
        a0, a1, b0, b1 = run
        while a0 < a1 and b0 < b1 and ka[a0] == kb[b0]:
            a0, b0 = a0 + 1, b0 + 1
        while a1 > a0 and b1 > b0 and ka[a1 - 1] == kb[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
        run[:] = [a0, a1, b0, b1]
    widened: list[list[int]] = []
    for run in runs:
        a0, a1, b0, b1 = _widen_numbers(ka, kb, *run)
        if widened and a0 <= widened[-1][1]:  # widening met the previous run: one run
            widened[-1][1], widened[-1][3] = a1, b1
        else:
            widened.append([a0, a1, b0, b1])
    out = []
    for a0, a1, b0, b1 in widened:
        kind: Literal["replace", "delete", "insert"] = "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert"
        sa, ea = _orig(pa, pos_a, a0, a1, a_nend)
        sb, eb = _orig(pb, pos_b, b0, b1, b_nend)
        out.append(Diff(kind, ka[a0:a1], kb[b0:b1], sa, ea, sb, eb, pa.text[sa:ea], pb.text[sb:eb], a0, b0))
    return out


def _numeric(c: str) -> bool:
    return c.isdigit() or c in ".%"


def _widen_numbers(ka: str, kb: str, a0: int, a1: int, b0: int, b1: int) -> tuple[int, int, int, int]:
    """Widen a run that touches a number over that whole number: 20万 / 20亿 becomes "20万" vs "20亿".
    The characters outside a run are aligned equal pairs, so both sides move together."""
    touches = (
        any(_numeric(c) for c in ka[a0:a1] + kb[b0:b1])
        or (a0 > 0 and _numeric(ka[a0 - 1]))
        or (a1 < len(ka) and _numeric(ka[a1]))
    )
    if not touches:
        return a0, a1, b0, b1
    while a0 > 0 and b0 > 0 and _numeric(ka[a0 - 1]) and ka[a0 - 1] == kb[b0 - 1]:
        a0, b0 = a0 - 1, b0 - 1
    while a1 < len(ka) and b1 < len(kb) and _numeric(ka[a1]) and ka[a1] == kb[b1]:
        a1, b1 = a1 + 1, b1 + 1
    return a0, a1, b0, b1


def _orig(page: Page, pos: Sequence[int], k0: int, k1: int, nend: int) -> tuple[int, int]:
    """Original span of key positions [k0, k1); an empty run maps to the point before the next kept
    character (or the span's end)."""
    if k1 > k0:
        return page.orig_span(pos[k0], pos[k1 - 1] + 1)
    n = pos[k0] if k0 < len(pos) else nend
    o = page.omap[n]
    return o, o
