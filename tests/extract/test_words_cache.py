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
