"""The page store: in memory below its budget, on disk above it, the same pages and the same run either way."""

from __future__ import annotations

import gc
import pickle
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile.cli import cli
from reconcile.ingest import page_from_text
from reconcile.models import Page
from reconcile.pagestore import PageStore, by_doc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import Spec, write_corpus  # noqa: E402


def _pages(n: int, prefix: str = "d") -> list[Page]:
    return [page_from_text(f"第{i}篇。2023年全市规模以上工业增加值增长{i}.5%，\n完成投资{i * 3}亿元。", doc=f"{prefix}{i:03}.txt") for i in range(n)]


def test_below_the_budget_pages_stay_in_memory_as_given() -> None:
    pages = _pages(5)
    store = PageStore(pages, budget=10**9)
    assert not store.spilled
    assert list(store) == pages and all(a is b for a, b in zip(store, pages))


def test_past_the_budget_pages_go_to_disk_and_come_back_equal() -> None:
    pages = _pages(40)
    store = PageStore(budget=len(pages[0].text) * 3, cache=4)
    for p in pages:
        store.append(p)
    assert store.spilled
    assert len(store) == 40
    assert list(store) == pages  # one ordered pass
    assert store[0] == pages[0] and store[-1] == pages[-1] and store[5:8] == pages[5:8]
    assert store.get("d017.txt") == pages[17] and store.get("nope") is None
    assert [store.text_of(p.doc) for p in pages] == [p.text for p in pages]  # the text column, read alone
    assert store.date_of("d003.txt") == pages[3].date
    with pytest.raises(KeyError):
        store.text_of("nope")
    assert "d017.txt" in store and "nope" not in store
    with pytest.raises(IndexError):
        store[40]
    mapping = by_doc(store)
    assert mapping["d003.txt"] == pages[3] and len(mapping) == 40 and list(mapping)[:2] == ["d000.txt", "d001.txt"]
    with pytest.raises(KeyError):
        mapping["nope"]
    store.close()


def test_a_spilled_store_holds_only_its_cache() -> None:
    store = PageStore(_pages(60, prefix="held-"), budget=0, cache=4)  # names no other test's pages have
    for i in range(60):
        store[i]
    for _ in store:
        pass
    gc.collect()
    live = [o for o in gc.get_objects() if isinstance(o, Page) and o.doc.startswith("held-")]
    # The pages built by _pages() were dropped after the store took them; what is left is the cache.
    assert len(live) <= 4


def test_ordered_bulk_reads_give_what_the_pages_hold_in_index_order() -> None:
    pages = _pages(300)  # more than one batch of a query
    wanted = [299, 3, 17, 3, 5, 400, -1, 256, 255, 254]  # any order, repeats and strays
    expect = sorted({i for i in wanted if 0 <= i < 300})
    spans = [[(s.start, s.end) for a in p.articles for q in a.paragraphs for s in q.sentences] for p in pages]
    assert all(spans)
    for store in (PageStore(pages, budget=10**9), PageStore(pages, budget=0, cache=2)):
        assert [i for i, _ in store.pages(wanted)] == expect
        assert [p for _, p in store.pages(wanted)] == [pages[i] for i in expect]
        assert list(store.texts(wanted)) == [(i, pages[i].text) for i in expect]
        assert [(i, t, list(s)) for i, t, s in store.sentences(wanted)] == [(i, pages[i].text, spans[i]) for i in expect]
        assert list(store.texts(range(250, 260))) == [(i, pages[i].text) for i in range(250, 260)]
        assert list(store.screens(encoded=True)) == [(i, p.doc, p.date, p.norm.encode("utf-8")) for i, p in enumerate(pages)]
        assert list(store.screens()) == [(i, p.doc, p.date, p.norm) for i, p in enumerate(pages)]
        assert store.index_of("d017.txt") == 17 and store.index_of("nope") is None
        store.close()


