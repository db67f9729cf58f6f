"""Word tokens of a metric phrase (jieba), cached: a corpus prints the same few thousand phrases many times.

The tokenizer is jieba's default dictionary with none of extract's words added (`extract.words.plain_tokenizer`),
so that a phrase's tokens do not depend on the gazetteer; the dictionary itself is read once per process, shared
with extract's tokenizer, and only when a phrase is first tokenized.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def _tokenizer() -> Any:
    from ..extract.words import plain_tokenizer

    return plain_tokenizer()


@lru_cache(maxsize=65536)
def tokens(phrase: str) -> tuple[str, ...]:
    """jieba's tokens of `phrase` (precise mode, no HMM guessing of unknown words: stable across phrases)."""
    return tuple(t for t in _tokenizer().lcut(phrase, HMM=False) if t.strip())
