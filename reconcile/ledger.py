"""The ledger: an embedded SQLite database of documents, their figures and the last run's findings.

What it buys: a document whose bytes are unchanged is neither read nor extracted again (its size and mtime are
checked first; when they changed, its SHA-256 is), as long as the extractor's code and the rules and vocabularies
are unchanged too (`version`). That is what lets the CI gate check one new page against an archive quickly.

Safety:
- every run's writes are one transaction, so a run killed halfway leaves the previous state intact (SQLite's
  journal rolls the partial transaction back on the next open);
- one run at a time: a lock file beside the database; a second run waits, telling the user, and gives up with
  one clear line after `wait` seconds;
- pages and figures are stored as compressed JSON, never pickles (a ledger may come from a shared CI cache).

SQLite is in the standard library; DuckDB would serve analytical queries better, but the ledger's work is
key lookups and small transactions, where SQLite is the simpler and lighter choice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Protocol, Sequence

from .errors import ReconcileError
from .models import Figure, Finding, Page
from .serial import figure_from_json, figure_to_json, pack, page_from_json, page_to_json, unpack

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    version TEXT NOT NULL,
    n_figures INTEGER NOT NULL,
    page BLOB NOT NULL,
    figures BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_sha ON documents (sha256);
CREATE TABLE IF NOT EXISTS relations (key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS relations_doc ON relations (doc);
CREATE TABLE IF NOT EXISTS derived (doc TEXT PRIMARY KEY, version TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS findings (
    rule TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    severity TEXT NOT NULL,
    docs TEXT NOT NULL,
    finding BLOB NOT NULL,
    PRIMARY KEY (rule, fingerprint)
);
"""


class LedgerBusy(ReconcileError):
    """Another run holds the ledger."""


class LedgerError(ReconcileError):
    """The ledger file cannot be used (not a database, a newer schema, a read-only folder)."""


