"""The ledger: exact round trips, no re-extraction of unchanged documents, transactions and one run at a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reconcile.ingest import page_from_text
from reconcile.ledger import Ledger, LedgerBusy, LedgerError
from reconcile.models import Figure, Growth
from reconcile.serial import figure_from_json, figure_to_json, page_from_json, page_to_json

TEXT = "本报讯 2024年，甲市技术合同成交额达27.41亿元，\n同比增长82%。\n\n全市高新技术企业609家。"


def _fig(page, text, value, unit, growth=None):
    start = page.text.index(text)
    return Figure(page.doc, start, start + len(text), page.line_of(start), text, value, unit, 1.0, None, "count", None, "actual", "m", "甲市", "2024", "stated", growth=growth)


def test_page_and_figures_round_trip_exactly() -> None:
    page = page_from_text(TEXT, doc="a.txt", date="2025-01")
    assert page_from_json(page_to_json(page)) == page
    f = _fig(page, "82%", 82.0, "%", Growth(0.82, "yoy", "2023", 0, 0.815, 0.825))
    assert figure_from_json(figure_to_json(f)) == f


def test_lookup_by_stat_then_hash_and_version(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    page = page_from_text(TEXT, doc="a.txt")
    figs = (_fig(page, "609家", 609.0, "家"),)
    with Ledger.open(db, "v1") as led:
        with led.transaction():
            led.store(page, figs, sha256="abc", size=10, mtime_ns=5)
        assert led.lookup("a.txt", size=10, mtime_ns=5).figures == figs
        assert led.lookup("a.txt", size=11, mtime_ns=5) is None
        assert led.lookup("a.txt", sha256="abc").page == page
        assert led.lookup("a.txt", sha256="abd") is None
        assert led.lookup("a.txt", sha256="abc", meta="x") is None  # another manifest entry: another page
    with Ledger.open(db, "v2") as led:  # new extractor or rules: nothing cached is valid
        assert led.lookup("a.txt", sha256="abc") is None


def test_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerError) as err:
        Ledger.open(db, "v1")
    assert "l.db" in str(err.value)


def test_second_run_waits_then_fails_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    told = []
    with Ledger.open(db, "v1"):
        with pytest.raises(LedgerBusy) as err:
            Ledger.open(db, "v1", wait=0.3, on_wait=told.append)
    assert told and "waiting" in told[0]
    assert "\n" not in str(err.value)
    with Ledger.open(db, "v1"):  # released
        pass


def test_killed_writer_leaves_previous_state(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    page = page_from_text(TEXT, doc="a.txt")
    with Ledger.open(db, "v1") as led:
        with led.transaction():
            led.store(page, (), sha256="old", size=1, mtime_ns=1)
    script = textwrap.dedent(f"""
        import sys, time
        from reconcile.ingest import page_from_text
        from reconcile.ledger import Ledger
        page = page_from_text({TEXT!r}, doc="a.txt")
        led = Ledger.open(__import__("pathlib").Path({str(db)!r}), "v1")
        led._conn.execute("BEGIN IMMEDIATE")
        for i in range(200):
            led.store(page, (), sha256="new", size=2, mtime_ns=2)
            page2 = page_from_text({TEXT!r}, doc=f"b{{i}}.txt")
            led.store(page2, (), sha256="x", size=1, mtime_ns=1)
        print("ready", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Ledger.open(db, "v1", wait=5) as led:
        assert led.docs() == ["a.txt"]
        assert led.lookup("a.txt", sha256="old") is not None


class _Indexer:
    def __init__(self, version: str):
        self.version = version

    def index(self, page, figures):
        return {f"k:{page.doc}", "k:shared"}, {"n": len(figures), "by": self.version}


def test_index_and_derived_data_kept_per_indexer_version(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    a, b = page_from_text(TEXT, doc="a.txt"), page_from_text(TEXT, doc="b.txt")
    with Ledger.open(db, "v1") as led:
        led.indexer = _Indexer("i1")
        with led.transaction():
            led.store(a, (_fig(a, "609家", 609.0, "家"),), sha256="a", size=1, mtime_ns=1)
            led.store(b, (), sha256="b", size=1, mtime_ns=1)
        assert led.index_of("a.txt") == ({"k:a.txt", "k:shared"}, {"n": 1, "by": "i1"})
        assert led.related({"k:shared"}, exclude={"a.txt"}) == ["b.txt"]
        loaded = led.load_many(["b.txt", "a.txt", "missing.txt"])
        assert set(loaded) == {"a.txt", "b.txt"} and loaded["a.txt"].derived == {"n": 1, "by": "i1"}
        assert loaded["a.txt"].page == a and led.load("b.txt").figures == ()
    with Ledger.open(db, "v1") as led:  # the same documents, indexed by other code: the derived data is not trusted
        led.indexer = _Indexer("i2")
        assert led.index_of("a.txt") is None
        assert led.load("a.txt").derived is None and led.load("a.txt").page == a
        with led.transaction():
            led.store(a, (), sha256="a2", size=2, mtime_ns=2)  # storing again replaces keys and data
        assert led.index_of("a.txt") == ({"k:a.txt", "k:shared"}, {"n": 0, "by": "i2"})
        with led.transaction():
            led.forget(["a.txt"])
        assert led.index_of("a.txt") is None and led.related({"k:a.txt"}) == []
    with Ledger.open(db, "v2") as led:  # another extractor: nothing loads
        led.indexer = _Indexer("i2")
        assert led.load_many(["a.txt", "b.txt"]) == {}
