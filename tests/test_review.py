"""The review file: decisions appended, the latest per fingerprint wins, errors name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.errors import ConfigError
from reconcile.review import Review, append_reviews, load_reviews


def test_append_and_latest_wins(tmp_path: Path) -> None:
    f = tmp_path / "reviews.yaml"
    append_reviews(f, [Review("0123456789abcdef", "confirm", "见统计公报", "张编辑", "2026-11-20", "RC201", "消息")])
    append_reviews(f, [Review("0123456789abcdef", "dismiss", "口径不同：园区与全市", "李编辑", "2026-11-21")])
    text = f.read_text(encoding="utf-8")
    assert text.count("fingerprint:") == 2 and "张编辑" in text  # one entry per decision, readable in diffs
    r = load_reviews(f)["0123456789abcdef"]
    assert r.decision == "dismiss" and r.by == "李编辑"


def test_missing_file_is_no_reviews(tmp_path: Path) -> None:
    assert load_reviews(tmp_path / "none.yaml") == {}


@pytest.mark.parametrize(
    "body, line",
    [
        ("reviews:\n- fingerprint: 0123456789abcdef\n  decision: maybe\n  reason: x\n  by: a\n  date: '2026-01-01'\n", 2),
        ("reviews:\n- fingerprint: 0123456789abcdef\n  decision: confirm\n  reason: x\n  by: a\n  date: '2026-01-01'\n  colour: red\n", 2),
        ("reviews:\n- fingerprint: 0123456789abcdef\n  decision: confirm\n", 2),
        ("reviews: [\n", 2),
        ("a: &x [1]\nreviews: *x\n", 2),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path: Path, body: str, line: int) -> None:
    f = tmp_path / "reviews.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_reviews(f)
    assert str(err.value).startswith(f"{f}:{line}:") or str(err.value).startswith(f"{f}:")


def test_refuses_to_append_to_a_broken_file(tmp_path: Path) -> None:
    f = tmp_path / "reviews.yaml"
    f.write_text("reviews: [\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        append_reviews(f, [Review("0123456789abcdef", "confirm", "x", "a", "2026-01-01")])
    assert f.read_text(encoding="utf-8") == "reviews: [\n"