def code_version() -> str:
    """A hash of the code that produces pages and figures: any change to ingest or extract invalidates the cache."""
    h = hashlib.sha256()
    from . import __version__

    h.update(__version__.encode())
    root = Path(__file__).resolve().parent
    for sub in ("ingest", "extract", "models.py", "periods.py"):
        p = root / sub
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".yaml", ".txt", ".json", ".tsv") and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def files_version(dirs: Sequence[Path]) -> str:
    """A hash of rule and vocabulary files: the ledger's cache is valid only for the rules it was made with."""
    h = hashlib.sha256()
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            continue
        for f in sorted(d.rglob("*.yaml")) + sorted(d.rglob("*.yml")):
            h.update(str(f.relative_to(d)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Cached:
    page: Page
    figures: tuple[Figure, ...]
    derived: Any = None  # what the indexer derived from them (its JSON), when stored by this indexer's version


class Indexer(Protocol):
    """What the ledger keeps with each document it stores (reconcile.relations.Indexer): the keys relating it to
    other documents, and data derived from it (JSON), valid for `version` of the code that derives them."""

    version: str

    def index(self, page: Page, figures: Sequence[Figure]) -> tuple[set[str], Any]: ...


class Ledger:
    def __init__(self, path: Path, version: str, conn: sqlite3.Connection, lock_fd: Optional[int]):
        self.path = path
        self.version = version
        self._conn = conn
        self._lock_fd = lock_fd
        # Indexes each stored document (reconcile.relations.Indexer); set by api.open_ledger.
        self.indexer: Optional[Indexer] = None

    # -- opening and locking -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, version: str, *, wait: float = 300.0, on_wait: Optional[Callable[[str], None]] = None) -> "Ledger":
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LedgerError(f"cannot create the ledger's folder ({exc.strerror})", file=str(path.parent), fix="choose another with --db, or run with --no-db")
        lock_fd = _lock(path, wait, on_wait)
        try:
            conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None)
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise LedgerError("was written by a newer reconcile", file=str(path), fix="upgrade reconcile, or use another --db")
            elif int(row[0]) < SCHEMA_VERSION:
                # An older ledger is a cache of another shape: start it again rather than trust half of it.
                conn.executescript("BEGIN IMMEDIATE; DELETE FROM documents; DELETE FROM relations; DELETE FROM derived; DELETE FROM findings; COMMIT;")
                conn.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError as exc:
            _unlock(lock_fd)
            raise LedgerError(f"is not a usable ledger ({exc})", file=str(path), fix="delete it (it is a cache) or choose another with --db")
        except BaseException:
            _unlock(lock_fd)
            raise
        return cls(path, version, conn, lock_fd)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.close()
        _unlock(self._lock_fd)
        self._lock_fd = None

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- documents -----------------------------------------------------------------------------------------

    def lookup(self, doc: str, *, meta: str = "", size: Optional[int] = None, mtime_ns: Optional[int] = None, sha256: Optional[str] = None) -> Any:
        """The cached page and figures when the document is unchanged: same size and mtime, or same hash.

        `meta` stands for what else shapes the page (its manifest entry: date, title), stored with the hash. A run
        looks documents up a window ahead of the one it stores (api.extract_paths), so hits are read at once."""
        row = self._conn.execute("SELECT sha256, size, mtime_ns, version, page, figures FROM documents WHERE doc=?", (doc,)).fetchone()
        if row is None or not self._same(row, meta, size, mtime_ns, sha256):
            return None
        return self._cached(row[4], row[5])

    def _same(self, row: Any, meta: str, size: Optional[int], mtime_ns: Optional[int], sha256: Optional[str]) -> bool:
        if row[3] != self.version:
            return False
        stored_sha, _, stored_meta = row[0].partition(":")
        if stored_meta != meta:
            return False
        return (sha256 is not None and stored_sha == sha256) or (sha256 is None and size == row[1] and mtime_ns == row[2])

    def _cached(self, page_blob: bytes, figures_blob: bytes) -> Cached:
        page = page_from_json(unpack(page_blob))
        figures = tuple(figure_from_json(f) for f in unpack(figures_blob))
        return Cached(page, figures)

    def touch(self, doc: str, size: int, mtime_ns: int) -> None:
        self._conn.execute("UPDATE documents SET size=?, mtime_ns=? WHERE doc=?", (size, mtime_ns, doc))

    def store(self, page: Page, figures: Sequence[Figure], *, sha256: str, size: int, mtime_ns: int, meta: str = "") -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (page.doc, f"{sha256}:{meta}", size, mtime_ns, self.version, len(figures), pack(page_to_json(page)), pack([figure_to_json(f) for f in figures])),
        )
        self._conn.execute("DELETE FROM relations WHERE doc=?", (page.doc,))
        self._conn.execute("DELETE FROM derived WHERE doc=?", (page.doc,))
        if self.indexer is not None:
            keys, data = self.indexer.index(page, figures)
            self._conn.executemany("INSERT OR IGNORE INTO relations VALUES (?, ?)", [(k, page.doc) for k in sorted(keys)])
            self._conn.execute("INSERT INTO derived VALUES (?, ?, ?)", (page.doc, self.indexer.version, pack(data)))

    def related(self, keys: set[str], *, exclude: set[str] = frozenset(), cap: int = 200) -> list[str]:
        """Documents sharing a key with `keys`. Passage keys held by more than `cap` documents are boilerplate and
        are not followed; figure keys always are (a national GDP figure is in every report, and must be)."""
        docs: set[str] = set()
        rows = self._conn.execute(
            "SELECT key, doc FROM relations WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(sorted(keys)),)
        )
        by_key: dict[str, list[str]] = {}
        for key, doc in rows:
            by_key.setdefault(key, []).append(doc)
        for key, ds in by_key.items():
            if key.startswith("p:") and len(ds) > cap:
                continue
            docs.update(ds)
        return sorted(docs - set(exclude))

    def index_of(self, doc: str) -> Optional[tuple[set[str], Any]]:
        """The keys and derived data stored with `doc` by this indexer's version, or None (then compute them)."""
        if self.indexer is None:
            return None
        row = self._conn.execute("SELECT version, data FROM derived WHERE doc=?", (doc,)).fetchone()
        if row is None or row[0] != self.indexer.version:
            return None
        keys = {r[0] for r in self._conn.execute("SELECT key FROM relations WHERE doc=?", (doc,))}
        return keys, unpack(row[1])

    def forget(self, docs: Sequence[str]) -> None:
        self._conn.executemany("DELETE FROM documents WHERE doc=?", [(d,) for d in docs])
        self._conn.executemany("DELETE FROM relations WHERE doc=?", [(d,) for d in docs])
        self._conn.executemany("DELETE FROM derived WHERE doc=?", [(d,) for d in docs])

    def docs(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT doc FROM documents ORDER BY doc")]

    def load(self, doc: str) -> Optional[Cached]:
        return self.load_many([doc]).get(doc)

    def load_many(self, docs: Sequence[str]) -> dict[str, Cached]:
        """The stored pages and figures of `docs` (with their derived data when this indexer's version stored it),
        in one query; documents stored by another version of the code are left out (they would be read again)."""
        rows = self._conn.execute(
            "SELECT d.doc, d.page, d.figures, d.version, x.version, x.data FROM documents d LEFT JOIN derived x ON x.doc = d.doc "
            "WHERE d.doc IN (SELECT value FROM json_each(?))",
            (json.dumps(list(docs)),),
        )
        out: dict[str, Cached] = {}
        wanted = self.indexer.version if self.indexer is not None else None
        for doc, page, figures, version, derived_version, data in rows:
            if version != self.version:
                continue
            cached = self._cached(page, figures)
            if data is not None and derived_version == wanted:
                cached = Cached(cached.page, cached.figures, unpack(data))
            out[doc] = cached
        return out

    # -- findings ------------------------------------------------------------------------------------------

    def replace_findings(self, findings: Sequence[Finding]) -> None:
        self._conn.execute("DELETE FROM findings")
        self._conn.executemany(
            "INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?, ?)",
            [(f.rule, f.fingerprint, f.severity, "\n".join(sorted({e.doc for e in f.evidence})), pack(f.to_json())) for f in findings],
        )

    def findings(self) -> list[dict[str, Any]]:
        return [unpack(r[0]) for r in self._conn.execute("SELECT finding FROM findings ORDER BY rule, fingerprint")]

    def finding(self, fingerprint: str) -> Optional[dict[str, Any]]:
        row = self._conn.execute("SELECT finding FROM findings WHERE fingerprint=?", (fingerprint,)).fetchone()
        return unpack(row[0]) if row else None


# -- the lock file -------------------------------------------------------------------------------------------


def _lock(path: Path, wait: float, on_wait: Optional[Callable[[str], None]]) -> Optional[int]:
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking and timeout still keep the file consistent
        return None
    lock_path = str(path) + ".lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LedgerError(f"cannot create the lock file ({exc.strerror})", file=lock_path, fix="choose another ledger with --db, or run with --no-db")
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LedgerBusy(f"is in use by another reconcile run (waited {wait:g} s)", file=str(path), fix="wait for it to finish, or use another ledger with --db or --no-db")
            if not told and on_wait is not None:
                on_wait(f"waiting for another reconcile run to finish with {path}")
                told = True
            time.sleep(0.1)


def _unlock(fd: Optional[int]) -> None:
    if fd is None:
        return
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
    except Exception:
        pass
    with contextlib.suppress(OSError):
        os.close(fd)
