"""Every input case of issue 7 that concerns reading: each gets a Page or a one-line Problem, never an
exception; fatal Problems skip the document (exit 3), warnings keep it."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from reconcile.errors import UsageError
from reconcile.ingest import Source, discover, load, page_from_text
from reconcile.models import Page, Problem

CHINESE = "本报讯（记者 安娜）今年1—5月，呼和浩特市技术合同成交额27.41亿元，同比增长16%。\n\n第二段：發展經濟。\n"


def _load(path: Path, **kw) -> Page | Problem:  # type: ignore[no-untyped-def]
    return load(Source(path.name, path), **kw)


def _fatal(result: Page | Problem) -> Problem:
    assert isinstance(result, Problem), f"expected a fatal Problem, got {type(result).__name__}"
    assert result.fatal
    assert result.what and result.fix
    assert "\n" not in result.line()
    return result


def _page(result: Page | Problem) -> Page:
    assert isinstance(result, Page), f"expected a Page, got {result}"
    return result


def _sentences_slice_back(page: Page) -> None:
    for a in page.articles:
        for p in a.paragraphs:
            for s in p.sentences:
                assert page.orig_span(s.nstart, s.nend) == (s.start, s.end)
                assert page.text[s.start : s.end].strip()


# ------------------------------------------------------------------------------------------ empty, binary


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  \r\n", "\ufeff".encode()])
def test_empty_or_blank_file_is_skipped(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(data)
    _fatal(_load(f))


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    return buf.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


@pytest.mark.parametrize("name,data", [("a.png.txt", _png()), ("b.zip.txt", _zip()), ("c.pdf.txt", _pdf())])
def test_binary_files_are_skipped(tmp_path: Path, name: str, data: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    problem = _fatal(_load(f))
    assert problem.doc == name


def test_random_control_bytes_are_not_text(tmp_path: Path) -> None:
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes(b % 32 for b in range(1, 5000)).replace(b"\x00", b"\x01"))
    _fatal(_load(f))


# ------------------------------------------------------------------------------------------- encodings


def test_invalid_utf8_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    good = CHINESE.encode("utf-8")
    cut = good.index("呼".encode())
    data = good[:cut] + b"\xff\xfe" + good[cut:]
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    page = _page(_load(f))
    assert "\ufffd" in page.text and "呼和浩特市" in page.text
    assert len(page.warnings) == 1 and not page.warnings[0].fatal
    assert str(cut) in page.warnings[0].what  # names the byte offset
    _sentences_slice_back(page)


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_simplified_text_in_other_encodings(tmp_path: Path, codec: str) -> None:
    f = tmp_path / f"{codec}.txt"
    f.write_bytes(CHINESE.encode(codec))
    page = _page(_load(f))
    assert page.text == CHINESE  # offsets count after the BOM
    assert not page.warnings


def test_big5_traditional_text_is_read_and_simplified_for_matching(tmp_path: Path) -> None:
    text = "本報訊 今年1—5月，呼和浩特市技術合同成交額27.41億元，同比增長16%。發展經濟，穩步推進。\n"
    f = tmp_path / "big5.txt"
    f.write_bytes(text.encode("big5"))
    page = _page(_load(f))
    assert page.text == text  # reported as printed
    assert page.encoding == "big5"
    assert "技术合同成交额27.41亿元" in page.norm  # matched in Simplified
    assert len(page.norm) == len(page.text) or page.orig_span(0, len(page.norm))[1] <= len(page.text)


def test_forced_encoding(tmp_path: Path) -> None:
    f = tmp_path / "forced.txt"
    f.write_bytes(CHINESE.encode("gb18030"))
    assert _page(_load(f, encoding="gb18030")).text == CHINESE
    wrong = _load(f, encoding="utf-8")
    assert isinstance(wrong, (Page, Problem))  # never raises, whatever is forced
    _fatal(_load(f, encoding="no-such-codec"))


# ------------------------------------------------------------------------------------------ line ends


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends(tmp_path: Path, eol: str) -> None:
    text = "# 标题\n\n本报讯 今年，技术合同成交额\n27.41亿元，同比增长16%。\n\n第二段。\n".replace("\n", eol)
    f = tmp_path / "eol.txt"
    f.write_bytes(text.encode("utf-8"))
    page = _page(_load(f))
    assert page.text == text  # kept as decoded
    assert "\r" not in page.norm
    assert "成交额27.41亿元" in page.norm  # the soft break inside the sentence is joined
    assert page.line_of(page.text.index("第二段")) == 6
    assert page.line_of(page.text.index("27.41")) == 4
    _sentences_slice_back(page)
    s = next(s for a in page.articles for p in a.paragraphs for s in p.sentences if "27.41" in page.norm[s.nstart : s.nend])
    assert page.text[s.start : s.end] == f"本报讯 今年，技术合同成交额{eol}27.41亿元，同比增长16%。"


# --------------------------------------------------------------------------------------- the file system


def test_file_removed_between_discover_and_load(tmp_path: Path) -> None:
    f = tmp_path / "gone.txt"
    f.write_text(CHINESE, encoding="utf-8")
    sources, problems = discover([str(f)], cwd=tmp_path)
    assert not problems
    f.unlink()
    assert "removed" in _fatal(load(sources[0])).what


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop reads (see the simulated test below)")
    f = tmp_path / "secret.txt"
    f.write_text(CHINESE, encoding="utf-8")
    f.chmod(0)
    try:
        _fatal(_load(f))
    finally:
        f.chmod(0o644)


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "secret.txt"
    f.write_text(CHINESE, encoding="utf-8")
    real_open = open

    def deny(path, *a, **kw):  # type: ignore[no-untyped-def]
        if Path(path) == f:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr("builtins.open", deny)
    assert "permission" in _fatal(_load(f)).what


def test_a_folder_named_as_a_file_at_load_time(tmp_path: Path) -> None:
    d = tmp_path / "dir.txt"
    d.mkdir()
    _fatal(load(Source("dir.txt", d)))


def test_names_with_spaces_and_chinese_characters(tmp_path: Path) -> None:
    folder = tmp_path / "新闻 稿件"
    folder.mkdir()
    (folder / "第 1 版 呼和浩特.txt").write_text(CHINESE, encoding="utf-8")
    sources, problems = discover(["新闻 稿件"], cwd=tmp_path)
    assert not problems
    assert [s.doc for s in sources] == ["新闻 稿件/第 1 版 呼和浩特.txt"]
    assert _page(load(sources[0])).doc == "新闻 稿件/第 1 版 呼和浩特.txt"


def test_symbolic_link_loop(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "x.txt").write_text(CHINESE, encoding="utf-8")
    os.symlink(root, root / "a" / "loop")  # a/loop -> root: walking it would never end
    os.symlink(root / "self", root / "self")  # a link to itself (ELOOP)
    start = time.monotonic()
    sources, problems = discover(["root"], cwd=tmp_path)
    assert time.monotonic() - start < 5
    assert [s.doc for s in sources] == ["root/a/x.txt"]
    assert any("loop" in p.what for p in problems)


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        discover(["no/such/file.txt"], cwd=tmp_path)


def test_walk_rules(tmp_path: Path) -> None:
    (tmp_path / "d" / ".hidden").mkdir(parents=True)
    (tmp_path / "d" / "sub").mkdir()
    for name in ["d/a.md", "d/b.HTML", "d/sub/c.txt", "d/.hidden/h.txt", "d/.x.txt", "d/manifest.csv", "d/e.pdf"]:
        (tmp_path / name).write_text("正文。", encoding="utf-8")
    os.symlink(tmp_path / "d" / "a.md", tmp_path / "d" / "z-link.md")  # the same file twice: read once
    sources, problems = discover(["d", "d/a.md"], cwd=tmp_path)
    assert [s.doc for s in sources] == ["d/a.md", "d/b.HTML", "d/sub/c.txt"]
    assert not problems


def test_doc_names_outside_the_working_directory_are_absolute(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    f = tmp_path / "out.txt"
    f.write_text("正文。", encoding="utf-8")
    sources, _ = discover([str(f)], cwd=tmp_path / "in")
    assert sources[0].doc == str(f).replace(os.sep, "/")
    sources, _ = discover(["../out.txt"], cwd=tmp_path / "in")
    assert sources[0].doc == str(f).replace(os.sep, "/")


def test_ten_thousand_small_files_are_found_fast(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for d in range(10):
        sub = root / f"d{d}"
        sub.mkdir(parents=True)
        for i in range(1000):
            (sub / f"{i:04d}.txt").write_bytes(b"x")
    start = time.monotonic()
    sources, problems = discover(["many"], cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert len(sources) == 10_000 and not problems
    assert elapsed < 3, f"discovering 10,000 files took {elapsed:.1f}s"
    assert [s.doc for s in sources] == sorted(s.doc for s in sources)


def test_standard_input() -> None:
    sources, problems = discover(["-"], stdin=io.BytesIO(CHINESE.encode("gb18030")))
    assert not problems and [s.doc for s in sources] == ["<stdin>"]
    page = _page(load(sources[0]))
    assert page.doc == "<stdin>" and page.text == CHINESE


def test_empty_standard_input() -> None:
    sources, _ = discover(["-"], stdin=io.BytesIO(b""))
    _fatal(load(sources[0]))


# ------------------------------------------------------------------------------------------ large file


@pytest.mark.slow
def test_large_file(tmp_path: Path, seeds_dir: Path) -> None:
    """About 50 MB of newspaper text in one file: read, normalised and segmented in linear time."""
    block = b"\n\n".join(p.read_bytes() for p in sorted(seeds_dir.glob("*.txt"))) + b"\n\n"
    f = tmp_path / "large.txt"
    copies = 50_000_000 // len(block) + 1
    with open(f, "wb") as out:
        for _ in range(copies):
            out.write(block)
    start = time.monotonic()
    page = _page(_load(f))
    elapsed = time.monotonic() - start
    per_copy = len(page_from_text(block.decode("utf-8")).articles)
    assert len(page.articles) >= per_copy * copies * 0.9
    assert page.omap[len(page.norm)] == len(page.text)
    # A guard against quadratic behaviour, not a benchmark (bench/ingest_large.py measures): about 15 s on
    # a shared 2-core machine when written.
    assert elapsed < 120, f"{elapsed:.1f}s for {f.stat().st_size / 1e6:.0f} MB"


# ------------------------------------------------------------------------------------ html, metadata


def test_html_visible_text_and_source_lines(tmp_path: Path) -> None:
    html = (
        "<!DOCTYPE html>\n<html><head><title>页面标题</title>\n<style>p{color:red}</style>\n"
        "<script>var x = '2025年增长99%';</script></head>\n<body>\n"
        "<h1>呼和浩特科技创新</h1>\n"
        "<p>本报讯 技术合同成交额\n27.41&#20159;元，同比增长16&percnt;。</p>\n"
        "<p>第二段&amp;结尾。<br>新行。</p>\n</body></html>\n"
    )
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    page = _page(_load(f))
    assert "var x" not in page.text and "color" not in page.text and "页面标题" not in page.text
    assert "27.41亿元" in page.norm and "16%" in page.text and "第二段&结尾。" in page.text
    assert page.html_lines is not None
    assert page.line_of(page.text.index("呼和浩特科技创新")) == 6
    assert page.line_of(page.text.index("本报讯")) == 7  # a visible line reports the source line it starts on
    assert page.line_of(page.text.index("第二段")) == 9
    assert page.line_of(page.text.index("新行")) == 9
    assert page.title == "页面标题"
    _sentences_slice_back(page)


def test_front_matter_sets_date_and_title_and_is_not_content(tmp_path: Path) -> None:
    f = tmp_path / "fm.md"
    f.write_text("---\ndate: 2025-08-12\ntitle: 标题甲\n---\n本报讯 今年增长5%。\n", encoding="utf-8")
    page = _page(_load(f))
    assert (page.date, page.date_source, page.title) == ("2025-08-12", "front-matter", "标题甲")
    assert page.text.startswith("---")  # offsets still index the file
    assert "2025-08-12" not in page.norm and "今年增长5%" in page.norm
    assert page.articles[0].start == page.text.index("本报讯")
