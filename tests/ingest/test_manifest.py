"""manifest.csv beside the documents, and the seeds' own manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.errors import ConfigError
from reconcile.ingest import collect_manifests, discover, load, read_manifest
from reconcile.ingest.manifest import iso_date
from reconcile.models import Page


def test_manifest_sets_date_and_title_over_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ndate: 2024-01-01\n---\n正文。\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "\ufeffpath,date,title,source,note\na.md,2025-08,标题,报纸,month only\n", encoding="utf-8"
    )
    sources, _ = discover([str(tmp_path)], cwd=tmp_path)
    page = load(sources[0], manifest=collect_manifests(sources))
    assert isinstance(page, Page)
    assert (page.date, page.date_source, page.title) == ("2025-08", "manifest", "标题")


@pytest.mark.parametrize(
    "body",
    ["path,date,title\na.md,2025,t\n", "path,date,title,source\na.md,next week,t,s\n", "path,date,title,source\na.md,2025-13-01,t,s\n"],
)
def test_a_broken_manifest_is_a_config_error_with_its_line(tmp_path: Path, body: str) -> None:
    (tmp_path / "manifest.csv").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_manifest(tmp_path)
    assert "manifest.csv" in str(err.value)


def test_iso_dates() -> None:
    assert iso_date("2025-8-1") == "2025-08-01"
    assert iso_date("2025年8月") == "2025-08"
    assert iso_date("2025") == "2025"
    assert iso_date("2025/08/11") == "2025-08-11"
    assert iso_date("昨天") is None


def test_every_seed_page_has_a_dated_manifest_entry(seeds_dir: Path) -> None:
    entries = read_manifest(seeds_dir)
    pages = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sorted(e.path for e in entries.values()) == pages
    for e in entries.values():
        assert e.date and e.note  # each date says how it was established
