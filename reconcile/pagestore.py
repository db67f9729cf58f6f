"""The run's pages: in memory while they are few, in a temporary file once they are many.

A page holds its text twice (original and normalised) and its segmentation, about a dozen bytes per character, so
a run that kept every page would need ~13 GB for 1 GB of text. After extraction the stages need a page only now and
then (the sentence around a figure for a finding's evidence, a duplicate's copies, a pattern rule's scan), so once
the pages stored pass a budget of characters, they are written to a temporary SQLite file (pickled: see `_write`) and
read back on demand through caches of recent pages and texts. Memory then holds the budget, the caches and a name
and a date per document, whatever the size of the run.

`PageStore` is a `Sequence[Page]` in the run's order, so the stages that iterate pages need no change; `get(doc)`
looks a page up by name. Iterating a spilled store reads each page once, in order; nothing keeps them all.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections import OrderedDict
from typing import Iterable, Iterator, Mapping, Optional, Sequence, Union, overload

from .models import Page

# Characters of pages kept in memory before the store spills to disk (~12 bytes each in memory): 8 M characters
# (~100 MB) holds a few thousand newspaper pages; RECONCILE_PAGE_BUDGET overrides it (0: always on disk).
DEFAULT_BUDGET = 8_000_000
TEXT_CACHE = 4096  # texts alone (~3 KB each for a newspaper page)
CACHE_PAGES = 1024  # recently read pages kept once spilled (~20 MB of newspaper pages): rules revisit pages


def default_budget() -> int:
    raw = os.environ.get("RECONCILE_PAGE_BUDGET", "")
    try:
        return max(0, int(raw)) if raw.strip() else DEFAULT_BUDGET
    except ValueError:
        return DEFAULT_BUDGET


class PageStore(Sequence[Page]):
    """An append-only, ordered store of a run's pages; `get(doc)` finds the last page of that name."""

    def __init__(self, pages: Iterable[Page] = (), *, budget: Optional[int] = None, cache: int = CACHE_PAGES):
        self._budget = default_budget() if budget is None else budget
        self._cache_size = max(1, cache)
        self._docs: list[str] = []
        self._dates: list[Optional[str]] = []  # kept for every page: the rules ask for dates far more than for text
        self._index: dict[str, int] = {}
        self._memory: Optional[list[Page]] = []  # None once spilled
        self._chars = 0
        self._db: Optional[sqlite3.Connection] = None
        self._path: Optional[str] = None
        self._cache: OrderedDict[int, Page] = OrderedDict()
        self._texts: OrderedDict[int, str] = OrderedDict()
        for p in pages:
            self.append(p)

    # ------------------------------------------------------------------------------------------ writing

    def append(self, page: Page) -> None:
        self._index[page.doc] = len(self._docs)
        self._docs.append(page.doc)
        self._dates.append(page.date)
        if self._memory is not None:
            self._memory.append(page)
            self._chars += len(page.text)
            if self._chars > self._budget:
                self._spill()
        else:
            self._write(len(self._docs) - 1, page)

    def _spill(self) -> None:
        """Move the pages held so far to a temporary file; every later page goes straight there."""
        fd, self._path = tempfile.mkstemp(prefix="reconcile-pages-", suffix=".db")
        os.close(fd)
        self._db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        # A scratch file for this process only: no journal or fsync to pay for, it is deleted at close anyway.
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        # The normalised text apart as well, so that a scan for a pattern reads it without decoding the page.
        self._db.execute("CREATE TABLE pages (i INTEGER PRIMARY KEY, blob BLOB NOT NULL, norm BLOB NOT NULL, text BLOB NOT NULL)")
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
        self._db.execute(
            "INSERT INTO pages (i, blob, norm, text) VALUES (?, ?, ?, ?)",
            (i, blob, zlib.compress(page.norm.encode("utf-8"), 1), zlib.compress(page.text.encode("utf-8"), 1)),
        )

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
        text = self._texts.get(i)
        if text is None:
            import zlib

            assert self._db is not None
            (blob,) = self._db.execute("SELECT text FROM pages WHERE i = ?", (i,)).fetchone()
            text = self._texts[i] = zlib.decompress(blob).decode("utf-8")
            if len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(i)
        return text

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
        if isinstance(i, slice):
            return [self._at(k) for k in range(*i.indices(len(self._docs)))]
        if i < 0:
            i += len(self._docs)
        if not 0 <= i < len(self._docs):
            raise IndexError("page index out of range")
        return self._at(i)

    def _at(self, i: int) -> Page:
        if self._memory is not None:
            return self._memory[i]
        hit = self._cache.get(i)
        if hit is not None:
            self._cache.move_to_end(i)
            return hit
        import pickle

        assert self._db is not None
        (blob,) = self._db.execute("SELECT blob FROM pages WHERE i = ?", (i,)).fetchone()
        page = pickle.loads(blob)
        self._remember(i, page)
        return page

    def _remember(self, i: int, page: Page) -> None:
        self._cache[i] = page
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def __iter__(self) -> Iterator[Page]:
        if self._memory is not None:
            yield from list(self._memory)
            return
        import pickle

        assert self._db is not None
        # One pass in order, a batch of rows at a time; a page already in the cache is not decoded again.
        n = len(self._docs)
        step = 64
        for lo in range(0, n, step):
            rows = self._db.execute("SELECT i, blob FROM pages WHERE i >= ? AND i < ? ORDER BY i", (lo, lo + step)).fetchall()
            for i, blob in rows:
                hit = self._cache.get(i)
                yield hit if hit is not None else pickle.loads(blob)

    def screens(self) -> Iterator[tuple[int, str, Optional[str], str]]:
        """(index, doc, date, normalised text) of every page in order, for a scan that decides which pages to read:
        a spilled store reads only the text, not the page's structure."""
        if self._memory is not None:
            for i, page in enumerate(list(self._memory)):
                yield i, page.doc, page.date, page.norm
            return
        import zlib

        assert self._db is not None
        n, step = len(self._docs), 256
        for lo in range(0, n, step):
            rows = self._db.execute("SELECT i, norm FROM pages WHERE i >= ? AND i < ? ORDER BY i", (lo, lo + step)).fetchall()
            for i, norm in rows:
                yield i, self._docs[i], self._dates[i], zlib.decompress(norm).decode("utf-8")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._path is not None:
            try:
                os.unlink(self._path)
            except OSError:
                pass
            self._path = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: nothing left to clean up with
            pass

    def __reduce__(self):  # pickled (Dask, worker processes) as its pages: a spill file is this process' own
        return (_rebuild, (list(self), self._budget))


def _rebuild(pages: list[Page], budget: int) -> PageStore:
    return PageStore(pages, budget=budget)


def screens(pages: Sequence[Page]) -> Iterator[tuple[int, str, Optional[str], str]]:
    """PageStore.screens for any sequence of pages."""
    if isinstance(pages, PageStore):
        return pages.screens()
    return ((i, p.doc, p.date, p.norm) for i, p in enumerate(pages))


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
