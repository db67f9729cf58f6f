"""Documents are streamed through ingest and extraction: what is read ahead of the document being consumed is a
bounded window, not the input, with or without worker processes and with a ledger (whose lookups read a changed
document's bytes to hash them); and a run whose documents all come from the ledger starts no worker."""

from __future__ import annotations

import concurrent.futures
import json
import sys
from pathlib import Path

import pytest

from reconcile import api
from reconcile.engine import local

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Spec, write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, Spec(160, seed=5, doc_chars=500))
    return out / "000"


def _read_ahead(monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path, jobs: int) -> tuple[list[int], int]:
    """(documents looked up in the ledger when each document was consumed, documents in all)."""
    looked: list[str] = []
    real = api._from_ledger

    def counting(ledger, source, entry):  # type: ignore[no-untyped-def]
        looked.append(source.doc)
        return real(ledger, source, entry)

    monkeypatch.setattr(api, "_from_ledger", counting)
    ahead: list[int] = []
    ledger = api.open_ledger(tmp_path / "l.db")
    try:
        ex = api.extract_paths([str(corpus)], jobs=jobs, ledger=ledger, progress=lambda done, total: ahead.append(len(looked) - done))
    finally:
        ledger.close()
    assert len(ex.pages) == len(looked)
    return ahead, len(looked)


def test_in_this_process_each_document_is_read_when_its_turn_comes(monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path) -> None:
    ahead, n = _read_ahead(monkeypatch, corpus, tmp_path, jobs=1)
    assert n >= 150 and max(ahead) == 0


def test_with_workers_the_read_ahead_is_the_window_not_the_input(monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("RECONCILE_MIN_WORKER_BYTES", "1")
    monkeypatch.setattr(local, "IN_FLIGHT_PER_WORKER", 2)
    ahead, n = _read_ahead(monkeypatch, corpus, tmp_path, jobs=2)
    batch = max(1, min(64, n // (2 * 8)))
    # Two batches per worker in flight and the batch being consumed: never the whole input.
    assert max(ahead) <= (2 * 2 + 1) * batch < n - 1, (max(ahead), batch, n)


def test_a_run_from_the_ledger_alone_starts_no_worker(monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("RECONCILE_MIN_WORKER_BYTES", "1")
    db = tmp_path / "l.db"
    ledger = api.open_ledger(db)
    try:
        first = api.run_paths([str(corpus)], jobs=2, ledger=ledger)
    finally:
        ledger.close()

    class NoPool:
        def __init__(self, *a: object, **k: object) -> None:
            pass

        def __enter__(self) -> "NoPool":
            return self

        def __exit__(self, *a: object) -> None:
            pass

        def submit(self, *a: object, **k: object) -> None:
            raise AssertionError("a worker was asked to extract a document the ledger holds")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    ledger = api.open_ledger(db)
    try:
        again = api.run_paths([str(corpus)], jobs=2, ledger=ledger)
    finally:
        ledger.close()
    assert len(again.pages) == len(first.pages) and len(again.figures) == len(first.figures)
    key = lambda r: sorted(json.dumps([f.rule, f.fingerprint], ensure_ascii=False) for f in r.findings)  # noqa: E731
    assert key(again) == key(first)
