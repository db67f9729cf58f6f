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
