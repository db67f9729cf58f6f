"""The run's findings: de-duplicated and sorted, in memory while they are few, in a temporary file once they are many.

Findings have to be de-duplicated (two kinds reaching the same conclusion report it once) and sorted (severity, rule,
first evidence) before anything is written, so they cannot be streamed straight from the kinds to the report. A
finding with its evidence and computed values is a few kilobytes of objects, and an archive yields one for every few
documents, so past a budget the store writes them to a temporary SQLite file (pickled: only this process reads it)
and lets SQLite de-duplicate and sort them; the report then reads them back in order, one at a time. Below the
budget the result is the same list the run always made: the order is the same either way (ties keep the order the
kinds reported them in, and SQLite's binary collation of UTF-8 orders text as Python compares strings).
"""

from __future__ import annotations

import pickle
import sqlite3
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union, overload

from .models import SEVERITY_ORDER, Finding
from .scratch import SpillsToScratch, budget_from_env, open_scratch
from .sequences import equal_items, item_or_slice

# Findings held in memory before the store spills (a few KB each with their evidence, so ~10 MB): a check of a
# page or a run over a folder stays below it, an archive spills; RECONCILE_FINDING_BUDGET overrides it (0: always
# on disk).
DEFAULT_BUDGET = 2_000
_BATCH = 256  # findings read back per query while iterating


def default_budget() -> int:
    return budget_from_env("RECONCILE_FINDING_BUDGET", DEFAULT_BUDGET)


def order_key(f: Finding) -> tuple[int, str, str, int, str]:
    """How a run's findings are listed: severity, rule, then where the first evidence is, then fingerprint."""
    first = f.evidence[0] if f.evidence else None
    return (SEVERITY_ORDER.get(f.severity, 9), f.rule, first.doc if first else "", first.start if first else 0, f.fingerprint)


class FindingStore(Sequence[Finding], SpillsToScratch):
    """Add findings with `add`; `seal` sorts them; then read it as a sequence in order."""

    def __init__(self, findings: Iterable[Finding] = (), *, budget: Optional[int] = None):
        self._budget = default_budget() if budget is None else budget
        self._memory: Optional[list[Finding]] = []  # None once spilled
        self._seen: set[tuple[str, str]] = set()
        self._db: Optional[sqlite3.Connection] = None
        self._path: Optional[str] = None
        self._count = 0
        self._sealed = False
        for f in findings:
            self.add(f)

    # ------------------------------------------------------------------------------------------ writing

    def add(self, f: Finding) -> bool:
        """Keep `f` unless a finding of the same rule and fingerprint came first; whether it was kept."""
        if self._sealed:
            raise RuntimeError("FindingStore.add after seal")
        if self._memory is not None:
            key = (f.rule, f.fingerprint)
            if key in self._seen:
                return False
            self._seen.add(key)
            self._memory.append(f)
            self._count += 1
            if len(self._memory) > self._budget:
                self._spill()
            return True
        assert self._db is not None
        cur = self._db.execute(
            "INSERT OR IGNORE INTO f (sev, rule, doc, start, fp, blob) VALUES (?, ?, ?, ?, ?, ?)",
            (*order_key(f), pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        self._count += cur.rowcount
        return cur.rowcount == 1

    def _spill(self) -> None:
        self._db, self._path = open_scratch("reconcile-findings-")
        # seq: the order the kinds reported them in, which breaks ties as a stable sort does
        self._db.execute(
            "CREATE TABLE f (seq INTEGER PRIMARY KEY, sev INTEGER, rule TEXT, doc TEXT, start INTEGER, fp TEXT,"
            " blob BLOB, UNIQUE (rule, fp))"
        )
        self._db.execute("BEGIN")  # one transaction for all the writes
        held, self._memory, self._seen = self._memory or [], None, set()
        self._count = 0
        for f in held:
            self.add(f)

    def seal(self) -> "FindingStore":
        """Sort the findings (once); the store is read-only from then on. Returns the store."""
        if self._sealed:
            return self
        self._sealed = True
        self._seen = set()
        if self._memory is not None:
            self._memory.sort(key=order_key)
            return self
        assert self._db is not None
        # The sorted copy's rowids are the findings' positions, so that reading finding i is one lookup.
        self._db.execute("CREATE TABLE sorted AS SELECT blob FROM f ORDER BY sev, rule, doc, start, fp, seq")
        self._db.execute("DROP TABLE f")
        self._db.execute("COMMIT")
        return self

    def map(self, fn: Callable[[Finding], Finding]) -> "FindingStore":
        """A new sealed store of `fn(f)` for each finding, in this store's order (fn must keep rule and fingerprint)."""
        out = FindingStore(budget=0 if self.spilled else self._budget)  # a spilled store's copy goes straight to disk
        for f in self:
            out.add(fn(f))
        out._sealed = True  # already in order: sorting again would only cost
        if out._db is not None:
            out._db.execute("CREATE TABLE sorted AS SELECT blob FROM f ORDER BY seq")
            out._db.execute("DROP TABLE f")
            out._db.execute("COMMIT")
        return out

    # ------------------------------------------------------------------------------------------ reading

    @property
    def spilled(self) -> bool:
        return self._memory is None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> Finding: ...

    @overload
    def __getitem__(self, i: slice) -> list[Finding]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Finding, list[Finding]]:
        self._require_sealed()
        return item_or_slice(i, len(self), self._at, "finding")

    def _at(self, i: int) -> Finding:
        if self._memory is not None:
            return self._memory[i]
        assert self._db is not None
        (blob,) = self._db.execute("SELECT blob FROM sorted WHERE rowid = ?", (i + 1,)).fetchone()
        return pickle.loads(blob)

    def __iter__(self) -> Iterator[Finding]:
        self._require_sealed()
        if self._memory is not None:
            yield from self._memory
            return
        assert self._db is not None
        last = 0
        while True:  # a batch per query, so that no cursor stays open between two reads of the caller
            rows = self._db.execute(
                "SELECT rowid, blob FROM sorted WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, _BATCH)
            ).fetchall()
            if not rows:
                return
            for last, blob in rows:
                yield pickle.loads(blob)

    def _require_sealed(self) -> None:
        if not self._sealed:
            raise RuntimeError("FindingStore read before seal")

    def __eq__(self, other: object) -> bool:  # like the tuple of findings it stands for
        return equal_items(self, other, (FindingStore, list, tuple))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FindingStore({len(self)} findings{', spilled' if self.spilled else ''})"

    # ------------------------------------------------------------------------------------------ lifetime

    def __reduce__(self):  # pickled (worker processes) as its findings, in order
        return (_rebuild, (list(self), self._budget))


def _rebuild(findings: list[Finding], budget: int) -> FindingStore:
    return FindingStore(findings, budget=budget).seal()

