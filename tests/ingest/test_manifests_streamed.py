"""ingest.manifest.Manifests: a run's manifest entries read folder by folder, equal to collect_manifests' merge of
every manifest (which entry a document gets, and which manifest wins), however few manifests are kept in memory."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.errors import ConfigError
from reconcile.ingest import collect_manifests, discover
from reconcile.ingest.manifest import Manifests, manifest_key

FOLDERS = ("", "a", "a/b", "c")
NAMES = ("x.txt", "y.txt")


def _tree(root: Path, docs: set[tuple[str, str]], manifests: dict[str, list[tuple[str, int]]]) -> None:
    for folder, name in docs:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text("2024年，全市生产总值增长5%。\n", encoding="utf-8")
    for folder, rows in manifests.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        body = "path,date,title,source\n" + "".join(f"{rel},20{year:02d},title {folder} {rel},src\n" for rel, year in rows)
        (root / folder / "manifest.csv").write_text(body, encoding="utf-8")


def _relative(folder: str, target: str) -> str | None:
    """target (a folder/name below the root) relative to folder, when it is below it."""
    if not folder:
        return target
    return target[len(folder) + 1:] if target.startswith(folder + "/") else None


@st.composite
def trees(draw):  # type: ignore[no-untyped-def]
    everything = [f"{f}/{n}" if f else n for f in FOLDERS for n in NAMES]
    docs = draw(st.sets(st.sampled_from([(f, n) for f in FOLDERS for n in NAMES]), min_size=1))
    manifests: dict[str, list[tuple[str, int]]] = {}
    for folder in draw(st.sets(st.sampled_from(FOLDERS))):
        below = [r for r in (_relative(folder, t) for t in everything) if r]
        rows = draw(st.lists(st.tuples(st.sampled_from(below), st.integers(0, 30)), max_size=6))
        manifests[folder] = rows
    return docs, manifests


@settings(max_examples=60, deadline=None)
@given(trees(), st.integers(1, 4))
def test_entries_equal_the_merge_of_every_manifest(tree, keep: int) -> None:  # type: ignore[no-untyped-def]
    docs, manifests = tree
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _tree(root, docs, manifests)
        sources, _ = discover([str(root)], cwd=root)
        merged = collect_manifests(sources)
        index = Manifests((s.path for s in sources), keep=keep)
        # Twice over, so that entries come back from manifests read again after being let go.
        for _ in range(2):
            for s in sources:
                assert index.entry(s.path) == merged.get(manifest_key(s.path)), s.doc
        assert len(index._held) <= keep


def test_a_subfolders_documents_get_the_entries_of_a_manifest_above_them(tmp_path: Path) -> None:
    _tree(tmp_path, {("", "x.txt"), ("a", "x.txt")}, {"": [("a/x.txt", 21)]})
    sources, _ = discover([str(tmp_path)], cwd=tmp_path)
    index = Manifests(s.path for s in sources)
    got = {s.doc: index.entry(s.path) for s in sources}
    assert got["a/x.txt"] is not None and got["a/x.txt"].date == "2021"
    assert got["x.txt"] is None


def test_a_broken_manifest_stops_the_run_before_any_document_is_read(tmp_path: Path) -> None:
    _tree(tmp_path, {("a", "x.txt"), ("c", "x.txt")}, {})
    (tmp_path / "c" / "manifest.csv").write_text("path,date,title,source\nx.txt,next week,t,s\n", encoding="utf-8")
    sources, _ = discover([str(tmp_path)], cwd=tmp_path)
    with pytest.raises(ConfigError):
        Manifests(s.path for s in sources)
