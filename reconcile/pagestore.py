"""The run's pages: in memory while they are few, in a temporary file once they are many.

A page holds its text twice (original and normalised) and its segmentation, about a dozen bytes per character, so
a run that kept every page would need ~13 GB for 1 GB of text. After extraction the stages need a page only now and
then (the sentence around a figure for a finding's evidence, a duplicate's copies, a pattern rule's scan), so once
the pages stored pass a budget of characters, they are written to a temporary SQLite file (pickled: see `_write`) and
read back on demand through caches of recent pages and texts. Memory then holds the budget, the caches and a name
and a date per document, whatever the size of the run.

`PageStore` is a `Sequence[Page]` in the run's order, so the stages that iterate pages need no change; `get(doc)`
looks a page up by name. Iterating a spilled store reads each page once, in order; nothing keeps them all.

A rule that needs many pages reads them with the ordered bulk reads (`texts`, `sentences`, `pages`, `screens`): the
pages it asks for, in index order, a batch to one query, each read once and none cached. Reading page by page in
the order of some other structure (a timeline, a name) misses the caches in a large run and pays a query and a
decoding for every visit. The text, its sentences and the normalised text are kept apart from the page, so that a
read of one does not decode the page.
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union, overload

from .models import Page
from .scratch import SpillsToScratch, budget_from_env, open_scratch
from .sequences import item_or_slice

# Characters of pages kept in memory before the store spills to disk (~12 bytes each in memory): 2 M characters
# (~25 MB) holds a folder of articles, a gate's check or a month of a paper's pages; past it, reading pages back
# costs little, since the rules read them in store order and passage matching reads only the normalised text (it
# was 8 M, ~100 MB, when reads were random). RECONCILE_PAGE_BUDGET overrides it (0: always on disk).
DEFAULT_BUDGET = 2_000_000
# Recently read pages (~25 KB each decoded, mostly small objects) and texts / matching views (~3-14 KB) kept once
# spilled: rules revisit pages. Measured (bench/run_scale.py, 4,000 and 16,000 documents): 1,024 pages and 4,096
# texts cost 32-36 MiB more peak than 256 and 1,024, and saved no time: the rules read in store order, and passage
# matching's random reads are of texts alone.
TEXT_CACHE = 1024
CACHE_PAGES = 256
BATCH = 256  # pages read by one query of an ordered bulk read

Spans = Sequence[tuple[int, int]]


def default_budget() -> int:
    return budget_from_env("RECONCILE_PAGE_BUDGET", DEFAULT_BUDGET)


@dataclass(frozen=True)
class Matching:
    """A page's name, normalised text and offset map: what matching passages reads (see PageStore.matching)."""

    doc: str
    norm: str
    omap: Sequence[int]

    orig_span = Page.orig_span  # the same mapping of a normalised span to the original text


