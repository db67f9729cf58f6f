"""Vocabulary loading: the shipped files, project folders, and one-line errors that point at file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.align.vocab import load_vocabulary
from reconcile.errors import ConfigError


def write(tmp_path: Path, text: str, name: str = "extra.yaml") -> Path:
    d = tmp_path / "vocab"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def test_shipped_vocabulary_names_the_domain_aliases():
    v = load_vocabulary()
    assert v.canonical_metric("国家级高新技术企业") == v.canonical_metric("高新技术企业") == "国家高新技术企业"
    assert v.canonical_metric("技术经纪人") == v.canonical_metric("技术经理人")
    assert v.canonical_entity("我国") == v.canonical_entity("全国") == "中国"
    assert v.unit_family["名"] == v.unit_family["位"] == "人"


def test_every_shipped_alias_has_a_note():
    v = load_vocabulary()
    for folded, canonical in v.metric_alias.items():
        if folded != canonical:
            assert v.notes.get(("metrics", folded)), folded


def test_project_folder_extends_the_shipped_vocabulary(tmp_path):
    d = write(tmp_path, "metrics:\n  - name: 瞪羚企业\n    aliases:\n      - {name: 瞪羚型企业, note: same register}\n")
    v = load_vocabulary([d])
    assert v.canonical_metric("瞪羚型企业") == "瞪羚企业"
    assert v.canonical_metric("高新技术企业") == "国家高新技术企业"


def test_a_rules_folder_with_vocab_inside_is_accepted(tmp_path):
    write(tmp_path, "metrics:\n  - name: 甲\n    aliases: [{name: 乙, note: n}]\n")
    (tmp_path / "RC999.yaml").write_text("code: RC999\n", encoding="utf-8")
    assert load_vocabulary([tmp_path]).canonical_metric("乙") == "甲"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("metrics:\n  - name: 甲\n    aliases:\n      - {name: 甲, note: n}\n", 4, "points at itself"),
        ("metrics:\n  - name: 甲\n    aliases: [{name: 丙, note: n}]\n  - name: 乙\n    aliases:\n      - {name: 丙, note: n}\n", 6, "two canonical names"),
        ("metrics:\n  - name: 甲\n    aliasses: []\n", 3, "unknown key"),
        ("metrics:\n  - name: 甲\n    aliases:\n      - {name: 乙}\n", 4, "missing key 'note'"),
        ("metrics:\n  - name: 甲\n    aliases: [{name: 乙, note: n}\n", 4, "bad YAML"),
        ("colours: []\n", 1, "unknown key"),
        ("units:\n  - {family: 人, members: [家], note: wrong}\n", 2, "two families"),
    ],
)
def test_errors_say_file_line_and_what(tmp_path, text, line, words):
    d = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_vocabulary([d])
    msg = str(err.value)
    assert f"extra.yaml:{line}:" in msg, msg
    assert words in msg
    assert "\n" not in msg


def test_an_alias_that_is_another_canonical_name_is_an_error(tmp_path):
    d = write(tmp_path, "metrics:\n  - name: 甲\n  - name: 乙\n    aliases:\n      - {name: 甲, note: n}\n")
    with pytest.raises(ConfigError, match="canonical name"):
        load_vocabulary([d])


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(ConfigError):
        load_vocabulary([tmp_path / "nope"])


@pytest.mark.parametrize("relative", [True, False])
def test_errors_name_the_file_relative_to_the_working_directory(tmp_path, monkeypatch, relative):
    """The configuration resolves folders to absolute paths; an error names the file as the user would type it
    when it lies under the working directory (as rule-file errors do), and in full when it lies elsewhere."""
    (tmp_path / "house").mkdir()
    d = write(tmp_path / "house", "colours: []\n")
    work = tmp_path if relative else tmp_path / "elsewhere"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    with pytest.raises(ConfigError) as err:
        load_vocabulary([d.resolve()])
    msg = str(err.value)
    want = "house/vocab/extra.yaml:1:" if relative else f"{d.resolve() / 'extra.yaml'}:1:"
    assert want in msg, msg
    if relative:
        assert str(tmp_path) not in msg, msg


def test_a_missing_folder_is_named_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as err:
        load_vocabulary([tmp_path / "no-such-vocab"])
    assert "no-such-vocab" in str(err.value) and str(tmp_path) not in str(err.value)
