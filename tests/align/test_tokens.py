"""align.tokens: jieba's tokens of the default dictionary with no word of ours, from the dictionary extract's
tokenizer loaded (read once per process), exactly as a tokenizer jieba builds itself from dict.txt cuts them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def jiebas_own(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import jieba

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    tk.initialize()  # no cache there: parses dict.txt
    return tk


def _phrases(seeds_dir: Path) -> list[str]:
    """Stretches of the seed pages of a metric phrase's length, at every 7th character."""
    out = []
    for f in sorted(seeds_dir.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        out.extend(text[i : i + n] for n in (4, 9, 16) for i in range(0, len(text) - n, 7))
    return out


def test_tokens_equal_a_tokenizer_jieba_builds_itself(seeds_dir: Path, jiebas_own: Any) -> None:
    from reconcile.align.tokens import tokens
    from reconcile.extract.words import _jieba

    _jieba()  # extract's tokenizer first, with the gazetteer's words added: they must not reach align's
    phrases = _phrases(seeds_dir)
    assert len(phrases) > 1000
    for p in phrases:
        assert tokens(p) == tuple(t for t in jiebas_own.lcut(p, HMM=False) if t.strip()), p


def test_one_dictionary_read_shared_and_never_changed(jiebas_own: Any) -> None:
    from reconcile.align.tokens import _tokenizer
    from reconcile.extract.lexicon import gazetteer
    from reconcile.extract.words import _dictionary, _jieba

    plain, ours = _tokenizer(), _jieba().dt
    shared, total = _dictionary(plain.tmp_dir)
    assert plain.FREQ is shared and ours.FREQ is not shared  # extract's adds words to a copy of its own
    assert plain.FREQ == jiebas_own.FREQ and plain.total == total == jiebas_own.total
    added = [n for n in gazetteer().names() if n not in jiebas_own.FREQ]
    assert added and all(n in ours.FREQ and n not in plain.FREQ for n in added)
