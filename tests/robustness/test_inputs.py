"""Issue 7, inputs, end to end: `reconcile extract` and `reconcile run` over bad inputs mixed with good ones.

Each bad input gets one line on standard error naming it (what; what to do), the exit code says what happened
(0 read, 3 something skipped, 2 a usage error), nothing prints a traceback, and the good documents' figures are
exactly those they have when read alone.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from .conftest import TEXT, TRADITIONAL, assert_problem_lines, figures_by_doc, reconcile


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:t>27.41亿元</w:t>")
    return buf.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _bad_utf8() -> tuple[bytes, int]:
    good = TEXT.encode("utf-8")
    cut = good.index("呼".encode())
    return good[:cut] + b"\xff\xfe" + good[cut:], cut


# What a newsroom folder holds: files that cannot be read, beside files in every encoding and line end.
SKIPPED = {
    "empty.txt": b"",
    "blank.txt": b" \r\n\t\n",
    "scan.png.txt": _png(),  # exported with the wrong suffix: only the bytes tell
    "export.docx.txt": _zip(),
    "page.pdf.txt": _pdf(),
}
READ = {
    "utf8.txt": TEXT.encode("utf-8"),
    "gb18030.txt": TEXT.encode("gb18030"),
    "utf16.txt": TEXT.encode("utf-16"),  # with its BOM
    "utf8-bom.txt": TEXT.encode("utf-8-sig"),
    "crlf.txt": TEXT.replace("\n", "\r\n").encode("utf-8"),
    "cr.txt": TEXT.replace("\n", "\r").encode("utf-8"),
    "big5.txt": TRADITIONAL.encode("big5"),
    "新闻 稿件/第 1 版 呼和浩特.txt": TEXT.encode("utf-8"),
}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("newsroom")
    folder = root / "in"
    for name, data in {**SKIPPED, **READ}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    bad, _ = _bad_utf8()
    (folder / "bad-bytes.txt").write_bytes(bad)
    os.symlink(folder, folder / "新闻 稿件" / "loop")  # a link back to an ancestor: walking it never ends
    os.symlink("self.txt", folder / "self.txt")  # a link to itself: the OS refuses to follow it (ELOOP)
    os.symlink("nowhere.txt", folder / "dangling.txt")
    return root


@pytest.fixture(scope="module")
def extracted(newsroom: Path):  # type: ignore[no-untyped-def]
    return reconcile("extract", "in", cwd=newsroom)


def test_extract_skips_each_unreadable_file_with_one_line_and_exit_3(extracted) -> None:  # type: ignore[no-untyped-def]
    assert extracted.code == 3, extracted.err
    assert_problem_lines(extracted, [f"in/{n}" for n in SKIPPED], "skipped")


def test_extract_reads_every_encoding_and_line_end_to_the_same_figures(extracted) -> None:  # type: ignore[no-untyped-def]
    figs = figures_by_doc(extracted.jsonl())
    assert set(figs) == {f"in/{n}" for n in READ} | {"in/bad-bytes.txt"}, "every readable file is reported"
    reference = [(t, v) for t, v, _, _ in figs["in/utf8.txt"]]
    assert reference, "the reference text has figures"
    for name in ("gb18030.txt", "utf16.txt", "utf8-bom.txt", "新闻 稿件/第 1 版 呼和浩特.txt"):
        assert figs[f"in/{name}"] == figs["in/utf8.txt"], name  # same offsets: they count after the BOM
    for name in ("crlf.txt", "cr.txt"):
        assert [(t, v) for t, v, _, _ in figs[f"in/{name}"]] == reference, name
    assert [v for _, v, _, _ in figs["in/big5.txt"]] == [v for _, v in reference]  # printed in Traditional


def test_line_numbers_are_the_same_whatever_the_line_end(extracted) -> None:  # type: ignore[no-untyped-def]
    records = extracted.jsonl()
    lines = {(r["doc"], r["text"]): r["line"] for r in records}
    for eol in ("crlf.txt", "cr.txt"):
        assert lines[(f"in/{eol}", "609家")] == lines[("in/utf8.txt", "609家")] == 3


def test_invalid_utf8_inside_a_page_is_read_with_a_warning_naming_the_byte_offset(extracted) -> None:  # type: ignore[no-untyped-def]
    _, offset = _bad_utf8()
    assert_problem_lines(extracted, ["in/bad-bytes.txt"], "warning")
    (line,) = extracted.lines_about("in/bad-bytes.txt")
    assert str(offset) in line
    figs = figures_by_doc(extracted.jsonl())["in/bad-bytes.txt"]
    assert "27.41亿元" in [t for t, _, _, _ in figs], "the page is read, not skipped"


def test_a_symbolic_link_loop_is_reported_once_and_walked_once(extracted) -> None:  # type: ignore[no-untyped-def]
    loop_lines = [ln for ln in extracted.lines if "/loop:" in ln]
    assert len(loop_lines) == 1 and loop_lines[0].startswith("warning: "), extracted.err
    assert not any("/loop/" in r["doc"] for r in extracted.jsonl())


def test_links_to_nothing_or_to_themselves_get_one_line_each(extracted) -> None:  # type: ignore[no-untyped-def]
    assert_problem_lines(extracted, ["in/self.txt", "in/dangling.txt"], "warning")


def test_every_line_on_standard_error_is_about_one_input(extracted) -> None:  # type: ignore[no-untyped-def]
    # Nothing else is printed: one line per skipped file, per warned file, per loop and per broken link.
    assert len(extracted.lines) == len(SKIPPED) + 4, extracted.err


def test_run_reports_the_other_files_completely(newsroom: Path, extracted) -> None:  # type: ignore[no-untyped-def]
    res = reconcile("run", "--no-db", "in", "--format", "json", cwd=newsroom)
    assert res.code == 3
    assert_problem_lines(res, [f"in/{n}" for n in SKIPPED], "skipped")
    report = res.json()
    assert len(report["documents"]) == len(READ) + 1
    by_doc = figures_by_doc(report["figures"])
    assert {d: [(t, v) for t, v, _, _ in f] for d, f in by_doc.items()} == {
        d: [(t, v) for t, v, _, _ in f] for d, f in figures_by_doc(extracted.jsonl()).items()
    }
    for name in SKIPPED:  # the report itself lists what was skipped
        assert sum(p.startswith(f"in/{name}: ") for p in report["problems"]) == 1, report["problems"]


@pytest.mark.parametrize("name,data", [("a.png", _png()), ("b.zip", _zip()), ("c.pdf", _pdf())])
def test_binary_files_named_on_the_command_line(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("extract", name, "good.txt", cwd=tmp_path)
    assert res.code == 3
    assert_problem_lines(res, [name])
    assert {r["doc"] for r in res.jsonl()} == {"good.txt"}


def test_all_good_inputs_exit_0_with_nothing_on_standard_error(tmp_path: Path) -> None:
    (tmp_path / "a b 甲.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--no-db", "a b 甲.txt", "--format", "json", cwd=tmp_path)
    assert res.code == 0 and res.lines == []
    assert len(res.json()["documents"]) == 1


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("extract", "good.txt", "no such.txt", cwd=tmp_path)
    assert res.code == 2 and res.out == ""
    assert len(res.lines) == 1 and "no such.txt" in res.lines[0]


# ------------------------------------------------------------------------------ files failing mid-run


def test_a_file_that_cannot_be_opened(tmp_path: Path) -> None:
    """Permission denied (simulated: the tests run as root) skips that file only."""
    (tmp_path / "secret.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--no-db", ".", "--format", "json", cwd=tmp_path, faults={"RECONCILE_FAULT_DENY": str(tmp_path / "secret.txt")})
    assert res.code == 3
    assert_problem_lines(res, ["secret.txt"])
    assert "permission" in res.lines_about("secret.txt")[0].lower()
    assert {f["doc"] for f in res.json()["figures"]} == {"good.txt"}


def test_a_file_removed_during_the_run(tmp_path: Path) -> None:
    """Found by the walk, deleted before it is read (for real: the fault deletes it at its first open)."""
    (tmp_path / "gone.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("extract", ".", cwd=tmp_path, faults={"RECONCILE_FAULT_VANISH": str(tmp_path / "gone.txt")})
    assert not (tmp_path / "gone.txt").exists()
    assert res.code == 3
    assert_problem_lines(res, ["gone.txt"])
    assert {r["doc"] for r in res.jsonl()} == {"good.txt"}


def test_a_file_removed_during_a_run_with_the_ledger(tmp_path: Path) -> None:
    """With the ledger, the file is stat'ed and hashed before it is read: removed in between, same answer."""
    (tmp_path / "gone.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--db", "l.db", ".", "--format", "json", cwd=tmp_path, faults={"RECONCILE_FAULT_VANISH": str(tmp_path / "gone.txt")})
    assert res.code == 3
    assert_problem_lines(res, ["gone.txt"])
    assert {f["doc"] for f in res.json()["figures"]} == {"good.txt"}