class PageStore(Sequence[Page], SpillsToScratch):
    """An append-only, ordered store of a run's pages; `get(doc)` finds the last page of that name."""

    def __init__(self, pages: Iterable[Page] = (), *, budget: Optional[int] = None, cache: int = CACHE_PAGES, text_cache: int = TEXT_CACHE):
        self._budget = default_budget() if budget is None else budget
        self._cache_size = max(1, cache)
        self._text_cache_size = max(1, text_cache)
        # Called with (what, index) for every page, text, sentence list or normalised text read back from the file:
        # for tests and benches that count what a stage reads (None: nothing called).
        self.on_read: Optional[Callable[[str, int], None]] = None
        self._docs: list[str] = []
        self._dates: list[Optional[str]] = []  # kept for every page: the rules ask for dates far more than for text
        self._index: dict[str, int] = {}
        self._memory: Optional[list[Page]] = []  # None once spilled
        self._chars = 0
        self._db: Optional[sqlite3.Connection] = None
        self._path: Optional[str] = None
        self._cache: OrderedDict[int, Page] = OrderedDict()
        self._texts: OrderedDict[int, str] = OrderedDict()
        self._matching: OrderedDict[int, Matching] = OrderedDict()
        for p in pages:
            self.append(p)

    # ------------------------------------------------------------------------------------------ writing

    def append(self, page: Page) -> None:
        self._index[page.doc] = len(self._docs)
        self._docs.append(page.doc)
        # One string per distinct date, not per page: a run's pages share a few thousand dates at most.
        self._dates.append(sys.intern(page.date) if page.date is not None else None)
        if self._memory is not None:
            self._memory.append(page)
            self._chars += len(page.text)
            if self._chars > self._budget:
                self._spill()
        else:
            self._write(len(self._docs) - 1, page)

    def _spill(self) -> None:
        """Move the pages held so far to a temporary file; every later page goes straight there."""
        self._db, self._path = open_scratch("reconcile-pages-")
        # The text with its sentences, and the normalised text, in tables of their own: a read of either does not
        # decode the page, nor walk past its bytes on disk. The normalised text is kept as UTF-8, uncompressed:
        # pattern rules scan all of it, rule after rule, with expressions that match UTF-8 bytes as they are.
        self._db.execute("CREATE TABLE pages (i INTEGER PRIMARY KEY, blob BLOB NOT NULL)")
        self._db.execute("CREATE TABLE texts (i INTEGER PRIMARY KEY, sentences BLOB NOT NULL, text BLOB NOT NULL)")
        self._db.execute("CREATE TABLE norms (i INTEGER PRIMARY KEY, norm BLOB NOT NULL, omap BLOB NOT NULL)")
        held, self._memory = self._memory or [], None
        self._db.execute("BEGIN")
        for i, page in enumerate(held):
            self._write(i, page)
        self._db.execute("COMMIT")

    def _write(self, i: int, page: Page) -> None:
        import pickle
        import zlib

        assert self._db is not None
        # Pickle, unlike the ledger's JSON: this file is written and read by this process only (mkstemp, deleted at
        # close), so nobody else's pickle is ever loaded; and it reads back five times faster (~40 µs a page),
        # which matters because the rules read pages in large runs tens of thousands of times.
        blob = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        self._db.execute("INSERT INTO pages (i, blob) VALUES (?, ?)", (i, blob))
        spans = array("q", [x for span in sentence_spans(page) for x in span]).tobytes()
        self._db.execute("INSERT INTO texts (i, sentences, text) VALUES (?, ?, ?)", (i, spans, zlib.compress(page.text.encode("utf-8"), 1)))
        omap = pickle.dumps(page.omap, protocol=pickle.HIGHEST_PROTOCOL)
        self._db.execute("INSERT INTO norms (i, norm, omap) VALUES (?, ?, ?)", (i, page.norm.encode("utf-8"), omap))

    # ------------------------------------------------------------------------------------------ reading

    @property
    def spilled(self) -> bool:
        return self._memory is None

    @property
    def docs(self) -> Sequence[str]:
        return self._docs

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._index
        return isinstance(item, Page) and item.doc in self._index

    def text_of(self, doc: str) -> str:
        """The page's original text (KeyError for a name not in the run): a spilled store reads the text alone, four
        times cheaper than the page, and keeps more texts than pages in its cache, for the rules that look at the
        words around a figure in documents all over the run."""
        i = self._index[doc]
        if self._memory is not None:
            return self._memory[i].text
        hit = self._cache.get(i)
        if hit is not None:
            return hit.text
        return _cached(self._texts, i, self._text_cache_size, lambda: self._load_text(i))

    def _load_text(self, i: int) -> str:
        import zlib

        assert self._db is not None
        (blob,) = self._db.execute("SELECT text FROM texts WHERE i = ?", (i,)).fetchone()
        self._read("text", i)
        return zlib.decompress(blob).decode("utf-8")

    def date_of(self, doc: str) -> Optional[str]:
        """The page's date without reading the page (KeyError for a name not in the run)."""
        return self._dates[self._index[doc]]

    def get(self, doc: str, default: Optional[Page] = None) -> Optional[Page]:
        i = self._index.get(doc)
        return default if i is None else self._at(i)

    @overload
    def __getitem__(self, i: int) -> Page: ...

    @overload
    def __getitem__(self, i: slice) -> list[Page]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Page, list[Page]]:
        return item_or_slice(i, len(self._docs), self._at, "page")

    def _at(self, i: int) -> Page:
        if self._memory is not None:
            return self._memory[i]
        return _cached(self._cache, i, self._cache_size, lambda: self._load_page(i))

    def _load_page(self, i: int) -> Page:
        import pickle

        assert self._db is not None
        (blob,) = self._db.execute("SELECT blob FROM pages WHERE i = ?", (i,)).fetchone()
        self._read("page", i)
        return pickle.loads(blob)

    def matching(self, i: int) -> Union[Page, "Matching"]:
        """What matching passages needs of page i (`doc`, `norm`, `omap`, `orig_span`): the page itself while the
        store is in memory or the page is cached; once spilled, a `Matching` read from the normalised text's table
        without decoding the page (a few µs rather than ~40-170 µs: duplicate detection reads the pages of every
        copy of every repeated passage, far from store order). Recent ones are cached."""
        if self._memory is not None:
            return self._memory[i]
        hit = self._cache.get(i)
        if hit is not None:
            return hit
        return _cached(self._matching, i, self._text_cache_size, lambda: self._load_matching(i))

    def _load_matching(self, i: int) -> "Matching":
        import pickle

        assert self._db is not None
        norm, omap = self._db.execute("SELECT norm, omap FROM norms WHERE i = ?", (i,)).fetchone()
        self._read("norm", i)
        return Matching(self._docs[i], norm.decode("utf-8"), pickle.loads(omap))

    def _read(self, what: str, i: int) -> None:
        if self.on_read is not None:
            self.on_read(what, i)

    def __iter__(self) -> Iterator[Page]:
        if self._memory is not None:
            yield from list(self._memory)
            return
        # One pass in order, a batch of rows at a time; a page already in the cache is not decoded again.
        for _, page in self.pages(range(len(self._docs))):
            yield page

    # ------------------------------------------------------------------------------------------ ordered bulk reads

    def index_of(self, doc: str) -> Optional[int]:
        """The index of the last page of that name, or None."""
        return self._index.get(doc)

    def pages(self, indices: Iterable[int]) -> Iterator[tuple[int, Page]]:
        """(index, page) of the pages at `indices`, in increasing index order, each once: a spilled store reads
        them a batch to a query and keeps none (a page already in the cache is not decoded again)."""
        if self._memory is not None:
            memory = self._memory
            for i in _ordered(indices, len(memory)):
                yield i, memory[i]
            return
        import pickle

        for i, blob in self._rows("SELECT i, blob FROM pages", indices):
            hit = self._cache.get(i)
            if hit is None:
                self._read("page", i)
                hit = pickle.loads(blob)
            yield i, hit

    def texts(self, indices: Iterable[int]) -> Iterator[tuple[int, str]]:
        """(index, original text) of the pages at `indices`, in increasing index order, each once and not cached."""
        for i, text, _ in self._text_rows(indices, spans=False):
            yield i, text

    def sentences(self, indices: Iterable[int]) -> Iterator[tuple[int, str, Spans]]:
        """(index, original text, its sentences' original spans in the page's order) of the pages at `indices`, in
        increasing index order, each once and not cached: what a rule that works sentence by sentence reads,
        without the page's structure."""
        return self._text_rows(indices, spans=True)

    def _text_rows(self, indices: Iterable[int], *, spans: bool) -> Iterator[tuple[int, str, Spans]]:
        if self._memory is not None:
            memory = self._memory
            for i in _ordered(indices, len(memory)):
                page = memory[i]
                yield i, page.text, (sentence_spans(page) if spans else ())
            return
        import zlib

        query = "SELECT i, text, sentences FROM texts" if spans else "SELECT i, text, NULL FROM texts"
        for i, blob, packed in self._rows(query, indices):
            self._read("sentences" if spans else "text", i)
            text = zlib.decompress(blob).decode("utf-8")
            if packed is None:
                yield i, text, ()
                continue
            flat = array("q")
            flat.frombytes(packed)
            yield i, text, list(zip(flat[0::2], flat[1::2]))

    def screens(self, *, encoded: bool = False) -> Iterator[tuple[int, str, Optional[str], Union[str, bytes]]]:
        """(index, doc, date, normalised text) of every page in order, for a scan that decides which pages to read:
        a spilled store reads only the text, not the page's structure. `encoded`: the normalised text as UTF-8
        bytes, which a spilled store holds as they are (re2 matches bytes without decoding them)."""
        if self._memory is not None:
            for i, page in enumerate(list(self._memory)):
                yield i, page.doc, page.date, page.norm.encode("utf-8") if encoded else page.norm
            return
        for i, norm in self._rows("SELECT i, norm FROM norms", range(len(self._docs))):
            self._read("norm", i)
            yield i, self._docs[i], self._dates[i], norm if encoded else norm.decode("utf-8")

    def _rows(self, select: str, indices: Iterable[int]) -> Iterator[tuple]:
        """The rows of a query over one table for the pages at `indices`, in index order, BATCH pages a query: a
        contiguous batch as a range, any other as a list of keys."""
        assert self._db is not None
        batch: list[int] = []
        wanted = _ordered(indices, len(self._docs))
        while True:
            batch.clear()
            for i in wanted:
                batch.append(i)
                if len(batch) == BATCH:
                    break
            if not batch:
                return
            if batch[-1] - batch[0] == len(batch) - 1:
                sql, args = f"{select} WHERE i >= ? AND i <= ? ORDER BY i", (batch[0], batch[-1])
            else:
                sql, args = f"{select} WHERE i IN ({','.join('?' * len(batch))}) ORDER BY i", tuple(batch)
            yield from self._db.execute(sql, args).fetchall()

    def __reduce__(self):  # pickled (Dask, worker processes) as its pages: a spill file is this process' own
        return (_rebuild, (list(self), self._budget))


