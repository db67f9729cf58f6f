"""Issue 7, exit codes end to end: 0 completed, 1 gate failed, 2 usage or configuration error, 3 some inputs
unreadable; when several apply, the first of 2, 1, 3 wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import TEXT, assert_problem_lines, reconcile

# 15.06 -> 27.41 is +82.0%, not +95%: a growth-mismatch error in a single new page, whatever else is there.
WRONG_GROWTH = "本报讯 2024年，呼和浩特市技术合同成交额15.06亿元。2025年，呼和浩特市技术合同成交额27.41亿元，同比增长95%。\n"
RIGHT_GROWTH = WRONG_GROWTH.replace("95%", "82%")


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    (tmp_path / "wrong.txt").write_text(WRONG_GROWTH, encoding="utf-8")
    (tmp_path / "right.txt").write_text(RIGHT_GROWTH, encoding="utf-8")
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def test_usage_error_beats_an_unreadable_file(pages: Path) -> None:
    res = reconcile("run", "--no-db", "empty.txt", "missing.txt", "--format", "json", cwd=pages)
    assert res.code == 2 and res.out == ""
    assert len(res.lines) == 1 and "missing.txt" in res.lines[0]


def test_a_bad_option_value_beats_an_unreadable_file(pages: Path) -> None:
    res = reconcile("run", "--no-db", "empty.txt", "--format", "pdf", cwd=pages)
    assert res.code == 2 and res.out == ""
    assert len(res.lines) == 1 and "pdf" in res.lines[0] and "--help" in res.lines[0], res.err


@pytest.mark.parametrize("command", ["extract", "run"])
def test_an_unknown_encoding_is_one_usage_error_not_one_line_per_file(pages: Path, command: str) -> None:
    res = reconcile(command, *(["--no-db"] if command == "run" else []), "--encoding", "no-such-codec", ".", cwd=pages)
    assert res.code == 2 and res.out == ""
    assert len(res.lines) == 1 and "no-such-codec" in res.lines[0], res.err


def test_a_failed_gate_beats_an_unreadable_file(pages: Path) -> None:
    res = reconcile("check", "--no-db", "wrong.txt", "empty.txt", "--format", "json", cwd=pages)
    assert res.code == 1, res.err
    assert_problem_lines(res, ["empty.txt"])
    assert [f["rule"] for f in res.json()["findings"]] == ["RC201"], "the gate's report is complete"
    assert sum(ln.startswith("FAIL RC201 ") for ln in res.lines) == 1


def test_a_passed_gate_with_an_unreadable_file_exits_3(pages: Path) -> None:
    res = reconcile("check", "--no-db", "right.txt", "empty.txt", "--format", "json", cwd=pages)
    assert res.code == 3, res.err
    assert_problem_lines(res, ["empty.txt"])
    assert res.json()["findings"] == []


def test_a_failed_gate_alone_exits_1_and_a_clean_one_0(pages: Path) -> None:
    assert reconcile("check", "--no-db", "wrong.txt", cwd=pages).code == 1
    clean = reconcile("check", "--no-db", "right.txt", "good.txt", cwd=pages)
    assert clean.code == 0, clean.err


def test_run_reports_findings_but_exits_0(pages: Path) -> None:
    """`run` reports; only `check` is a gate."""
    res = reconcile("run", "--no-db", "wrong.txt", "--format", "json", cwd=pages)
    assert res.code == 0 and res.lines == []
    assert [f["rule"] for f in res.json()["findings"]] == ["RC201"]


def test_a_usage_error_of_the_gate_beats_everything(pages: Path) -> None:
    res = reconcile("check", "--no-db", cwd=pages)  # neither files nor --since
    assert res.code == 2 and len(res.lines) == 1


# ------------------------------------------------------------------------------------ where reports go


@pytest.mark.parametrize("option", ["--output", "--html"])
@pytest.mark.parametrize("target", ["a-folder", "a-file/report.out"])
def test_a_report_path_that_cannot_be_written(pages: Path, option: str, target: str) -> None:
    (pages / "a-folder").mkdir()
    (pages / "a-file").write_text("", encoding="utf-8")
    res = reconcile("run", "--no-db", "good.txt", option, target, cwd=pages)
    assert res.code == 2, res.err
    (line,) = [ln for ln in res.lines if not ln.startswith("HTML report")]
    assert target.split("/")[0] in line and "internal error" not in line, line
    assert not [p for p in pages.rglob(".*.tmp")], "no temporary file left behind"


def test_a_full_disk_while_writing_the_report(pages: Path) -> None:
    (pages / "report.json").write_text('{"previous": true}', encoding="utf-8")
    res = reconcile("run", "--no-db", "good.txt", "--format", "json", "--output", "report.json", cwd=pages,
                    faults={"RECONCILE_FAULT_DISK_FULL": "1"})
    assert res.code == 2, res.err
    assert len(res.lines) == 1 and "report.json" in res.lines[0] and "internal error" not in res.lines[0], res.err
    assert (pages / "report.json").read_text(encoding="utf-8") == '{"previous": true}'
    assert not [p for p in pages.glob(".*.tmp")]