def test_bulk_reads_read_each_page_once_and_keep_none() -> None:
    store = PageStore(_pages(40), budget=0, cache=4, text_cache=4)
    reads: list[tuple[str, int]] = []
    store.on_read = lambda what, i: reads.append((what, i))
    list(store.pages(range(40)))
    list(store.texts(range(40)))
    list(store.sentences(range(40)))
    list(store.screens())
    assert sorted(reads) == sorted((what, i) for what in ("page", "text", "sentences", "norm") for i in range(40))
    assert not store._cache and not store._texts  # nothing cached: a rule's pass holds one page at a time
    reads.clear()
    store.text_of("d003.txt")
    store.text_of("d003.txt")
    store[5]
    store[5]
    assert reads == [("text", 3), ("page", 5)]  # the page-at-a-time reads still cache
    store.close()


def test_the_spill_file_is_removed_at_close() -> None:
    store = PageStore(_pages(3), budget=0)
    path = Path(store._path)  # type: ignore[arg-type]
    assert path.exists()
    store.close()
    assert not path.exists()


def test_a_store_pickles_as_its_pages() -> None:
    store = PageStore(_pages(6), budget=0)
    again = pickle.loads(pickle.dumps(store))
    assert list(again) == list(store)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, Spec(60, seed=5, doc_chars=900))  # reprints and boilerplate: duplicate groups across pages
    return out / "000"


def test_a_run_on_disk_pages_is_byte_identical(monkeypatch: pytest.MonkeyPatch, corpus: Path, seeds_dir: Path) -> None:
    def run() -> bytes:
        res = CliRunner().invoke(cli, ["run", str(corpus), str(seeds_dir), "--no-db", "--format", "json"])
        assert res.exit_code == 0, res.output
        return res.stdout_bytes

    monkeypatch.delenv("RECONCILE_PAGE_BUDGET", raising=False)
    in_memory = run()
    monkeypatch.setenv("RECONCILE_PAGE_BUDGET", "0")
    on_disk = run()
    assert on_disk == in_memory
    assert b'"RC501"' in in_memory  # the comparison covers duplicate groups, whose members read pages back


def test_a_rerun_from_the_ledger_on_disk_pages_is_byte_identical(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, corpus: Path) -> None:
    # Past the budget, ledger hits are read at their turn (ledger.Deferred) rather than all held from the start.
    def run(*extra: str) -> bytes:
        res = CliRunner().invoke(cli, ["run", str(corpus), "--format", "json", *extra])
        assert res.exit_code == 0, res.output
        return res.stdout_bytes

    monkeypatch.delenv("RECONCILE_PAGE_BUDGET", raising=False)
    expected = run("--no-db")
    monkeypatch.setenv("RECONCILE_PAGE_BUDGET", "0")
    db = str(tmp_path / "ledger.db")
    assert run("--db", db) == expected  # fills the ledger
    assert run("--db", db) == expected  # every document from the ledger, deferred


def test_matching_reads_what_passages_need_without_the_page(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    from reconcile.ingest import page_from_text
    from reconcile.pagestore import Matching, PageStore

    pages = [page_from_text(p.read_text(encoding="utf-8"), doc=p.name) for p in sorted(seeds_dir.glob("*.txt"))]
    held, spilled = PageStore(pages, budget=10**9), PageStore(pages, budget=0, cache=1)
    reads: list[str] = []
    spilled.on_read = lambda what, i: reads.append(what)
    for i, page in enumerate(pages):
        assert held.matching(i) is page
        view = spilled.matching(i)
        assert isinstance(view, Matching) and (view.doc, view.norm) == (page.doc, page.norm)
        assert list(view.omap) == list(page.omap)
        for a, b in ((0, 1), (3, 40), (len(page.norm) - 5, len(page.norm)), (7, 7)):
            assert view.orig_span(a, b) == page.orig_span(a, b)
        assert spilled.matching(i) is view  # cached
    assert reads and set(reads) == {"norm"}  # never a whole page
    spilled.close()