def _cached(cache: "OrderedDict[int, Any]", key: int, size: int, load: Callable[[], Any]) -> Any:
    """cache[key], loaded and remembered when absent; the least recently used entry goes past `size` entries."""
    hit = cache.get(key)
    if hit is not None:
        cache.move_to_end(key)
        return hit
    value = cache[key] = load()
    if len(cache) > size:
        cache.popitem(last=False)
    return value


def _rebuild(pages: list[Page], budget: int) -> PageStore:
    return PageStore(pages, budget=budget)


def _ordered(indices: Iterable[int], n: int) -> Iterator[int]:
    """The distinct indices in increasing order (a range as it is), those outside [0, n) left out."""
    if isinstance(indices, range) and indices.step == 1:
        return iter(range(max(0, indices.start), min(n, indices.stop)))
    return iter(sorted({i for i in indices if 0 <= i < n}))


def sentence_spans(page: Page) -> list[tuple[int, int]]:
    """The original spans of a page's sentences, in the page's order (articles, paragraphs, sentences)."""
    return [(s.start, s.end) for a in page.articles for p in a.paragraphs for s in p.sentences]


def screens(pages: Sequence[Page], *, encoded: bool = False) -> Iterator[tuple[int, str, Optional[str], Union[str, bytes]]]:
    """PageStore.screens for any sequence of pages."""
    if isinstance(pages, PageStore):
        return pages.screens(encoded=encoded)
    return ((i, p.doc, p.date, p.norm.encode("utf-8") if encoded else p.norm) for i, p in enumerate(pages))


