"""reconcile.extract.words loads jieba's dictionary cache itself (one read, marshal.loads) rather than through
jieba's slower marshal.load of the open file: the tokenizer must end up exactly as jieba's own initialize leaves it."""

from __future__ import annotations

from pathlib import Path


def test_fast_load_equals_jiebas_initialize(tmp_path: Path) -> None:
    import jieba

    from reconcile.extract.words import _initialize

    theirs = jieba.Tokenizer()
    theirs.tmp_dir = str(tmp_path)
    theirs.initialize()  # builds the cache in tmp_path (no cache yet: jieba's own path)
    assert (tmp_path / "jieba.cache").is_file()
    ours = jieba.Tokenizer()
    ours.tmp_dir = str(tmp_path)
    _initialize(ours, str(tmp_path))
    assert ours.initialized
    assert ours.total == theirs.total
    assert ours.FREQ == theirs.FREQ
    assert ours.lcut("呼和浩特市国家高新技术企业达到609家") == theirs.lcut("呼和浩特市国家高新技术企业达到609家")


def test_unreadable_cache_falls_back_to_jieba(tmp_path: Path) -> None:
    import jieba

    from reconcile.extract.words import _initialize

    (tmp_path / "jieba.cache").write_bytes(b"not marshal data")
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path)
    _initialize(tk, str(tmp_path))
    assert tk.initialized and tk.total > 0 and "高新技术" in tk.FREQ


_TAGS = """
import json, sys
from reconcile.extract import words
out = [words.tagged(s) for s in ("呼和浩特市国家高新技术企业达到609家", "培育", "新增", "有效发明专利", "完成了")]
import jieba, jieba.posseg as pseg
fresh = pseg.POSTokenizer(jieba.Tokenizer())  # parses dict.txt itself
from reconcile.extract.lexicon import gazetteer
table = {**fresh.word_tag_tab, **{name: "ns" for name in gazetteer().names()}}  # place names' tags merged on first cut
print(json.dumps({"tags": out, "same_table": pseg.dt.word_tag_tab == table, "n": len(fresh.word_tag_tab)}))
"""


def test_posseg_tags_from_the_cache_equal_jiebas(tmp_path: Path) -> None:
    """The first process parses dict.txt and writes the tag table; the next reads it: same table, same tags."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [json.loads(subprocess.run([sys.executable, "-c", _TAGS], env=env, capture_output=True, text=True, check=True, timeout=300).stdout) for _ in range(2)]
    assert list(tmp_path.rglob("jieba.postags.*"))
    assert runs[0] == runs[1]
    assert runs[1]["same_table"] and runs[1]["n"] > 300_000
    assert ["呼和浩特市", "ns"] in runs[1]["tags"][0]


def _stretches(seeds_dir: Path) -> list[str]:
    out = []
    for f in sorted(seeds_dir.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        out.extend(text[i : i + 40] for i in range(0, len(text) - 40, 23))
    return out


def test_extracts_tokenizer_on_the_word_table_equals_it_in_memory(tmp_path: Path, seeds_dir: Path, monkeypatch) -> None:
    """A process that extracts a page or two cuts through the word table on disk, with our words kept beside it;
    it must cut, and tag, exactly as the tokenizer that holds the dictionary in memory with our words added to it,
    and hold that same dictionary once its lookups pass the limit."""
    from math import log

    import jieba
    import jieba.posseg as pseg

    from reconcile.extract import words

    theirs = jieba.Tokenizer()
    theirs.tmp_dir = str(tmp_path)
    theirs.initialize()  # writes jieba.cache in tmp_path
    cache = str(tmp_path)
    monkeypatch.setattr(words._WordTable, "LIMIT", 10**9)  # every cut below through the table
    try:
        lazy = jieba.Tokenizer()
        words._with_our_words(lazy, cache)  # nothing read in this process for tmp_path: the table
        assert isinstance(lazy.FREQ, words._WordTable)
        whole = jieba.Tokenizer()
        words._with_our_words(whole, cache)  # the table was made from the dictionary, now read: in memory
        assert type(whole.FREQ) is dict and whole.FREQ is not words._dictionary(cache)[0]
        assert lazy.total == whole.total and lazy.user_word_tag_tab == whole.user_word_tag_tab
        added = [w for w in whole.FREQ if w not in theirs.FREQ]
        assert len(added) > 200
        for w in added + list(lazy.user_word_tag_tab) + ["高新技术", "技术", "不在词典里的词"]:
            assert (w in lazy.FREQ, lazy.FREQ.get(w)) == (w in whole.FREQ, whole.FREQ.get(w)), w
        tag_whole = pseg.POSTokenizer(whole)
        tag_lazy = pseg.POSTokenizer.__new__(pseg.POSTokenizer)  # the same word-tag table, the other tokenizer
        tag_lazy.__dict__.update(tag_whole.__dict__, tokenizer=lazy)
        for s in _stretches(seeds_dir):
            assert lazy.lcut(s) == whole.lcut(s), s
            a: list[str] = []
            b: list[str] = []
            words._cut_block(s, lazy.FREQ, log(lazy.total), a)
            words._cut_block(s, whole.FREQ, log(whole.total), b)
            assert a == b, s
            assert [tuple(p) for p in tag_lazy.cut(s)] == [tuple(p) for p in tag_whole.cut(s)], s
        assert isinstance(lazy.FREQ, words._WordTable)
        monkeypatch.setattr(words._WordTable, "LIMIT", 0)
        lazy.lcut("再查一个词")
        assert type(lazy.FREQ) is dict and lazy.FREQ == whole.FREQ
    finally:
        words._LOADED.pop(cache, None)


def test_reading_the_whole_dictionary_up_front_switches_the_tables(tmp_path: Path, monkeypatch) -> None:
    """A run of many documents reads the dictionary before the first: tokenizers already on the word table switch
    to it, tokenizers made later are given it, and the cuts do not change."""
    import jieba

    from reconcile.extract import words

    theirs = jieba.Tokenizer()
    theirs.tmp_dir = str(tmp_path)
    theirs.initialize()  # writes jieba.cache in tmp_path
    cache = str(tmp_path)
    monkeypatch.setattr(words, "_cache_dir", lambda: cache)
    monkeypatch.setattr(words, "_TABLES", [])
    try:
        before = jieba.Tokenizer()
        words._with_our_words(before, cache)
        assert isinstance(before.FREQ, words._WordTable)
        cuts = [before.lcut(s) for s in ("呼和浩特市国家高新技术企业达到609家", "技术合同成交额35.9亿元")]
        words.read_whole_dictionary()
        assert type(before.FREQ) is dict and cache in words._LOADED
        after = jieba.Tokenizer()
        words._with_our_words(after, cache)
        assert type(after.FREQ) is dict and after.FREQ == before.FREQ
        assert [after.lcut(s) for s in ("呼和浩特市国家高新技术企业达到609家", "技术合同成交额35.9亿元")] == cuts
    finally:
        words._LOADED.pop(cache, None)
