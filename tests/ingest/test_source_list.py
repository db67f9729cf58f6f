"""discover's SourceList: the documents as compact columns, read back as the Sources a list would hold."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from reconcile.ingest import discover
from reconcile.ingest.discover import STDIN_DOC, Source


def test_sources_read_back_with_their_paths_and_standard_input(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("甲。", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("乙。", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("丙。", encoding="utf-8")
    sources, problems = discover([str(tmp_path / "sub"), "a.txt", str(outside), "-"], cwd=tmp_path, stdin=io.BytesIO("丁。".encode()))
    assert not problems
    got = list(sources)
    assert [s.doc for s in got] == sorted([STDIN_DOC, "a.txt", "sub/b.md", outside.as_posix()])
    by_doc = {s.doc: s for s in got}
    assert by_doc["a.txt"] == Source("a.txt", tmp_path / "a.txt")
    assert by_doc["sub/b.md"] == Source("sub/b.md", tmp_path / "sub" / "b.md")
    assert by_doc[outside.as_posix()].path == outside
    assert by_doc[STDIN_DOC] == Source(STDIN_DOC, None, "丁。".encode())
    # Reads like a list: indices from either end, slices, out of range.
    assert sources[0] == got[0] and sources[-1] == got[-1] and sources[1:3] == got[1:3]
    assert sources == got and len(sources) == 4
    with pytest.raises(IndexError):
        sources[4]
    outside.unlink()


def test_a_path_through_a_link_and_dotdot_is_kept_as_given(tmp_path: Path) -> None:
    # link/../x.txt is the file beside the link's target, not tmp_path/x.txt: the path must be read as given.
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "inner").mkdir(parents=True)
    (elsewhere / "x.txt").write_text("远处。", encoding="utf-8")
    (tmp_path / "x.txt").write_text("近处。", encoding="utf-8")
    os.symlink(elsewhere / "inner", tmp_path / "link")
    sources, _ = discover(["link/../x.txt"], cwd=tmp_path)
    (s,) = list(sources)
    assert s.doc == "x.txt"
    assert s.path is not None and s.path.read_text(encoding="utf-8") == "远处。"
