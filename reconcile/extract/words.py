"""Word segmentation of short stretches of text (the clause around a figure), with jieba loaded on first use.

Only the few dozen characters around each figure are segmented, never the whole document, which keeps
extraction linear and several times faster than segmenting everything. jieba's dictionary cache goes to the
user's cache directory (platformdirs), not to the system temp directory, and jieba is imported only here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reconcile.extract.lexicon import cue, gazetteer


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import logging

    import jieba
    import platformdirs

    jieba.setLogLevel(logging.WARNING)
    cache = platformdirs.user_cache_dir("reconcile")
    import os

    os.makedirs(cache, exist_ok=True)
    jieba.dt.tmp_dir = cache
    jieba.dt.initialize()
    # Place names and cue words as words of their own, so a clause splits where our rules expect.
    for name in gazetteer().names():
        jieba.add_word(name, freq=2000, tag="ns")
    for section in ("govern", "predicate", "scope"):
        for w in cue(section):
            if len(w) > 1:
                jieba.add_word(w, freq=1000)
    return jieba


@lru_cache(maxsize=65536)
def words(s: str) -> tuple[str, ...]:
    """The words of a short string (precise mode, with HMM for unknown words)."""
    if not s:
        return ()
    return tuple(_jieba().lcut(s, HMM=True))


@lru_cache(maxsize=65536)
def tagged(s: str) -> tuple[tuple[str, str], ...]:
    """Words with jieba's part-of-speech tags (used by the 'pos' metric method)."""
    if not s:
        return ()
    j = _jieba()
    import jieba.posseg as pseg

    del j
    return tuple((p.word, p.flag) for p in pseg.cut(s))


def segment_whole(text: str) -> list[str]:
    """Precise-mode segmentation of a whole text (for the benchmark's comparison only)."""
    return _jieba().lcut(text)
