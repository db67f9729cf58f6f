"""The CI gate in a temporary git repository holding the five seed pages (issue 5's acceptance)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci"]


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reconcile.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "reconcile.toml").write_text('paths = ["seeds"]\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*GIT, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*GIT, "commit", "-qm", "the accepted pages"], cwd=tmp_path, check=True)
    return tmp_path


def _add(repo: Path, name: str, text: str) -> None:
    (repo / "seeds" / name).write_text(text, encoding="utf-8")


def _gate(repo: Path, *extra: str) -> subprocess.CompletedProcess:
    return _cli(["check", "seeds", "--since", "HEAD", "--format", "json", *extra], repo)


CONTRADICTION = "本报讯（记者 张明）2023年，呼和浩特市国家高新技术企业5330家，科技型中小企业649家。\n"


def test_contradicting_page_fails_and_names_both_pages(repo: Path) -> None:
    _add(repo, "005_new.txt", CONTRADICTION)
    out = _gate(repo)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    failing = [line for line in out.stderr.splitlines() if line.startswith("FAIL")]
    assert failing and all("seeds/005_new.txt" in line for line in failing)
    findings = json.loads(out.stdout)["findings"]
    docs = {e["doc"] for f in findings for e in f["evidence"]}
    assert {"seeds/005_new.txt", "seeds/001_d8aa3103f1ade5f0.txt"} <= docs
    assert any("5330" in e["text"] for f in findings for e in f["evidence"])


def test_unrelated_clean_page_passes(repo: Path) -> None:
    _add(repo, "005_weather.txt", "本报讯 今天上午，市气象台发布天气预报：明天多云转晴，气温较前一日略有回升。\n")
    out = _gate(repo)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr


def test_reprint_fails_as_duplicate_unless_duplicates_are_warnings(repo: Path) -> None:
    page = (repo / "seeds" / "002_b0bbc6f41759bae2.txt").read_text(encoding="utf-8")
    article = page.split("○视线")[0]  # the first article of the page, reprinted on a new page
    _add(repo, "005_reprint.txt", "本报讯\n\n" + article)
    default = _gate(repo)
    assert default.returncode == 1, default.stderr
    assert {f["kind"] for f in json.loads(default.stdout)["findings"]} == {"duplicate"}
    (repo / "reconcile.toml").write_text('paths = ["seeds"]\nseverity = {RC5 = "warning"}\nfail_on = "error"\n', encoding="utf-8")
    relaxed = _gate(repo)
    assert relaxed.returncode == 0, relaxed.stderr


def test_reviewed_finding_no_longer_fails(repo: Path) -> None:
    _add(repo, "005_new.txt", CONTRADICTION)
    first = _gate(repo)
    assert first.returncode == 1
    failing = [line.split()[2] for line in first.stderr.splitlines() if line.startswith("FAIL")]
    for fp in failing:
        rec = _cli(["review", fp, "--dismiss", "--reason", "核实：5330为笔误，已更正", "--by", "编辑部"], repo)
        assert rec.returncode == 0, rec.stderr
    reviews = (repo / "reviews.yaml").read_text(encoding="utf-8")
    assert all(fp in reviews for fp in failing) and "编辑部" in reviews
    second = _gate(repo)
    assert second.returncode == 0, second.stderr
    shown = json.loads(second.stdout)["findings"]
    assert all(f["review"] and f["review"]["decision"] == "dismiss" for f in shown if f["fingerprint"] in failing)


def test_unrelated_edit_keeps_fingerprints(repo: Path) -> None:
    before = _cli(["run", "seeds", "--format", "json", "--no-db"], repo)
    page = repo / "seeds" / "002_b0bbc6f41759bae2.txt"
    text = page.read_text(encoding="utf-8")
    page.write_text("本报讯 编者按：本版稿件均经作者审阅。\n\n" + text.replace("一幅幅高质量发展的生动图景", "一幅幅生动图景"), encoding="utf-8")
    after = _cli(["run", "seeds", "--format", "json", "--no-db"], repo)
    fp = lambda out: {(f["rule"], f["fingerprint"]) for f in json.loads(out.stdout)["findings"]}  # noqa: E731
    assert fp(before) and fp(before) == fp(after)


def test_bad_revision_is_a_usage_error(repo: Path) -> None:
    out = _cli(["check", "seeds", "--since", "no-such-rev"], repo)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "no-such-rev" in out.stderr


def test_named_file_is_checked_against_the_ledger(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "archive")
    filled = _cli(["run", "archive", "--format", "json", "--db", "l.db"], tmp_path)
    assert filled.returncode == 0, filled.stderr
    (tmp_path / "new.txt").write_text(CONTRADICTION, encoding="utf-8")
    out = _cli(["check", "new.txt", "--db", "l.db", "--format", "json"], tmp_path)  # no paths configured
    assert out.returncode == 1, out.stderr
    docs = {e["doc"] for f in json.loads(out.stdout)["findings"] for e in f["evidence"]}
    assert {"new.txt", "archive/001_d8aa3103f1ade5f0.txt"} <= docs


def test_key_parts_from_the_ledger_give_the_same_findings(tmp_path: Path) -> None:
    """The gate aligns ledger documents with the key parts stored with them; computing them again (a ledger whose
    derived data is missing or from another version of the code) must give the same findings, and so must a
    repeat of the check, which reads the new page's own keys and parts back from the ledger."""
    import sqlite3

    from reconcile import api

    shutil.copytree(ROOT / "seeds", tmp_path / "archive")
    (tmp_path / "new.txt").write_text(CONTRADICTION + (ROOT / "seeds" / "003_29a8b40233861e21.txt").read_text(encoding="utf-8")[:600], encoding="utf-8")
    db = tmp_path / "l.db"

    def check() -> list[tuple]:
        ledger = api.open_ledger(db)
        try:
            result = api.check_paths([], new_files=["new.txt"], ledger=ledger, cwd=tmp_path)
        finally:
            ledger.close()
        assert result.outcome.failed
        return [(f.rule, f.fingerprint, f.message, tuple((e.doc, e.start, e.end) for e in f.evidence)) for f in result.run.findings]

    ledger = api.open_ledger(db)
    try:
        api.run_and_record(["archive"], ledger=ledger, cwd=tmp_path)
    finally:
        ledger.close()
    first = check()  # extracts and stores the new page
    assert first and first == check()  # everything read back from the ledger
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM derived").fetchone()[0] == 6
        conn.execute("UPDATE derived SET version = 'older'")
    assert check() == first  # key parts computed again


def test_the_gate_prints_its_findings_and_no_timelines(repo: Path) -> None:
    from reconcile.locale import messages

    heading = messages("en")("metrics.heading")
    run = _cli(["run", "seeds", "--no-db", "--lang", "en", "--format", "table"], repo)
    assert heading in run.stdout  # what a run prints after its findings
    _add(repo, "005_new.txt", CONTRADICTION)
    out = _cli(["check", "seeds", "--since", "HEAD", "--no-db", "--lang", "en", "--format", "table"], repo)
    assert out.returncode == 1, out.stderr
    assert "5330" in out.stdout and heading not in out.stdout
