"""passages._near_pairs works band by band on bounded blocks of candidate pairs; the groups its pairs make are the
connected components of every similar candidate pair, as with the set-per-key reference kept here."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from reconcile.kinds import passages
from reconcile.kinds.passages import _near_pairs


def _components(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def _reference(keys: list[str], h: np.ndarray, threshold: float, cap: int) -> list[tuple[int, int]]:
    """Every similar candidate pair, candidates as the kind gathered them before (a set per key)."""
    n = len(keys)
    candidates: dict[int, set[int]] = defaultdict(set)
    for band in range(h.shape[1]):
        order = np.argsort(h[:, band], kind="stable")
        hs = h[:, band][order]
        starts = np.flatnonzero(np.concatenate(([True], hs[1:] != hs[:-1])))
        ends = np.concatenate((starts[1:], [n]))
        for a, b in zip(starts.tolist(), ends.tolist()):
            ids = order[a:b].tolist()
            for pos in range(1, len(ids)):
                candidates[ids[pos]].update(ids[: min(pos, cap)])
    return [(j, i) for i in candidates for j in candidates[i] if _similar(keys[i], keys[j], threshold)]


def _similar(a: str, b: str, threshold: float) -> bool:
    """The kind's test of a candidate pair."""
    return 2 * min(len(a), len(b)) >= threshold * (len(a) + len(b)) and bool(Indel.normalized_similarity(a, b, score_cutoff=threshold))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="甲乙丙丁12", min_size=1, max_size=8), min_size=2, max_size=40, unique=True),
    st.integers(1, 5),
    st.integers(0, 3),
    st.sampled_from([1, 2, 32]),
    st.sampled_from([3, 7, 1 << 16]),
    st.data(),
)
def test_groups_equal_the_components_of_every_similar_candidate(keys, bands, spread, cap, block, data) -> None:  # type: ignore[no-untyped-def]
    n = len(keys)
    h = np.array(data.draw(st.lists(st.integers(0, spread), min_size=n * bands, max_size=n * bands)), dtype=np.uint64).reshape(n, bands)
    saved = passages._BUCKET_CAP, passages._PAIRS_AT_ONCE
    passages._BUCKET_CAP, passages._PAIRS_AT_ONCE = cap, block
    try:
        got = _near_pairs(keys, h, threshold=0.6)
    finally:
        passages._BUCKET_CAP, passages._PAIRS_AT_ONCE = saved
    assert all(j < i for j, i in got)
    assert all(_similar(keys[i], keys[j], 0.6) for j, i in got)
    assert _components(n, got) == _components(n, _reference(keys, h, 0.6, cap))


def test_a_bucket_of_near_copies_is_verified_about_once_per_copy(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    keys = [f"全市高新技术企业达到{600 + k}家" for k in range(30)]
    h = np.zeros((30, 4), dtype=np.uint64)  # one bucket in every band
    calls = []
    real = Indel.normalized_similarity
    monkeypatch.setattr(Indel, "normalized_similarity", lambda a, b, **k: calls.append(1) or real(a, b, **k))
    pairs = _near_pairs(keys, h, threshold=0.8)
    assert len(set(_components(30, pairs))) == 1
    assert len(calls) == 29  # joined ends are never verified again, in any band
