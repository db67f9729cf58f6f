"""align.tokens: jieba's tokens of the default dictionary with no word of ours, exactly as a tokenizer jieba builds
itself from dict.txt cuts them, whether the dictionary comes from extract's tokenizer (read once per process) or
from the word table on disk (a process that tokenizes a few phrases and extracts nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from reconcile.extract import words


@pytest.fixture(scope="module")
def jiebas_own(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import jieba

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    tk.initialize()  # no cache there: parses dict.txt, writes jieba.cache
    return tk


@pytest.fixture
def fresh_cache(tmp_path: Path, jiebas_own: Any) -> Iterator[str]:
    """A cache directory holding only jieba's dictionary cache, which no tokenizer of this process has read."""
    shutil.copy(Path(jiebas_own.tmp_dir) / "jieba.cache", tmp_path / "jieba.cache")
    yield str(tmp_path)
    words._LOADED.pop(str(tmp_path), None)  # 500,000 entries: not kept for the rest of the session


def _phrases(seeds_dir: Path) -> list[str]:
    """Stretches of the seed pages of a metric phrase's length, at every 7th character."""
    out = []
    for f in sorted(seeds_dir.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        out.extend(text[i : i + n] for n in (4, 9, 16) for i in range(0, len(text) - n, 7))
    return out


def _cut(tk: Any, phrase: str) -> tuple[str, ...]:
    return tuple(t for t in tk.lcut(phrase, HMM=False) if t.strip())


def test_tokens_equal_a_tokenizer_jieba_builds_itself(seeds_dir: Path, jiebas_own: Any) -> None:
    from reconcile.align.tokens import tokens

    words._jieba()  # extract's tokenizer, with the gazetteer's words added: they must not reach align's
    phrases = _phrases(seeds_dir)
    assert len(phrases) > 1000
    for p in phrases:
        assert tokens(p) == _cut(jiebas_own, p), p


def test_after_extraction_one_dictionary_is_read_and_shared(fresh_cache: str, jiebas_own: Any) -> None:
    import jieba

    from reconcile.extract.lexicon import gazetteer

    ours = jieba.Tokenizer()
    words._initialize(ours, fresh_cache)  # as `_jieba` does, before it adds our words
    ours.add_word(next(n for n in gazetteer().names() if n not in jiebas_own.FREQ), freq=2000)
    plain = words._plain_tokenizer(fresh_cache)
    shared, total = words._dictionary(fresh_cache)
    assert plain.FREQ is shared and ours.FREQ is not shared  # extract adds words to a copy of its own
    assert plain.FREQ == jiebas_own.FREQ and plain.total == total == jiebas_own.total
    assert not list(Path(fresh_cache).glob("jieba.words.*"))  # no word table needed


def test_without_extraction_the_word_table_answers(fresh_cache: str, jiebas_own: Any, seeds_dir: Path) -> None:
    import sqlite3

    words._plain_tokenizer(fresh_cache)  # the first process makes the table (reading the dictionary to do so)
    with sqlite3.connect(words._WordTable.path(fresh_cache)) as conn:
        assert dict(conn.execute("SELECT word, freq FROM words")) == jiebas_own.FREQ
    del words._LOADED[fresh_cache]  # the next process has read nothing
    plain = words._plain_tokenizer(fresh_cache)
    assert isinstance(plain.FREQ, words._WordTable) and plain.total == jiebas_own.total
    for p in _phrases(seeds_dir)[:300]:
        assert _cut(plain, p) == _cut(jiebas_own, p), p
    assert isinstance(plain.FREQ, words._WordTable), "a few hundred phrases stay under the limit"
    assert fresh_cache not in words._LOADED and len(list(Path(fresh_cache).glob("jieba.words.*"))) == 1


def test_many_lookups_switch_to_the_whole_dictionary(fresh_cache: str, jiebas_own: Any, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words._WordTable, "LIMIT", 50)
    plain = words._plain_tokenizer(fresh_cache)
    assert isinstance(plain.FREQ, words._WordTable)
    for p in _phrases(seeds_dir)[:300]:
        assert _cut(plain, p) == _cut(jiebas_own, p), p
    assert type(plain.FREQ) is dict and plain.FREQ is words._dictionary(fresh_cache)[0]


def test_a_damaged_word_table_is_made_again(fresh_cache: str, jiebas_own: Any) -> None:
    Path(words._WordTable.path(fresh_cache)).write_bytes(b"not a database" * 100)
    plain = words._plain_tokenizer(fresh_cache)
    assert _cut(plain, "国家高新技术企业数量") == _cut(jiebas_own, "国家高新技术企业数量")
    assert isinstance(plain.FREQ, words._WordTable)