# The ordered bulk reads for any sequence of pages (a store's own, else the pages as they are).


def read_pages(pages: Sequence[Page], indices: Iterable[int]) -> Iterator[tuple[int, Page]]:
    if isinstance(pages, PageStore):
        return pages.pages(indices)
    return ((i, pages[i]) for i in _ordered(indices, len(pages)))


def read_texts(pages: Sequence[Page], indices: Iterable[int]) -> Iterator[tuple[int, str]]:
    if isinstance(pages, PageStore):
        return pages.texts(indices)
    return ((i, pages[i].text) for i in _ordered(indices, len(pages)))


def read_sentences(pages: Sequence[Page], indices: Iterable[int]) -> Iterator[tuple[int, str, Spans]]:
    if isinstance(pages, PageStore):
        return pages.sentences(indices)
    return ((i, pages[i].text, sentence_spans(pages[i])) for i in _ordered(indices, len(pages)))


def by_doc(pages: Sequence[Page]) -> Mapping[str, Page]:
    """doc -> Page for any sequence of pages, without holding a spilled store's pages in a dict."""
    if isinstance(pages, PageStore):
        return ByDoc(pages)
    return {p.doc: p for p in pages}


class ByDoc(Mapping[str, Page]):
    """A store's pages by name, as a read-only mapping (RunContext.page_by_doc) that holds no page itself."""

    def __init__(self, store: PageStore):
        self._store = store

    def __getitem__(self, doc: str) -> Page:
        page = self._store.get(doc)
        if page is None:
            raise KeyError(doc)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._store.docs))

    def __len__(self) -> int:
        return len(self._store._index)

    def __contains__(self, doc: object) -> bool:
        return doc in self._store._index
