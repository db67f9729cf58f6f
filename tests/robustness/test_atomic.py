"""Issue 7, output and state: a run killed (SIGKILL) while it writes a report or the ledger leaves the previous
report and ledger intact, and the next run works.

The kill comes at a chosen moment through faults/sitecustomize.py: after the new report is written in full to its
temporary file but before the rename, and after the second document is stored inside the ledger's transaction.
A last test kills at an unchosen moment, as soon as a temporary report file appears, with no fault injected.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import TEXT, reconcile, start

OLD = "本报讯 2024年，呼和浩特市技术合同成交额15.06亿元。2025年，呼和浩特市技术合同成交额27.41亿元，同比增长95%。\n"
NEW = "本报讯 2025年，包头市规模以上工业增加值增长8.1%，全市新增企业312家。\n"


def _kill_when_paused(proc: subprocess.Popen[bytes], marker: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended (exit {proc.returncode}) before the pause:\n{err.decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the run did not reach the pause")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("option,fmt,name", [("--output", "json", "report.json"), ("--html", None, "report.html")])
def test_a_report_killed_while_being_written_leaves_the_previous_one(tmp_path: Path, option: str, fmt: str | None, name: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(OLD, encoding="utf-8")
    args = ["run", "--no-db", "page.txt", option, name] + (["--format", fmt] if fmt else [])
    first = reconcile(*args, cwd=tmp_path)
    assert first.code == 0, first.err
    previous = (tmp_path / name).read_bytes()
    assert "15.06" in previous.decode("utf-8")

    page.write_text(NEW, encoding="utf-8")
    marker = tmp_path / "paused"
    proc = start(*args, cwd=tmp_path, faults={"RECONCILE_FAULT_PAUSE_REPLACE": str(tmp_path / name), "RECONCILE_FAULT_MARKER": str(marker)})
    _kill_when_paused(proc, marker)

    assert (tmp_path / name).read_bytes() == previous, "the previous report is intact"
    partial = [p for p in tmp_path.iterdir() if p.name.startswith(f".{name}.")]
    assert partial and "包头市" in partial[0].read_text(encoding="utf-8"), "the kill came in the middle of writing"

    again = reconcile(*args, cwd=tmp_path)
    assert again.code == 0
    assert "包头市" in (tmp_path / name).read_text(encoding="utf-8")
    if fmt == "json":
        json.loads((tmp_path / name).read_text(encoding="utf-8"))


def _ledger_state(db: Path) -> tuple[dict[str, str], list[tuple[str, str]], str]:
    with sqlite3.connect(db) as conn:  # a plain connection: SQLite rolls back the hot journal on first read
        docs = {d: sha.split(":")[0] for d, sha in conn.execute("SELECT doc, sha256 FROM documents")}
        findings = sorted(conn.execute("SELECT rule, fingerprint FROM findings"))
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return docs, findings, check


def test_a_ledger_transaction_killed_halfway_leaves_the_previous_ledger(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(OLD, encoding="utf-8")
    (pages / "b.txt").write_text(TEXT, encoding="utf-8")
    first = reconcile("run", "--db", "l.db", "pages", "--format", "json", cwd=tmp_path)
    assert first.code == 0, first.err
    docs, findings, ok = _ledger_state(tmp_path / "l.db")
    sha = {n: hashlib.sha256((pages / n).read_bytes()).hexdigest() for n in ("a.txt", "b.txt")}
    assert docs == {"pages/a.txt": sha["a.txt"], "pages/b.txt": sha["b.txt"]} and findings and ok == "ok"

    (pages / "a.txt").write_text(NEW, encoding="utf-8")
    (pages / "b.txt").write_text(NEW + TEXT, encoding="utf-8")
    (pages / "c.txt").write_text(TEXT + NEW, encoding="utf-8")
    marker = tmp_path / "paused"
    proc = start("run", "--db", "l.db", "pages", cwd=tmp_path, faults={"RECONCILE_FAULT_PAUSE_STORE": "2", "RECONCILE_FAULT_MARKER": str(marker)})
    _kill_when_paused(proc, marker)

    assert _ledger_state(tmp_path / "l.db") == (docs, findings, "ok"), "the previous ledger is intact"

    again = reconcile("run", "--db", "l.db", "pages", "--format", "json", cwd=tmp_path)
    assert again.code == 0, again.err
    docs2, _, ok2 = _ledger_state(tmp_path / "l.db")
    assert set(docs2) == {"pages/a.txt", "pages/b.txt", "pages/c.txt"} and ok2 == "ok"
    assert docs2["pages/a.txt"] == hashlib.sha256((pages / "a.txt").read_bytes()).hexdigest()


def test_a_kill_at_any_moment_never_leaves_a_partial_report(tmp_path: Path, seeds_dir: Path) -> None:
    """No fault injected: kill as soon as the temporary report appears; the report is the old one or a whole new one."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for p in sorted(seeds_dir.glob("*.txt")):
        (pages / p.name).write_bytes(p.read_bytes())
    first = reconcile("run", "--no-db", "pages", "--format", "json", "--output", "report.json", cwd=tmp_path)
    assert first.code == 0, first.err
    previous = (tmp_path / "report.json").read_bytes()
    proc = start("run", "--no-db", "pages", "--format", "json", "--output", "report.json", cwd=tmp_path)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".report.json.") for p in tmp_path.iterdir()):
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.001)
    proc.communicate()
    now = (tmp_path / "report.json").read_bytes()
    assert now == previous or json.loads(now)["documents"], "old report, or a complete new one"
