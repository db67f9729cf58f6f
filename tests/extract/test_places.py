"""The gazetteer scan (entity.find_places) is one Aho-Corasick pass; it must find exactly what a scan position by
position finds: at each position the longest name that starts there, a stop word skipped one character only."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from reconcile.extract import entity
from reconcile.extract.lexicon import cue, gazetteer
from reconcile.ingest import page_from_text


@lru_cache(maxsize=1)
def _lengths() -> dict[str, list[int]]:
    """For each first character, the lengths of the names that start with it, longest first."""
    out: dict[str, set[int]] = {}
    for name in gazetteer().by_name:
        out.setdefault(name[0], set()).add(len(name))
    return {c: sorted(v, reverse=True) for c, v in out.items()}


def _reference(s: str) -> list[tuple[int, int, str]]:
    """The definition, written out: try every position, the longest name first."""
    names = gazetteer().by_name
    lengths = _lengths()
    stop = cue("place_stop")
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(s):
        hit = next((s[i:i + n] for n in lengths.get(s[i], ()) if s[i:i + n] in names), None)
        if hit is not None and hit not in stop:
            out.append((i, i + len(hit), hit))
            i += len(hit)
        else:
            i += 1
    return out


def _found(s: str) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.text) for m in entity.find_places(s)]


@pytest.mark.parametrize("text", [
    "",
    "呼和浩特市赛罕区",
    "内蒙古自治区呼和浩特市场监管局",  # a stop word (市场) right after a name
    "新城区和新区、城市群",  # names inside stop words
    "全区全市全省各旗县区",
    "包头包头市包头市青山区",
])
def test_same_as_the_definition_on_short_texts(text: str) -> None:
    assert _found(text) == _reference(text)


def test_stop_words_that_are_names_let_a_shorter_name_start_inside() -> None:
    names = gazetteer().by_name
    stops = [w for w in cue("place_stop") if w in names]
    text = "，".join(w + w[1:] + "市" for w in stops) + "。" + "、".join(stops)
    assert _found(text) == _reference(text)


def _sentences(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        page = page_from_text(path.read_text(encoding="utf-8"), doc=path.name)
        out += [page.norm[s.nstart:s.nend] for a in page.articles for p in a.paragraphs for s in p.sentences]
    return out


def test_same_as_the_definition_on_the_seeds(seeds_dir: Path) -> None:
    sentences = _sentences(seeds_dir)
    assert sentences
    assert [_found(s) for s in sentences] == [_reference(s) for s in sentences]


@pytest.mark.corpus
def test_same_as_the_definition_on_the_corpus(corpus_dir: Path) -> None:
    sentences = _sentences(corpus_dir)
    assert [_found(s) for s in sentences] == [_reference(s) for s in sentences]
