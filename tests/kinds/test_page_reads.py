"""On a run whose pages are on disk, each rule reads each page back at most once: its pages are read in the
run's order, in bulk, rather than at random as timelines and names lead (each miss of the store's caches is a
query and a decoding, and a large run misses nearly always). Counted through the store with caches of one page
and one text, so that any second visit shows."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from reconcile import api
from reconcile.kinds import load_kind
from reconcile.kinds.base import RunContext
from reconcile.pagestore import PageStore, by_doc
from reconcile.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.corpus import Spec, write_corpus  # noqa: E402

# The kinds that read pages through RunContext (conflict's reprint mode reads passages: kinds/passages.py).
KINDS = ("conflict", "trend", "growth-mismatch", "growth-range", "arithmetic", "pattern")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> api.RunResult:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, Spec(80, seed=5, doc_chars=900))  # shared metrics over many pages: timelines to compare
    ex = api.extract_paths([str(out / "000"), str(ROOT / "seeds")])
    return api.run_pages(ex.pages, ex.figures, rules=[], grouped=ex.grouped)  # pages and tables, no rule run


def _context(result: api.RunResult, pages) -> RunContext:  # type: ignore[no-untyped-def]
    return RunContext(pages=pages, figures=result.figures, metrics=result.metrics, figure_metric=result.figure_metric,
                      page_by_doc=by_doc(pages))


RULES = [r for r in load_rules(None) if r.kind in KINDS and getattr(r.params, "mode", None) != "reprint"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_a_rule_reads_each_spilled_page_once(result: api.RunResult, rule) -> None:  # type: ignore[no-untyped-def]
    kind = load_kind(rule.kind)
    expected = list(kind.check(rule, _context(result, tuple(result.pages))))
    store = PageStore(list(result.pages), budget=0, cache=1, text_cache=1)
    reads: Counter[tuple[str, int]] = Counter()
    store.on_read = lambda what, i: reads.update([(what, i)])
    try:
        assert list(kind.check(rule, _context(result, store))) == expected
    finally:
        store.close()
    twice = {key: n for key, n in reads.items() if n > 1}
    assert not twice, f"{rule.code} read pages back more than once: {sorted(twice.items())[:5]}"


def test_the_rules_read_pages_at_all(result: api.RunResult) -> None:
    """The test above is not vacuous: the words around figures are read for the conflict, trend, growth-mismatch
    and arithmetic kinds, and the pattern kind screens every page."""
    store = PageStore(list(result.pages), budget=0, cache=1, text_cache=1)
    read: dict[str, set[str]] = {}
    ctx = _context(result, store)
    try:
        for rule in RULES:
            seen: set[str] = set()
            store.on_read = lambda what, i: seen.add(what)
            list(load_kind(rule.kind).check(rule, ctx))
            read.setdefault(rule.kind, set()).update(seen)
    finally:
        store.close()
    for kind in ("conflict", "trend", "growth-mismatch", "arithmetic", "pattern"):
        assert read.get(kind), kind