# ---------------------------------------------------------------------------------------- standard input


def test_standard_input_in_gb18030(tmp_path: Path) -> None:
    res = reconcile("extract", "-", cwd=tmp_path, stdin=TEXT.encode("gb18030"))
    assert res.code == 0 and res.lines == []
    records = res.jsonl()
    assert {r["doc"] for r in records} == {"<stdin>"} and "27.41亿元" in [r["text"] for r in records]


def test_empty_standard_input_beside_a_file(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--no-db", "-", "good.txt", "--format", "json", cwd=tmp_path, stdin=b"")
    assert res.code == 3
    assert_problem_lines(res, ["<stdin>"])
    assert {f["doc"] for f in res.json()["figures"]} == {"good.txt"}


def test_standard_input_named_twice_is_read_once(tmp_path: Path) -> None:
    res = reconcile("extract", "-", "-", cwd=tmp_path, stdin=TEXT.encode("utf-8"))
    assert res.code == 0 and res.lines == []  # not an empty second read of standard input, skipped with exit 3
    records = res.jsonl()
    assert {r["doc"] for r in records} == {"<stdin>"} and "27.41亿元" in [r["text"] for r in records]
    once = reconcile("extract", "-", cwd=tmp_path, stdin=TEXT.encode("utf-8")).jsonl()
    assert records == once


# ------------------------------------------------------------------------------------------- volume


def test_a_folder_of_ten_thousand_small_files(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for d in range(10):
        (root / f"d{d}").mkdir(parents=True)
        for i in range(1000):
            (root / f"d{d}" / f"{i:04d}.txt").write_text(f"全市新增企业{d * 1000 + i}家。\n", encoding="utf-8")
    (root / "d0" / "0000.txt").write_bytes(b"")  # one of them is empty
    start = time.monotonic()
    res = reconcile("extract", "many", "--format", "csv", cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert res.code == 3
    assert_problem_lines(res, ["many/d0/0000.txt"])
    rows = res.out.splitlines()[1:]
    assert len(rows) == 9_999 and len({r.split(",")[0] for r in rows}) == 9_999
    assert elapsed < 300, f"{elapsed:.0f} s for 10,000 files"


@pytest.mark.slow
def test_a_large_file(tmp_path: Path, seeds_dir: Path) -> None:
    """About 3 MB in one file through `reconcile extract`: ingest is tested at 50 MB (tests/ingest) and measured at
    200 MB (bench/ingest_large.py); extraction runs at about 60,000 characters a second, so a few MB here."""
    block = b"\n\n".join(p.read_bytes() for p in sorted(seeds_dir.glob("*.txt"))) + b"\n\n"
    copies = 3_000_000 // len(block) + 1
    with open(tmp_path / "large.txt", "wb") as out:
        for _ in range(copies):
            out.write(block)
    (tmp_path / "empty.txt").write_bytes(b"")
    start = time.monotonic()
    res = reconcile("extract", "large.txt", "empty.txt", "--format", "csv", "--output", "figures.csv", cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert res.code == 3
    assert_problem_lines(res, ["empty.txt"])
    single = reconcile("extract", str(sorted(seeds_dir.glob("*.txt"))[0]), "--format", "csv", cwd=tmp_path)
    assert single.code == 0
    rows = (tmp_path / "figures.csv").read_text(encoding="utf-8").count("\nlarge.txt,")
    assert rows > copies * (len(single.out.splitlines()) - 1), "every copy's figures are there"
    assert elapsed < 900, f"{elapsed:.0f} s"
